import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

const P = '/api/v1/conditional-access/policies';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';

describe('what-if and analysis name users, groups and apps (ids stay in the JSON)', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let alice: { id: string };
  let finance: { id: string };

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    alice = (await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `alice@${t.domain}`, displayName: 'Alice Example' } })).body;
    finance = (await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'Finance team', memberKind: 'user' } })).body;
    const policy = {
      id: 'finance-mfa', displayName: 'Finance needs MFA', state: 'enabled',
      conditions: { users: { includeGroups: [finance.id] }, applications: { includeApplications: [SHAREPOINT] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    };
    expect((await s.call('POST', P, { token: t.adminToken, body: policy })).status).toBe(201);
  });
  afterAll(async () => s.close());

  it('the what-if explanation names the user, the group and the application; the fields keep the ids', async () => {
    const res = await s.call('POST', '/api/v1/conditional-access/what-if', { token: t.adminToken, body: { user: alice.id, appId: SHAREPOINT } });
    expect(res.status).toBe(200);
    const p = res.body.policies.find((x: { policyId: string }) => x.policyId === 'finance-mfa');
    expect(p.decidedBy.code).toBe('user-not-included');
    expect(p.decidedBy.message).toContain('Alice Example');
    expect(p.decidedBy.message).toContain('Finance team');
    expect(p.decidedBy.message).not.toContain(finance.id);
    expect(res.body.signIn).toMatchObject({ userId: alice.id, userDisplayName: 'Alice Example', appId: SHAREPOINT, appDisplayName: 'Office 365 SharePoint Online' });
  });

  it('analysis findings name the break-glass account and the application, with the ids in their fields', async () => {
    const block = {
      id: 'block-all', displayName: 'Block everyone', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    };
    expect((await s.call('POST', P, { token: t.adminToken, body: block })).status).toBe(201);
    const res = await s.call('GET', `/api/v1/conditional-access/analysis?breakGlass=${alice.id}`, { token: t.adminToken });
    const lockout = res.body.findings.find((f: { code: string }) => f.code === 'locks-out-break-glass');
    expect(lockout).toMatchObject({ userId: alice.id });
    expect(lockout.message).toContain('Alice Example');
    expect(lockout.message).toContain('"Block everyone"');
    const admins = res.body.findings.find((f: { code: string }) => f.code === 'locks-out-all-admins');
    expect(admins.message).toContain('"Block everyone"');
    expect((await s.call('DELETE', `${P}/block-all`, { token: t.adminToken })).status).toBe(204);
  });
});
