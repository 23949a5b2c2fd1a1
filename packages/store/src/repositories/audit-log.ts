import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { sql } from 'kysely';
import { VerityError } from '@verity/core';
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
/** How an entry is chained: keyed (HMAC-SHA256 under the audit key), or plain SHA-256 (entries from before keying). */
export type AuditAlg = 'hmac-sha256' | 'sha256';
export interface AuditEntry {
  tenantId: string; seq: number; id: string; at: string; actorType: AuditActorType; actorId: string | null; action: string;
  targetType: string | null; targetId: string | null; details: Record<string, unknown>; prevHash: string; hash: string; alg: AuditAlg;
  /** Set when the stored row cannot be read (its details are not JSON): the chain is broken there. */
  unreadable?: string;
}
/** A point of the chain known from outside the database (an exported, signed head): the chain must still hold it. */
export interface AuditAnchor { seq: number; hash: string }
export type AuditVerification =
  | { ok: true; count: number; head: AuditAnchor | null; keyedFrom: number | null }
  | { ok: false; brokenAtSeq: number; reason: AuditBreakReason };
/** Why a chain fails verification. */
export type AuditBreakReason =
  | 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch' | 'row-unreadable' | 'alg-downgrade'
  | 'anchor-mismatch' | 'truncated';

const HMAC = 'hmac-sha256';

function entryBody(entry: Omit<AuditEntry, 'hash' | 'prevHash' | 'alg' | 'unreadable'>): string {
  return canonicalize({
    tenantId: entry.tenantId, seq: entry.seq, id: entry.id, at: entry.at, actorType: entry.actorType, actorId: entry.actorId,
    action: entry.action, targetType: entry.targetType, targetId: entry.targetId, details: entry.details,
  }) ?? '';
}

/** The hash of an entry before keying: sha256(prev_hash || RFC 8785 canonical JSON of every other column). Anyone can recompute it. */
export function auditHash(prevHash: string, entry: Omit<AuditEntry, 'hash' | 'prevHash' | 'alg' | 'unreadable'>): string {
  return createHash('sha256').update(prevHash).update(entryBody(entry)).digest('hex');
}

/** The keyed hash of an entry: HMAC-SHA256(audit key, prev_hash || canonical JSON); only the key holder can compute it. */
export function auditMac(key: Uint8Array, prevHash: string, entry: Omit<AuditEntry, 'hash' | 'prevHash' | 'alg' | 'unreadable'>): string {
  return createHmac('sha256', key).update(prevHash).update(entryBody(entry)).digest('hex');
}

/** The MAC of a chain head (tenant, seq, hash): a head row cannot be moved back or forth without the key. */
export function auditHeadMac(key: Uint8Array, tenantId: string, seq: number, hash: string): string {
  return createHmac('sha256', key).update(canonicalize({ head: true, tenantId, seq, hash }) ?? '').digest('hex');
}

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A row as an entry; a row that cannot be read (its details are not JSON) comes back marked, not thrown. */
function fromRow(r: Record<string, unknown>): AuditEntry {
  let details: Record<string, unknown> = {};
  let unreadable: string | undefined;
  try {
    const parsed: unknown = JSON.parse(String(r.details));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) unreadable = 'details is not a JSON object';
    else details = parsed as Record<string, unknown>;
  } catch {
    unreadable = 'details is not valid JSON';
  }
  return {
    tenantId: r.tenant_id as string, seq: Number(r.seq), id: String(r.id), at: String(r.at), actorType: r.actor_type as AuditActorType,
    actorId: (r.actor_id as string | null) ?? null, action: String(r.action), targetType: (r.target_type as string | null) ?? null,
    targetId: (r.target_id as string | null) ?? null, details, prevHash: String(r.prev_hash), hash: String(r.hash),
    alg: r.alg === HMAC ? HMAC : 'sha256', ...(unreadable === undefined ? {} : { unreadable }),
  };
}

/** The audit key the store MACs with, set once by the server (it lives sealed with the master key, which the store never sees). */
export interface AuditKeyHolder { key?: Uint8Array }

