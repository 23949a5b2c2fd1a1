import { randomInt } from 'node:crypto';
import { EXIT, runCheckinLoop } from '../checkin/checkin-loop.js';
import { collectPosture } from '../posture/collect-posture.js';
import { createAgentStateStore } from '../state/agent-state.js';
import type { AgentContext } from './agent-context.js';

/** Sleep that ends early when `signal` aborts (so SIGTERM never waits out a 15-minute back-off). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `verity-agent run`: the check-in loop until a signal, revocation or retire. */
export async function runCommand(ctx: AgentContext, flags: { once?: boolean; interval?: number; stateDir?: string }): Promise<number> {
  const controller = new AbortController();
  const stop = (signal: string) => {
    ctx.logger.info('signal received; finishing the current check-in', { signal });
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runCheckinLoop({
      state: createAgentStateStore(ctx.stateDir(flags.stateDir)),
      collect: (now) => collectPosture(ctx.probe, ctx.platform, now),
      probe: ctx.probe,
      logger: ctx.logger,
      now: ctx.now,
      random: () => randomInt(0, 2 ** 32) / 2 ** 32,
      sleep: abortableSleep,
      signal: controller.signal,
      ...(flags.once === undefined ? {} : { once: flags.once }),
      ...(flags.interval === undefined ? {} : { intervalSeconds: flags.interval }),
      notify: (m) => ctx.stdout(`${m}\n`),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export { EXIT };
