import { z } from 'zod';
import { duplicateGroups } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { inAdminScope } from '../auth/principal.js';
import { limitQuery } from '../shared/wire.js';
import { hardwareOf } from '../enrollment/re-enrollment.js';
import { deviceView } from './device-view.js';

/**
 * `GET /api/v1/devices/duplicates`: machines with more than one active record, what re-enrollment
 * left behind (a corporate and a personal record of one machine, two users' registrations, or
 * records enrolled before agents reported a hardware identity are not found here).
 */
export function deviceDuplicateRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/devices/duplicates', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'devices',
      summary: 'Active device records that are the same machine (same firmware UUID, or same machine-id), grouped.',
      query: z.object({ limit: limitQuery }).strict(),
      handler: async ({ principal, query }) => {
        const candidates = (await ctx.store.devices.activeSharingHardware(principal.tenantId)).filter((d) => inAdminScope(principal, d.scopeTags));
        const groups = duplicateGroups(candidates.map((d) => ({ ...d, hardware: hardwareOf(d) })));
        return {
          // Each device shows its own identity (one may lack the firmware UUID: its agent was not root).
          items: groups.slice(0, query.limit).map((devices) => ({ devices: devices.map(({ hardware: _h, ...d }) => deviceView(d)) })),
        };
      },
    }),
  ];
}
