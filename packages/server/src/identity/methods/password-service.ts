import { checkPassword } from '@verity/core';
import type { Store, User } from '@verity/store';
import { hashPassword, verifyPassword } from '../../auth/secrets.js';
import { IDENTITY_ERRORS, policyViolation } from '../identity-errors.js';
import { loadIdentitySettings } from '../settings/identity-settings.js';
import { isCommonPassword } from './common-passwords.js';

/**
 * Check a new password against the tenant's password policy (length, common/breached list, user
 * name, the last N passwords) and hash it; 422 `VERITY_IDENTITY_PASSWORD_POLICY` naming each rule.
 * Slow (scrypt per history entry): call it outside transactions.
 */
export async function hashNewPassword(store: Store, tenantId: string, user: Pick<User, 'id' | 'userPrincipalName' | 'passwordHash'> | null, password: string, upn?: string): Promise<string> {
  const settings = await loadIdentitySettings(store, tenantId);
  const name = (user?.userPrincipalName ?? upn ?? '').split('@')[0] ?? '';
  const violations = checkPassword(password, settings.password, { isCommon: isCommonPassword, userNames: name ? [name] : [] });
  if (user && settings.password.historyCount > 0) {
    const previous = [user.passwordHash, ...(await store.signInFactors.passwordHistory(tenantId, user.id, settings.password.historyCount - 1))].filter((h): h is string => !!h);
    for (const h of previous) {
      if (await verifyPassword(password, h)) {
        violations.push({ code: 'password-reused', message: `The password must differ from your last ${settings.password.historyCount} passwords.` });
        break;
      }
    }
  }
  if (violations.length > 0) throw policyViolation(IDENTITY_ERRORS.passwordPolicy, 'password', violations.map((v) => ({ path: '$.password', message: v.message, expected: v.code })));
  return hashPassword(password);
}

/** Keep the replaced hash in the history, inside the caller's transaction. */
export async function rememberReplacedPassword(tx: Store, tenantId: string, user: Pick<User, 'id' | 'passwordHash'>): Promise<void> {
  if (user.passwordHash) await tx.signInFactors.addPasswordHistory(tenantId, user.id, user.passwordHash);
}
