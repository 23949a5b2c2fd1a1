import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { limitQuery } from '../shared/wire.js';

/** Read and verify the tenant's hash-chained audit log. */
export function auditRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/audit', auth: { kind: 'admin', permission: 'audit.read' }, tag: 'audit', summary: 'List audit entries, oldest first (order=desc: newest first); filter by action or target.',
      query: z.object({
        limit: limitQuery, afterSeq: z.coerce.number().int().min(0).optional(), action: z.string().max(128).optional(),
        // The console's audit page and device trail: newest first (order=desc, paged with beforeSeq), one target.
        targetId: z.string().min(1).max(256).optional(), order: z.enum(['asc', 'desc']).default('asc'), beforeSeq: z.coerce.number().int().min(1).optional(),
      }).strict(),
      handler: async ({ principal, query }) => {
        const { order, ...rest } = query;
        return { items: await ctx.store.audit.list(principal.tenantId, { ...rest, newestFirst: order === 'desc' }) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/audit/verify', auth: { kind: 'admin', permission: 'audit.read' }, tag: 'audit', summary: 'Recompute the hash chain and report the first broken link.',
      handler: async ({ principal }) => ctx.store.audit.verify(principal.tenantId),
    }),
  ];
}
