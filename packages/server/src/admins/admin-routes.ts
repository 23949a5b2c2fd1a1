import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { removeGatewayClient } from '../identity/oidc/gateway-clients.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { displayName, idParams, idSchema, isoDate, scopeTags } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { recordAudit } from '../audit/audit-record.js';
import { ADMIN_ROLES, TOKEN_ROLES } from '../auth/roles.js';
import type { TLSSocket } from 'node:tls';
import { hashBearerSecret, newBearerSecret } from '../auth/secrets.js';
import { passwordSignIn, provenDevice } from '../identity/sign-in/session-sign-in.js';
import { deviceTokenSchema } from '../identity/sign-in/sign-in-routes.js';
import { grantableScope, grantVisible } from '../auth/admin-scope.js';

/** Admin roles, API tokens, and password sign-in for admins and portal users. */
export function adminRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/auth/login', auth: { kind: 'public' }, tag: 'auth', summary: 'Sign in with user name and password; returns a session token.',
      body: z.object({ tenant: z.string().min(1).max(256), username: z.string().min(1).max(256), password: z.string().min(1).max(256), kind: z.enum(['admin', 'portal']).default('admin'), deviceToken: deviceTokenSchema.optional() }).strict(),
      rateLimitPerMinute: 30,
      // The identity provider's sign-in (identity/sign-in): throttling, conditional access with the methods used, step-up.
      handler: async ({ body, reply, ip, request }) => {
        const device = await provenDevice(ctx, request.raw.socket as TLSSocket, body.deviceToken, new URL(publicUrl()).origin);
        return passwordSignIn(ctx, reply, { tenant: body.tenant, username: body.username, password: body.password, kind: body.kind, device, ip });
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/tenant', auth: { kind: 'admin', permission: 'tenant.read' }, tag: 'tenant', summary: 'The caller\'s tenant.',
      handler: async ({ principal }) => {
        const t = await ctx.store.tenants.get(principal.tenantId);
        if (!t) throw notFound('tenant', principal.tenantId);
        return { id: t.id, name: t.name, domain: t.domain, complianceSettings: t.complianceSettings, createdAt: t.createdAt, you: { role: principal.role, scopeTags: principal.scopeTags, actorType: principal.actorType, actorId: principal.actorId } };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/role-assignments', auth: { kind: 'admin', permission: 'roles.manage' }, tag: 'admins', summary: 'List admin role assignments.',
      // A scoped admin sees only the assignments within their own role and scope.
      handler: async ({ principal }) => ({ items: (await ctx.store.roles.list(principal.tenantId)).filter((a) => grantVisible(principal, a)) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/role-assignments', auth: { kind: 'admin', permission: 'roles.manage' }, tag: 'admins', summary: 'Give a user an admin role, optionally limited to scope tags.',
      // scopeTags omitted: the caller's own scope ([] = every device, which only an unscoped admin can grant).
      body: z.object({ userId: idSchema, role: z.enum(ADMIN_ROLES), scopeTags: scopeTags.optional() }).strict(), successStatus: 201,
      handler: async ({ principal, body }) => {
        const granted = grantableScope(principal, body.role, body.scopeTags);
        const now = ctx.now();
        const assigned = await ctx.store.transaction(async (tx) => {
          if (!(await tx.users.get(principal.tenantId, body.userId))) throw notFound('user', body.userId);
          const a = await tx.roles.assign(principal.tenantId, { id: ctx.newId(), userId: body.userId, role: body.role, scopeTags: granted });
          await recordAudit(tx, principal.tenantId, principal, { action: 'role.assign', targetType: 'user', targetId: body.userId, details: { role: body.role, scopeTags: granted } }, now);
          return a;
        });
        // Directory roles are a policy condition: gateways follow the change.
        ctx.events.publish({ topic: 'role.changed', tenantId: principal.tenantId, payload: { userId: body.userId }, at: now.toISOString() });
        return assigned;
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/role-assignments/:id', auth: { kind: 'admin', permission: 'roles.manage' }, tag: 'admins', summary: 'Remove a role assignment.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        const removed = await ctx.store.transaction(async (tx) => {
          const existing = await tx.roles.get(principal.tenantId, params.id);
          if (!existing || !grantVisible(principal, existing) || !(await tx.roles.remove(principal.tenantId, params.id))) throw notFound('role assignment', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'role.unassign', targetType: 'roleAssignment', targetId: params.id }, now);
          return existing;
        });
        if (removed?.userId) ctx.events.publish({ topic: 'role.changed', tenantId: principal.tenantId, payload: { userId: removed.userId }, at: now.toISOString() });
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/api-tokens', auth: { kind: 'admin', permission: 'tokens.manage' }, tag: 'admins', summary: 'List API tokens (never their secrets).',
      handler: async ({ principal }) => ({ items: (await ctx.store.apiTokens.list(principal.tenantId)).filter((t) => grantVisible(principal, t)).map(({ tokenHash: _hash, ...t }) => t) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/api-tokens', auth: { kind: 'admin', permission: 'tokens.manage' }, tag: 'admins', summary: 'Create an API token for automation; the secret is shown once.',
      // scopeTags omitted: the caller's own scope ([] = every device, which only an unscoped admin can grant).
      body: z.object({ name: displayName, role: z.enum(TOKEN_ROLES), scopeTags: scopeTags.optional(), expiresAt: isoDate.optional() }).strict(), successStatus: 201,
      handler: async ({ principal, body }) => {
        const granted = grantableScope(principal, body.role, body.scopeTags);
        const now = ctx.now();
        if (body.expiresAt && new Date(body.expiresAt) <= now) throw new VerityError('VERITY_REQUEST_INVALID', 'expiresAt is in the past.', { details: [{ path: '$.expiresAt', message: 'must be in the future' }] });
        const secret = newBearerSecret('vrt');
        const token = await ctx.store.transaction(async (tx) => {
          const t = await tx.apiTokens.create(principal.tenantId, { id: ctx.newId(), name: body.name, tokenHash: hashBearerSecret(secret), role: body.role, scopeTags: granted, createdBy: principal.actorId, expiresAt: body.expiresAt ?? null });
          await recordAudit(tx, principal.tenantId, principal, { action: 'apiToken.create', targetType: 'apiToken', targetId: t.id, details: { name: body.name, role: body.role, scopeTags: granted } }, now);
          return t;
        });
        return { id: token.id, name: token.name, role: token.role, scopeTags: token.scopeTags, expiresAt: token.expiresAt, token: secret };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/api-tokens/:id', auth: { kind: 'admin', permission: 'tokens.manage' }, tag: 'admins', summary: 'Revoke an API token.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          const existing = await tx.apiTokens.get(principal.tenantId, params.id);
          if (!existing || !grantVisible(principal, existing) || !(await tx.apiTokens.revoke(principal.tenantId, params.id, now.toISOString()))) throw notFound('api token', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'apiToken.revoke', targetType: 'apiToken', targetId: params.id }, now);
          // A gateway credential's OIDC client goes with it: its secret signs nobody in any more.
          if (existing.role === 'gateway') await removeGatewayClient(tx, principal.tenantId, params.id);
        });
        return undefined;
      },
    }),
  ];
}
