import type { RepositoryContext } from '../repository-context.js';
import { toIso, type Instant } from '../instant.js';

/** A sign-in (or credential registration) in progress: what has been proven so far, the pending challenge. Found by the hash of its bearer secret. */
export interface AuthTransaction { tenantId: string; id: string; purpose: string; userId: string | null; data: Record<string, unknown>; expiresAt: string; createdAt: string }

/** Sign-in transactions and the replay guard (one-time values: device token ids, used challenges). */
export function authTransactionRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Starts a transaction. */
    async create(tenantId: string, t: { id: string; tokenHash: string; purpose: string; userId: string | null; data: Record<string, unknown>; expiresAt: Instant }): Promise<AuthTransaction> {
      const createdAt = ctx.now().toISOString();
      const expiresAt = toIso(t.expiresAt);
      await db.insertInto('auth_transactions').values({ tenant_id: tenantId, id: t.id, token_hash: t.tokenHash, purpose: t.purpose, user_id: t.userId, data: JSON.stringify(t.data), expires_at: expiresAt, created_at: createdAt }).execute();
      return { tenantId, id: t.id, purpose: t.purpose, userId: t.userId, data: t.data, expiresAt, createdAt };
    },
    /** The unexpired transaction with this secret hash, in whichever tenant holds it (the secret names the tenant). */
    async findByHash(tokenHash: string): Promise<AuthTransaction | undefined> {
      const r = await db.selectFrom('auth_transactions').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', ctx.now().toISOString()).executeTakeFirst();
      return r ? { tenantId: r.tenant_id, id: r.id, purpose: r.purpose, userId: r.user_id, data: JSON.parse(r.data) as Record<string, unknown>, expiresAt: r.expires_at, createdAt: r.created_at } : undefined;
    },
    /** Replaces what the transaction has proven (and who it is about). */
    async update(tenantId: string, id: string, userId: string | null, data: Record<string, unknown>): Promise<void> {
      await db.updateTable('auth_transactions').set({ user_id: userId, data: JSON.stringify(data) }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
    /** Ends a transaction. */
    async delete(tenantId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('auth_transactions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** Deletes expired transactions and replay-guard entries of every tenant; returns how many rows went. */
    async pruneExpired(before: Instant): Promise<number> {
      const at = toIso(before);
      const a = await db.deleteFrom('auth_transactions').where('expires_at', '<', at).executeTakeFirst();
      const b = await db.deleteFrom('replay_guard').where('expires_at', '<', at).executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows);
    },
    /** Records a one-time value; false when it was seen before (a replay). */
    async claimOnce(tenantId: string, kind: string, key: string, expiresAt: Instant): Promise<boolean> {
      const r = await db.insertInto('replay_guard').values({ tenant_id: tenantId, kind, key, expires_at: toIso(expiresAt) })
        .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'key']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}
export type AuthTransactionRepository = ReturnType<typeof authTransactionRepository>;
