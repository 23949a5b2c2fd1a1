import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

describe('groups with static members and dynamic rules', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  const members = async (groupId: string) =>
    (await s.call('GET', `/api/v1/groups/${groupId}/members`, { token: t.adminToken })).body.items.map((m: { memberId: string }) => m.memberId).sort();

  it('a dynamic device group follows enrollment and check-ins', async () => {
    const g = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: {
      displayName: 'Corporate Linux 24', memberKind: 'device', membershipType: 'dynamic',
      membershipRule: 'device.platform -eq "linux" -and device.ownership -eq "corporate" -and device.osVersion -startsWith "24."',
    } });
    expect(g.status).toBe(201);
    const token = await enrollmentToken(s, t.adminToken);
    const linux = await s.enrollDevice(token, { hostname: 'l1', platform: 'linux' });
    const mac = await s.enrollDevice(token, { hostname: 'm1', platform: 'macos' });
    expect(await members(g.body.id)).toEqual([]);
    // The check-in reports 24.04: the device now matches the rule.
    const k = (value: string) => ({ state: 'known', value, source: 'test' });
    await s.call('POST', '/api/v1/device/checkin', { device: linux, body: { report: linuxReport({ 'os.version': k('24.04') }) } });
    await s.call('POST', '/api/v1/device/checkin', { device: mac, body: { report: { ...linuxReport({ 'os.version': k('24.04') }), platform: 'macos' } } });
    expect(await members(g.body.id)).toEqual([linux.deviceId]);
    // And leaves it when it no longer does.
    await s.call('POST', '/api/v1/device/checkin', { device: linux, body: { report: linuxReport({ 'os.version': k('22.04') }) } });
    expect(await members(g.body.id)).toEqual([]);
  });

  it('a dynamic user group is recomputed when its rule changes', async () => {
    for (const [upn, dept] of [['ann', 'Sales'], ['ben', 'Engineering'], ['cat', 'sales']]) {
      await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `${upn}@${t.domain}`, displayName: upn, department: dept } });
    }
    const g = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'Sales', memberKind: 'user', membershipType: 'dynamic', membershipRule: 'user.department -eq "Sales"' } });
    const users = (await s.call('GET', '/api/v1/users', { token: t.adminToken })).body.items as { id: string; userPrincipalName: string }[];
    const id = (n: string) => users.find((u) => u.userPrincipalName.startsWith(`${n}@`))!.id;
    expect(await members(g.body.id)).toEqual([id('ann'), id('cat')].sort()); // string comparison is case-insensitive, as in Entra
    await s.call('PATCH', `/api/v1/groups/${g.body.id}`, { token: t.adminToken, body: { membershipRule: 'user.department -eq "Engineering"' } });
    expect(await members(g.body.id)).toEqual([id('ben')]);
    // Static membership calls are refused on dynamic groups.
    expect((await s.call('PUT', `/api/v1/groups/${g.body.id}/members/${id('ann')}`, { token: t.adminToken })).status).toBe(409);
  });

  it('static members can be added and removed, and both changes are audited', async () => {
    const g = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'Pilot', memberKind: 'device' } });
    const token = await enrollmentToken(s, t.adminToken);
    const d = await s.enrollDevice(token, { hostname: 'p1' });
    expect((await s.call('PUT', `/api/v1/groups/${g.body.id}/members/${d.deviceId}`, { token: t.adminToken })).status).toBe(204);
    expect(await members(g.body.id)).toEqual([d.deviceId]);
    expect((await s.call('DELETE', `/api/v1/groups/${g.body.id}/members/${d.deviceId}`, { token: t.adminToken })).status).toBe(204);
    expect(await members(g.body.id)).toEqual([]);
    const audit = (await s.call('GET', '/api/v1/audit?limit=500', { token: t.adminToken })).body.items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['group.member.add', 'group.member.remove']));
  });
});
