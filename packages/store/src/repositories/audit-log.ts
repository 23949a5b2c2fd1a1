import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { sql } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { inTransaction } from '../repository-context.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit } from '../store-errors.js';

// canonicalize ships CommonJS with an ESM-style `export default` typing; take whichever shape loads.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (input: unknown) => string | undefined;

export type AuditActorType = 'user' | 'token' | 'system' | 'device' | 'operator';
export interface AuditEntryInput {
  actorType: AuditActorType; actorId?: string | null; action: string; targetType?: string | null; targetId?: string | null;
  details?: Record<string, unknown>; at?: Instant; id?: string;
}
export interface AuditEntry {
  tenantId: string; seq: number; id: string; at: string; actorType: AuditActorType; actorId: string | null; action: string;
  targetType: string | null; targetId: string | null; details: Record<string, unknown>; prevHash: string; hash: string;
}
export type AuditVerification = { ok: true; count: number } | { ok: false; brokenAtSeq: number; reason: AuditBreakReason };
/** Why a chain fails verification. */
export type AuditBreakReason = 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch';

/** The hash of an entry: sha256(prev_hash || RFC 8785 canonical JSON of every other column). */
export function auditHash(prevHash: string, entry: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  const body = canonicalize({
    tenantId: entry.tenantId, seq: entry.seq, id: entry.id, at: entry.at, actorType: entry.actorType, actorId: entry.actorId,
    action: entry.action, targetType: entry.targetType, targetId: entry.targetId, details: entry.details,
  });
  return createHash('sha256').update(prevHash).update(body ?? '').digest('hex');
}

const fromRow = (r: Record<string, unknown>): AuditEntry => ({
  tenantId: r.tenant_id as string, seq: Number(r.seq), id: r.id as string, at: r.at as string, actorType: r.actor_type as AuditActorType,
  actorId: (r.actor_id as string | null) ?? null, action: r.action as string, targetType: (r.target_type as string | null) ?? null,
  targetId: (r.target_id as string | null) ?? null, details: JSON.parse(r.details as string) as Record<string, unknown>,
  prevHash: r.prev_hash as string, hash: r.hash as string,
});

/**
 * The tamper-evident audit log: a hash chain per tenant, seq 1..n without gaps. The chain head
 * (last seq and hash) lives in audit_heads; appends lock it (PostgreSQL FOR UPDATE; SQLite is
 * single-writer and the head is written first, which takes the write lock) so appends serialise per tenant.
 */
export function auditLog(ctx: RepositoryContext) {
  return {
    /** Appends an entry inside the caller's transaction (or its own) and returns it with seq and hash. */
    async append(tenantId: string, input: AuditEntryInput): Promise<AuditEntry> {
      return inTransaction(ctx.db, async (trx) => {
        // Ensure a head row exists; on SQLite this write also takes the database write lock up front.
        await trx.insertInto('audit_heads').values({ tenant_id: tenantId, seq: 0, hash: '' }).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
        let headQuery = trx.selectFrom('audit_heads').select(['seq', 'hash']).where('tenant_id', '=', tenantId);
        if (ctx.dialect === 'postgres') headQuery = headQuery.forUpdate();
        const head = await headQuery.executeTakeFirstOrThrow();
        const entry: Omit<AuditEntry, 'hash' | 'prevHash'> = {
          tenantId, seq: Number(head.seq) + 1, id: input.id ?? ctx.ids(), at: toIso(input.at ?? ctx.now(), '$.at'), actorType: input.actorType,
          actorId: input.actorId ?? null, action: input.action, targetType: input.targetType ?? null, targetId: input.targetId ?? null,
          details: input.details ?? {},
        };
        const hash = auditHash(head.hash, entry);
        await trx.insertInto('audit_log').values({
          tenant_id: tenantId, seq: entry.seq, id: entry.id, at: entry.at, actor_type: entry.actorType, actor_id: entry.actorId, action: entry.action,
          target_type: entry.targetType, target_id: entry.targetId, details: JSON.stringify(entry.details), prev_hash: head.hash, hash,
        }).execute();
        await trx.updateTable('audit_heads').set({ seq: entry.seq, hash }).where('tenant_id', '=', tenantId).execute();
        return { ...entry, prevHash: head.hash, hash };
      });
    },
    /**
     * Entries in seq order after `afterSeq`, optionally of one action and/or one target; with
     * `newestFirst`, in reverse seq order before `beforeSeq` (the console pages back from the newest).
     */
    async list(tenantId: string, options: { limit?: number; afterSeq?: number; beforeSeq?: number; newestFirst?: boolean; action?: string; targetId?: string } = {}): Promise<AuditEntry[]> {
      let q = ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('seq', '>', options.afterSeq ?? 0);
      if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
      if (options.action !== undefined) q = q.where('action', '=', options.action);
      if (options.targetId !== undefined) q = q.where('target_id', '=', options.targetId);
      const rows = await q.orderBy('seq', options.newestFirst ? 'desc' : 'asc').limit(checkLimit(options.limit, 100, 1000)).execute();
      return rows.map(fromRow);
    },
    /** Recomputes the whole chain, page by page, and says where it breaks, if it does. */
    async verify(tenantId: string): Promise<AuditVerification> {
      let expectedSeq = 1;
      let prevHash = '';
      for (;;) {
        const rows = await ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('seq', '>=', expectedSeq)
          .orderBy('seq').limit(1000).execute();
        for (const raw of rows) {
          const row = fromRow(raw);
          if (row.seq !== expectedSeq) return { ok: false, brokenAtSeq: expectedSeq, reason: 'seq-gap' };
          if (row.prevHash !== prevHash) return { ok: false, brokenAtSeq: row.seq, reason: 'prev-hash-mismatch' };
          if (auditHash(prevHash, row) !== row.hash) return { ok: false, brokenAtSeq: row.seq, reason: 'hash-mismatch' };
          prevHash = row.hash;
          expectedSeq += 1;
        }
        if (rows.length < 1000) break;
      }
      const count = expectedSeq - 1;
      // The head catches deletion of the newest entries, which leaves a chain that is otherwise intact.
      const head = await ctx.db.selectFrom('audit_heads').select(['seq', 'hash']).where('tenant_id', '=', tenantId).executeTakeFirst();
      const headSeq = head ? Number(head.seq) : 0;
      if (headSeq !== count || (head?.hash ?? '') !== prevHash) return { ok: false, brokenAtSeq: Math.min(headSeq, count) + 1, reason: 'head-mismatch' };
      return { ok: true, count };
    },
    /** Number of entries of a tenant. */
    async count(tenantId: string): Promise<number> {
      const r = await ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
export type AuditLog = ReturnType<typeof auditLog>;
