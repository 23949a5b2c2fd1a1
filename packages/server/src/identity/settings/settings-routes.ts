import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { displayName, idParams, idSchema } from '../../shared/wire.js';
import { notFound } from '../../shared/not-found.js';
import { recordAudit } from '../../audit/audit-record.js';
import { mergePatch } from '../../access/merge-patch.js';
import { IDENTITY_ERRORS } from '../identity-errors.js';
import { loadIdentitySettings, parseIdentitySettings, pinPolicySchema } from './identity-settings.js';
import { effectivePolicyFor } from './effective-policy.js';

const profileBody = z.strictObject({
  displayName,
  description: z.string().max(1024).nullable().optional(),
  settings: pinPolicySchema,
  groupIds: z.array(idSchema).max(100).default([]),
});

/** Identity settings, account protection profiles and the effective PIN/passkey policy of a user. */
export function identitySettingsRoutes(ctx: ServerContext): AnyRoute[] {
  const tag = 'identity';
  const changed = (tenantId: string, what: string, payload: Record<string, unknown>) =>
    ctx.events.publish({ topic: `identity.${what}.changed`, tenantId, payload, at: ctx.now().toISOString() });

  async function checkGroups(tenantId: string, groupIds: readonly string[]): Promise<void> {
    for (const [i, id] of groupIds.entries()) {
      const g = await ctx.store.groups.get(tenantId, id);
      if (!g) throw new VerityError(IDENTITY_ERRORS.settingsInvalid, `No group ${id} in this tenant.`, { status: 400, details: [{ path: `$.groupIds[${i}]`, message: 'no such group' }] });
    }
  }

  return [
    defineRoute({
      method: 'GET', url: '/api/v1/identity/settings', auth: { kind: 'admin', permission: 'tenant.read' }, tag,
      summary: 'Identity settings: break-glass accounts, password and throttling rules, the tenant-wide PIN and passkey policy.',
      handler: async ({ principal }) => loadIdentitySettings(ctx.store, principal.tenantId),
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/identity/settings', auth: { kind: 'admin', permission: 'tenant.manage' }, tag,
      summary: 'Change identity settings (JSON merge patch); the result is validated as a whole.',
      body: z.record(z.string().max(64), z.unknown()),
      handler: async ({ principal, body }) => {
        const now = ctx.now();
        const result = await ctx.store.transaction(async (tx) => {
          const current = await loadIdentitySettings(tx, principal.tenantId);
          const next = parseIdentitySettings(mergePatch(current, body));
          for (const [i, id] of next.breakGlassUserIds.entries()) {
            if (!(await tx.users.get(principal.tenantId, id))) throw new VerityError(IDENTITY_ERRORS.settingsInvalid, `No user ${id} in this tenant.`, { status: 400, details: [{ path: `$.breakGlassUserIds[${i}]`, message: 'no such user' }] });
          }
          await tx.identitySettings.put(principal.tenantId, next);
          await recordAudit(tx, principal.tenantId, principal, { action: 'identity.settings.update', targetType: 'tenant', targetId: principal.tenantId, details: { fields: Object.keys(body) } }, now);
          return next;
        });
        changed(principal.tenantId, 'settings', { fields: Object.keys(body) });
        return result;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/identity/protection-profiles', auth: { kind: 'admin', permission: 'policies.read' }, tag, summary: 'List account protection profiles.',
      handler: async ({ principal }) => ({ items: await ctx.store.protectionProfiles.list(principal.tenantId) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/identity/protection-profiles', auth: { kind: 'admin', permission: 'policies.manage' }, tag,
      summary: 'Create an account protection profile (PIN and passkey settings that override the tenant-wide policy for its groups).',
      body: profileBody, successStatus: 201,
      handler: async ({ principal, body }) => {
        const now = ctx.now();
        await checkGroups(principal.tenantId, body.groupIds);
        const p = await ctx.store.transaction(async (tx) => {
          const created = await tx.protectionProfiles.create(principal.tenantId, { id: ctx.newId(), displayName: body.displayName, description: body.description ?? null, settings: body.settings, groupIds: body.groupIds });
          await recordAudit(tx, principal.tenantId, principal, { action: 'protection-profile.create', targetType: 'protectionProfile', targetId: created.id, details: { displayName: body.displayName, settings: Object.keys(body.settings), groupIds: body.groupIds } }, now);
          return created;
        });
        changed(principal.tenantId, 'protection-profile', { profileId: p.id });
        return p;
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/identity/protection-profiles/:id', auth: { kind: 'admin', permission: 'policies.manage' }, tag, summary: 'Replace an account protection profile.',
      params: idParams, body: profileBody,
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        await checkGroups(principal.tenantId, body.groupIds);
        const p = await ctx.store.transaction(async (tx) => {
          const updated = await tx.protectionProfiles.update(principal.tenantId, params.id, { displayName: body.displayName, description: body.description ?? null, settings: body.settings, groupIds: body.groupIds });
          if (!updated) throw notFound('protection profile', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'protection-profile.replace', targetType: 'protectionProfile', targetId: params.id, details: { settings: Object.keys(body.settings), groupIds: body.groupIds } }, now);
          return updated;
        });
        changed(principal.tenantId, 'protection-profile', { profileId: p.id });
        return p;
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/identity/protection-profiles/:id', auth: { kind: 'admin', permission: 'policies.manage' }, tag, summary: 'Delete an account protection profile.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.protectionProfiles.delete(principal.tenantId, params.id))) throw notFound('protection profile', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'protection-profile.delete', targetType: 'protectionProfile', targetId: params.id }, now);
        });
        changed(principal.tenantId, 'protection-profile', { profileId: params.id, deleted: true });
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/users/:id/effective-policy', auth: { kind: 'admin', permission: 'users.read' }, tag,
      summary: 'The PIN and passkey policy in force for a user (and one of their devices), with the source of every value and the conflicts between profiles.',
      params: idParams, query: z.strictObject({ deviceId: idSchema.optional() }),
      handler: async ({ principal, params, query }) => {
        const user = (await ctx.store.users.get(principal.tenantId, params.id)) ?? (params.id.includes('@') ? await ctx.store.users.findByUpn(principal.tenantId, params.id) : undefined);
        if (!user) throw notFound('user', params.id);
        if (query.deviceId && !(await ctx.store.devices.get(principal.tenantId, query.deviceId))) throw notFound('device', query.deviceId);
        return effectivePolicyFor(ctx.store, principal.tenantId, user.id, query.deviceId ?? null);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/me/effective-policy', auth: { kind: 'user' }, tag, summary: 'The signed-in user\'s PIN and passkey policy, with where each value comes from.',
      query: z.strictObject({ deviceId: idSchema.optional() }),
      handler: async ({ principal, query }) => {
        if (query.deviceId) {
          const d = await ctx.store.devices.get(principal.tenantId, query.deviceId);
          if (!d || d.primaryUserId !== principal.userId) throw notFound('device', query.deviceId);
        }
        return effectivePolicyFor(ctx.store, principal.tenantId, principal.userId, query.deviceId ?? null);
      },
    }),
  ];
}
