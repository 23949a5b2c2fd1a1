import { z } from 'zod';
import { compileRule, isVerityError, VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { displayName, idParams, idSchema, limitQuery } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { recordAudit } from '../audit/audit-record.js';
import { recomputeDynamicGroup } from './dynamic-membership.js';
import { inAdminScope } from '../auth/principal.js';
import { deviceInScope } from '../auth/admin-scope.js';

const createGroup = z.object({
  displayName,
  description: z.string().max(1024).optional(),
  memberKind: z.enum(['user', 'device']),
  membershipType: z.enum(['static', 'dynamic']).default('static'),
  membershipRule: z.string().min(1).max(3072).optional(),
}).strict();
const updateGroup = z.object({ displayName: displayName.optional(), description: z.string().max(1024).optional(), membershipRule: z.string().min(1).max(3072).optional() }).strict();

/** Validate a dynamic membership rule; rule errors point at `$.membershipRule` and carry the position. */
export function validateMembershipRule(rule: string | undefined, type: 'static' | 'dynamic'): void {
  if (type === 'static') {
    if (rule !== undefined) throw new VerityError('VERITY_GROUP_INVALID', 'A static group has no membership rule.', { details: [{ path: '$.membershipRule', message: 'only dynamic groups have a rule' }] });
    return;
  }
  if (rule === undefined) throw new VerityError('VERITY_GROUP_INVALID', 'A dynamic group needs a membership rule.', { details: [{ path: '$.membershipRule', message: 'required for dynamic groups' }] });
  try {
    compileRule(rule);
  } catch (err) {
    if (!isVerityError(err)) throw err;
    throw new VerityError(err.code, err.message, { status: 400, details: err.details.map((d) => ({ ...d, path: '$.membershipRule' })) });
  }
}

function groupView(g: { id: string; displayName: string; description: string | null; memberKind: string; membershipType: string; membershipRule: string | null; createdAt: string; updatedAt: string }) {
  return { id: g.id, displayName: g.displayName, description: g.description, memberKind: g.memberKind, membershipType: g.membershipType, membershipRule: g.membershipRule, createdAt: g.createdAt, updatedAt: g.updatedAt };
}

/** Groups: static members or a dynamic rule over user and device attributes. */
export function groupRoutes(ctx: ServerContext): AnyRoute[] {
  const memberParams = z.object({ id: idSchema, memberId: idSchema }).strict();
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/groups', auth: { kind: 'admin', permission: 'groups.read' }, tag: 'groups', summary: 'List groups.',
      query: z.object({ limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }).strict(),
      handler: async ({ principal, query }) => {
        const items = await ctx.store.groups.list(principal.tenantId, query);
        return { items: items.map(groupView), nextOffset: items.length === query.limit ? query.offset + query.limit : null };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/groups', auth: { kind: 'admin', permission: 'groups.manage' }, tag: 'groups', summary: 'Create a group.',
      body: createGroup, successStatus: 201,
      handler: async ({ principal, body }) => {
        validateMembershipRule(body.membershipRule, body.membershipType);
        const now = ctx.now();
        const group = await ctx.store.transaction(async (tx) => {
          const g = await tx.groups.create(principal.tenantId, { id: ctx.newId(), displayName: body.displayName, description: body.description ?? null, memberKind: body.memberKind, membershipType: body.membershipType, membershipRule: body.membershipRule ?? null });
          await recordAudit(tx, principal.tenantId, principal, { action: 'group.create', targetType: 'group', targetId: g.id, details: { displayName: g.displayName, membershipRule: g.membershipRule } }, now);
          return g;
        });
        if (group.membershipType === 'dynamic') await recomputeDynamicGroup(ctx, principal.tenantId, group.id);
        ctx.events.publish({ topic: 'group.changed', tenantId: principal.tenantId, payload: { groupId: group.id }, at: now.toISOString() });
        return groupView(group);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/groups/:id', auth: { kind: 'admin', permission: 'groups.read' }, tag: 'groups', summary: 'Show a group.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const g = await ctx.store.groups.get(principal.tenantId, params.id);
        if (!g) throw notFound('group', params.id);
        return groupView(g);
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/groups/:id', auth: { kind: 'admin', permission: 'groups.manage' }, tag: 'groups', summary: 'Change a group (names, dynamic rule).',
      params: idParams, body: updateGroup,
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        const group = await ctx.store.transaction(async (tx) => {
          const existing = await tx.groups.get(principal.tenantId, params.id);
          if (!existing) throw notFound('group', params.id);
          if (body.membershipRule !== undefined) validateMembershipRule(body.membershipRule, existing.membershipType as 'static' | 'dynamic');
          const g = await tx.groups.update(principal.tenantId, params.id, body);
          if (!g) throw notFound('group', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'group.update', targetType: 'group', targetId: params.id, details: { fields: Object.keys(body), membershipRule: body.membershipRule } }, now);
          return g;
        });
        if (group.membershipType === 'dynamic' && body.membershipRule !== undefined) await recomputeDynamicGroup(ctx, principal.tenantId, group.id);
        ctx.events.publish({ topic: 'group.changed', tenantId: principal.tenantId, payload: { groupId: group.id }, at: now.toISOString() });
        return groupView(group);
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/groups/:id', auth: { kind: 'admin', permission: 'groups.manage' }, tag: 'groups', summary: 'Delete a group.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.groups.delete(principal.tenantId, params.id))) throw notFound('group', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'group.delete', targetType: 'group', targetId: params.id }, now);
        });
        ctx.events.publish({ topic: 'group.changed', tenantId: principal.tenantId, payload: { groupId: params.id }, at: now.toISOString() });
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/groups/:id/members', auth: { kind: 'admin', permission: 'groups.read' }, tag: 'groups', summary: 'List a group\'s members.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const g = await ctx.store.groups.get(principal.tenantId, params.id);
        if (!g) throw notFound('group', params.id);
        const members = await ctx.store.groups.listMembers(principal.tenantId, params.id);
        if (g.memberKind !== 'device' || principal.scopeTags.length === 0) return { items: members };
        // A scoped admin sees the devices of their scope only.
        const visible = await Promise.all(members.map(async (m) => {
          const d = await ctx.store.devices.get(principal.tenantId, m.memberId);
          return d !== undefined && inAdminScope(principal, d.scopeTags);
        }));
        return { items: members.filter((_, i) => visible[i]) };
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/groups/:id/members/:memberId', auth: { kind: 'admin', permission: 'groups.manage' }, tag: 'groups', summary: 'Add a static member.',
      params: memberParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          const g = await tx.groups.get(principal.tenantId, params.id);
          if (!g) throw notFound('group', params.id);
          if (g.membershipType !== 'static') throw new VerityError('VERITY_GROUP_DYNAMIC', 'Members of a dynamic group come from its rule.', { status: 409 });
          // A device outside the admin's scope is not theirs to put in a group (it would change the policies that apply to it).
          const member = g.memberKind === 'user' ? await tx.users.get(principal.tenantId, params.memberId) : await deviceInScope(tx, principal, params.memberId);
          if (!member) throw notFound(g.memberKind, params.memberId);
          await tx.groups.addMembers(principal.tenantId, params.id, [params.memberId]);
          await recordAudit(tx, principal.tenantId, principal, { action: 'group.member.add', targetType: 'group', targetId: params.id, details: { memberId: params.memberId } }, now);
        });
        ctx.events.publish({ topic: 'group.changed', tenantId: principal.tenantId, payload: { groupId: params.id }, at: now.toISOString() });
        return undefined;
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/groups/:id/members/:memberId', auth: { kind: 'admin', permission: 'groups.manage' }, tag: 'groups', summary: 'Remove a static member.',
      params: memberParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          const g = await tx.groups.get(principal.tenantId, params.id);
          if (!g) throw notFound('group', params.id);
          if (g.memberKind === 'device' && principal.scopeTags.length > 0) {
            const d = await tx.devices.get(principal.tenantId, params.memberId);
            if (!d || !inAdminScope(principal, d.scopeTags)) throw notFound('member', params.memberId);
          }
          if ((await tx.groups.removeMembers(principal.tenantId, params.id, [params.memberId])) === 0) throw notFound('member', params.memberId);
          await recordAudit(tx, principal.tenantId, principal, { action: 'group.member.remove', targetType: 'group', targetId: params.id, details: { memberId: params.memberId } }, now);
        });
        ctx.events.publish({ topic: 'group.changed', tenantId: principal.tenantId, payload: { groupId: params.id }, at: now.toISOString() });
        return undefined;
      },
    }),
  ];
}
