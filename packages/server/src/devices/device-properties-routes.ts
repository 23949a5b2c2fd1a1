import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { inAdminScope } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { refreshDeviceGroups } from '../groups/dynamic-membership.js';
import { deviceView } from './device-view.js';

const attribute = z.string().max(1024).nullable();
/** Entra's `onPremisesExtensionAttributes`-style device extension attributes: extensionAttribute1 to 15; null or "" clears one. */
const extensionAttributes = z.strictObject(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, attribute.optional()])));

/** The admin-set properties of a device, as Entra lets an admin set them (PATCH /devices/{id}). */
export const devicePropertiesPatch = z.strictObject({
  displayName: z.string().trim().min(1).max(256).optional(),
  /** Entra `deviceCategory`; null clears it. */
  category: z.string().trim().min(1).max(128).nullable().optional(),
  extensionAttributes: extensionAttributes.optional(),
}).refine((p) => Object.keys(p).length > 0, 'give at least one of displayName, category, extensionAttributes');

/**
 * PATCH /api/v1/devices/{id}: set a device's display name, category and extensionAttribute1-15
 * (what dynamic device groups and device filters such as `device.extensionAttribute1 -eq "SAW"`
 * read). Scope-checked like the other device routes, audited with before and after, then the
 * device's dynamic groups and its compliance are re-evaluated before the answer.
 */
export function devicePropertiesRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'PATCH', url: '/api/v1/devices/:id', auth: { kind: 'admin', permission: 'devices.action' }, tag: 'devices',
      summary: 'Set admin-set device properties (displayName, category, extensionAttribute1-15); dynamic groups and compliance are re-evaluated.',
      params: idParams, body: devicePropertiesPatch,
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        const updated = await ctx.store.transaction(async (tx) => {
          const device = await tx.devices.get(principal.tenantId, params.id);
          if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
          const attributes = { ...device.extensionAttributes };
          for (const [k, v] of Object.entries(body.extensionAttributes ?? {})) {
            if (v === null || v === '' || v === undefined) delete attributes[k];
            else attributes[k] = v;
          }
          const patch = {
            ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
            ...(body.category !== undefined ? { category: body.category } : {}),
            ...(body.extensionAttributes !== undefined ? { extensionAttributes: attributes } : {}),
          };
          const after = await tx.devices.update(principal.tenantId, device.id, patch);
          if (!after) throw notFound('device', params.id);
          const pick = (d: typeof device) => ({ displayName: d.displayName, category: d.category, extensionAttributes: d.extensionAttributes });
          await recordAudit(tx, principal.tenantId, principal, { action: 'device.update', targetType: 'device', targetId: device.id, details: { before: pick(device), after: pick(after) } }, now);
          return after;
        });
        ctx.events.publish({ topic: 'device.updated', tenantId: principal.tenantId, payload: { deviceId: updated.id }, at: now.toISOString() });
        // What reads these properties: dynamic device groups (and through them compliance assignments) and device filters (read live at sign-in).
        const groupsChanged = await refreshDeviceGroups(ctx, principal.tenantId, updated.id);
        const complianceState = updated.status === 'active' ? await ctx.compliance.evaluateAfterCheckin(principal.tenantId, updated.id, ctx.now()) : updated.complianceState;
        const [device, groupIds] = await Promise.all([ctx.store.devices.get(principal.tenantId, updated.id), ctx.store.groups.groupsOfMember(principal.tenantId, updated.id)]);
        return { ...deviceView(device ?? updated), groupIds, groupsChanged, complianceState };
      },
    }),
  ];
}
