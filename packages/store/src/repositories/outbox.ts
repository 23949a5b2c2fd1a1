import { sql } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { checkLimit } from '../store-errors.js';

export interface OutboxMessage<P = unknown> {
  id: string; tenantId: string | null; topic: string; payload: P; createdAt: string; publishedAt: string | null; claimedUntil: string | null;
}

/**
 * The transactional outbox: events are written in the same transaction as the change they announce
 * and published after commit, so a crash never loses or invents an event. Delivery is at least once:
 * a claim is a lease, and an unpublished message is offered again when the lease runs out.
 */
export function outbox(ctx: RepositoryContext, leaseMs = 30_000) {
  const db = ctx.db;
  return {
    /** Adds a message; call it on the transaction that makes the change. */
    async add<P>(tenantId: string | null, topic: string, payload: P): Promise<OutboxMessage<P>> {
      const message: OutboxMessage<P> = { id: ctx.ids(), tenantId, topic, payload, createdAt: ctx.now().toISOString(), publishedAt: null, claimedUntil: null };
      await db.insertInto('outbox').values({
        id: message.id, tenant_id: tenantId, topic, payload: JSON.stringify(payload ?? null), created_at: message.createdAt, published_at: null, claimed_until: null,
      }).execute();
      return message;
    },
    /** Claims up to `limit` unpublished messages (oldest first) for one lease; cross-tenant by design (one publisher). */
    async claimUnpublished(limit: number): Promise<OutboxMessage[]> {
      const n = checkLimit(limit, 100, 1000);
      const now = ctx.now();
      const at = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const lock = ctx.dialect === 'postgres' ? sql` for update skip locked` : sql``;
      const result = await sql<Record<string, unknown>>`update outbox set claimed_until = ${until}
        where id in (select id from outbox where published_at is null and (claimed_until is null or claimed_until <= ${at})
          order by created_at, id limit ${n}${lock})
        returning *`.execute(db);
      return result.rows.map((r) => toRecord<OutboxMessage>(r, ['payload']))
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    },
    /** Marks messages published; returns how many were newly marked. */
    async markPublished(ids: readonly string[]): Promise<number> {
      let count = 0;
      const at = ctx.now().toISOString();
      for (let i = 0; i < ids.length; i += 500) {
        const r = await db.updateTable('outbox').set({ published_at: at }).where('id', 'in', ids.slice(i, i + 500) as string[])
          .where('published_at', 'is', null).executeTakeFirst();
        count += Number(r.numUpdatedRows);
      }
      return count;
    },
    /** Deletes messages published before `before` (retention). */
    async prunePublished(before: Date): Promise<number> {
      const r = await db.deleteFrom('outbox').where('published_at', '<', before.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
export type Outbox = ReturnType<typeof outbox>;
