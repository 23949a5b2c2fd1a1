import { z } from 'zod';
import { PLATFORMS, VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams, idSchema, isoDate, limitQuery } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { inAdminScope, type AdminPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { deviceView } from './device-view.js';

const listQuery = z.object({
  platform: z.enum(PLATFORMS).optional(),
  ownership: z.enum(['corporate', 'personal']).optional(),
  joinType: z.enum(['joined', 'registered']).optional(),
  status: z.enum(['active', 'revoked', 'retired']).optional(),
  osVersion: z.string().max(64).optional(),
  complianceState: z.string().max(32).regex(/^[A-Za-z]+$/).optional(),
  groupId: idSchema.optional(),
  lastCheckinBefore: isoDate.optional(),
  lastCheckinAfter: isoDate.optional(),
  search: z.string().max(256).optional(),
  sort: z.enum(['displayName', 'lastCheckinAt', 'enrolledAt', 'osVersion', 'platform']).default('displayName'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: limitQuery,
  cursor: z.string().max(512).optional(),
}).strict();

/** Fetch a device the admin may see; out-of-scope devices are answered as not found. */
async function visibleDevice(ctx: ServerContext, admin: AdminPrincipal, id: string) {
  const device = await ctx.store.devices.get(admin.tenantId, id);
  if (!device || !inAdminScope(admin, device.scopeTags)) throw notFound('device', id);
  return device;
}

/** The device inventory and admin actions on devices. */
export function deviceRoutes(ctx: ServerContext): AnyRoute[] {
  const action = (name: 'revoke' | 'retire' | 'lock', summary: string) =>
    defineRoute({
      method: 'POST', url: `/api/v1/devices/:id/${name}`, auth: { kind: 'admin', permission: 'devices.action' }, tag: 'devices', summary,
      params: idParams, body: z.object({ reason: z.string().max(1024).optional() }).strict().optional(),
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        const result = await ctx.store.transaction(async (tx) => {
          const device = await tx.devices.get(principal.tenantId, params.id);
          if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
          if (name === 'lock') {
            if (device.status !== 'active') throw new VerityError('VERITY_DEVICE_NOT_ACTIVE', `The device is ${device.status}; it cannot receive commands.`, { status: 409 });
            const { command } = await tx.commands.enqueue(principal.tenantId, { id: ctx.newId(), deviceId: device.id, kind: 'lock', payload: { reason: body?.reason ?? null } });
            await recordAudit(tx, principal.tenantId, principal, { action: 'device.lock', targetType: 'device', targetId: device.id, details: { commandId: command.id, reason: body?.reason ?? null } }, now);
            return { commandId: command.id, status: device.status };
          }
          const newStatus = name === 'revoke' ? 'revoked' : 'retired';
          if (device.status !== newStatus) {
            await tx.devices.setStatus(principal.tenantId, device.id, newStatus);
            await tx.certificates.revokeAllForDevice(principal.tenantId, device.id, now.toISOString());
            // Retire also tells the agent to remove its identity; it is delivered if the device checks in before
            // its certificate stops working (it does not: revocation is immediate), so retire is recorded for audit.
            await tx.jobs.cancelForDevice(principal.tenantId, device.id);
          }
          await recordAudit(tx, principal.tenantId, principal, { action: `device.${name}`, targetType: 'device', targetId: device.id, details: { reason: body?.reason ?? null, previousStatus: device.status } }, now);
          return { status: newStatus };
        });
        ctx.events.publish({ topic: `device.${name === 'lock' ? 'command' : 'status'}`, tenantId: principal.tenantId, payload: { deviceId: params.id, action: name }, at: now.toISOString() });
        return { deviceId: params.id, ...result };
      },
    });

  return [
    defineRoute({
      method: 'GET', url: '/api/v1/devices', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'devices', summary: 'List devices: filter, sort, paginate.',
      query: listQuery,
      handler: async ({ principal, query }) => {
        const { osVersion, ...rest } = query;
        const filter = { ...rest, ...(osVersion ? { osVersionPrefix: osVersion } : {}), ...(principal.scopeTags.length > 0 ? { scopeTags: [...principal.scopeTags] } : {}) };
        const [page, total] = await Promise.all([ctx.store.devices.list(principal.tenantId, filter), ctx.store.devices.count(principal.tenantId, filter)]);
        return { items: page.items.map(deviceView), nextCursor: page.nextCursor, total };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/devices/stale', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'devices', summary: 'Devices with no check-in for N days.',
      query: z.object({ days: z.coerce.number().int().min(1).max(3650).default(30), limit: limitQuery }).strict(),
      handler: async ({ principal, query }) => {
        const olderThan = new Date(ctx.now().getTime() - query.days * 86_400_000).toISOString();
        const items = (await ctx.store.devices.staleDevices(principal.tenantId, olderThan, query.limit)).filter((d) => inAdminScope(principal, d.scopeTags));
        return { items: items.map(deviceView), olderThan };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/devices/:id', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'devices', summary: 'Device detail with its latest posture, certificates and groups.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const device = await visibleDevice(ctx, principal, params.id);
        const [latest, certificates, groupIds, compliance] = await Promise.all([
          ctx.store.posture.latest(principal.tenantId, device.id),
          ctx.store.certificates.listForDevice(principal.tenantId, device.id),
          ctx.store.groups.groupsOfMember(principal.tenantId, device.id),
          ctx.store.deviceCompliance.get(principal.tenantId, device.id),
        ]);
        return {
          ...deviceView(device),
          posture: latest ? { receivedAt: latest.receivedAt, collectedAt: latest.collectedAt, report: latest.report } : null,
          certificates: certificates.map((c) => ({ serial: c.serial, status: c.status, notBefore: c.notBefore, notAfter: c.notAfter, fingerprint256: c.fingerprint256 })),
          groupIds,
          compliance: compliance ? { state: compliance.state, evaluatedAt: compliance.evaluatedAt, result: compliance.result } : null,
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/devices/:id/posture', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'devices', summary: 'Posture history, newest first.',
      params: idParams, query: z.object({ limit: limitQuery, before: isoDate.optional() }).strict(),
      handler: async ({ principal, params, query }) => {
        await visibleDevice(ctx, principal, params.id);
        const items = await ctx.store.posture.history(principal.tenantId, params.id, query);
        return { items: items.map((r) => ({ id: r.id, receivedAt: r.receivedAt, collectedAt: r.collectedAt, report: r.report })) };
      },
    }),
    action('revoke', 'Revoke a device: its certificates are rejected from the next request on.'),
    action('retire', 'Retire a device: revoke its identity and mark it retired (kept in inventory for audit).'),
    action('lock', 'Queue a remote lock command; the agent runs it at its next check-in.'),
    defineRoute({
      method: 'DELETE', url: '/api/v1/devices/:id', auth: { kind: 'admin', permission: 'devices.delete' }, tag: 'devices', summary: 'Delete a device and its history from the inventory.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          const device = await tx.devices.get(principal.tenantId, params.id);
          if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
          await tx.devices.delete(principal.tenantId, params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'device.delete', targetType: 'device', targetId: params.id, details: { displayName: device.displayName, status: device.status } }, now);
        });
        ctx.events.publish({ topic: 'device.deleted', tenantId: principal.tenantId, payload: { deviceId: params.id }, at: now.toISOString() });
        return undefined;
      },
    }),
  ];
}
