/**
 * Admin roles and what each may do. The matrix is data so that the role-matrix test and
 * the OpenAPI document read the same source as the authorisation check.
 */
export const ADMIN_ROLES = ['globalAdmin', 'policyAdmin', 'helpdeskOperator', 'readOnly'] as const;
/**
 * Roles of machine credentials (API tokens), never assigned to people: `gateway` reads the
 * gateway snapshot stream and writes sign-in batches (it does not read policies through the
 * admin API); `ssfReceiver` manages its Shared Signals streams.
 */
export const SERVICE_ROLES = ['gateway', 'ssfReceiver'] as const;
/** Roles an API token may hold. */
export const TOKEN_ROLES = [...ADMIN_ROLES, ...SERVICE_ROLES] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
export type ServiceRole = (typeof SERVICE_ROLES)[number];
/** Any role an admin principal (person or token) may act with. */
export type Role = AdminRole | ServiceRole;

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
  'apps.read', 'apps.manage',
  // The gateway's own: the snapshot stream, its users' password sign-in, the sign-in batches.
  'gateway.connect',
  'signals.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = PERMISSIONS.filter((p) => p.endsWith('.read'));

/** Role -> permissions. Global admin has all; the others follow Intune's built-in roles loosely. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  // Everything but what only a gateway does: an admin credential is never a gateway's.
  globalAdmin: new Set(PERMISSIONS.filter((p) => p !== 'gateway.connect')),
  policyAdmin: new Set<Permission>([...READ, 'groups.manage', 'policies.manage']),
  helpdeskOperator: new Set<Permission>(['tenant.read', 'users.read', 'groups.read', 'devices.read', 'devices.action', 'policies.read', 'signins.read', 'enrollment.read']),
  readOnly: new Set<Permission>(READ),
  gateway: new Set<Permission>(['gateway.connect']),
  ssfReceiver: new Set<Permission>(['signals.manage']),
};

/** Whether a role grants a permission. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
