import type { AdminRole } from '../auth/roles.js';

/**
 * Verity admin roles as Entra directory role template ids, so that imported policies that
 * target roles (`conditions.users.includeRoles`) apply to Verity admins holding the matching
 * role. Template ids from learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference.
 */
export const DIRECTORY_ROLE_TEMPLATES: Readonly<Record<AdminRole, readonly { id: string; name: string }[]>> = {
  globalAdmin: [{ id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' }],
  // Manages compliance (Intune) and conditional access policies.
  policyAdmin: [
    { id: '3a2c62db-5318-420d-8d74-23affee5d9d5', name: 'Intune Administrator' },
    { id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', name: 'Conditional Access Administrator' },
  ],
  helpdeskOperator: [{ id: '729827e3-9c14-49f7-bb1b-9608f156bbb8', name: 'Helpdesk Administrator' }],
  readOnly: [{ id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', name: 'Global Reader' }],
};

/** The Entra role template ids a user holds through their Verity admin role assignments. */
export function directoryRoleIds(roles: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const r of roles) for (const t of DIRECTORY_ROLE_TEMPLATES[r as AdminRole] ?? []) ids.add(t.id);
  return [...ids];
}
