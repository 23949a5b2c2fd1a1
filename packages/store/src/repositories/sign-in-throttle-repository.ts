import { sql } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { toIso, type Instant } from '../instant.js';

/** Failed sign-ins of one account from one kind of source, and until when the next attempt must wait. */
export interface ThrottleState { failures: number; lastFailureAt: string; blockedUntil: string }

/** Per-account sign-in throttling state and the sources an account signed in from before. */
export function signInThrottleRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** The state of an account key in a bucket (`familiar` or `unfamiliar` sources). */
    async get(accountKey: string, bucket: string): Promise<ThrottleState | undefined> {
      const r = await db.selectFrom('sign_in_throttle').selectAll().where('account_key', '=', accountKey).where('bucket', '=', bucket).executeTakeFirst();
      return r ? { failures: Number(r.failures), lastFailureAt: r.last_failure_at, blockedUntil: r.blocked_until } : undefined;
    },
    /** Stores the state after a failure. */
    async put(accountKey: string, bucket: string, state: ThrottleState): Promise<void> {
      const row = { account_key: accountKey, bucket, failures: state.failures, last_failure_at: toIso(state.lastFailureAt), blocked_until: toIso(state.blockedUntil) };
      await db.insertInto('sign_in_throttle').values(row)
        .onConflict((oc) => oc.columns(['account_key', 'bucket']).doUpdateSet({ failures: row.failures, last_failure_at: row.last_failure_at, blocked_until: row.blocked_until })).execute();
    },
    /** Forgets an account's failures in a bucket (after a successful sign-in). */
    async clear(accountKey: string, bucket: string): Promise<void> {
      await db.deleteFrom('sign_in_throttle').where('account_key', '=', accountKey).where('bucket', '=', bucket).execute();
    },
    /** Deletes state whose last failure is older than `before` (retention); returns how many. */
    async prune(before: Instant): Promise<number> {
      const r = await db.deleteFrom('sign_in_throttle').where('last_failure_at', '<', toIso(before)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /** Whether the user signed in successfully from this source since `since`. */
    async isFamiliar(tenantId: string, userId: string, sourceKey: string, since: Instant): Promise<boolean> {
      const r = await db.selectFrom('familiar_sources').select(sql<number>`1`.as('one')).where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where('source_key', '=', sourceKey).where('last_success_at', '>=', toIso(since)).executeTakeFirst();
      return r !== undefined;
    },
    /** Remembers a successful sign-in from this source. */
    async rememberSource(tenantId: string, userId: string, sourceKey: string, at: Instant): Promise<void> {
      const when = toIso(at);
      await db.insertInto('familiar_sources').values({ tenant_id: tenantId, user_id: userId, source_key: sourceKey, last_success_at: when })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'source_key']).doUpdateSet({ last_success_at: when })).execute();
    },
  };
}
export type SignInThrottleRepository = ReturnType<typeof signInThrottleRepository>;
