/**
 * Admin roles and what each may do. The matrix is data so that the role-matrix test and
 * the OpenAPI document read the same source as the authorisation check.
 */
export const ADMIN_ROLES = ['globalAdmin', 'policyAdmin', 'helpdeskOperator', 'readOnly'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const PERMISSIONS = [
  'tenant.read', 'tenant.manage',
  'users.read', 'users.manage',
  'groups.read', 'groups.manage',
  'roles.manage', 'tokens.manage',
  'enrollment.read', 'enrollment.manage',
  'devices.read', 'devices.action', 'devices.delete',
  'policies.read', 'policies.manage',
  'signins.read',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = PERMISSIONS.filter((p) => p.endsWith('.read'));

/** Role -> permissions. Global admin has all; the others follow Intune's built-in roles loosely. */
export const ROLE_PERMISSIONS: Readonly<Record<AdminRole, ReadonlySet<Permission>>> = {
  globalAdmin: new Set(PERMISSIONS),
  policyAdmin: new Set<Permission>([...READ, 'groups.manage', 'policies.manage']),
  helpdeskOperator: new Set<Permission>(['tenant.read', 'users.read', 'groups.read', 'devices.read', 'devices.action', 'policies.read', 'signins.read', 'enrollment.read']),
  readOnly: new Set<Permission>(READ),
};

/** Whether a role grants a permission. */
export function roleAllows(role: AdminRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
