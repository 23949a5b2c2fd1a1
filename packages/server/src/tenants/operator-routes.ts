import { z } from 'zod';
import { VerityError, isVerityError } from '@verity/core';
import { STORE_ERROR_CODES, type Tenant } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { OperatorPrincipal } from '../auth/principal.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { displayName } from '../shared/wire.js';
import { recordAudit } from '../audit/audit-record.js';
import { createTenantWithAdmin } from './tenant-bootstrap.js';
import { findTenant } from './find-tenant.js';
import { forgetTenantStatus } from './tenant-gate.js';
import { rotateOperatorCredential } from './operator-credential.js';

const OPERATOR = { kind: 'operator' } as const;
const tag = 'operator';
// A DNS name with at least two labels, lower case (tenants are found by domain at sign-in).
const domain = z.string().trim().toLowerCase().max(253).regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'expected a DNS domain such as contoso.example');
const tenantRef = z.object({ tenant: z.string().min(1).max(253) }).strict();

const createTenantBody = z.object({
  domain,
  name: displayName,
  /** The first admin's user principal name (default admin@<domain>). */
  adminUserPrincipalName: z.string().trim().max(320).regex(/^[^\s@]{1,64}@[^\s@]{1,253}$/, 'expected a user principal name such as it@contoso.example').optional(),
  /** How long the printed admin token works: the first admin signs in and creates their own. */
  adminTokenHours: z.number().int().min(1).max(168).default(24),
}).strict();

/** A tenant as the operator sees it: lifecycle only, none of the tenant's data. */
function tenantView(t: Tenant) {
  return { id: t.id, name: t.name, domain: t.domain, status: t.status, createdAt: t.createdAt, disabledAt: t.disabledAt };
}

async function tenantByRef(ctx: ServerContext, ref: string): Promise<Tenant> {
  const t = await findTenant(ctx, ref);
  if (!t) throw new VerityError('VERITY_TENANT_NOT_FOUND', `No tenant ${ref} (give its id or domain).`, { status: 404, details: [{ path: '$params.tenant', message: 'no such tenant id or domain' }] });
  return t;
}

/**
 * The operator's routes: create, list, disable and enable tenants, and rotate the operator
 * credential. Each tenant change is written to that tenant's own audit log (actor: operator).
 */
export function operatorRoutes(ctx: ServerContext): AnyRoute[] {
  async function setStatus(principal: OperatorPrincipal, ref: string, status: 'enabled' | 'disabled', reason: string | null) {
    const tenant = await tenantByRef(ctx, ref);
    const now = ctx.now();
    const updated = await ctx.store.transaction(async (tx) => {
      const t = await tx.tenants.setStatus(tenant.id, status, now.toISOString());
      if (!t) throw new VerityError('VERITY_TENANT_NOT_FOUND', `No tenant ${ref}.`, { status: 404 });
      if (tenant.status !== status)
        await recordAudit(tx, tenant.id, principal, { action: status === 'disabled' ? 'tenant.disable' : 'tenant.enable', targetType: 'tenant', targetId: tenant.id, details: { reason, previousStatus: tenant.status } }, now);
      return t;
    });
    forgetTenantStatus(ctx, tenant.id);
    ctx.events.publish({ topic: 'tenant.status', tenantId: tenant.id, payload: { status }, at: now.toISOString() });
    return tenantView(updated);
  }

  return [
    defineRoute({
      method: 'GET', url: '/api/v1/operator/tenants', auth: OPERATOR, tag, summary: 'List tenants (operator credential).',
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(500) }).strict(),
      handler: async ({ query }) => ({ items: (await ctx.store.tenants.list({ limit: query.limit })).map(tenantView) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/operator/tenants', auth: OPERATOR, tag, successStatus: 201, rateLimitPerMinute: 30,
      summary: 'Create a tenant with its first global admin; the admin password and a short-lived admin token are returned once.',
      body: createTenantBody,
      handler: async ({ principal, body }) => {
        const taken = () => new VerityError('VERITY_TENANT_DOMAIN_TAKEN', `A tenant already has the domain ${body.domain}.`, { status: 409, details: [{ path: '$.domain', message: 'domain already in use' }] });
        if (await ctx.store.tenants.findByDomain(body.domain)) throw taken();
        try {
          const t = await createTenantWithAdmin(ctx, {
            name: body.name, domain: body.domain, adminTokenHours: body.adminTokenHours, actor: principal,
            ...(body.adminUserPrincipalName ? { adminUserPrincipalName: body.adminUserPrincipalName } : {}),
          });
          const tenant = await ctx.store.tenants.get(t.tenantId);
          return {
            tenant: tenant ? tenantView(tenant) : { id: t.tenantId, domain: t.domain },
            firstAdmin: { userPrincipalName: t.adminUserPrincipalName, password: t.adminPassword },
            adminToken: t.adminToken, adminTokenExpiresAt: t.adminTokenExpiresAt,
          };
        } catch (err) {
          // Two operators racing for one domain: the store's unique domain decides.
          if (isVerityError(err) && err.code === STORE_ERROR_CODES.conflict) throw taken();
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/operator/tenants/:tenant/disable', auth: OPERATOR, tag,
      summary: 'Disable a tenant (id or domain): its admins, users and devices are refused with VERITY_TENANT_DISABLED; its data stays.',
      params: tenantRef, body: z.object({ reason: z.string().max(1024).optional() }).strict().optional(),
      handler: async ({ principal, params, body }) => setStatus(principal, params.tenant, 'disabled', body?.reason ?? null),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/operator/tenants/:tenant/enable', auth: OPERATOR, tag, summary: 'Enable a disabled tenant again.',
      params: tenantRef,
      handler: async ({ principal, params }) => setStatus(principal, params.tenant, 'enabled', null),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/operator/credentials/rotate', auth: OPERATOR, tag, successStatus: 201, rateLimitPerMinute: 10,
      summary: 'Replace the operator credential used for this call: the new one is returned once, the old one stops working.',
      handler: async ({ principal }) => {
        const rotated = await rotateOperatorCredential(ctx.store, principal.credentialId, ctx.now());
        ctx.log.info({ credentialId: rotated.id, revoked: principal.credentialId }, 'operator credential rotated');
        return { id: rotated.id, token: rotated.token };
      },
    }),
  ];
}
