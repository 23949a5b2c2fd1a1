import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostureReport } from '@verity/core';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../log/logger.js';
import { createReportSpool } from './report-spool.js';

const report = (i: number): PostureReport => ({
  schemaVersion: 1,
  collectedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  platform: 'linux',
  agentVersion: '0.1.0',
  facts: { 'os.name': { state: 'known', value: `linux-${i}`, source: 'test' } },
});

async function drain(spool: ReturnType<typeof createReportSpool>) {
  const out: string[] = [];
  for (const e of await spool.list()) {
    const r = await spool.read(e);
    if (r !== undefined) out.push(r.collectedAt);
  }
  return out;
}

describe('report spool', () => {
  it('returns reports oldest first, also after a restart, and creates the directory 0700', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool');
    const first = createReportSpool(dir, silentLogger);
    for (let i = 0; i < 12; i++) await first.add(report(i));
    const reopened = createReportSpool(dir, silentLogger);
    expect(await drain(reopened)).toEqual(Array.from({ length: 12 }, (_, i) => report(i).collectedAt));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    // New reports after a restart keep sorting after the old ones (sequence continues).
    await reopened.add(report(50));
    expect((await drain(reopened)).at(-1)).toBe(report(50).collectedAt);
  });

  it('drops the oldest reports with a warning when the file bound is hit', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool');
    const lines: string[] = [];
    const spool = createReportSpool(dir, createLogger({ write: (l) => lines.push(l) }), { maxFiles: 3, maxBytes: 10_000_000 });
    for (let i = 0; i < 5; i++) await spool.add(report(i));
    expect(await drain(spool)).toEqual([2, 3, 4].map((i) => report(i).collectedAt));
    expect(lines.filter((l) => JSON.parse(l).level === 'warn')).toHaveLength(2);
  });

  it('honours the byte bound', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool');
    const size = JSON.stringify(report(0)).length;
    const spool = createReportSpool(dir, silentLogger, { maxFiles: 100, maxBytes: size * 2 + 1 });
    for (let i = 0; i < 4; i++) await spool.add(report(i));
    expect((await spool.size()).files).toBe(2);
  });

  it('removes half-written temporary files and unreadable entries', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool');
    const spool = createReportSpool(dir, silentLogger);
    await spool.add(report(1));
    await writeFile(join(dir, '.abc.tmp'), '{"half');
    await writeFile(join(dir, '0000000000000000.json'), 'not json');
    const reopened = createReportSpool(dir, silentLogger);
    expect(await drain(reopened)).toEqual([report(1).collectedAt]);
    expect(await readdir(dir)).toEqual(['0000000000000001.json']);
  });
});
