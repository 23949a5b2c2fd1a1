// The check-in writer thread (see sqlite-checkin-writer.ts): its own connection to the store's
// SQLite file, one group commit per message, results (or driver errors, as plain data) back.
import { randomUUID } from 'node:crypto';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { configureSqliteConnection } from './sqlite-connection.js';
import { recordBatch, type CheckinOutcome, type CompactRecorded, type WriterJob } from './repositories/checkin-sqlite.js';
import type { Device } from './repositories/device-repository.js';

const port = parentPort!;
const sqlite = new SqliteDatabase((workerData as { path: string }).path);
configureSqliteConnection(sqlite);
// The checkpointer thread moves the WAL into the file; this is only the backstop (as on the store's connection).
sqlite.pragma('wal_autocheckpoint = 10000');

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

function stop(): void {
  sqlite.close();
  port.postMessage('stopped');
  port.close();
}

port.on('message', (first: WriterJob[] | 'stop') => {
  if (first === 'stop') { stop(); return; }
  // The batches that queued up while the last commit ran share this one: under load the commits
  // grow, when idle each batch commits at once.
  const batches: WriterJob[][] = [first];
  let stopAfter = false;
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
    const message = next.message as WriterJob[] | 'stop';
    if (message === 'stop') { stopAfter = true; break; }
    batches.push(message);
  }
  try {
    const results = recordBatch(sqlite, batches.flat().map((job) => [...job, randomUUID] as const));
    port.postMessage({ batches: batches.length, results: results.map((r) => (r.ok ? { ok: true, value: compact(r.value) } : { ok: false, error: plain(r.error) })) });
  } catch (error) {
    port.postMessage({ batches: batches.length, batchError: plain(error) });
  }
  if (stopAfter) stop();
});
