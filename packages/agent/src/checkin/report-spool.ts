import { randomBytes } from 'node:crypto';
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { postureReportSchema, type PostureReport } from '@verity/core';
import type { Logger } from '../log/logger.js';
import { ensurePrivateDir } from '../state/secure-file.js';

/**
 * Disk spool for posture reports collected while the server is unreachable. One JSON file
 * per report named by a zero-padded sequence number, so lexical order is arrival order and
 * survives restarts. Files are written to a temporary name and renamed, so a crash leaves
 * either a whole report or none. Bounded by file count and bytes; the oldest reports are
 * dropped first (the newest posture matters most to compliance).
 */
export interface SpoolEntry {
  readonly name: string;
  readonly bytes: number;
}

export interface ReportSpool {
  add(report: PostureReport): Promise<void>;
  /** Entries oldest first. */
  list(): Promise<SpoolEntry[]>;
  /** The spooled report, or undefined (and the file removed) when it is unreadable. */
  read(entry: SpoolEntry): Promise<PostureReport | undefined>;
  remove(entry: SpoolEntry): Promise<void>;
  size(): Promise<{ files: number; bytes: number }>;
}

export interface SpoolLimits {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = { maxFiles: 1000, maxBytes: 50 * 1024 * 1024 };

const ENTRY_NAME = /^(\d{16})\.json$/;

/** Open (creating with mode 0700) the spool directory `dir`. */
export function createReportSpool(dir: string, logger: Logger, limits: SpoolLimits = DEFAULT_SPOOL_LIMITS): ReportSpool {
  let ready: Promise<void> | undefined;
  const init = () => (ready ??= (async () => {
    await ensurePrivateDir(dir);
    // Temporary files are leftovers of a crash mid-write: never complete, safe to delete.
    for (const name of await readdir(dir)) if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
  })());

  const list = async (): Promise<SpoolEntry[]> => {
    await init();
    const names = (await readdir(dir)).filter((n) => ENTRY_NAME.test(n)).sort();
    const entries: SpoolEntry[] = [];
    for (const name of names) {
      try {
        entries.push({ name, bytes: (await stat(join(dir, name))).size });
      } catch {
        // Removed concurrently (sent by another run); skip.
      }
    }
    return entries;
  };

  return {
    async add(report) {
      const existing = await list();
      const last = existing.at(-1);
      const seq = last === undefined ? 1 : Number(ENTRY_NAME.exec(last.name)![1]) + 1;
      const name = `${String(seq).padStart(16, '0')}.json`;
      const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
      const data = JSON.stringify(report);
      await writeFile(tmp, data, { mode: 0o600, flag: 'wx' });
      await rename(tmp, join(dir, name));
      const all = [...existing, { name, bytes: Buffer.byteLength(data) }];
      let bytes = all.reduce((sum, e) => sum + e.bytes, 0);
      while (all.length > 1 && (all.length > limits.maxFiles || bytes > limits.maxBytes)) {
        const oldest = all.shift()!;
        bytes -= oldest.bytes;
        await rm(join(dir, oldest.name), { force: true });
        logger.warn('spool full: dropped the oldest buffered posture report', { dropped: oldest.name, files: all.length, bytes });
      }
    },
    list,
    async read(entry) {
      try {
        return postureReportSchema.parse(JSON.parse(await readFile(join(dir, entry.name), 'utf8')));
      } catch (error) {
        logger.warn('spool: removed an unreadable buffered report', { entry: entry.name, error: String((error as Error).message).slice(0, 200) });
        await rm(join(dir, entry.name), { force: true });
        return undefined;
      }
    },
    async remove(entry) {
      await rm(join(dir, entry.name), { force: true });
    },
    async size() {
      const entries = await list();
      return { files: entries.length, bytes: entries.reduce((s, e) => s + e.bytes, 0) };
    },
  };
}
