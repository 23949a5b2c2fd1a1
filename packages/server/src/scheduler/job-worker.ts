import type { Job, Store } from '@verity/store';
import type { Logger } from 'pino';
import { retryDelayMs } from './retry-backoff.js';
import { redactSecrets } from '../secrets/redaction.js';

/** Runs one claimed job. Throw to fail the attempt (it is retried with backoff); return to complete it. */
export type JobExecutor = (job: Job, owner: string) => Promise<void>;

export interface JobWorkerOptions {
  readonly store: Store;
  readonly now: () => Date;
  readonly log: Logger;
  /** Executors by job kind; a job of an unknown kind fails for good (no retry can help). */
  readonly executors: Readonly<Record<string, JobExecutor>>;
  /** Lease per claim: a crashed worker's jobs are claimed again after it expires. */
  readonly leaseMs?: number;
  readonly batchSize?: number;
  readonly owner?: string;
}

/** A job failure that retrying cannot fix (bad payload, unknown kind). */
export class PermanentJobError extends Error {}

/**
 * The durable scheduler's worker: claims due jobs of every tenant with a lease, runs each with
 * its executor, completes or fails it (retry with backoff while attempts remain). Nothing lives
 * only in memory: a restart loses no job, and a job whose worker died is re-claimed when its
 * lease expires. Executors must be idempotent for that case.
 */
export function createJobWorker(options: JobWorkerOptions) {
  const owner = options.owner ?? `worker-${crypto.randomUUID()}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batch = options.batchSize ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function runOne(job: Job): Promise<void> {
    const executor = options.executors[job.kind];
    try {
      if (!executor) throw new PermanentJobError(`no executor for job kind ${job.kind}`);
      await executor(job, owner);
      // Executors that complete inside their own transaction (to audit atomically) make this a no-op.
      await options.store.jobs.complete(job.tenantId, job.id, owner);
    } catch (err) {
      // Stored and shown to admins: never with a secret a library put in its error text.
      const message = redactSecrets(err instanceof Error ? err.message : String(err));
      const retryAt = err instanceof PermanentJobError ? null : new Date(options.now().getTime() + retryDelayMs(job.attempts));
      options.log.warn({ err, jobId: job.id, kind: job.kind, tenantId: job.tenantId, attempts: job.attempts }, 'job attempt failed');
      await options.store.jobs.fail(job.tenantId, job.id, owner, message, retryAt);
    }
  }

  /** Claim and run every due job (looping while full batches come back); returns how many ran. */
  async function runDue(): Promise<number> {
    if (running) return running;
    running = (async () => {
      let total = 0;
      for (;;) {
        if (stopped) break;
        const jobs = await options.store.jobs.claimDue(options.now(), owner, leaseMs, batch);
        for (const job of jobs) await runOne(job);
        total += jobs.length;
        if (jobs.length < batch) break;
      }
      return total;
    })().finally(() => { running = undefined; });
    return running;
  }

  return {
    owner,
    runDue,
    /** Poll every `intervalMs` (unref'd: it never keeps the process alive by itself). */
    start(intervalMs: number): void {
      stopped = false;
      const tick = () => {
        runDue().catch((err: unknown) => options.log.error({ err }, 'scheduler tick failed')).finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs).unref();
        });
      };
      timer = setTimeout(tick, intervalMs).unref();
    },
    /** Stop polling and wait for the batch in flight. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
export type JobWorker = ReturnType<typeof createJobWorker>;
