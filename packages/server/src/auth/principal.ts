import type { Role } from './roles.js';

/** An authenticated administrator (a person with a session or an automation token). */
export interface AdminPrincipal {
  readonly kind: 'admin';
  readonly tenantId: string;
  readonly actorType: 'user' | 'token';
  readonly actorId: string;
  /** An admin role, or for machine tokens a service role (`gateway`, `ssfReceiver`). */
  readonly role: Role;
  /** Empty = sees every device; otherwise only devices carrying one of these scope tags. */
  readonly scopeTags: readonly string[];
}

/** An enrolled device authenticated by its mTLS client certificate. */
export interface DevicePrincipal {
  readonly kind: 'device';
  readonly tenantId: string;
  readonly deviceId: string;
  readonly certificateSerial: string;
  readonly certificateNotBefore: Date;
  readonly certificateNotAfter: Date;
}

/** An end user signed in to the portal. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly tenantId: string;
  readonly userId: string;
}

/** The installation's operator: manages tenants, and is no tenant's admin (it holds no tenant id). */
export interface OperatorPrincipal {
  readonly kind: 'operator';
  readonly credentialId: string;
}

export type Principal = AdminPrincipal | DevicePrincipal | UserPrincipal | OperatorPrincipal;

/** Whether an admin may see a device with these scope tags (empty admin scope = all). */
export function inAdminScope(admin: AdminPrincipal, deviceScopeTags: readonly string[]): boolean {
  if (admin.scopeTags.length === 0) return true;
  return deviceScopeTags.some((t) => admin.scopeTags.includes(t));
}