function keyOf(holder: AuditKeyHolder | undefined): Uint8Array {
  const key = holder?.key;
  if (!key) throw new VerityError('VERITY_STORE_AUDIT_KEY_MISSING', 'The audit key is not set: the audit log cannot be appended to or verified.', { status: 500, expose: false });
  return key;
}

/**
 * The tamper-evident audit log: a chain per tenant, seq 1..n without gaps, each entry's hash an
 * HMAC under the audit key over the previous hash and the entry. The chain head (last seq, hash and
 * the head's own MAC) lives in audit_heads; appends lock it (PostgreSQL FOR UPDATE; SQLite is
 * single-writer and the head is written first, which takes the write lock) so appends serialise per
 * tenant. What the database alone cannot prove (that rows were cut off the end, or a whole chain
 * deleted, with an old head put back) an exported signed head proves: verify with it as anchor.
 */
export function auditLog(ctx: RepositoryContext) {
  return {
    /** Sets the audit key (32 random bytes the server keeps sealed); the store cannot append or verify without it. */
    useKey(key: Uint8Array): void {
      if (!ctx.auditKey) throw new Error('this store has no audit key holder');
      ctx.auditKey.key = key;
    },
    /** Appends an entry inside the caller's transaction (or its own) and returns it with seq and hash. */
    async append(tenantId: string, input: AuditEntryInput): Promise<AuditEntry> {
      const key = keyOf(ctx.auditKey);
      return inTransaction(ctx.db, async (trx) => {
        // Ensure a head row exists; on SQLite this write also takes the database write lock up front.
        await trx.insertInto('audit_heads').values({ tenant_id: tenantId, seq: 0, hash: '', mac: null }).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
        let headQuery = trx.selectFrom('audit_heads').select(['seq', 'hash']).where('tenant_id', '=', tenantId);
        if (ctx.dialect === 'postgres') headQuery = headQuery.forUpdate();
        const head = await headQuery.executeTakeFirstOrThrow();
        const entry: Omit<AuditEntry, 'hash' | 'prevHash' | 'alg'> = {
          tenantId, seq: Number(head.seq) + 1, id: input.id ?? ctx.ids(), at: toIso(input.at ?? ctx.now(), '$.at'), actorType: input.actorType,
          actorId: input.actorId ?? null, action: input.action, targetType: input.targetType ?? null, targetId: input.targetId ?? null,
          details: input.details ?? {},
        };
        const hash = auditMac(key, head.hash, entry);
        await trx.insertInto('audit_log').values({
          tenant_id: tenantId, seq: entry.seq, id: entry.id, at: entry.at, actor_type: entry.actorType, actor_id: entry.actorId, action: entry.action,
          target_type: entry.targetType, target_id: entry.targetId, details: JSON.stringify(entry.details), prev_hash: head.hash, hash, alg: HMAC,
        }).execute();
        await trx.updateTable('audit_heads').set({ seq: entry.seq, hash, mac: auditHeadMac(key, tenantId, entry.seq, hash) }).where('tenant_id', '=', tenantId).execute();
        return { ...entry, prevHash: head.hash, hash, alg: HMAC };
      });
    },
    /**
     * Entries in seq order after `afterSeq`, optionally of one action and/or one target; with
     * `newestFirst`, in reverse seq order before `beforeSeq` (the console pages back from the newest).
     * Unreadable rows come back marked (`unreadable`).
     */
    async list(tenantId: string, options: { limit?: number; afterSeq?: number; beforeSeq?: number; newestFirst?: boolean; action?: string; targetId?: string } = {}): Promise<AuditEntry[]> {
      let q = ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('seq', '>', options.afterSeq ?? 0);
      if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
      if (options.action !== undefined) q = q.where('action', '=', options.action);
      if (options.targetId !== undefined) q = q.where('target_id', '=', options.targetId);
      const rows = await q.orderBy('seq', options.newestFirst ? 'desc' : 'asc').limit(checkLimit(options.limit, 100, 1000)).execute();
      return rows.map(fromRow);
    },
    /** The chain head as stored (seq 0 and '' for an empty chain). Not verified: `verify` does that. */
    async head(tenantId: string): Promise<AuditAnchor> {
      const row = await ctx.db.selectFrom('audit_heads').select(['seq', 'hash']).where('tenant_id', '=', tenantId).executeTakeFirst();
      return { seq: row ? Number(row.seq) : 0, hash: row?.hash ?? '' };
    },
    /**
     * Recomputes the whole chain, page by page, and says where it breaks, if it does: plain SHA-256
     * entries only before the first keyed one (a chain of plain entries only with `allowUnkeyed`,
     * i.e. before the installation was keyed), every keyed entry's MAC, the head and its MAC, and
     * (given) an anchor from outside the database the chain must still contain.
     */
    async verify(tenantId: string, options: { anchor?: AuditAnchor; allowUnkeyed?: boolean } = {}): Promise<AuditVerification> {
      const key = keyOf(ctx.auditKey);
      const anchor = options.anchor;
      let expectedSeq = 1;
      let prevHash = '';
      let keyedFrom: number | null = null;
      for (;;) {
        const rows = await ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('seq', '>=', expectedSeq)
          .orderBy('seq').limit(1000).execute();
        for (const raw of rows) {
          const row = fromRow(raw);
          if (row.seq !== expectedSeq) return { ok: false, brokenAtSeq: expectedSeq, reason: 'seq-gap' };
          if (row.unreadable !== undefined) return { ok: false, brokenAtSeq: row.seq, reason: 'row-unreadable' };
          if (row.prevHash !== prevHash) return { ok: false, brokenAtSeq: row.seq, reason: 'prev-hash-mismatch' };
          if (row.alg === HMAC) {
            keyedFrom ??= row.seq;
            if (!sameHex(auditMac(key, prevHash, row), row.hash)) return { ok: false, brokenAtSeq: row.seq, reason: 'hash-mismatch' };
          } else {
            // A plain entry after a keyed one: someone wrote it without the key.
            if (keyedFrom !== null) return { ok: false, brokenAtSeq: row.seq, reason: 'alg-downgrade' };
            if (auditHash(prevHash, row) !== row.hash) return { ok: false, brokenAtSeq: row.seq, reason: 'hash-mismatch' };
          }
          if (anchor !== undefined && row.seq === anchor.seq && row.hash !== anchor.hash) return { ok: false, brokenAtSeq: row.seq, reason: 'anchor-mismatch' };
          prevHash = row.hash;
          expectedSeq += 1;
        }
        if (rows.length < 1000) break;
      }
      const count = expectedSeq - 1;
      // Once the installation's chains are keyed (see tenantsWithUnkeyedHead), a chain with no keyed
      // entry at all was rewritten without the key.
      if (count > 0 && keyedFrom === null && options.allowUnkeyed !== true) return { ok: false, brokenAtSeq: 1, reason: 'alg-downgrade' };
      // The head catches deletion of the newest entries; its MAC, a head set back by hand.
      const head = await ctx.db.selectFrom('audit_heads').select(['seq', 'hash', 'mac']).where('tenant_id', '=', tenantId).executeTakeFirst();
      const headSeq = head ? Number(head.seq) : 0;
      if (headSeq !== count || (head?.hash ?? '') !== prevHash) return { ok: false, brokenAtSeq: Math.min(headSeq, count) + 1, reason: 'head-mismatch' };
      if (keyedFrom !== null && (!head?.mac || !sameHex(auditHeadMac(key, tenantId, headSeq, prevHash), head.mac))) {
        return { ok: false, brokenAtSeq: count, reason: 'head-mismatch' };
      }
      if (anchor !== undefined && anchor.seq > count) return { ok: false, brokenAtSeq: count + 1, reason: 'truncated' };
      return { ok: true, count, head: count === 0 ? null : { seq: count, hash: prevHash }, keyedFrom };
    },
    /** Number of entries of a tenant. */
    async count(tenantId: string): Promise<number> {
      const r = await ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /**
     * Tenants whose chain ends in plain SHA-256 entries (written before the chain was keyed): the
     * server appends a keyed boundary entry to each at start. Across tenants by design (maintenance).
     */
    async tenantsWithUnkeyedHead(): Promise<string[]> {
      const rows = await ctx.db.selectFrom('audit_heads').select('tenant_id').where('seq', '>', 0).where('mac', 'is', null).orderBy('tenant_id').execute();
      return rows.map((r) => r.tenant_id);
    },
  };
}
export type AuditLog = ReturnType<typeof auditLog>;
