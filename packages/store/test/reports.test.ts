import { expect, it } from 'vitest';
import type { NewDevice } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

// Expected counts are written by hand from the rows each test inserts.
const device = (over: Partial<NewDevice>): NewDevice => ({ displayName: 'PC', platform: 'windows', ownership: 'corporate', joinType: 'joined', ...over });
const view = (settings: { setting: string; state: string; code: string }[]) => ({
  state: 'noncompliant', evaluatedAt: null, graceEndsAt: null, reasons: [],
  policies: [{ policyId: 'p1', displayName: 'P', state: 'noncompliant', notEvaluated: [], settings: settings.map((s) => ({ ...s, observed: null, expected: null, reason: 'r', remediation: 'fix' })) }],
});

describeEachDialect('dashboard reports', (h) => {
  it('counts devices by platform, ownership, compliance state and status, within the tenant and the scope', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    await h.store.devices.insertMany(t, [
      device({ platform: 'windows', complianceState: 'compliant', scopeTags: ['paris'] }),
      device({ platform: 'windows', complianceState: 'noncompliant', scopeTags: ['london'] }),
      device({ platform: 'linux', ownership: 'personal', joinType: 'registered', complianceState: 'noncompliant', scopeTags: ['paris', 'london'] }),
      device({ platform: 'linux', status: 'retired', scopeTags: [] }),
    ]);
    await h.store.devices.insertMany(other, [device({ platform: 'macos' })]);
    const all = await h.store.reports.deviceBreakdown({ tenantId: t });
    expect(all.reduce((n, r) => n + r.count, 0)).toBe(4);
    expect(all.filter((r) => r.platform === 'macos')).toEqual([]);
    const paris = await h.store.reports.deviceBreakdown({ tenantId: t, scopeTags: ['paris'] });
    expect(paris.map((r) => [r.platform, r.ownership, r.complianceState, r.status, r.count]).sort()).toEqual([
      ['linux', 'personal', 'noncompliant', 'active', 1], ['windows', 'corporate', 'compliant', 'active', 1],
    ]);
    expect(await h.store.reports.deviceBreakdown({ tenantId: t, scopeTags: [] })).toEqual([]);
  });

  it('counts active devices per failing setting from the stored results, and lists the devices behind one', async () => {
    const t = await h.tenant();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => h.store.devices.create(t, device({ displayName: n, complianceState: 'noncompliant', scopeTags: [n] }))));
    const fw = { setting: 'firewallEnabled', state: 'noncompliant', code: 'firewall-disabled' };
    const enc = { setting: 'bitLockerEnabled', state: 'noncompliant', code: 'bitlocker-off' };
    const ok = { setting: 'secureBootEnabled', state: 'compliant', code: 'ok' };
    await h.store.deviceCompliance.put(t, a!.id, 'noncompliant', view([fw, enc, ok]), h.clock.now());
    await h.store.deviceCompliance.put(t, b!.id, 'noncompliant', view([fw, ok]), h.clock.now());
    await h.store.deviceCompliance.put(t, c!.id, 'noncompliant', view([fw]), h.clock.now());
    // c is retired: its last result stays, but it no longer counts; a result stored for it later adds nothing.
    await h.store.devices.setStatus(t, c!.id, 'retired');
    await h.store.deviceCompliance.put(t, c!.id, 'noncompliant', view([fw]), h.clock.now());
    expect(await h.store.reports.failingSettings({ tenantId: t })).toEqual([
      { setting: 'firewallEnabled', code: 'firewall-disabled', devices: 2 }, { setting: 'bitLockerEnabled', code: 'bitlocker-off', devices: 1 },
    ]);
    expect(await h.store.reports.failingSettings({ tenantId: t, scopeTags: ['b'] })).toEqual([{ setting: 'firewallEnabled', code: 'firewall-disabled', devices: 1 }]);
    const behind = await h.store.reports.devicesFailingSetting({ tenantId: t }, 'firewallEnabled');
    expect(behind.map((d) => d.displayName)).toEqual(['a', 'b']);
    expect(await h.store.reports.devicesFailingSetting({ tenantId: t }, 'secureBootEnabled')).toEqual([]);
    // A new result without the failing setting removes the device from its count.
    await h.store.deviceCompliance.put(t, b!.id, 'compliant', view([ok]), h.clock.now());
    expect(await h.store.reports.failingSettings({ tenantId: t })).toEqual([
      { setting: 'bitLockerEnabled', code: 'bitlocker-off', devices: 1 }, { setting: 'firewallEnabled', code: 'firewall-disabled', devices: 1 },
    ]);
  });

  it('buckets last check-ins by hour and day and counts silent and never-seen active devices', async () => {
    const t = await h.tenant();
    await h.store.devices.insertMany(t, [
      device({ lastCheckinAt: '2026-03-10T11:05:00.000Z' }), device({ lastCheckinAt: '2026-03-10T11:59:59.999Z' }),
      device({ lastCheckinAt: '2026-03-10T09:00:00.000Z', status: 'revoked' }), device({ lastCheckinAt: '2026-03-01T00:00:00.000Z' }), device({ lastCheckinAt: null }),
    ]);
    const hours = await h.store.reports.lastCheckins({ tenantId: t }, '2026-03-09T12:00:00.000Z', 'hour');
    expect(hours.buckets).toEqual([{ bucket: '2026-03-10T09', key: 'revoked', count: 1 }, { bucket: '2026-03-10T11', key: 'active', count: 2 }]);
    expect({ before: hours.before, never: hours.never }).toEqual({ before: 1, never: 1 });
    const days = await h.store.reports.lastCheckins({ tenantId: t }, '2026-02-28T00:00:00.000Z', 'day');
    expect(days.buckets).toEqual([{ bucket: '2026-03-01', key: 'active', count: 1 }, { bucket: '2026-03-10', key: 'active', count: 2 }, { bucket: '2026-03-10', key: 'revoked', count: 1 }]);
  });

  it('counts sign-ins by bucket and result, a scoped admin only those of devices in scope', async () => {
    const t = await h.tenant();
    const inScope = await h.store.devices.create(t, device({ scopeTags: ['paris'] }));
    const add = (at: string, result: 'grant' | 'block', deviceId: string | null = null) => h.store.signIns.add(t, { at, result, deviceId, decision: {} });
    await add('2026-03-10T10:01:00.000Z', 'grant');
    await add('2026-03-10T10:30:00.000Z', 'block', inScope.id);
    await add('2026-03-10T11:00:00.000Z', 'grant', inScope.id);
    await add('2026-03-09T11:00:00.000Z', 'grant');
    expect(await h.store.reports.signIns({ tenantId: t }, '2026-03-10T00:00:00.000Z', 'hour')).toEqual([
      { bucket: '2026-03-10T10', key: 'block', count: 1 }, { bucket: '2026-03-10T10', key: 'grant', count: 1 }, { bucket: '2026-03-10T11', key: 'grant', count: 1 },
    ]);
    expect(await h.store.reports.signIns({ tenantId: t, scopeTags: ['paris'] }, '2026-03-01T00:00:00.000Z', 'day')).toEqual([
      { bucket: '2026-03-10', key: 'block', count: 1 }, { bucket: '2026-03-10', key: 'grant', count: 1 },
    ]);
  });

  it('counts open jobs of the given kinds by kind and status', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, device({ scopeTags: ['x'] }));
    await h.store.jobs.schedule(t, { kind: 'compliance.notification', payload: {}, runAt: h.clock.now(), deviceId: d.id });
    await h.store.jobs.schedule(t, { kind: 'compliance.notification', payload: {}, runAt: h.clock.now(), deviceId: d.id });
    await h.store.jobs.schedule(t, { kind: 'other.kind', payload: {}, runAt: h.clock.now() });
    expect(await h.store.reports.openJobs({ tenantId: t }, ['compliance.notification', 'compliance.block'])).toEqual([{ kind: 'compliance.notification', status: 'pending', count: 2 }]);
    expect(await h.store.reports.openJobs({ tenantId: t, scopeTags: ['y'] }, ['compliance.notification'])).toEqual([]);
  });
});
