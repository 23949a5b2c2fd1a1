import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread. With SQLite's default
 * `wal_autocheckpoint`, the connection whose commit crosses the threshold copies the WAL back into
 * the database file and syncs it, on the event loop, stalling every request behind it (visible
 * as the check-in p99). Here a second connection does that work every `intervalMs` with a PASSIVE
 * checkpoint, which never blocks the writer; the main connection keeps a high autocheckpoint
 * threshold only as a backstop should this worker die.
 */
export interface SqliteCheckpointer { stop(): Promise<void> }

// The worker is plain CommonJS evaluated from a string: it needs no TypeScript loader, whatever
// runs the server (tsx, vitest, a bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch (error) { parentPort.postMessage({ error: String(error) }); } };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export function startSqliteCheckpointer(path: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): SqliteCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs ?? 200 } });
  // The checkpointer must never keep a process alive on its own.
  worker.unref();
  let stopped: Promise<void> | undefined;
  worker.on('message', (m: { error?: string }) => { if (m.error) options.onError?.(m.error); });
  worker.on('error', (error) => options.onError?.(String(error)));
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', () => { void worker.terminate(); });
        worker.postMessage('stop');
        // A worker stuck in a checkpoint still ends: terminate after a grace period.
        setTimeout(() => { void worker.terminate(); }, 2_000).unref();
      });
      return stopped;
    },
  };
}
