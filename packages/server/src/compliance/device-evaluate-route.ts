import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { inAdminScope } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';

export const evaluateResponse = z.object({ deviceId: z.string(), previousState: z.string(), complianceState: z.string() });

/** Re-evaluate one device now, against its latest posture and the current policies (the console's "re-evaluate" action). */
export function deviceEvaluateRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/devices/:id/evaluate', auth: { kind: 'admin', permission: 'devices.action' }, tag: 'compliance',
      summary: 'Re-evaluate a device\'s compliance now (after a fix, without waiting for its next check-in); audited.',
      params: idParams, response: evaluateResponse,
      handler: async ({ principal, params }) => {
        const device = await ctx.store.devices.get(principal.tenantId, params.id);
        if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
        const now = ctx.now();
        const state = await ctx.compliance.evaluateAfterCheckin(principal.tenantId, device.id, now);
        await recordAudit(ctx.store, principal.tenantId, principal, { action: 'device.evaluate', targetType: 'device', targetId: device.id, details: { previousState: device.complianceState, complianceState: state } }, now);
        return { deviceId: device.id, previousState: device.complianceState, complianceState: state };
      },
    }),
  ];
}
