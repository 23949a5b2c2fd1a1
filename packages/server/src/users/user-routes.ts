import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { displayName, idParams, limitQuery } from '../shared/wire.js';
import { hashNewPassword, rememberReplacedPassword } from '../identity/methods/password-service.js';
import { publishRevocation, revokeUserAccess } from '../identity/account/revoke-access.js';
import { recordAudit } from '../audit/audit-record.js';
import { refreshUserGroups } from '../groups/dynamic-membership.js';
import { notFound } from '../shared/not-found.js';
import { GATEWAY_EVENTS } from '../gateway-feed/gateway-events.js';
import { revokeUserSessions } from './user-sessions.js';

const upn = z.string().trim().toLowerCase().min(3).max(256).regex(/^[^\s@]+@[^\s@]+$/, 'expected a user principal name like alice@example.com');
const userAttributes = z.record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean(), z.null()])).refine((o) => Object.keys(o).length <= 50, 'at most 50 attributes');

const createUser = z.object({
  userPrincipalName: upn,
  displayName,
  password: z.string().min(1).max(256).optional(),
  status: z.enum(['enabled', 'disabled']).default('enabled'),
  userType: z.enum(['member', 'guest']).default('member'),
  department: z.string().max(256).optional(),
  jobTitle: z.string().max(256).optional(),
  attributes: userAttributes.default({}),
}).strict();

const updateUser = createUser.omit({ userPrincipalName: true }).partial().strict();

/** Public view of a user: never the password hash. */
export function userView(u: { id: string; userPrincipalName: string; displayName: string; status: string; userType: string; department: string | null; jobTitle: string | null; attributes: Record<string, unknown>; createdAt: string; updatedAt: string }) {
  return { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, status: u.status, userType: u.userType, department: u.department, jobTitle: u.jobTitle, attributes: u.attributes, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

/** Users of the tenant: the people who own devices and sign in. */
export function userRoutes(ctx: ServerContext): AnyRoute[] {
  // After commit: gateways and compliance follow the user's new state.
  const changed = (tenantId: string, userId: string, at: Date, what: Record<string, unknown> = {}) => ctx.events.publish({ topic: GATEWAY_EVENTS.userChanged, tenantId, payload: { userId, ...what }, at: at.toISOString() });
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/users', auth: { kind: 'admin', permission: 'users.read' }, tag: 'users', summary: 'List users.',
      query: z.object({ limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0), search: z.string().max(256).optional() }).strict(),
      handler: async ({ principal, query }) => {
        const items = await ctx.store.users.list(principal.tenantId, query);
        return { items: items.map(userView), nextOffset: items.length === query.limit ? query.offset + query.limit : null };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/users', auth: { kind: 'admin', permission: 'users.manage' }, tag: 'users', summary: 'Create a user.',
      body: createUser, successStatus: 201,
      handler: async ({ principal, body }) => {
        // The tenant's password policy (length, common list, user name) decides, not a fixed minimum.
        const passwordHash = body.password ? await hashNewPassword(ctx.store, principal.tenantId, null, body.password, body.userPrincipalName) : null;
        const now = ctx.now();
        const user = await ctx.store.transaction(async (tx) => {
          if (await tx.users.findByUpn(principal.tenantId, body.userPrincipalName)) {
            throw new VerityError('VERITY_USER_EXISTS', `A user ${body.userPrincipalName} already exists.`, { status: 409, details: [{ path: '$.userPrincipalName', message: 'already taken' }] });
          }
          const created = await tx.users.create(principal.tenantId, {
            id: ctx.newId(), userPrincipalName: body.userPrincipalName, displayName: body.displayName, status: body.status, userType: body.userType,
            department: body.department ?? null, jobTitle: body.jobTitle ?? null, attributes: body.attributes, passwordHash,
          });
          await recordAudit(tx, principal.tenantId, principal, { action: 'user.create', targetType: 'user', targetId: created.id, details: { userPrincipalName: created.userPrincipalName } }, now);
          return created;
        });
        await refreshUserGroups(ctx, principal.tenantId, user.id);
        changed(principal.tenantId, user.id, now);
        return userView(user);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/users/:id', auth: { kind: 'admin', permission: 'users.read' }, tag: 'users', summary: 'Show a user.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const user = await ctx.store.users.get(principal.tenantId, params.id);
        if (!user) throw notFound('user', params.id);
        return userView(user);
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/users/:id', auth: { kind: 'admin', permission: 'users.manage' }, tag: 'users', summary: 'Change a user (status, names, attributes, password).',
      params: idParams, body: updateUser,
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        const { password, ...fields } = body;
        const before = await ctx.store.users.get(principal.tenantId, params.id);
        if (!before) throw notFound('user', params.id);
        const passwordHash = password ? await hashNewPassword(ctx.store, principal.tenantId, before, password) : undefined;
        const disabling = fields.status === 'disabled' && before.status !== 'disabled';
        const { user, revoked } = await ctx.store.transaction(async (tx) => {
          if (passwordHash) await rememberReplacedPassword(tx, principal.tenantId, before);
          const updated = await tx.users.update(principal.tenantId, params.id, { ...fields, ...(passwordHash ? { passwordHash } : {}) });
          if (!updated) throw notFound('user', params.id);
          // A disabled account keeps no session or token anywhere (portal, console, OIDC).
          const counts = disabling ? await revokeUserAccess(tx, principal.tenantId, params.id, now) : null;
          await recordAudit(tx, principal.tenantId, principal, { action: 'user.update', targetType: 'user', targetId: params.id, details: { fields: Object.keys(body), ...(counts ? { revoked: counts } : {}) } }, now);
          return { user: updated, revoked: counts };
        });
        if (revoked) publishRevocation(ctx, principal.tenantId, user.id, 'user-disabled', revoked, now);
        await refreshUserGroups(ctx, principal.tenantId, user.id);
        // Shared Signals tell receivers about a password change (CAEP credential-change) and a status change (RISC).
        changed(principal.tenantId, user.id, now, { ...(password ? { passwordChanged: true } : {}), ...(user.status !== before.status ? { status: user.status } : {}) });
        return userView(user);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/users/:id/revoke-sign-in-sessions', auth: { kind: 'admin', permission: 'users.manage' }, tag: 'users',
      summary: 'Sign the user out everywhere (Graph revokeSignInSessions): every gateway refuses their next request and closes their streams.',
      params: idParams,
      handler: async ({ principal, params }) => {
        if (!(await ctx.store.users.get(principal.tenantId, params.id))) throw notFound('user', params.id);
        const revoked = await revokeUserSessions(ctx, principal.tenantId, params.id, principal, 'admin-revoked');
        return { value: true, revokedSessions: revoked.sessions, revokedGrants: revoked.grants };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/users/:id', auth: { kind: 'admin', permission: 'users.manage' }, tag: 'users', summary: 'Delete a user.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        const revoked = await ctx.store.transaction(async (tx) => {
          const counts = await revokeUserAccess(tx, principal.tenantId, params.id, now);
          if (!(await tx.users.delete(principal.tenantId, params.id))) throw notFound('user', params.id);
          await tx.scim.deleteResource(principal.tenantId, 'User', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'user.delete', targetType: 'user', targetId: params.id }, now);
          return counts;
        });
        publishRevocation(ctx, principal.tenantId, params.id, 'user-deleted', revoked, now);
        changed(principal.tenantId, params.id, now);
        return undefined;
      },
    }),
  ];
}

