import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { FIXTURE_IDS, loadAccessFixtures } from '../../../core/test/fixtures/graph/access/load-fixtures.js';

const fixtures = loadAccessFixtures();
const P = '/api/v1/conditional-access/policies';
const WHAT_IF = '/api/v1/conditional-access/what-if';
const CRM = 'c0ffee00-0000-4000-8000-00000000c7a1';

/** A Graph policy for one app: every user except the break-glass account must use a compliant device. */
function compliantDeviceForCrm(extra: Record<string, unknown> = {}) {
  return {
    id: 'crm-compliant-device', displayName: 'CRM requires a compliant device', state: 'enabled',
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: [FIXTURE_IDS.breakGlass] },
      applications: { includeApplications: [CRM] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
    ...extra,
  };
}

describe('what-if, decisions, sign-in log and analysis', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let alice: { id: string; userPrincipalName: string };
  let adminUserId: string;
  let compliant: string;
  let noncompliant: string;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    const u = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `alice@${t.domain}`, displayName: 'Alice' } });
    alice = u.body;
    adminUserId = (await s.server.ctx.store.users.findByUpn(t.tenantId, t.adminUserPrincipalName))!.id;
    // Devices are fixture rows with a known compliance state; enrolment and evaluation are tested by their own domains.
    const store = s.server.ctx.store;
    compliant = (await store.devices.create(t.tenantId, { displayName: 'alice-laptop', platform: 'windows', ownership: 'corporate', joinType: 'joined', complianceState: 'compliant', primaryUserId: alice.id })).id;
    noncompliant = (await store.devices.create(t.tenantId, { displayName: 'alice-old-mac', platform: 'macos', ownership: 'personal', joinType: 'registered', complianceState: 'noncompliant' })).id;
    for (const json of fixtures.namedLocations.values()) expect((await s.call('POST', '/api/v1/conditional-access/named-locations', { token: t.adminToken, body: json })).status).toBe(201);
    expect((await s.call('POST', P, { token: t.adminToken, body: compliantDeviceForCrm() })).status).toBe(201);
    expect((await s.call('POST', P, { token: t.adminToken, body: fixtures.policies.get('require-mfa-for-admins') })).status).toBe(201);
    expect((await s.call('POST', P, { token: t.adminToken, body: fixtures.policies.get('block-countries-report-only') })).status).toBe(201);
  });
  afterAll(async () => s.close());

  it('grants on a compliant device and explains why each policy applied or not', async () => {
    const res = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: alice.userPrincipalName, appId: CRM, deviceId: compliant, ip: '198.51.100.7' } });
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('grant');
    expect(res.body.signIn).toMatchObject({ userId: alice.id, platform: 'windows', device: { id: compliant, isCompliant: true, trustType: 'ServerAD' } });
    const byId = new Map(res.body.policies.map((p: { policyId: string }) => [p.policyId, p]));
    expect(byId.get('crm-compliant-device')).toMatchObject({ applied: true, result: 'grant', decidedBy: { code: 'all-conditions-met' } });
    expect(byId.get((fixtures.policies.get('require-mfa-for-admins') as { id: string }).id)).toMatchObject({ applied: false, decidedBy: { condition: 'users', code: 'user-not-included' } });
    expect(res.body.policies.every((p: { decidedBy: { message: string } }) => p.decidedBy.message.length > 0)).toBe(true);
  });

  it('requires a compliant device on a noncompliant one, naming the missing control', async () => {
    const res = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: noncompliant } });
    expect(res.body.result).toBe('controlsRequired');
    expect(res.body.signIn).toMatchObject({ platform: 'macOS', device: { isCompliant: false, trustType: 'Workplace' } });
    expect(res.body.missingControls).toEqual([expect.objectContaining({ control: 'compliantDevice', policyIds: ['crm-compliant-device'] })]);
    const none = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: alice.id, appId: CRM } });
    expect(none.body.result).toBe('controlsRequired');
  });

  it('resolves directory roles from admin role assignments (globalAdmin = Global Administrator)', async () => {
    const res = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: adminUserId, appId: 'verity-admin' } });
    expect(res.body.signIn.roleIds).toContain('62e90394-69f5-4237-9190-012177145e10');
    expect(res.body.result).toBe('controlsRequired');
    expect(res.body.missingControls.map((c: { control: string }) => c.control)).toContain('mfa');
    const mfa = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: adminUserId, appId: 'verity-admin', satisfied: { mfa: true } } });
    expect(mfa.body.result).toBe('grant');
  });

  it('logs nothing for what-if', async () => {
    const log = await s.call('GET', `/api/v1/sign-ins?userId=${alice.id}`, { token: t.adminToken });
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([]);
  });

  it('writes every real decision to the sign-in log, queryable by user, device, app, result and time', async () => {
    s.setNow(new Date('2026-06-01T10:00:00Z'));
    const granted = await s.call('POST', '/api/v1/access/decide', { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: compliant, ip: '198.51.100.7' } });
    s.setNow(new Date('2026-06-01T11:00:00Z'));
    const refused = await s.call('POST', '/api/v1/access/decide', { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: noncompliant } });
    s.setNow(null);
    expect(granted.body.result).toBe('grant');
    expect(refused.body.result).toBe('controlsRequired');
    const q = async (query: string) => (await s.call('GET', `/api/v1/sign-ins?${query}`, { token: t.adminToken })).body.items as { id: string; result: string; decision: { policies: unknown[] }; reportOnlyResults: { policyId: string }[] }[];
    const all = await q(`userId=${alice.id}`);
    expect(all.map((e) => e.id)).toEqual([refused.body.signInId, granted.body.signInId]);
    expect(all[0]!.decision.policies.length).toBeGreaterThanOrEqual(3);
    // Without an IP-to-country table the report-only country block fails closed: logged as "would block", not enforced.
    expect(all[0]!.reportOnlyResults).toEqual([expect.objectContaining({ policyId: (fixtures.policies.get('block-countries-report-only') as { id: string }).id, reportOnlyResult: 'wouldBlock' })]);
    expect((await q(`deviceId=${compliant}`)).map((e) => e.id)).toEqual([granted.body.signInId]);
    expect((await q('result=controlsRequired')).map((e) => e.id)).toEqual([refused.body.signInId]);
    expect((await q(`appId=${CRM}&from=2026-06-01T10:30:00Z`)).map((e) => e.id)).toEqual([refused.body.signInId]);
    expect((await q('to=2026-06-01T10:30:00Z')).map((e) => e.id)).toEqual([granted.body.signInId]);
    const page = await s.call('GET', '/api/v1/sign-ins?limit=1', { token: t.adminToken });
    expect(page.body.nextCursor).toBeTruthy();
    const next = await s.call('GET', `/api/v1/sign-ins?limit=1&cursor=${page.body.nextCursor}`, { token: t.adminToken });
    expect(next.body.items[0].id).toBe(granted.body.signInId);
  });

  it('rejects malformed what-if requests with the JSON path', async () => {
    const bad = async (body: unknown) => (await s.call('POST', WHAT_IF, { token: t.adminToken, body })).body;
    expect((await bad({ user: alice.id, ip: '999.1.1.1' })).errors[0].path).toBe('$.ip');
    expect((await bad({ user: alice.id, signInRisk: 'extreme' })).errors[0].path).toBe('$.signInRisk');
    expect((await bad({ user: alice.id, satisfied: { mfa: 'yes' } })).errors[0].path).toBe('$.satisfied.mfa');
    expect((await bad({ appId: CRM })).errors[0].path).toBe('$.user');
    const unknownUser = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: 'nobody@example.com' } });
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body.errors[0].path).toBe('$.user');
    const otherTenant = await s.tenant('Other');
    const foreign = await s.call('POST', WHAT_IF, { token: otherTenant.adminToken, body: { user: alice.id, deviceId: compliant } });
    expect(foreign.status).toBe(404);
    const badQuery = await s.call('GET', '/api/v1/sign-ins?result=maybe', { token: t.adminToken });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors[0].path).toBe('$query.result');
    expect((await s.call('GET', '/api/v1/sign-ins?cursor=bm90LWEtY3Vyc29y', { token: t.adminToken })).status).toBe(400);
  });

  it('analysis warns when a policy set would lock out every admin, and spares the excluded break-glass account', async () => {
    const before = await s.call('GET', '/api/v1/conditional-access/analysis', { token: t.adminToken });
    expect(before.status).toBe(200);
    expect(before.body.findings.map((f: { code: string }) => f.code)).not.toContain('locks-out-all-admins');
    expect(before.body.knownAppIds).toEqual(expect.arrayContaining([CRM, 'verity-portal', 'verity-admin']));
    expect(before.body.findings).toContainEqual(expect.objectContaining({ code: 'country-lookup-unavailable' }));
    const blockAll = {
      id: 'block-everyone', displayName: 'Block everyone', state: 'enabled',
      conditions: { users: { includeUsers: ['All'], excludeUsers: [FIXTURE_IDS.breakGlass] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    };
    expect((await s.call('POST', P, { token: t.adminToken, body: blockAll })).status).toBe(201);
    const after = await s.call('GET', `/api/v1/conditional-access/analysis?breakGlass=${FIXTURE_IDS.breakGlass}`, { token: t.adminToken });
    const codes = after.body.findings.map((f: { code: string }) => f.code);
    expect(codes).toContain('locks-out-all-admins');
    expect(after.body.findings.find((f: { code: string }) => f.code === 'locks-out-all-admins').policyId).toBe('block-everyone');
    expect(codes).not.toContain('locks-out-break-glass');
    // And the decision path sees the change at once (the compiled set was invalidated).
    const res = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: compliant } });
    expect(res.body.result).toBe('block');
    expect((await s.call('DELETE', `${P}/block-everyone`, { token: t.adminToken })).status).toBe(204);
    const bad = await s.call('GET', '/api/v1/conditional-access/analysis?breakGlass=a,b%20c', { token: t.adminToken });
    expect(bad.status).toBe(400);
  });
});
