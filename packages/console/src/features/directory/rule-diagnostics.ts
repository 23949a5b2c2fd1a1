// The dynamic membership rule editor checks the rule as the admin types, with the server's own
// parser (@verity/core's compileRule is pure and runs in the browser), so the position it reports
// is exactly the one the API would reject at.
import { compileRule, isVerityError, type RuleObject } from '@verity/core';

export type RuleDiagnostics =
  | { ok: true; properties: readonly string[] }
  | { ok: false; code: string; message: string; position: number; expected: string | undefined };

/** Parse a rule: the properties it reads, or where and why it fails. An empty rule is an error at 0. */
export function diagnoseRule(source: string, allowedObjects?: readonly RuleObject[]): RuleDiagnostics {
  try {
    const rule = compileRule(source, allowedObjects ? { allowed: allowedObjects } : {});
    return { ok: true, properties: rule.properties };
  } catch (error) {
    if (!isVerityError(error)) throw error;
    const detail = error.details[0];
    return {
      ok: false, code: error.code,
      message: detail?.message ?? error.message,
      position: Math.min(Math.max(detail?.position ?? 0, 0), source.length),
      expected: detail?.expected,
    };
  }
}

/** The rule's line and column (1-based) of a character position, and the text of that line. */
export function locate(source: string, position: number): { line: number; column: number; text: string } {
  const before = source.slice(0, position);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = source.indexOf('\n', position);
  return { line, column: position - lineStart + 1, text: source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd) };
}
