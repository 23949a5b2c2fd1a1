import type { ServerContext } from '../context.js';

const HOUR = 3_600_000;

/**
 * Keeps posture history bounded: every hour, each tenant keeps the newest
 * `postureHistoryPerDevice` reports per device. Idempotent, so several replicas may run it.
 */
export function startPostureRetention(ctx: ServerContext): { stop(): void; runOnce(): Promise<number> } {
  async function runOnce(): Promise<number> {
    let deleted = 0;
    for (let offset = 0; ; offset += 100) {
      const tenants = await ctx.store.tenants.list({ limit: 100, offset });
      for (const t of tenants) deleted += await ctx.store.posture.prune(t.id, ctx.config.postureHistoryPerDevice);
      if (tenants.length < 100) break;
    }
    if (deleted > 0) ctx.log.info({ deleted }, 'pruned posture history');
    return deleted;
  }
  const timer = setInterval(() => {
    runOnce().catch((err: unknown) => ctx.log.error({ err }, 'posture retention failed'));
  }, HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
