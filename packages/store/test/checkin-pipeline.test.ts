import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type CheckinWrite, type PipelinedOutcome, type Store } from '../src/index.js';
import type { TestPipelinePayload } from './fixtures/test-checkin-pipeline.js';

// The writer thread running a server's check-in pipeline (SQLite files only: the thread is theirs).
const PIPELINE = new URL('./fixtures/test-checkin-pipeline.ts', import.meta.url).href;

const opened: { store: Store; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) { await store.close(); rmSync(dir, { recursive: true, force: true }); }
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'verity-pipeline-'));
  const store = await openStore({ dataDir: dir }, { checkinPipeline: PIPELINE });
  opened.push({ store, dir });
  const t = (await store.tenants.create({ name: 'T', domain: `t-${Math.random().toString(36).slice(2)}.example.com` })).id;
  const device = await store.devices.create(t, { displayName: 'PC', platform: 'linux', ownership: 'corporate', joinType: 'joined', hostname: 'old-host' });
  const serial = `S-${device.id}`.toUpperCase();
  await store.certificates.add(t, { serial, deviceId: device.id, fingerprint256: 'ff', notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', certPem: 'PEM' });
  const write = (hostname: string): CheckinWrite => ({
    deviceId: device.id, certificateSerial: serial, posture: { collectedAt: '2026-01-05T09:59:00.000Z', report: null, reportJson: '{"facts":{}}', fingerprint: `f-${hostname}` },
    inventory: { hostname }, commandResults: [], at: '2026-01-05T10:00:00Z', commandLeaseUntil: '2026-01-05T10:02:00.000Z',
  });
  const send = (payload: TestPipelinePayload, fallback: () => Promise<PipelinedOutcome> = () => Promise.reject(new Error('fallback used'))) =>
    store.checkins.recordPipelined(t, { at: '2026-01-05T10:00:00Z', payload }, fallback);
  return { store, t, device, write, send };
}

describe('check-in pipeline on the writer thread', () => {
  it('prepares, writes and finishes on the thread; refusals write nothing; a failing job fails alone', async () => {
    const { store, t, device, write, send } = await setup();
    expect(store.checkins.pipelined).toBe(true);
    await store.commands.enqueue(t, { deviceId: device.id, kind: 'lock' });
    const [done, refused, failing, handedBack] = await Promise.allSettled([
      send({ write: write('h1'), finish: 'complete' }),
      send({ refuse: 'bad body' }),
      send({ fail: 'throw' }),
      send({ write: write('h2'), finish: 'more' }),
    ]);
    // Completed: only the commands come back, with what finish added (it saw the row as written).
    expect(done.status === 'fulfilled' && done.value).toEqual({ completed: { commands: [expect.objectContaining({ kind: 'lock', status: 'delivered' })], acknowledged: [] }, extra: { carry: 'complete', hostname: 'h1', thread: 'writer' } });
    expect(refused.status === 'fulfilled' && refused.value).toEqual({ refused: { why: 'bad body' } });
    expect(failing.status === 'rejected' && String(failing.reason)).toMatch(/prepare failed/);
    const back = handedBack.status === 'fulfilled' ? handedBack.value : undefined;
    expect(back && 'outcome' in back && back.outcome.ok && back.outcome.before.hostname).toBe('h1');
    expect(back && 'outcome' in back && back.outcome.ok && back.outcome.device.hostname).toBe('h2');
    expect((await store.devices.get(t, device.id))?.hostname).toBe('h2');
    expect((await store.posture.history(t, device.id)).length).toBe(2);
  });

  it('hands back the outcome with the error when finish fails (the check-in is written)', async () => {
    const { store, t, device, write, send } = await setup();
    const r = await send({ write: write('h3'), finish: 'throw' });
    expect(r).toMatchObject({ extra: undefined, finishError: 'finish failed', outcome: { ok: true, device: { hostname: 'h3' } } });
    expect((await store.devices.get(t, device.id))?.hostname).toBe('h3');
  });

  it('falls back to the caller once the thread is gone', async () => {
    const { store, write, send } = await setup();
    await send({ write: write('h4'), finish: 'complete' });
    // The thread ends while preparing: that check-in's fate is unknown (rejected), later ones take the fallback.
    await expect(send({ fail: 'exit' })).rejects.toThrow(/writer stopped|exited/);
    expect(store.checkins.pipelined).toBe(false);
    const fallback = await send({ write: write('h5') }, async () => ({ outcome: { ok: false, reason: 'device-retired' }, extra: 'caller' }));
    expect(fallback).toEqual({ outcome: { ok: false, reason: 'device-retired' }, extra: 'caller' });
  });
});
