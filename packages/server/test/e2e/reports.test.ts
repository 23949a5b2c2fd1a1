import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { linuxPolicy } from './compliance-fixtures.js';

// Expected counts below are written by hand from the seeded rows, not computed by the code under test.
const NOW = new Date('2026-03-10T12:30:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

describe('dashboard reports', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let scopedToken: string;

  beforeAll(async () => {
    s = await TestServer.start();
    s.setNow(NOW);
    t = await s.tenant();
    const store = s.server.ctx.store;
    await store.devices.insertMany(t.tenantId, [
      { displayName: 'w1', platform: 'windows', ownership: 'corporate', joinType: 'joined', complianceState: 'compliant', scopeTags: ['paris'], lastCheckinAt: hoursAgo(1) },
      { displayName: 'w2', platform: 'windows', ownership: 'corporate', joinType: 'joined', complianceState: 'noncompliant', scopeTags: ['london'], lastCheckinAt: hoursAgo(1) },
      { displayName: 'm1', platform: 'macos', ownership: 'personal', joinType: 'registered', complianceState: 'compliant', scopeTags: ['paris'], lastCheckinAt: hoursAgo(30) },
      { displayName: 'l1', platform: 'linux', ownership: 'corporate', joinType: 'joined', complianceState: 'inGracePeriod', scopeTags: [], lastCheckinAt: null },
      { displayName: 'r1', platform: 'linux', ownership: 'corporate', joinType: 'joined', status: 'retired', complianceState: 'noncompliant', scopeTags: ['paris'], lastCheckinAt: hoursAgo(2) },
      { displayName: 'old', platform: 'windows', ownership: 'corporate', joinType: 'joined', complianceState: 'compliant', scopeTags: ['paris'], lastCheckinAt: hoursAgo(24 * 40) },
    ]);
    const token = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'paris readers', role: 'readOnly', scopeTags: ['paris'] } });
    scopedToken = token.body.token;
  });
  afterAll(async () => s.close());

  it('counts devices by status, and active devices by platform, ownership and compliance state', async () => {
    const r = await s.call('GET', '/api/v1/reports/devices', { token: t.adminToken });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      total: 6, active: 5,
      byStatus: [{ key: 'active', count: 5 }, { key: 'retired', count: 1 }],
      byPlatform: [{ key: 'windows', count: 3 }, { key: 'linux', count: 1 }, { key: 'macos', count: 1 }],
      byOwnership: [{ key: 'corporate', count: 4 }, { key: 'personal', count: 1 }],
      byComplianceState: [{ key: 'compliant', count: 3 }, { key: 'inGracePeriod', count: 1 }, { key: 'noncompliant', count: 1 }],
    });
  });

  it('counts only the devices in a scoped admin\'s scope tags', async () => {
    const r = await s.call('GET', '/api/v1/reports/devices', { token: scopedToken });
    expect(r.body).toMatchObject({ total: 4, active: 3, byPlatform: [{ key: 'windows', count: 2 }, { key: 'macos', count: 1 }] });
  });

  it('buckets devices by the hour of their last check-in and counts the silent and the never seen', async () => {
    const r = await s.call('GET', '/api/v1/reports/checkins?range=24h', { token: t.adminToken });
    expect(r.status).toBe(200);
    expect(r.body.bucket).toBe('hour');
    expect(r.body.points).toHaveLength(25);
    expect(r.body.points.at(-1)).toEqual({ bucket: '2026-03-10T12', active: 0, revoked: 0, retired: 0 });
    expect(r.body.points.find((p: { bucket: string }) => p.bucket === '2026-03-10T11')).toEqual({ bucket: '2026-03-10T11', active: 2, revoked: 0, retired: 0 });
    expect(r.body.points.find((p: { bucket: string }) => p.bucket === '2026-03-10T10')).toEqual({ bucket: '2026-03-10T10', active: 0, revoked: 0, retired: 1 });
    // m1 (30 h ago) and old (40 days ago) are silent for this range; l1 never checked in.
    expect(r.body).toMatchObject({ silentSince: 2, neverCheckedIn: 1 });
    const week = await s.call('GET', '/api/v1/reports/checkins?range=7d', { token: t.adminToken });
    expect(week.body.points).toHaveLength(8);
    expect(week.body.points.find((p: { bucket: string }) => p.bucket === '2026-03-09')).toMatchObject({ active: 1 });
    expect(week.body).toMatchObject({ bucket: 'day', silentSince: 1, neverCheckedIn: 1 });
  });

  it('rejects an unknown range with the query path', async () => {
    const r = await s.call('GET', '/api/v1/reports/checkins?range=1y', { token: t.adminToken });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VERITY_REQUEST_INVALID');
    expect(r.body.errors[0].path).toBe('$query.range');
  });

  it('needs signins.read for the sign-in chart and answers 401 without a token', async () => {
    expect((await s.call('GET', '/api/v1/reports/devices')).status).toBe(401);
    const helpdesk = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'enroll only', role: 'helpdeskOperator' } });
    expect((await s.call('GET', '/api/v1/reports/sign-ins', { token: helpdesk.body.token })).status).toBe(200);
  });
});

describe('dashboard reports from real check-ins and sign-ins', () => {
  let s: TestServer;
  let t: TenantBootstrap;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    const policy = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy([{ actionType: 'block', gracePeriodHours: 0 }, { actionType: 'notification', gracePeriodHours: 48 }]) });
    await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    const enroll = await enrollmentToken(s, t.adminToken);
    const off = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };
    for (const [name, facts] of [['fw-off-1', off], ['fw-off-2', off], ['good', {}]] as const) {
      const device = await s.enrollDevice(enroll, { hostname: name });
      const checkin = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(facts) } });
      expect(checkin.status).toBe(200);
    }
  });
  afterAll(async () => s.close());

  it('counts noncompliant devices per failing setting and lists the devices behind a bar', async () => {
    const r = await s.call('GET', '/api/v1/reports/noncompliant-settings', { token: t.adminToken });
    expect(r.status).toBe(200);
    const firewall = r.body.items.find((i: { code: string }) => i.code === 'firewall-disabled');
    expect(firewall.devices).toBe(2);
    const list = await s.call('GET', `/api/v1/reports/noncompliant-settings/devices?setting=${encodeURIComponent(firewall.setting)}`, { token: t.adminToken });
    expect(list.body.items.map((d: { displayName: string }) => d.displayName)).toEqual(['fw-off-1', 'fw-off-2']);
  });

  it('counts pending noncompliance actions per action type', async () => {
    const r = await s.call('GET', '/api/v1/reports/noncompliance-actions', { token: t.adminToken });
    expect(r.body.items.find((i: { actionType: string }) => i.actionType === 'notification')).toEqual({ actionType: 'notification', pending: 2, running: 0, failed: 0 });
  });

  it('counts sign-ins granted and blocked in the current hour', async () => {
    const users = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `ada@${t.domain}`, displayName: 'Ada' } });
    await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: {
      displayName: 'Block Ada', state: 'enabled',
      conditions: { users: { includeUsers: [users.body.id] }, applications: { includeApplications: ['app-blocked'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    } });
    for (const appId of ['app-blocked', 'app-open', 'app-open']) {
      const d = await s.call('POST', '/api/v1/access/decide', { token: t.adminToken, body: { user: users.body.id, appId } });
      expect(d.status).toBe(200);
    }
    const r = await s.call('GET', '/api/v1/reports/sign-ins?range=24h', { token: t.adminToken });
    const current = r.body.points.at(-1);
    expect(current).toMatchObject({ grant: 2, block: 1, controlsRequired: 0 });
  });
});
