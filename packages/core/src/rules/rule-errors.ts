/**
 * Error catalog of the rule language. Every error is a 400 VerityError whose details[0] has
 * path `$` (the rule text itself; the caller re-roots it, e.g. `$.conditions.devices.deviceFilter.rule`),
 * the zero-based character `position` and what the parser `expected` there.
 */
import { VerityError } from '../errors/verity-error.js';

/** Stable codes thrown by parseRule / compileRule. */
export const RULE_ERROR_CODES = {
  /** The text is not a well-formed rule, or a literal does not fit its operator or property. */
  syntax: 'VERITY_RULE_SYNTAX',
  /** The rule names a property that is not registered, or an object the caller does not allow. */
  unknownProperty: 'VERITY_RULE_UNKNOWN_PROPERTY',
  /** The rule is longer than MAX_RULE_LENGTH or nests deeper than MAX_RULE_DEPTH. */
  tooComplex: 'VERITY_RULE_TOO_COMPLEX',
} as const;

/** One of the stable rule error codes. */
export type RuleErrorCode = (typeof RULE_ERROR_CODES)[keyof typeof RULE_ERROR_CODES];

/** Build the 400 VerityError for a rule problem at a character position. */
export function ruleError(code: RuleErrorCode, message: string, position: number, expected: string): VerityError {
  return new VerityError(code, `${message} (at position ${position})`, {
    status: 400,
    details: [{ path: '$', message, position, expected }],
  });
}
