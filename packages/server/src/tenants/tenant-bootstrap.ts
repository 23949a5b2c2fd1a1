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
  /** The admin token is for the first steps only: it expires (`adminTokenHours`, else VERITY_BOOTSTRAP_TOKEN_HOURS). */
  adminTokenExpiresAt: string;
}

/**
 * Create a tenant with its first global admin (a person with a password, and an API token
 * for the CLI). The secrets are returned once and stored only as hashes. The token is short-lived
 * (`adminTokenHours`, else VERITY_BOOTSTRAP_TOKEN_HOURS): the first admin signs in and makes their own.
 */
export async function createTenantWithAdmin(ctx: ServerContext, input: {
  name: string; domain: string; adminRole?: AdminRole; adminUserPrincipalName?: string; adminTokenHours?: number; actor?: Principal | null;
}): Promise<TenantBootstrap> {
  const now = ctx.now();
  const at = now.toISOString();
  const tenantId = ctx.newId();
  const adminUpn = (input.adminUserPrincipalName ?? `admin@${input.domain}`).toLowerCase();
  const adminPassword = randomBytes(12).toString('base64url');
  const adminToken = newBearerSecret('vrt');
  const passwordHash = await hashPassword(adminPassword);
  const adminTokenExpiresAt = new Date(now.getTime() + (input.adminTokenHours ?? ctx.config.bootstrapTokenHours) * 3600_000).toISOString();
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

/**
 * A fresh short-lived globalAdmin token for a tenant's first admin (the demo's CLI profile after
 * its bootstrap token expired). Only whoever runs the server process can ask for it; audited.
 */
export async function issueBootstrapToken(ctx: ServerContext, tenantId: string): Promise<{ token: string; expiresAt: string }> {
  const now = ctx.now();
  const token = newBearerSecret('vrt');
  const expiresAt = new Date(now.getTime() + ctx.config.bootstrapTokenHours * 3600_000).toISOString();
  await ctx.store.transaction(async (tx) => {
    const id = ctx.newId();
    await tx.apiTokens.create(tenantId, { id, name: 'bootstrap CLI token (renewed)', tokenHash: hashBearerSecret(token), role: 'globalAdmin', scopeTags: [], createdBy: null, expiresAt });
    await recordAudit(tx, tenantId, null, { action: 'apiToken.create', targetType: 'apiToken', targetId: id, details: { name: 'bootstrap CLI token (renewed)', role: 'globalAdmin', scopeTags: [], expiresAt } }, now);
  });
  return { token, expiresAt };
}
