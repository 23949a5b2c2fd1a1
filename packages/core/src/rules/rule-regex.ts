/**
 * Regular expressions for -match / -notMatch.
 *
 * ReDoS choice: patterns run on RE2JS (a port of Google's RE2), whose matching time is linear in
 * the input, so no pattern such as `(a+)+$` can stall an evaluation. A native RegExp with the `u`
 * flag would be ~4x faster per match but backtracks exponentially, and heuristics that reject
 * "nested quantifiers" (safe-regex) miss polynomial cases. RE2 works on code points like the `u`
 * flag; it has no lookaround or backreferences, which such patterns are rejected for at parse time.
 * Matching is case-insensitive and unanchored (a search), as Entra documents for -match.
 */
import { RE2JS } from 're2js';

/** A compiled -match pattern. */
export interface RuleRegex {
  test(input: string): boolean;
}

/** Compile a -match pattern; returns the error text instead of throwing when it is invalid. */
export function compileRuleRegex(pattern: string): { regex?: RuleRegex; error?: string } {
  try {
    const compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return { regex: { test: (input: string) => compiled.test(input) } };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
