import { expect, it } from 'vitest';
import { describeEachDialect } from './dialects.js';

describeEachDialect('jobs, device commands, outbox', (h) => {
  it('schedule is idempotent on the dedupe key per tenant', async () => {
    const t = await h.tenant();
    const t2 = await h.tenant();
    const a = await h.store.jobs.schedule(t, { kind: 'notify', dedupeKey: 'ep1:notify', payload: { n: 1 }, runAt: '2026-01-02T00:00:00Z', deviceId: 'd1', episodeId: 'ep1' });
    const b = await h.store.jobs.schedule(t, { kind: 'notify', dedupeKey: 'ep1:notify', payload: { n: 2 }, runAt: '2026-01-03T00:00:00Z' });
    const c = await h.store.jobs.schedule(t2, { kind: 'notify', dedupeKey: 'ep1:notify', payload: {}, runAt: '2026-01-02T00:00:00Z' });
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, job: { id: a.job.id, payload: { n: 1 } } });
    expect(c.created).toBe(true);
    const n1 = await h.store.jobs.schedule(t, { kind: 'x', payload: null, runAt: '2026-01-02T00:00:00Z' });
    const n2 = await h.store.jobs.schedule(t, { kind: 'x', payload: null, runAt: '2026-01-02T00:00:00Z' });
    expect(n1.job.id).not.toBe(n2.job.id);
    expect(a.job).toMatchObject({ status: 'pending', attempts: 0, maxAttempts: 5, deviceId: 'd1', episodeId: 'ep1' });
    expect((await h.store.jobs.list(t, { kind: 'notify' })).map((j) => j.id)).toEqual([a.job.id]);
    expect((await h.store.jobs.list(t, { deviceId: 'd1', status: 'pending' })).length).toBe(1);
  });

  it('claimDue takes due jobs across tenants with a lease; complete checks the owner', async () => {
    const s = await h.fresh();
    await s.tenants.create({ id: 'a', name: 'A', domain: 'a.test' });
    await s.tenants.create({ id: 'b', name: 'B', domain: 'b.test' });
    const j1 = (await s.jobs.schedule('a', { kind: 'k', payload: {}, runAt: '2026-01-01T00:00:00Z' })).job;
    const j2 = (await s.jobs.schedule('b', { kind: 'k', payload: {}, runAt: '2026-01-01T00:01:00Z' })).job;
    await s.jobs.schedule('a', { kind: 'k', payload: {}, runAt: '2026-02-01T00:00:00Z' });
    const claimed = await s.jobs.claimDue('2026-01-01T01:00:00Z', 'w1', 60_000, 10);
    expect(claimed.map((j) => j.id)).toEqual([j1.id, j2.id]);
    expect(claimed[0]).toMatchObject({ status: 'running', leaseOwner: 'w1', attempts: 1, leaseExpiresAt: '2026-01-01T01:01:00.000Z' });
    expect(await s.jobs.claimDue('2026-01-01T01:00:30Z', 'w2', 60_000, 10)).toEqual([]);
    expect(await s.jobs.complete('a', j1.id, 'w2')).toBe(false);
    expect(await s.jobs.complete('b', j1.id, 'w1')).toBe(false);
    expect(await s.jobs.complete('a', j1.id, 'w1')).toBe(true);
    expect((await s.jobs.get('a', j1.id))?.status).toBe('done');
    // The lease on j2 expires: another worker re-claims it and the first worker's completion is refused.
    const reclaimed = await s.jobs.claimDue('2026-01-01T01:02:00Z', 'w2', 60_000, 10);
    expect(reclaimed.map((j) => [j.id, j.leaseOwner, j.attempts])).toEqual([[j2.id, 'w2', 2]]);
    expect(await s.jobs.complete('b', j2.id, 'w1')).toBe(false);
    expect(await s.jobs.complete('b', j2.id, 'w2')).toBe(true);
  });

  it('a job whose lease expires on its last attempt is failed, not re-claimed', async () => {
    const s = await h.fresh();
    await s.tenants.create({ id: 'a', name: 'A', domain: 'a.test' });
    const { job } = await s.jobs.schedule('a', { kind: 'k', payload: {}, runAt: '2026-01-01T00:00:00Z', maxAttempts: 1 });
    expect((await s.jobs.claimDue('2026-01-01T00:00:00Z', 'w1', 1000, 5)).length).toBe(1);
    expect(await s.jobs.claimDue('2026-01-01T00:01:00Z', 'w2', 1000, 5)).toEqual([]);
    expect(await s.jobs.get('a', job.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('two concurrent claimers never get the same job', async () => {
    const s = await h.fresh();
    await s.tenants.create({ id: 'a', name: 'A', domain: 'a.test' });
    for (let i = 0; i < 60; i++) await s.jobs.schedule('a', { kind: 'k', payload: { i }, runAt: '2026-01-01T00:00:00Z' });
    const rounds = await Promise.all(Array.from({ length: 8 }, (_, w) => s.jobs.claimDue('2026-01-01T00:00:00Z', `w${w}`, 60_000, 10)));
    const ids = rounds.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
  });

  it('fail retries while attempts remain, then fails for good; cancel and cancelForDevice', async () => {
    const s = await h.fresh();
    await s.tenants.create({ id: 'a', name: 'A', domain: 'a.test' });
    const { job } = await s.jobs.schedule('a', { kind: 'k', payload: {}, runAt: '2026-01-01T00:00:00Z', maxAttempts: 2 });
    await s.jobs.claimDue('2026-01-01T00:00:00Z', 'w', 1000, 5);
    expect(await s.jobs.fail('a', job.id, 'other', 'x', '2026-01-01T00:05:00Z')).toBe(false);
    expect(await s.jobs.fail('a', job.id, 'w', 'smtp down', '2026-01-01T00:05:00Z')).toBe(true);
    expect(await s.jobs.get('a', job.id)).toMatchObject({ status: 'pending', runAt: '2026-01-01T00:05:00.000Z', lastError: 'smtp down', leaseOwner: null });
    expect(await s.jobs.claimDue('2026-01-01T00:04:00Z', 'w', 1000, 5)).toEqual([]);
    await s.jobs.claimDue('2026-01-01T00:05:00Z', 'w', 1000, 5);
    expect(await s.jobs.fail('a', job.id, 'w', 'still down', '2026-01-01T00:10:00Z')).toBe(true);
    expect(await s.jobs.get('a', job.id)).toMatchObject({ status: 'failed', attempts: 2 });
    const { job: j2 } = await s.jobs.schedule('a', { kind: 'k', payload: {}, runAt: '2026-01-01T00:00:00Z' });
    await s.jobs.claimDue('2026-01-01T00:00:00Z', 'w', 1000, 5);
    expect(await s.jobs.fail('a', j2.id, 'w', 'permanent', null)).toBe(true);
    expect((await s.jobs.get('a', j2.id))?.status).toBe('failed');

    const mk = (kind: string, episodeId: string) => s.jobs.schedule('a', { kind, payload: {}, runAt: '2026-03-01T00:00:00Z', deviceId: 'd1', episodeId });
    await mk('notify', 'e1'); await mk('lock', 'e1'); await mk('notify', 'e2'); await mk('retire', 'e2');
    expect(await s.jobs.cancelForDevice('a', 'd1', ['notify'], 'e1')).toBe(1);
    expect(await s.jobs.cancelForDevice('a', 'd1', ['lock', 'retire'])).toBe(2);
    expect(await s.jobs.cancelForDevice('a', 'd1', [])).toBe(0);
    expect(await s.jobs.cancelForDevice('a', 'd1')).toBe(1);
    const { job: j3 } = await s.jobs.schedule('a', { kind: 'k', payload: {}, runAt: '2026-03-01T00:00:00Z' });
    expect(await s.jobs.cancel('a', j3.id)).toBe(true);
    expect(await s.jobs.cancel('a', j3.id)).toBe(false);
    expect((await s.jobs.list('a', { status: 'cancelled' })).length).toBe(5);
  });

  it('device commands: enqueue (dedupe), pendingFor delivers once even when raced, complete by its own device only', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, { displayName: 'PC', platform: 'windows', ownership: 'corporate', joinType: 'joined' });
    const other = await h.store.devices.create(t, { displayName: 'PC2', platform: 'windows', ownership: 'corporate', joinType: 'joined' });
    const lock = await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'lock', dedupeKey: 'ep1:lock' });
    h.clock.advance(1);
    const notify = await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'notify', payload: { title: 'Fix it' } });
    expect((await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'lock', dedupeKey: 'ep1:lock' }))).toMatchObject({ created: false, command: { id: lock.command.id } });
    const [first, second] = await Promise.all([h.store.commands.pendingFor(t, d.id), h.store.commands.pendingFor(t, d.id)]);
    const delivered = [...first!, ...second!];
    expect(delivered.map((c) => c.id).sort()).toEqual([lock.command.id, notify.command.id].sort());
    expect(delivered.every((c) => c.status === 'delivered' && c.deliveredAt !== null)).toBe(true);
    expect(await h.store.commands.pendingFor(t, d.id)).toEqual([]);
    expect(await h.store.commands.complete(t, other.id, lock.command.id, 'succeeded', null, '2026-01-01T00:00:00Z')).toBeUndefined();
    expect(await h.store.commands.complete(t, d.id, lock.command.id, 'succeeded', 'locked', '2026-01-01T00:00:00Z')).toMatchObject({ status: 'succeeded', resultDetail: 'locked' });
    expect(await h.store.commands.complete(t, d.id, lock.command.id, 'failed', null, '2026-01-01T00:00:00Z')).toBeUndefined();
    expect((await h.store.commands.get(t, notify.command.id))?.payload).toEqual({ title: 'Fix it' });
    expect((await h.store.commands.listForDevice(t, d.id)).length).toBe(2);
  });

  it('outbox: add inside a transaction, claim with a lease, mark published; rolled-back adds never appear', async () => {
    const s = await h.fresh();
    await s.tenants.create({ id: 'a', name: 'A', domain: 'a.test' });
    await s.transaction(async (tx) => { await tx.outbox.add('a', 'device.revoked', { id: 'd1' }); });
    h.clock.advance(1);
    await s.outbox.add(null, 'installation.started', {});
    await expect(s.transaction(async (tx) => { await tx.outbox.add('a', 'ghost', {}); throw new Error('rollback'); })).rejects.toThrow('rollback');
    const claimed = await s.outbox.claimUnpublished(10);
    expect(claimed.map((m) => m.topic)).toEqual(['device.revoked', 'installation.started']);
    expect(claimed[0]).toMatchObject({ tenantId: 'a', payload: { id: 'd1' } });
    expect(await s.outbox.claimUnpublished(10)).toEqual([]);
    expect(await s.outbox.markPublished([claimed[0]!.id])).toBe(1);
    expect(await s.outbox.markPublished([claimed[0]!.id])).toBe(0);
    h.clock.advance(31_000);
    expect((await s.outbox.claimUnpublished(10)).map((m) => m.topic)).toEqual(['installation.started']);
    h.clock.advance(1);
    expect(await s.outbox.prunePublished(h.clock.now())).toBe(1);
  });
});
