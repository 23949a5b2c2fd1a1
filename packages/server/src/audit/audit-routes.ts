import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { limitQuery } from '../shared/wire.js';
import { signedTenantHead, verifyTenantAudit } from './audit-service.js';

const verifyQuery = z.object({
  /** An exported head to check the chain against (both or neither). */
  anchorSeq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  anchorHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
}).strict().refine((q) => (q.anchorSeq === undefined) === (q.anchorHash === undefined), { message: 'give anchorSeq and anchorHash together', path: ['anchorHash'] });

/** Read, verify and export the tenant's keyed audit chain. */
export function auditRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/audit', auth: { kind: 'admin', permission: 'audit.read' }, tag: 'audit', summary: 'List audit entries, oldest first (order=desc: newest first); filter by action or target. An unreadable row is listed, marked `unreadable`.',
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
      method: 'GET', url: '/api/v1/audit/verify', auth: { kind: 'admin', permission: 'audit.read' }, tag: 'audit',
      summary: 'Recompute the keyed chain and report the first broken entry; checked against an exported head (anchorSeq, anchorHash) or the newest one in VERITY_AUDIT_HEAD_FILE.',
      query: verifyQuery,
      handler: async ({ principal, query }) => verifyTenantAudit(ctx, principal.tenantId, query.anchorSeq !== undefined && query.anchorHash !== undefined ? { seq: query.anchorSeq, hash: query.anchorHash } : undefined),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/audit/head', auth: { kind: 'admin', permission: 'audit.read' }, tag: 'audit',
      summary: 'The chain head, verified and signed (Ed25519): keep it outside the database and check against it later (`verity audit verify --head FILE`).',
      handler: async ({ principal }) => {
        const { head, verification } = await signedTenantHead(ctx, principal.tenantId);
        if (head) return head;
        const at = verification.ok ? 1 : verification.brokenAtSeq;
        const reason = verification.ok ? 'truncated' : verification.reason;
        throw new VerityError('VERITY_AUDIT_CHAIN_BROKEN', `The audit chain is broken at entry ${at} (${reason}); no head is signed for it.`, { status: 409, details: [{ path: '$', message: `broken at entry ${at}: ${reason}` }] });
      },
    }),
  ];
}
