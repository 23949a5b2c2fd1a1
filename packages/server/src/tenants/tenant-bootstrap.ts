import { randomBytes } from 'node:crypto';
import type { ServerContext } from '../context.js';
import { hashBearerSecret, hashPassword, newBearerSecret } from '../auth/secrets.js';
import { recordAudit } from '../audit/audit-record.js';
import type { AdminRole } from '../auth/roles.js';
import type { Principal } from '../auth/principal.js';

export interface TenantBootstrap {
  tenantId: string;
  domain: string;
  adminUserPrincipalName: string;
  adminPassword: string;
  adminToken: string;
  /** When the admin token stops working (null: it does not expire, the demo's CLI token). */
  adminTokenExpiresAt: string | null;
}

/**
 * Create a tenant with its first global admin (a person with a password, and an API token
 * for the CLI). The secrets are returned once and stored only as hashes. An operator creates
 * tenants with a short-lived token (`adminTokenHours`): the first admin signs in and makes their own.
 */
export async function createTenantWithAdmin(ctx: ServerContext, input: {
  name: string; domain: string; adminRole?: AdminRole; adminUserPrincipalName?: string; adminTokenHours?: number; actor?: Principal | null;
}): Promise<TenantBootstrap> {
  const now = ctx.now();
  const at = now.toISOString();
  const tenantId = ctx.newId();
  const adminUpn = (input.adminUserPrincipalName ?? `admin@${input.domain}`).toLowerCase();
  const adminTokenExpiresAt = input.adminTokenHours === undefined ? null : new Date(now.getTime() + input.adminTokenHours * 3600_000).toISOString();
  const adminPassword = randomBytes(12).toString('base64url');
  const adminToken = newBearerSecret('vrt');
  const passwordHash = await hashPassword(adminPassword);
  await ctx.store.transaction(async (tx) => {
    await tx.tenants.create({ id: tenantId, name: input.name, domain: input.domain, complianceSettings: { noPolicyAssignedState: 'compliant', validityPeriodDays: 30 } });
    const userId = ctx.newId();
    await tx.users.create(tenantId, { id: userId, userPrincipalName: adminUpn, displayName: 'First administrator', status: 'enabled', userType: 'member', department: 'IT', jobTitle: 'Administrator', attributes: {}, passwordHash });
    await tx.roles.assign(tenantId, { id: ctx.newId(), userId, role: input.adminRole ?? 'globalAdmin', scopeTags: [] });
    const tokenId = ctx.newId();
    await tx.apiTokens.create(tenantId, { id: tokenId, name: 'bootstrap CLI token', tokenHash: hashBearerSecret(adminToken), role: 'globalAdmin', scopeTags: [], createdBy: userId, expiresAt: adminTokenExpiresAt });
    await recordAudit(tx, tenantId, input.actor ?? null, { action: 'tenant.create', targetType: 'tenant', targetId: tenantId, details: { name: input.name, domain: input.domain, firstAdmin: adminUpn, bootstrapTokenId: tokenId, bootstrapTokenExpiresAt: adminTokenExpiresAt } }, now);
  });
  return { tenantId, domain: input.domain, adminUserPrincipalName: adminUpn, adminPassword, adminToken, adminTokenExpiresAt };
}
