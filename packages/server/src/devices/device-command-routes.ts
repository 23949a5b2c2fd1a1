import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams, limitQuery } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { inAdminScope } from '../auth/principal.js';
import { deviceCommandView } from './device-command-view.js';

/** The commands sent to a device and what came back (issued, delivered, succeeded, failed, with the agent's text). */
export function deviceCommandRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/devices/:id/commands', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'devices',
      summary: 'Commands sent to a device, newest first: issued, delivered, succeeded or failed, with the agent\'s result text.',
      params: idParams, query: z.object({ limit: limitQuery, kind: z.enum(['lock', 'retire', 'notify']).optional() }).strict(),
      handler: async ({ principal, params, query }) => {
        const device = await ctx.store.devices.get(principal.tenantId, params.id);
        if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
        const items = await ctx.store.commands.history(principal.tenantId, device.id, { limit: query.limit, ...(query.kind ? { kind: query.kind } : {}) });
        return { deviceId: device.id, items: items.map(deviceCommandView) };
      },
    }),
  ];
}
