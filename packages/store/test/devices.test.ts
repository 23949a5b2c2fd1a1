import fc from 'fast-check';
import { expect, it } from 'vitest';
import { STORE_ERROR_CODES, type Device, type DeviceSortKey, type NewDevice, type Store } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

const base = (over: Partial<NewDevice> = {}): NewDevice => ({ displayName: 'PC', platform: 'windows', ownership: 'corporate', joinType: 'joined', ...over });

/** Walks every page of a keyset listing. */
async function allPages(store: Store, tenantId: string, query: Parameters<Store['devices']['list']>[1]): Promise<Device[]> {
  const out: Device[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await store.devices.list(tenantId, { ...query, cursor });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describeEachDialect('devices', (h) => {
  it('creates, gets, updates, sets status and risk, finds by serial', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base({ displayName: 'LAPTOP-1', serialNumber: 'SN1', scopeTags: ['emea'], extensionAttributes: { a1: 'x' } }));
    expect(d).toMatchObject({ status: 'active', complianceState: 'unknown', riskLevel: 'none', noncompliantSince: null, lastCheckinAt: null, enrolledAt: d.createdAt });
    expect(await h.store.devices.get(t, d.id)).toEqual(d);
    expect((await h.store.devices.findBySerialNumber(t, 'SN1'))?.id).toBe(d.id);
    expect(await h.store.devices.update(t, d.id, { displayName: 'LAPTOP-2', scopeTags: ['apac'] })).toMatchObject({ displayName: 'LAPTOP-2', scopeTags: ['apac'] });
    expect((await h.store.devices.setStatus(t, d.id, 'revoked'))?.status).toBe('revoked');
    expect((await h.store.devices.setRiskLevel(t, d.id, 'high'))?.riskLevel).toBe('high');
    await expect(h.store.devices.create(t, base({ id: d.id }))).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
  });

  it('keeps the admin-set category and extension attributes (set, change, clear)', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base({ category: 'Kiosk' }));
    expect(d.category).toBe('Kiosk');
    expect(await h.store.devices.update(t, d.id, { category: 'SAW', extensionAttributes: { extensionAttribute1: 'SAW' } })).toMatchObject({ category: 'SAW', extensionAttributes: { extensionAttribute1: 'SAW' } });
    expect((await h.store.devices.update(t, d.id, { category: null }))?.category).toBeNull();
    expect((await h.store.devices.list(t, {})).items[0]).toMatchObject({ category: null, extensionAttributes: { extensionAttribute1: 'SAW' } });
  });

  it('records check-ins and tracks noncompliant_since from the first noncompliant evaluation', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base());
    const c = await h.store.devices.recordCheckin(t, d.id, { osVersion: '10.0.22631', agentVersion: '0.1.0', hostname: 'pc1' }, '2026-01-05T10:00:00Z');
    expect(c).toMatchObject({ osVersion: '10.0.22631', agentVersion: '0.1.0', hostname: 'pc1', lastCheckinAt: '2026-01-05T10:00:00.000Z' });
    expect(await h.store.devices.recordCheckin(t, 'missing', {}, '2026-01-05T10:00:00Z')).toBeUndefined();
    await h.store.devices.setComplianceState(t, d.id, 'noncompliant', '2026-01-06T00:00:00Z');
    const again = await h.store.devices.setComplianceState(t, d.id, 'noncompliant', '2026-01-07T00:00:00Z');
    expect(again).toMatchObject({ complianceState: 'noncompliant', noncompliantSince: '2026-01-06T00:00:00.000Z' });
    expect(await h.store.devices.setComplianceState(t, d.id, 'compliant', '2026-01-08T00:00:00Z')).toMatchObject({ noncompliantSince: null });
  });

  it('keeps the noncompliance episode start through the grace period', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base());
    await h.store.devices.setComplianceState(t, d.id, 'inGracePeriod', '2026-01-06T00:00:00Z');
    expect(await h.store.devices.setComplianceState(t, d.id, 'noncompliant', '2026-01-09T00:00:00Z'))
      .toMatchObject({ complianceState: 'noncompliant', noncompliantSince: '2026-01-06T00:00:00.000Z' });
    expect(await h.store.devices.setComplianceState(t, d.id, 'unknown', '2026-01-10T00:00:00Z')).toMatchObject({ noncompliantSince: null });
  });

  it('filters devices by primary user', async () => {
    const t = await h.tenant();
    const mine = await h.store.devices.create(t, base({ displayName: 'mine', primaryUserId: 'u1' }));
    await h.store.devices.create(t, base({ displayName: 'theirs', primaryUserId: 'u2' }));
    await h.store.devices.create(t, base({ displayName: 'nobody' }));
    expect((await h.store.devices.list(t, { primaryUserId: 'u1' })).items.map((d) => d.id)).toEqual([mine.id]);
    expect(await h.store.devices.count(t, { primaryUserId: 'u1' })).toBe(1);
  });

  it('lists stale devices (never-seen ones count from enrolment)', async () => {
    const t = await h.tenant();
    const seen = await h.store.devices.create(t, base({ displayName: 'seen', enrolledAt: '2025-01-01T00:00:00Z', lastCheckinAt: '2025-06-01T00:00:00Z' }));
    const never = await h.store.devices.create(t, base({ displayName: 'never', enrolledAt: '2025-03-01T00:00:00Z' }));
    await h.store.devices.create(t, base({ displayName: 'fresh', enrolledAt: '2025-01-01T00:00:00Z', lastCheckinAt: '2025-12-30T00:00:00Z' }));
    await h.store.devices.create(t, base({ displayName: 'retired', status: 'retired', enrolledAt: '2025-01-01T00:00:00Z' }));
    expect((await h.store.devices.staleDevices(t, '2025-12-01T00:00:00Z')).map((d) => d.id)).toEqual([never.id, seen.id]);
  });

  it('filters, sorts (with stable id tiebreak) and pages by keyset and offset identically', async () => {
    const t = await h.tenant();
    const g = await h.store.groups.create(t, { displayName: 'G', memberKind: 'device' });
    const rows: NewDevice[] = [];
    for (let i = 0; i < 37; i++) {
      rows.push(base({
        id: `dev-${String(i).padStart(3, '0')}`, displayName: `PC-${i % 5}`, platform: i % 3 === 0 ? 'macos' : 'windows',
        ownership: i % 4 === 0 ? 'personal' : 'corporate', joinType: i % 2 ? 'joined' : 'registered', status: i % 7 === 0 ? 'retired' : 'active',
        osVersion: i % 6 === 0 ? null : `10.${i % 4}.${i}`, complianceState: i % 2 ? 'compliant' : 'noncompliant', hostname: `host${i}.corp`,
        serialNumber: `SER${i}`, scopeTags: i % 5 === 0 ? ['emea'] : i % 5 === 1 ? ['apac', 'amer'] : [],
        enrolledAt: new Date(Date.UTC(2025, 0, 1 + (i % 9))).toISOString(), lastCheckinAt: i % 8 === 0 ? null : new Date(Date.UTC(2025, 5, 1 + (i % 11))).toISOString(),
      }));
    }
    expect(await h.store.devices.insertMany(t, rows)).toBe(37);
    await h.store.groups.addMembers(t, g.id, ['dev-001', 'dev-002', 'dev-010']);
    const all = (await h.store.devices.list(t, { limit: 500 })).items;
    expect(all.length).toBe(37);

    const keyOf: Record<DeviceSortKey, (d: Device) => string> = {
      displayName: (d) => d.displayName, lastCheckinAt: (d) => d.lastCheckinAt ?? '', enrolledAt: (d) => d.enrolledAt,
      osVersion: (d) => d.osVersion ?? '', platform: (d) => d.platform,
    };
    for (const sort of Object.keys(keyOf) as DeviceSortKey[]) {
      for (const order of ['asc', 'desc'] as const) {
        const sign = order === 'asc' ? 1 : -1;
        const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const expected = [...all].sort((a, b) => sign * (cmp(keyOf[sort](a), keyOf[sort](b)) || cmp(a.id, b.id))).map((d) => d.id);
        expect((await allPages(h.store, t, { sort, order, limit: 7 })).map((d) => d.id)).toEqual(expected);
        const byOffset = await h.store.devices.list(t, { sort, order, limit: 7, offset: 14 });
        expect(byOffset.items.map((d) => d.id)).toEqual(expected.slice(14, 21));
      }
    }

    const ids = async (q: Parameters<Store['devices']['list']>[1]) => (await allPages(h.store, t, { ...q, limit: 5 })).map((d) => d.id).sort();
    const expectIds = (pred: (d: Device) => boolean) => all.filter(pred).map((d) => d.id).sort();
    expect(await ids({ platform: 'macos' })).toEqual(expectIds((d) => d.platform === 'macos'));
    expect(await ids({ ownership: 'personal', joinType: 'registered' })).toEqual(expectIds((d) => d.ownership === 'personal' && d.joinType === 'registered'));
    expect(await ids({ status: 'retired' })).toEqual(expectIds((d) => d.status === 'retired'));
    expect(await ids({ complianceState: 'compliant' })).toEqual(expectIds((d) => d.complianceState === 'compliant'));
    expect(await ids({ osVersionPrefix: '10.1.' })).toEqual(expectIds((d) => (d.osVersion ?? '').startsWith('10.1.')));
    expect(await ids({ groupId: g.id })).toEqual(['dev-001', 'dev-002', 'dev-010']);
    expect(await ids({ scopeTags: ['emea', 'amer'] })).toEqual(expectIds((d) => d.scopeTags.includes('emea') || d.scopeTags.includes('amer')));
    expect(await ids({ scopeTags: [] })).toEqual([]);
    expect(await ids({ lastCheckinBefore: '2025-06-05T00:00:00Z' })).toEqual(expectIds((d) => d.lastCheckinAt !== null && d.lastCheckinAt < '2025-06-05T00:00:00.000Z'));
    expect(await ids({ lastCheckinAfter: '2025-06-05T00:00:00Z' })).toEqual(expectIds((d) => d.lastCheckinAt !== null && d.lastCheckinAt > '2025-06-05T00:00:00.000Z'));
    expect(await ids({ search: 'HOST12.' })).toEqual(['dev-012']);
    expect(await ids({ search: 'ser3' })).toEqual(expectIds((d) => d.serialNumber!.startsWith('SER3')));
    expect(await ids({ search: 'pc-4' })).toEqual(expectIds((d) => d.displayName === 'PC-4'));
    expect(await h.store.devices.count(t, { platform: 'macos', status: 'active' })).toBe(all.filter((d) => d.platform === 'macos' && d.status === 'active').length);
    expect(await h.store.devices.count(t)).toBe(37);
  });

  it('rejects bad paging: limit over 500, foreign cursors, a cursor for another sort, and fuzzed cursors', async () => {
    const t = await h.tenant();
    await h.store.devices.insertMany(t, [base({ displayName: 'a' }), base({ displayName: 'b' })]);
    await expect(h.store.devices.list(t, { limit: 501 })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidQuery, status: 400 });
    await expect(h.store.devices.list(t, { sort: 'nope' as DeviceSortKey })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidQuery, details: [{ path: '$.sort' }] });
    const page = await h.store.devices.list(t, { limit: 1 });
    expect(page.nextCursor).toBeTypeOf('string');
    await expect(h.store.devices.list(t, { limit: 1, sort: 'platform', cursor: page.nextCursor! })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidCursor, details: [{ path: '$.cursor' }] });
    await expect(h.store.devices.list(t, { cursor: page.nextCursor!, offset: 1 })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidQuery });
    const nul = Buffer.from(JSON.stringify({ k: 'displayName', d: 'asc', v: 'a\u0000', i: 'x' })).toString('base64url');
    await expect(h.store.devices.list(t, { cursor: nul })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidCursor });
    const forged = fc.record({ k: fc.constantFrom('displayName', 'platform'), d: fc.constantFrom('asc', 'desc'), v: fc.string({ unit: 'binary' }), i: fc.string({ unit: 'binary', minLength: 1 }) })
      .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url'));
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.base64String(), fc.json().map((j) => Buffer.from(j).toString('base64url')), forged), async (cursor) => {
      try {
        await h.store.devices.list(t, { cursor, limit: 1 });
      } catch (error) {
        expect(error).toMatchObject({ code: STORE_ERROR_CODES.invalidCursor, status: 400 });
      }
    }), { numRuns: 60 });
  });

  it('hard delete cascades posture, certificates, compliance, commands, memberships and open jobs', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base());
    const g = await h.store.groups.create(t, { displayName: 'G', memberKind: 'device' });
    await h.store.groups.addMembers(t, g.id, [d.id]);
    await h.store.posture.add(t, { deviceId: d.id, collectedAt: '2026-01-01T00:00:00Z', report: { ok: true } });
    await h.store.certificates.add(t, { serial: `${t}-c1`, deviceId: d.id, fingerprint256: 'ff', notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', certPem: 'PEM' });
    await h.store.deviceCompliance.put(t, d.id, 'compliant', { settings: [] }, '2026-01-01T00:00:00Z');
    await h.store.commands.enqueue(t, { deviceId: d.id, kind: 'lock' });
    const { job } = await h.store.jobs.schedule(t, { kind: 'notify', payload: {}, runAt: '2026-01-02T00:00:00Z', deviceId: d.id });
    expect(await h.store.devices.delete(t, d.id)).toBe(true);
    expect(await h.store.devices.delete(t, d.id)).toBe(false);
    expect(await h.store.posture.latest(t, d.id)).toBeUndefined();
    expect(await h.store.certificates.findBySerial(`${t}-c1`)).toBeUndefined();
    expect(await h.store.deviceCompliance.get(t, d.id)).toBeUndefined();
    expect(await h.store.commands.listForDevice(t, d.id)).toEqual([]);
    expect(await h.store.groups.groupsOfMember(t, d.id)).toEqual([]);
    expect((await h.store.jobs.get(t, job.id))?.status).toBe('cancelled');
  });

  it('certificates: add, findBySerial (cross-tenant), list, supersede, revoke', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base());
    const cert = (serial: string, issuedAt: string) => ({ serial, deviceId: d.id, fingerprint256: `fp-${serial}`, notBefore: issuedAt, notAfter: '2027-01-01T00:00:00Z', issuedAt, certPem: '-----BEGIN CERTIFICATE-----' });
    await h.store.certificates.add(t, cert(`${t}-1`, '2026-01-01T00:00:00Z'));
    await h.store.certificates.add(t, cert(`${t}-2`, '2026-02-01T00:00:00Z'));
    await expect(h.store.certificates.add(t, cert(`${t}-2`, '2026-02-01T00:00:00Z'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
    expect(await h.store.certificates.findBySerial(`${t}-1`)).toMatchObject({ tenantId: t, deviceId: d.id, status: 'active' });
    expect(await h.store.certificates.supersedeOthers(t, d.id, `${t}-2`)).toBe(1);
    expect((await h.store.certificates.listForDevice(t, d.id)).map((c) => [c.serial, c.status])).toEqual([[`${t}-2`, 'active'], [`${t}-1`, 'superseded']]);
    expect(await h.store.certificates.revoke(t, `${t}-2`, '2026-03-01T00:00:00Z')).toBe(true);
    expect(await h.store.certificates.revokeAllForDevice(t, d.id, '2026-03-01T00:00:00Z')).toBe(1);
    expect((await h.store.certificates.get(t, `${t}-1`))).toMatchObject({ status: 'revoked', revokedAt: '2026-03-01T00:00:00.000Z' });
  });

  it('posture: add, latest, history with before, prune keeps the newest per device', async () => {
    const t = await h.tenant();
    const d1 = await h.store.devices.create(t, base());
    const d2 = await h.store.devices.create(t, base());
    for (let i = 1; i <= 5; i++) {
      for (const d of [d1, d2]) await h.store.posture.add(t, { deviceId: d.id, collectedAt: `2026-01-0${i}T00:00:00Z`, receivedAt: `2026-01-0${i}T00:00:01Z`, report: { i } });
    }
    expect((await h.store.posture.latest<{ i: number }>(t, d1.id))?.report).toEqual({ i: 5 });
    expect((await h.store.posture.history<{ i: number }>(t, d1.id, { limit: 2 })).map((r) => r.report.i)).toEqual([5, 4]);
    expect((await h.store.posture.history<{ i: number }>(t, d1.id, { before: '2026-01-03T00:00:01Z' })).map((r) => r.report.i)).toEqual([2, 1]);
    expect(await h.store.posture.prune(t, 2)).toBe(6);
    expect((await h.store.posture.history<{ i: number }>(t, d2.id)).map((r) => r.report.i)).toEqual([5, 4]);
  });

  it('bulk reads for re-evaluation: latest posture and group ids of many devices, tenant-filtered', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    const d1 = await h.store.devices.create(t, base());
    const d2 = await h.store.devices.create(t, base());
    const d3 = await h.store.devices.create(t, base());
    for (let i = 1; i <= 3; i++) await h.store.posture.add(t, { deviceId: d1.id, collectedAt: `2026-01-0${i}T00:00:00Z`, receivedAt: `2026-01-0${i}T00:00:01Z`, report: { i } });
    await h.store.posture.add(t, { deviceId: d2.id, collectedAt: '2026-01-01T00:00:00Z', report: { i: 9 } });
    const latest = await h.store.posture.latestForDevices<{ i: number }>(t, [d1.id, d2.id, d3.id]);
    expect([...latest.entries()].map(([id, r]) => [id, r.report.i]).sort()).toEqual([[d1.id, 3], [d2.id, 9]].sort());
    expect((await h.store.posture.latestForDevices(other, [d1.id])).size).toBe(0);
    expect((await h.store.posture.latestForDevices(t, [])).size).toBe(0);
    const g1 = await h.store.groups.create(t, { displayName: 'a', memberKind: 'device' });
    const g2 = await h.store.groups.create(t, { displayName: 'b', memberKind: 'device' });
    await h.store.groups.addMembers(t, g1.id, [d1.id, d2.id]);
    await h.store.groups.addMembers(t, g2.id, [d1.id]);
    const groups = await h.store.groups.groupsOfMembers(t, [d1.id, d2.id, d3.id]);
    expect(groups.get(d1.id)).toEqual([g1.id, g2.id].sort());
    expect(groups.get(d2.id)).toEqual([g1.id]);
    expect(groups.has(d3.id)).toBe(false);
    expect((await h.store.groups.groupsOfMembers(other, [d1.id])).size).toBe(0);
  });

  it('device compliance: putMany inserts and replaces in bulk', async () => {
    const t = await h.tenant();
    const ds = await Promise.all([1, 2, 3].map(() => h.store.devices.create(t, base())));
    await h.store.deviceCompliance.put(t, ds[0]!.id, 'compliant', { v: 0 }, '2026-01-01T00:00:00Z');
    expect(await h.store.deviceCompliance.putMany(t, ds.map((d, i) => ({ deviceId: d.id, state: i ? 'noncompliant' : 'inGracePeriod', result: { v: i + 1 } })), '2026-01-02T00:00:00Z')).toBe(3);
    expect(await h.store.deviceCompliance.get(t, ds[0]!.id)).toMatchObject({ state: 'inGracePeriod', result: { v: 1 }, evaluatedAt: '2026-01-02T00:00:00.000Z' });
    expect(await h.store.deviceCompliance.get(t, ds[2]!.id)).toMatchObject({ state: 'noncompliant', result: { v: 3 } });
    expect(await h.store.deviceCompliance.putMany(t, [], '2026-01-02T00:00:00Z')).toBe(0);
  });

  it('device compliance: put replaces, get, delete', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, base());
    await h.store.deviceCompliance.put(t, d.id, 'noncompliant', { failed: ['osMinimumVersion'] }, '2026-01-01T00:00:00Z');
    await h.store.deviceCompliance.put(t, d.id, 'compliant', { failed: [] }, '2026-01-02T00:00:00Z');
    expect(await h.store.deviceCompliance.get(t, d.id)).toEqual({ tenantId: t, deviceId: d.id, state: 'compliant', result: { failed: [] }, evaluatedAt: '2026-01-02T00:00:00.000Z' });
    expect(await h.store.deviceCompliance.delete(t, d.id)).toBe(true);
    expect(await h.store.deviceCompliance.get(t, d.id)).toBeUndefined();
  });

  it('insertMany rolls back entirely when one row conflicts', async () => {
    const t = await h.tenant();
    const rows = Array.from({ length: 1500 }, (_, i) => base({ id: `bulk-${i}` }));
    rows.push(base({ id: 'bulk-3' }));
    await expect(h.store.devices.insertMany(t, rows)).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
    expect(await h.store.devices.count(t)).toBe(0);
  });

  it('insertMany joins the caller transaction and rolls back with it', async () => {
    const t = await h.tenant();
    await expect(h.store.transaction(async (tx) => {
      await tx.devices.insertMany(t, Array.from({ length: 50 }, (_, i) => base({ displayName: `tx-${i}` })));
      expect(await tx.devices.count(t)).toBe(50);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await h.store.devices.count(t)).toBe(0);
    await h.store.transaction((tx) => tx.devices.insertMany(t, [base()]));
    expect(await h.store.devices.count(t)).toBe(1);
  });
});
