import type { RuleValue } from '@verity/core';

/** A device as the rule language sees it: one definition in core, shared with conditional access and the gateway. */
export { deviceRuleAttributes } from '@verity/core';

interface UserLike {
  id: string; userPrincipalName: string; displayName: string; status: string; userType: string; department: string | null; jobTitle: string | null;
  attributes: Record<string, unknown>;
}

/** A user as the rule language sees it (Entra user properties plus Verity's status). */
export function userRuleAttributes(u: UserLike): Record<string, RuleValue | undefined> {
  const attrs: Record<string, RuleValue | undefined> = {
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    accountEnabled: u.status === 'enabled',
    status: u.status,
    userType: u.userType === 'guest' ? 'Guest' : 'Member',
    department: u.department,
    jobTitle: u.jobTitle,
    mail: u.userPrincipalName,
  };
  for (const [k, v] of Object.entries(u.attributes)) {
    if (!(k in attrs) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)) attrs[k] = v;
  }
  return attrs;
}
