import { expect, it } from 'vitest';
import { isUniqueViolation, openStore, type CheckinWrite, type NewDevice, type Store } from '../src/index.js';
import { describeEachDialect } from './dialects.js';
import { titled } from '../../../test/skip-reason.js';

const base = (over: Partial<NewDevice> = {}): NewDevice => ({ displayName: 'PC', platform: 'linux', ownership: 'corporate', joinType: 'joined', ...over });

async function enrolled(store: Store, t: string, over: Partial<NewDevice> = {}) {
  const d = await store.devices.create(t, base({ hostname: 'old-host', osVersion: '22.04', model: 'T14', ...over }));
  const serial = `${t}-${d.id}`.toUpperCase();
  await store.certificates.add(t, { serial, deviceId: d.id, fingerprint256: 'ff', notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', certPem: 'PEM' });
  return { device: d, serial };
}

const write = (deviceId: string, serial: string, over: Partial<CheckinWrite> = {}): CheckinWrite => ({
  deviceId, certificateSerial: serial, posture: { id: `p-${Math.random().toString(36).slice(2)}`, collectedAt: '2026-01-05T09:59:00Z', report: { facts: { a: 1 } }, fingerprint: 'facts-a1' },
  inventory: { hostname: 'new-host', osVersion: null, agentVersion: '0.2.0' }, commandResults: [], at: '2026-01-05T10:00:00Z',
  commandLeaseUntil: '2026-01-05T10:02:00.000Z', ...over,
});

describeEachDialect('check-ins', (h) => {
  it('stores the report, refreshes inventory (unknown keeps the stored value), claims commands once, returns groups', async () => {
    const t = await h.tenant();
    const user = await h.store.users.create(t, { userPrincipalName: `u@${t}.example.test`, displayName: 'U' });
    const { device: d, serial } = await enrolled(h.store, t, { primaryUserId: user.id });
    const gDevice = await h.store.groups.create(t, { displayName: 'devices', memberKind: 'device' });
    const gUser = await h.store.groups.create(t, { displayName: 'users', memberKind: 'user' });
    await h.store.groups.addMembers(t, gDevice.id, [d.id]);
    await h.store.groups.addMembers(t, gUser.id, [user.id]);
    const delivered = (await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'lock' })).command;
    await h.store.commands.pendingFor(t, d.id);
    const pending = (await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'notify', payload: { m: 'hi' } })).command;
    await h.store.deviceCompliance.put(t, d.id, 'compliant', { state: 'compliant', x: 1 }, '2026-01-04T00:00:00Z');

    const r = await h.store.checkins.record(t, write(d.id, serial, { commandResults: [{ commandId: delivered.id, status: 'succeeded', detail: 'ok' }] }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.before).toMatchObject({ hostname: 'old-host', osVersion: '22.04', lastCheckinAt: null });
    expect(r.device).toMatchObject({ hostname: 'new-host', osVersion: '22.04', model: 'T14', agentVersion: '0.2.0', lastCheckinAt: '2026-01-05T10:00:00.000Z' });
    expect(await h.store.devices.get(t, d.id)).toEqual(r.device);
    expect(r.commands.map((c) => [c.id, c.kind, c.payload, c.status])).toEqual([[pending.id, 'notify', { m: 'hi' }, 'delivered']]);
    expect(r.groupIds).toEqual([gDevice.id, gUser.id].sort());
    expect(JSON.parse(r.storedComplianceJson!)).toEqual({ state: 'compliant', x: 1 });
    expect(await h.store.commands.get(t, delivered.id)).toMatchObject({ status: 'succeeded', resultDetail: 'ok' });
    const [latest] = await h.store.posture.history(t, d.id);
    expect(latest).toMatchObject({ collectedAt: '2026-01-05T09:59:00.000Z', receivedAt: '2026-01-05T10:00:00.000Z', report: { facts: { a: 1 } } });

    expect(r.postureStored).toBe(true);
    expect(r.device.postureFingerprint).toBe('facts-a1');

    // Within the lease of the commands just handed out, nothing is offered twice.
    const again = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:01:00Z' }));
    expect(again.ok && again.commands).toEqual([]);
    // Same facts again: no second history row.
    expect((await h.store.posture.history(t, d.id)).length).toBe(1);
  });

  it('adds a posture history row only when the facts changed, and keeps last_checkin_at current either way', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    const report = (n: number) => ({ id: `p-${t}-${n}`, collectedAt: `2026-01-05T0${n}:00:00Z`, report: { facts: { n } } });
    const first = await h.store.checkins.record(t, write(d.id, serial, { posture: { ...report(1), fingerprint: 'one' }, at: '2026-01-05T01:00:01Z' }));
    const repeat = await h.store.checkins.record(t, write(d.id, serial, { posture: { ...report(2), fingerprint: 'one' }, at: '2026-01-05T02:00:01Z' }));
    expect([first.ok && first.postureStored, repeat.ok && repeat.postureStored]).toEqual([true, false]);
    expect((await h.store.devices.get(t, d.id))?.lastCheckinAt).toBe('2026-01-05T02:00:01.000Z');
    expect((await h.store.posture.history(t, d.id)).map((p) => p.id)).toEqual([`p-${t}-1`]);
    // Without an id, the store makes one for the row it writes.
    const { id: _unused, ...withoutId } = report(3);
    const changed = await h.store.checkins.record(t, write(d.id, serial, { posture: { ...withoutId, fingerprint: 'two' }, at: '2026-01-05T03:00:01Z' }));
    expect(changed.ok && changed.postureStored).toBe(true);
    const ids = (await h.store.posture.history(t, d.id)).map((p) => p.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(`p-${t}-1`);
    // Changing back is a change too (history shows every transition).
    await h.store.checkins.record(t, write(d.id, serial, { posture: { ...report(4), fingerprint: 'one' }, at: '2026-01-05T04:00:01Z' }));
    expect((await h.store.posture.history(t, d.id)).length).toBe(3);
    expect((await h.store.devices.get(t, d.id))?.postureFingerprint).toBe('one');
  });

  it('refuses unknown, foreign-tenant, revoked and retired access and writes nothing then', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    expect(await h.store.checkins.access(t, d.id, serial)).toBeNull();
    expect(await h.store.checkins.access(other, d.id, serial)).toBe('certificate-unknown');
    expect(await h.store.checkins.access(t, 'another-device', serial)).toBe('certificate-unknown');
    expect(await h.store.checkins.record(other, write(d.id, serial))).toEqual({ ok: false, reason: 'certificate-unknown' });
    // A superseded certificate (the device renewed) is refused: the renewed key replaced it.
    await h.store.certificates.supersedeOthers(t, d.id, 'NEWER');
    expect(await h.store.checkins.access(t, d.id, serial)).toBe('certificate-superseded');
    expect(await h.store.checkins.record(t, write(d.id, serial))).toEqual({ ok: false, reason: 'certificate-superseded' });
    await h.store.certificates.revoke(t, serial, '2026-01-05T00:00:00Z');
    expect(await h.store.checkins.access(t, d.id, serial)).toBe('certificate-revoked');
    expect(await h.store.checkins.record(t, write(d.id, serial))).toEqual({ ok: false, reason: 'certificate-revoked' });
    const b = await enrolled(h.store, t);
    await h.store.devices.setStatus(t, b.device.id, 'revoked');
    expect(await h.store.checkins.record(t, write(b.device.id, b.serial))).toEqual({ ok: false, reason: 'device-revoked' });
    const c = await enrolled(h.store, t);
    // Retiring revokes the certificates too: the device is still told it was retired, not revoked.
    await h.store.devices.setStatus(t, c.device.id, 'retired');
    await h.store.certificates.revokeAllForDevice(t, c.device.id, '2026-01-05T00:00:00Z');
    expect(await h.store.checkins.access(t, c.device.id, c.serial)).toBe('device-retired');
    expect(await h.store.checkins.record(t, write(c.device.id, c.serial))).toEqual({ ok: false, reason: 'device-retired' });
    expect(await h.store.posture.history(t, d.id)).toEqual([]);
    expect((await h.store.devices.get(t, d.id))?.lastCheckinAt).toBeNull();
  });

  it('joins the caller transaction and rolls back with it', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    await expect(h.store.transaction(async (tx) => {
      const r = await tx.checkins.record(t, write(d.id, serial));
      expect(r.ok).toBe(true);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await h.store.posture.history(t, d.id)).toEqual([]);
    expect((await h.store.devices.get(t, d.id))?.hostname).toBe('old-host');
  });

  it('records concurrent check-ins independently: a failing one does not undo the others', async () => {
    const t = await h.tenant();
    const a = await enrolled(h.store, t);
    const b = await enrolled(h.store, t);
    const postureId = `dup-${t}`;
    const results = await Promise.allSettled([
      h.store.checkins.record(t, write(a.device.id, a.serial, { posture: { id: postureId, collectedAt: '2026-01-05T09:59:00Z', report: {}, fingerprint: 'empty' } })),
      h.store.checkins.record(t, write(b.device.id, b.serial, { posture: { id: postureId, collectedAt: '2026-01-05T09:59:00Z', report: {}, fingerprint: 'empty' } })),
      h.store.checkins.record(t, write(b.device.id, b.serial)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The driver's error code survives (on SQLite it comes back from the writer thread).
    expect(isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect((await h.store.posture.history(t, a.device.id)).map((p) => p.id)).toEqual([postureId]);
    expect((await h.store.posture.history(t, b.device.id)).length).toBe(1);
    expect((await h.store.devices.get(t, b.device.id))?.hostname).toBe('new-host');
  });

  it('hands each pending command to exactly one of many concurrent check-ins', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    const queued = [];
    for (const kind of ['lock', 'notify', 'retire'] as const) queued.push((await h.store.commands.enqueue(t, { deviceId: d.id, kind })).command.id);
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => h.store.checkins.record(t, write(d.id, serial, { at: `2026-01-05T10:00:${String(i).padStart(2, '0')}Z` }))));
    const claimed = outcomes.flatMap((o) => (o.ok ? o.commands.map((c) => c.id) : []));
    expect(claimed.sort()).toEqual([...queued].sort());
  });

  it('stores the report text the caller already serialised', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    const report = { schemaVersion: 1, facts: { 'os.name': { state: 'known', value: 'Ubuntu' } } };
    const r = await h.store.checkins.record(t, write(d.id, serial, { posture: { collectedAt: '2026-01-05T09:59:00Z', report: null, reportJson: JSON.stringify(report), fingerprint: 'text' } }));
    expect(r.ok && r.postureStored).toBe(true);
    expect((await h.store.posture.history(t, d.id))[0]?.report).toEqual(report);
  });

  it('lets store transactions that read and then write run while check-ins commit', async () => {
    // On SQLite check-ins commit through a second connection; a transaction that read before such a
    // commit could not write after it unless it took the write lock up front.
    const t = await h.tenant();
    const devices = await Promise.all(Array.from({ length: 4 }, () => enrolled(h.store, t)));
    const checkins = Promise.all(Array.from({ length: 200 }, (_, i) => {
      const { device, serial } = devices[i % devices.length]!;
      return new Promise((resolve) => setTimeout(resolve, i % 20)).then(() => h.store.checkins.record(t, write(device.id, serial, { at: `2026-01-05T10:00:${String(i % 60).padStart(2, '0')}Z` })));
    }));
    const levels = ['low', 'medium', 'high'] as const;
    const edits = Promise.all(Array.from({ length: 30 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i % 15)).then(() => h.store.transaction(async (tx) => {
      const { device } = devices[i % devices.length]!;
      const current = await tx.devices.get(t, device.id);
      await new Promise((resolve) => setTimeout(resolve, 1));
      await tx.devices.setRiskLevel(t, device.id, levels[i % 3]!);
      return current?.id;
    }))));
    const [recorded, edited] = await Promise.all([checkins, edits]);
    expect(recorded.every((r) => r.ok)).toBe(true);
    expect(edited).toHaveLength(30);
  });

  // The writer thread's queue (SQLite); the server closes the store only after its last request.
  it.runIf(h.dialect === 'sqlite')(titled('writes the check-ins still queued for the writer thread when the store closes', h.dialect === 'sqlite' ? null : 'the check-in writer thread exists on SQLite only'), async () => {
    const config = h.freshConfig();
    const store = await openStore(config, { now: h.clock.now });
    const t = (await store.tenants.create({ name: 'Closing', domain: 'closing.example.test' })).id;
    const { device: d, serial } = await enrolled(store, t);
    const pending = Array.from({ length: 20 }, (_, i) => store.checkins.record(t, write(d.id, serial, { at: `2026-01-05T10:00:${String(i).padStart(2, '0')}Z`, posture: { collectedAt: '2026-01-05T09:59:00Z', report: { n: i }, fingerprint: `f${i}` } })));
    const closed = store.close();
    const outcomes = await Promise.all(pending);
    await closed;
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const reopened = await openStore(config, { now: h.clock.now });
    try {
      expect((await reopened.posture.history(t, d.id, { limit: 50 })).length).toBe(20);
    } finally {
      await reopened.close();
    }
  });

  it('offers a delivered command again once its lease ran out without a result (at least once), never within the lease', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    const lock = (await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'lock' })).command;
    const first = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:00:00Z', commandLeaseUntil: '2026-01-05T10:02:00.000Z' }));
    expect(first.ok && first.commands.map((c) => [c.id, c.deliveryCount])).toEqual([[lock.id, 1]]);
    // The answer was lost: the next check-in within the lease gets nothing, the one after it gets the lock again.
    const within = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:01:00Z', commandLeaseUntil: '2026-01-05T10:03:00.000Z' }));
    expect(within.ok && within.commands).toEqual([]);
    const after = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:02:00Z', commandLeaseUntil: '2026-01-05T10:04:00.000Z' }));
    expect(after.ok && after.commands.map((c) => [c.id, c.deliveryCount, c.deliveredAt])).toEqual([[lock.id, 2, '2026-01-05T10:00:00.000Z']]);
    // Its result ends the re-offers, and is reported back as acknowledged.
    const acked = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:10:00Z', commandLeaseUntil: '2026-01-05T10:12:00.000Z', commandResults: [{ commandId: lock.id, status: 'failed', detail: 'loginctl lock-sessions exited with code 1' }] }));
    expect(acked.ok && acked.acknowledged).toEqual([{ id: lock.id, kind: 'lock', status: 'failed' }]);
    expect(acked.ok && acked.commands).toEqual([]);
    expect(await h.store.commands.get(t, lock.id)).toMatchObject({ status: 'failed', resultDetail: 'loginctl lock-sessions exited with code 1', completedAt: '2026-01-05T10:10:00.000Z', leaseExpiresAt: null });
  });

  it('refuses the whole check-in for a result of a command the device never received, or a replayed result, writing nothing', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    const other = await enrolled(h.store, t, { displayName: 'other' });
    const queued = (await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'lock' })).command;
    const othersCommand = (await h.store.commands.enqueue(t, { deviceId: other.device.id, kind: 'lock' })).command;
    await h.store.checkins.record(t, write(other.device.id, other.serial));
    const before = await h.store.devices.get(t, d.id);
    const posture = { id: 'p-refused', collectedAt: '2026-01-05T09:59:00Z', report: { facts: { changed: true } }, fingerprint: 'changed' };
    for (const [commandId, reason] of [[queued.id, 'command-result-unknown'], [othersCommand.id, 'command-result-unknown'], ['no-such-command', 'command-result-unknown']] as const) {
      const r = await h.store.checkins.record(t, write(d.id, serial, { posture, commandResults: [{ commandId, status: 'succeeded', detail: null }] }));
      expect(r).toEqual({ ok: false, reason, index: 0, commandId });
    }
    // Nothing half-written: no posture row, device untouched, the never-delivered command still pending and not handed out.
    expect(await h.store.posture.history(t, d.id)).toEqual([]);
    expect(await h.store.devices.get(t, d.id)).toEqual(before);
    expect(await h.store.commands.get(t, queued.id)).toMatchObject({ status: 'pending', deliveryCount: 0 });
    expect(await h.store.commands.get(t, othersCommand.id)).toMatchObject({ status: 'delivered' });

    const delivered = await h.store.checkins.record(t, write(d.id, serial));
    expect(delivered.ok && delivered.commands.map((c) => c.id)).toEqual([queued.id]);
    const ok = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:05:00Z', commandResults: [{ commandId: queued.id, status: 'succeeded', detail: 'locked' }] }));
    expect(ok.ok).toBe(true);
    const lastCheckin = (await h.store.devices.get(t, d.id))?.lastCheckinAt;
    const replay = await h.store.checkins.record(t, write(d.id, serial, { at: '2026-01-05T10:06:00Z', commandResults: [{ commandId: queued.id, status: 'failed', detail: 'forged' }] }));
    expect(replay).toEqual({ ok: false, reason: 'command-result-replayed', index: 0, commandId: queued.id });
    const twice = await h.store.checkins.record(t, write(other.device.id, other.serial, { at: '2026-01-05T10:06:00Z', commandResults: [{ commandId: othersCommand.id, status: 'succeeded', detail: null }, { commandId: othersCommand.id, status: 'failed', detail: null }] }));
    expect(twice).toEqual({ ok: false, reason: 'command-result-replayed', index: 1, commandId: othersCommand.id });
    expect(await h.store.commands.get(t, queued.id)).toMatchObject({ status: 'succeeded', resultDetail: 'locked' });
    expect(await h.store.commands.get(t, othersCommand.id)).toMatchObject({ status: 'delivered' });
    expect((await h.store.devices.get(t, d.id))?.lastCheckinAt).toBe(lastCheckin);
  });

  it('does not take a report collected before the device\'s latest one as its posture; the check-in still counts', async () => {
    const t = await h.tenant();
    const { device: d, serial } = await enrolled(h.store, t);
    const newer = await h.store.checkins.record(t, write(d.id, serial, { posture: { id: 'p-new', collectedAt: '2026-01-05T09:00:00Z', report: { facts: { v: 2 } }, fingerprint: 'v2' }, inventory: { hostname: 'new-name' }, at: '2026-01-05T09:00:01Z' }));
    expect(newer.ok && newer.device.lastCollectedAt).toBe('2026-01-05T09:00:00.000Z');
    const older = await h.store.checkins.record(t, write(d.id, serial, { posture: { id: 'p-old', collectedAt: '2026-01-05T08:00:00Z', report: { facts: { v: 1 } }, fingerprint: 'v1' }, inventory: { hostname: 'old-name' }, at: '2026-01-05T09:05:00Z' }));
    expect(older.ok && older.postureStale).toBe(true);
    expect(older.ok && older.postureStored).toBe(false);
    expect((await h.store.posture.latest(t, d.id))?.id).toBe('p-new');
    expect(await h.store.devices.get(t, d.id)).toMatchObject({ hostname: 'new-name', postureFingerprint: 'v2', lastCollectedAt: '2026-01-05T09:00:00.000Z', lastCheckinAt: '2026-01-05T09:05:00.000Z' });
  });
});
