import { VerityError } from '@verity/core';
import type { Device, Store } from '@verity/store';
import { inAdminScope, type AdminPrincipal } from './principal.js';
import { ROLE_PERMISSIONS, SERVICE_ROLES, type Role } from './roles.js';
import { notFound } from '../shared/not-found.js';

// Scope tags limit an admin to the devices carrying one of them; an empty list means every device.
// These rules keep a scoped admin inside their scope: they can grant only what they hold, and touch
// or see only devices (and grants) inside it. Another tenant's or an out-of-scope device is "not found".

/**
 * Whether `granted` grants nothing `held` does not (its permissions are a subset). A service role
 * (a gateway's or a Shared Signals receiver's credential) is a machine credential over the whole
 * tenant: only a global admin grants it.
 */
export function roleWithin(granted: Role, held: Role): boolean {
  if ((SERVICE_ROLES as readonly string[]).includes(granted)) return held === 'globalAdmin';
  const mine = ROLE_PERMISSIONS[held];
  return [...ROLE_PERMISSIONS[granted]].every((p) => mine.has(p));
}

/** Whether a grant with these scope tags reaches no device outside the admin's scope. */
export function scopeWithin(grantScopeTags: readonly string[], admin: AdminPrincipal): boolean {
  if (admin.scopeTags.length === 0) return true;
  return grantScopeTags.length > 0 && grantScopeTags.every((t) => admin.scopeTags.includes(t));
}

/**
 * The scope tags of a new token or role assignment: the ones asked for, or (none asked for) the
 * admin's own. Refused (403 VERITY_AUTH_SCOPE_EXCEEDED) when the grant would reach further than the
 * admin: a stronger role, an empty scope (all devices) from a scoped admin, or tags they do not hold.
 */
export function grantableScope(admin: AdminPrincipal, role: Role, requested: readonly string[] | undefined): string[] {
  const scopeTags = requested === undefined ? [...admin.scopeTags] : [...requested];
  const problems = [];
  if (!roleWithin(role, admin.role)) problems.push({ path: '$.role', message: `${role} grants more than your role ${admin.role}` });
  if (!scopeWithin(scopeTags, admin)) {
    problems.push({ path: '$.scopeTags', message: scopeTags.length === 0 ? `an empty scope means every device; yours is limited to ${admin.scopeTags.join(', ')}` : `only your own scope tags can be granted: ${admin.scopeTags.join(', ')}` });
  }
  if (problems.length > 0) throw new VerityError('VERITY_AUTH_SCOPE_EXCEEDED', 'You can only grant the role and scope tags you hold yourself.', { status: 403, details: problems });
  return scopeTags;
}

/** Whether the admin may see or revoke an existing grant (token or role assignment): it lies within their own role and scope. */
export function grantVisible(admin: AdminPrincipal, grant: { role: string; scopeTags: readonly string[] }): boolean {
  return (grant.role in ROLE_PERMISSIONS) && roleWithin(grant.role as Role, admin.role) && scopeWithin(grant.scopeTags, admin);
}

/** A device of the tenant the admin may see; 404 VERITY_DEVICE_NOT_FOUND (naming `path`) otherwise. */
export async function deviceInScope(store: Store, admin: AdminPrincipal, deviceId: string, path?: string): Promise<Device> {
  const device = await store.devices.get(admin.tenantId, deviceId);
  if (device && inAdminScope(admin, device.scopeTags)) return device;
  const error = notFound('device', deviceId);
  return Promise.reject(path === undefined ? error : new VerityError(error.code, error.message, { status: 404, details: [{ path, message: 'no such device' }] }));
}
