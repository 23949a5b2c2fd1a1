// The check-in writer thread (see sqlite-checkin-writer.ts): its own connection to the store's
// SQLite file, one group commit per message, results (or driver errors, as plain data) back.
import { randomUUID } from 'node:crypto';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { configureSqliteConnection } from './sqlite-connection.js';
import {
  recordBatch, type BatchResult, type CheckinOutcome, type CheckinPipeline, type CompactRecorded, type PipelineJob, type RecordArgs, type WriterJob,
} from './repositories/checkin-sqlite.js';
import type { Device } from './repositories/device-repository.js';

type Job = WriterJob | PipelineJob;
type Message = Job[] | 'stop';

const plain = (error: unknown) => {
  const e = error as { name?: unknown; message?: unknown; code?: unknown } | null;
  return { name: String(e?.name ?? 'Error'), message: String(e?.message ?? error), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
};

/** A recorded check-in without its `before` row, which differs from the row after only in a few fields: the clone back costs less. */
function compact(outcome: CheckinOutcome): CheckinOutcome | CompactRecorded {
  if (!outcome.ok) return outcome;
  const { before, ...rest } = outcome;
  const beforeChanges: Partial<Device> = {};
  for (const key of Object.keys(before) as (keyof Device)[]) {
    if (before[key] !== rest.device[key]) (beforeChanges as Record<string, unknown>)[key] = before[key];
  }
  return { ...rest, beforeChanges };
}

/** One job of a batch on its way through: what to write, or its answer already. */
type Step = { args: RecordArgs; pipelined: false } | { args: RecordArgs; pipelined: true; carry: unknown } | { answer: unknown };

/** Called by the bootstrap (sqlite-checkin-writer.ts) with the server's pipeline module, if it has one. */
export function start(pipeline: CheckinPipeline | undefined): void {
  const port = parentPort!;
  const sqlite = new SqliteDatabase((workerData as { path: string }).path);
  configureSqliteConnection(sqlite);
  // The checkpointer thread moves the WAL into the file; this is only the backstop (as on the store's connection).
  sqlite.pragma('wal_autocheckpoint = 10000');

  function step(job: Job): Step {
    if (Array.isArray(job)) return { args: [...(job as WriterJob), randomUUID], pipelined: false };
    const { tenantId, at, updatedAt, payload } = job as PipelineJob;
    try {
      const prepared = pipeline!.prepare(payload);
      if ('refused' in prepared) return { answer: { ok: true, value: { refused: prepared.refused } } };
      return { args: [tenantId, prepared.write, at, updatedAt, randomUUID], pipelined: true, carry: prepared.carry };
    } catch (error) {
      return { answer: { ok: false, error: plain(error) } };
    }
  }

  function answer(s: Exclude<Step, { answer: unknown }>, r: BatchResult): unknown {
    if (!r.ok) return { ok: false, error: plain(r.error) };
    if (!s.pipelined) return { ok: true, value: compact(r.value) };
    if (!r.value.ok) return { ok: true, value: { outcome: r.value, extra: undefined } };
    try {
      const { extra, complete } = pipeline!.finish(s.carry, r.value);
      return { ok: true, value: complete ? { completed: { commands: r.value.commands, acknowledged: r.value.acknowledged }, extra } : { outcome: compact(r.value), extra } };
    } catch (error) {
      // The check-in is written; the caller does the finishing work itself and reports this.
      return { ok: true, value: { outcome: compact(r.value), extra: undefined, finishError: plain(error).message } };
    }
  }

  function stop(): void {
    sqlite.close();
    port.postMessage('stopped');
    port.close();
  }

  port.on('message', (first: Message) => {
    if (first === 'stop') { stop(); return; }
    // The batches that queued up while the last commit ran share this one: under load the commits
    // grow, when idle each batch commits at once.
    const batches: Job[][] = [first];
    let stopAfter = false;
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
      const message = next.message as Message;
      if (message === 'stop') { stopAfter = true; break; }
      batches.push(message);
    }
    try {
      const steps = batches.flat().map(step);
      const writes = steps.flatMap((s, index) => ('args' in s ? [{ s, index }] : []));
      const written = recordBatch(sqlite, writes.map(({ s }) => s.args));
      const answers = steps.map((s) => ('answer' in s ? s.answer : undefined));
      // After commit: the pipeline's finishing work (its compliance check, say) sees committed data.
      writes.forEach(({ s, index }, i) => { answers[index] = answer(s, written[i]!); });
      port.postMessage({ batches: batches.length, results: answers });
    } catch (error) {
      port.postMessage({ batches: batches.length, batchError: plain(error) });
    }
    if (stopAfter) stop();
  });
}
