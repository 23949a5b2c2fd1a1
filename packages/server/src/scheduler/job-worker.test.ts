import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Job, type Store } from '@verity/store';
import { createJobWorker } from './job-worker.js';

describe('job worker over a real store', () => {
  let store: Store;
  let tenantId: string;
  let now = new Date('2026-03-01T00:00:00.000Z');
  const log = pino({ level: 'silent' });
  beforeEach(async () => {
    now = new Date('2026-03-01T00:00:00.000Z');
    store = await openStore({ sqlitePath: ':memory:' });
    tenantId = (await store.tenants.create({ name: 'T', domain: `${crypto.randomUUID().slice(0, 8)}.test` })).id;
  });
  afterEach(async () => store.close());

  it('runs a due job once and leaves future jobs alone', async () => {
    const ran: string[] = [];
    await store.jobs.schedule(tenantId, { kind: 'k', payload: { n: 1 }, runAt: now, dedupeKey: 'a' });
    await store.jobs.schedule(tenantId, { kind: 'k', payload: { n: 2 }, runAt: new Date(now.getTime() + 60_000), dedupeKey: 'b' });
    const worker = createJobWorker({ store, now: () => now, log, executors: { k: async (job: Job) => { ran.push((job.payload as { n: number }).n.toString()); } } });
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);
    expect(ran).toEqual(['1']);
    expect((await store.jobs.list(tenantId, { status: 'done' })).length).toBe(1);
  });

  it('retries a failing job with backoff, then succeeds', async () => {
    let calls = 0;
    const { job } = await store.jobs.schedule(tenantId, { kind: 'flaky', payload: null, runAt: now });
    const worker = createJobWorker({ store, now: () => now, log, executors: { flaky: async () => { calls++; if (calls === 1) throw new Error('smtp down'); } } });
    await worker.runDue();
    expect(await store.jobs.get(tenantId, job.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'smtp down' });
    expect(await worker.runDue()).toBe(0);
    now = new Date(now.getTime() + 30_000);
    await worker.runDue();
    expect(await store.jobs.get(tenantId, job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails a job of an unknown kind for good', async () => {
    const { job } = await store.jobs.schedule(tenantId, { kind: 'nobody-runs-this', payload: null, runAt: now });
    await createJobWorker({ store, now: () => now, log, executors: {} }).runDue();
    expect((await store.jobs.get(tenantId, job.id))?.status).toBe('failed');
  });

  it('re-runs a job whose worker crashed after claiming it, once its lease expired, exactly once', async () => {
    const { job } = await store.jobs.schedule(tenantId, { kind: 'k', payload: null, runAt: now });
    // A worker that claimed the job and died: the row stays running under its lease.
    await store.jobs.claimDue(now, 'crashed-worker', 60_000, 10);
    let runs = 0;
    const worker = createJobWorker({ store, now: () => now, log, leaseMs: 60_000, executors: { k: async () => { runs++; } } });
    expect(await worker.runDue()).toBe(0);
    now = new Date(now.getTime() + 61_000);
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);
    expect(runs).toBe(1);
    expect(await store.jobs.get(tenantId, job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });
});
