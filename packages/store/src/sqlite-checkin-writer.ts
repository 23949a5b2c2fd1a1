import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { expandOutcome, type CheckinOutcome, type CompactRecorded, type PipelineJob, type PipelinedOutcome, type WriterJob } from './repositories/checkin-sqlite.js';

/**
 * Writes check-ins to a WAL-mode SQLite file from a worker thread with its own connection. A
 * check-in's write (access row, device touch, posture row, command claims, commit) is the largest
 * single cost of a check-in, and better-sqlite3 runs it synchronously: on the event loop it blocks
 * TLS, HTTP and every other request. On the writer thread it runs beside them, on another core.
 *
 * With a server's CheckinPipeline (checkin-sqlite.ts) the thread also prepares each check-in from
 * what the agent sent and finishes it after commit: parsing and validating move off the loop too.
 *
 * Group commit: the check-ins of one event-loop turn go to the thread as one batch (or several, see
 * SEND_AT), and the thread writes the batches that queued up while it was busy in one transaction
 * (recordBatch: one failing check-in fails alone). Batches are not held back while one is being
 * written: the event loop and the thread then work side by side instead of taking turns. Every caller gets its answer only after its
 * check-in has committed. The store's own connection keeps every other write; both connections use
 * IMMEDIATE transactions and a busy timeout, so they take turns instead of failing.
 */
export interface SqliteCheckinWriter {
  /** False once the thread has failed; callers then write on the store's own connection. */
  readonly available: boolean;
  /**
   * Writes one check-in. `fallback` writes it on the store's own connection instead; it is used
   * once the thread has failed, for check-ins not yet handed to it and for those it provably did
   * not write (it failed while loading). A batch the thread had started is answered with an error
   * instead: whether it committed is unknown, and the agent resends.
   */
  record(job: WriterJob, fallback: () => Promise<CheckinOutcome>): Promise<CheckinOutcome>;
  /** Whether the thread runs a check-in pipeline (openStore's `checkinPipeline`), for recordPipelined. */
  readonly pipelined: boolean;
  /** Prepares and writes one check-in on the thread through the pipeline; `fallback` as for `record`. */
  recordPipelined(job: PipelineJob, fallback: () => Promise<PipelinedOutcome>): Promise<PipelinedOutcome>;
  /** Writes what is queued, then closes the thread's connection. */
  stop(): Promise<void>;
}

/** A driver error as it crosses the thread boundary (structured clone keeps only name and message of an Error). */
interface SerializedError { name: string; message: string; code?: string }
type WorkerMessage = { batches: number; results: ({ ok: true; value: unknown } | { ok: false; error: SerializedError })[] } | { batches: number; batchError: SerializedError } | { fatal: string } | 'stopped';

// The thread runs TypeScript (the same check-in code the store uses in a transaction), loaded
// through tsx's scoped import so it works whatever loads the server (tsx, vitest, a bundle).
const BOOTSTRAP = `
const { workerData, parentPort } = require('node:worker_threads');
import(workerData.tsxApi)
  .then(async ({ tsImport }) => {
    const pipeline = workerData.pipeline ? await tsImport(workerData.pipeline, workerData.parentUrl) : undefined;
    (await tsImport(workerData.entry, workerData.parentUrl)).start(pipeline);
  })
  .catch((error) => parentPort.postMessage({ fatal: String((error && error.stack) || error) }));
`;

function revive(e: SerializedError): Error {
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code !== undefined ? { code: e.code } : {}) });
}

/**
 * A batch goes to the thread as soon as this many check-ins are queued, not only at the end of the
 * event-loop turn: the thread starts writing while the loop still parses the rest of the turn's
 * requests, instead of both taking turns (measured: the event loop idled ~15% of the time otherwise).
 */
