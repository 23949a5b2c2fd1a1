import type { ServerContext } from '../context.js';

const HOUR = 3_600_000;
/** Throttle state is kept as long as the longest configurable reset period. */
const THROTTLE_KEEP_MS = 30 * 86_400_000;

/**
 * Keeps the identity provider's short-lived rows bounded: every hour, expired OIDC codes, tokens,
 * sessions and interactions, expired sign-in transactions and replay-guard entries, and throttle
 * state older than 30 days are deleted. Idempotent, so several replicas may run it.
 */
export function startIdentityRetention(ctx: ServerContext): { stop(): void; runOnce(): Promise<number> } {
  async function runOnce(): Promise<number> {
    const now = ctx.now();
    const deleted = (await ctx.store.oidc.pruneExpired(now)) + (await ctx.store.authTransactions.pruneExpired(now))
      + (await ctx.store.signInThrottle.prune(new Date(now.getTime() - THROTTLE_KEEP_MS)));
    if (deleted > 0) ctx.log.info({ deleted }, 'pruned expired identity state');
    return deleted;
  }
  const timer = setInterval(() => {
    runOnce().catch((err: unknown) => ctx.log.error({ err }, 'identity retention failed'));
  }, HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
