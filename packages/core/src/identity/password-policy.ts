/**
 * Password rules (NIST SP 800-63B §5.1.1.2): a minimum length, no password found in a list of
 * common or breached passwords, none equal to the user's name, and no reuse of the last N (the
 * history check needs the stored hashes, so the caller does it). No composition rules and no
 * periodic expiry, as the NIST guidance says.
 */
export interface PasswordPolicy {
  minimumLength: number;
  /** How many previous passwords cannot be reused. */
  historyCount: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minimumLength: 12, historyCount: 5 };

export type PasswordViolationCode = 'password-too-short' | 'password-too-long' | 'password-common' | 'password-contains-user-name' | 'password-reused';
export interface PasswordViolation { code: PasswordViolationCode; message: string }

/** Check a new password; `isCommon` answers from the common/breached list the caller loaded. */
export function checkPassword(password: string, policy: PasswordPolicy, context: { isCommon: (candidate: string) => boolean; userNames: readonly string[] }): PasswordViolation[] {
  const out: PasswordViolation[] = [];
  const length = [...password].length;
  if (length < policy.minimumLength) out.push({ code: 'password-too-short', message: `The password must have at least ${policy.minimumLength} characters.` });
  if (length > 256) out.push({ code: 'password-too-long', message: 'The password must have at most 256 characters.' });
  const lower = password.toLowerCase();
  // Common lists hold lower-case entries; trailing digits and symbols are the usual decoration of a listed password.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (context.isCommon(lower) || (stem.length >= 4 && context.isCommon(stem))) out.push({ code: 'password-common', message: 'The password is on a list of common or breached passwords; choose another.' });
  for (const name of context.userNames) {
    const n = name.toLowerCase();
    if (n.length >= 3 && lower.includes(n)) {
      out.push({ code: 'password-contains-user-name', message: 'The password must not contain your user name.' });
      break;
    }
  }
  return out;
}