const SEND_AT = 8;
interface Pending {
  job: WriterJob | PipelineJob;
  /** The thread's answer as the caller's result (its compact forms expanded). */
  expand: (value: unknown) => unknown;
  fallback: () => Promise<unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

const expandPipelined = (value: unknown): PipelinedOutcome => {
  const v = value as PipelinedOutcome;
  return 'outcome' in v ? { ...v, outcome: expandOutcome(v.outcome as CheckinOutcome | CompactRecorded) } : v;
};

/**
 * `pipeline`: URL of a module implementing CheckinPipeline (checkin-sqlite.ts), loaded in the thread
 * for recordPipelined.
 */
export function startSqliteCheckinWriter(path: string, options: { onError?: (message: string) => void; pipeline?: string } = {}): SqliteCheckinWriter {
  let worker: Worker | undefined;
  let exited = false;
  let available = true;
  let queue: Pending[] = [];
  /** Batches handed to the thread, oldest first; it answers them in order. */
  const inFlight: Pending[][] = [];
  let scheduled = false;
  let stopping: Promise<void> | undefined;
  let drained: (() => void) | undefined;

  function fail(message: string, nothingWritten: boolean): void {
    if (!available) return;
    available = false;
    options.onError?.(message);
    const error = new Error(`check-in writer stopped: ${message.split('\n')[0]}`);
    for (const p of inFlight.flat()) {
      if (nothingWritten) p.fallback().then(p.resolve, p.reject);
      else p.reject(error);
    }
    for (const p of queue) p.fallback().then(p.resolve, p.reject);
    inFlight.length = 0;
    queue = [];
    drained?.();
  }

  // Started on the first check-in: a store that never sees one (CLI, tests, a replica serving only admins) pays nothing.
  function thread(): Worker {
    if (worker) return worker;
    const require = createRequire(import.meta.url);
    const w = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        path,
        // tsx's ESM entry (require.resolve would give the CommonJS one, which cannot tsImport from a worker).
        tsxApi: pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href,
        entry: new URL('./sqlite-checkin-writer-worker.ts', import.meta.url).href,
        pipeline: options.pipeline,
        parentUrl: import.meta.url,
      },
    });
    w.on('message', onMessage);
    w.on('error', (error) => fail(String(error.stack ?? error), false));
    w.on('exit', (code) => { exited = true; if (!stopping) fail(`writer thread exited with code ${code}`, false); });
    worker = w;
    return w;
  }

  function send(): void {
    scheduled = false;
    if (queue.length === 0 || !available) return;
    const batch = queue;
    inFlight.push(batch);
    queue = [];
    const w = thread();
    // Referenced only while a batch is out: an idle writer never keeps a process alive.
    w.ref();
    w.postMessage(batch.map((p) => p.job));
  }

  function onMessage(message: WorkerMessage): void {
    if (message === 'stopped') return;
    if ('fatal' in message) { fail(message.fatal, true); return; }
    // The thread may have merged several batches into one commit; it answers them together.
    const batch = inFlight.splice(0, message.batches).flat();
    if ('batchError' in message) {
      // The commit itself failed: nothing of the batch is stored.
      const error = revive(message.batchError);
      for (const p of batch) p.reject(error);
    } else {
      batch.forEach((p, i) => {
        const r = message.results[i]!;
        if (r.ok) p.resolve(p.expand(r.value));
        else p.reject(revive(r.error));
      });
    }
    if (inFlight.length === 0 && queue.length === 0) {
      worker?.unref();
      drained?.();
    }
  }

  function enqueue<T>(job: WriterJob | PipelineJob, expand: (value: unknown) => T, fallback: () => Promise<T>): Promise<T> {
    if (!available) return fallback();
    return new Promise<T>((resolve, reject) => {
      if (stopping) { reject(new Error('check-in writer is stopped')); return; }
      queue.push({ job, expand, fallback, resolve: resolve as (result: unknown) => void, reject });
      // Check-ins that arrive in the same event-loop turn share the first commit.
      if (queue.length >= SEND_AT) send();
      else if (!scheduled) { scheduled = true; setImmediate(send); }
    });
  }

  return {
    get available() { return available; },
    pipelined: options.pipeline !== undefined,
    record: (job, fallback) => enqueue(job, (value) => expandOutcome(value as CheckinOutcome | CompactRecorded), fallback),
    recordPipelined: (job, fallback) => enqueue(job, expandPipelined, fallback),
    stop(): Promise<void> {
      stopping ??= (async () => {
        if (available && (inFlight.length > 0 || queue.length > 0)) {
          await new Promise<void>((resolve) => { drained = resolve; send(); });
        }
        const w = worker;
        // A thread that already ended (it failed) has nothing to close.
        if (!w || exited) return;
        await new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          // Held open until the thread has closed its connection, even if nothing else keeps the process alive.
          w.ref();
          w.postMessage('stop');
          // A thread stuck in a write still ends: terminate after a grace period.
          setTimeout(() => { void w.terminate(); }, 2_000).unref();
        });
      })();
      return stopping;
    },
  };
}
