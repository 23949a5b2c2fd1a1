import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

const P = '/api/v1/conditional-access/policies';

/** A Graph policy on one of Verity's own apps. */
function onApp(id: string, app: string, state: string, controls: string[]) {
  return {
    id, displayName: id, state,
    conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [app] }, clientAppTypes: ['all'] },
    grantControls: { operator: 'OR', builtInControls: controls },
  };
}

describe('password sign-in to the portal and the admin console is a conditional access decision', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  const login = (kind: 'admin' | 'portal') =>
    s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: t.adminUserPrincipalName, password: t.adminPassword, kind } });
  const lastSignIn = async (appId: string) => (await s.call('GET', `/api/v1/sign-ins?appId=${appId}&limit=1`, { token: t.adminToken })).body.items[0];

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('grants and logs when no policy applies', async () => {
    const res = await login('admin');
    expect(res.status).toBe(200);
    expect(await lastSignIn('verity-admin')).toMatchObject({ result: 'grant', clientApp: 'browser' });
  });

  it('refuses a password-only admin sign-in when a policy requires MFA, naming the missing control', async () => {
    expect((await s.call('POST', P, { token: t.adminToken, body: onApp('admin-mfa', 'verity-admin', 'enabled', ['mfa']) })).status).toBe(201);
    const res = await login('admin');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('VERITY_ACCESS_CONTROLS_REQUIRED');
    expect(res.body.errors.map((e: { expected: string }) => e.expected)).toEqual(['mfa']);
    expect(res.body.token).toBeUndefined();
    expect(await lastSignIn('verity-admin')).toMatchObject({ result: 'controlsRequired' });
    // The portal is another app: not concerned by that policy.
    expect((await login('portal')).status).toBe(200);
  });

  it('logs report-only policies but never enforces them', async () => {
    expect((await s.call('POST', P, { token: t.adminToken, body: onApp('portal-block-report', 'verity-portal', 'enabledForReportingButNotEnforced', ['block']) })).status).toBe(201);
    expect((await login('portal')).status).toBe(200);
    const entry = await lastSignIn('verity-portal');
    expect(entry.result).toBe('grant');
    expect(entry.reportOnlyResults).toEqual([expect.objectContaining({ policyId: 'portal-block-report', reportOnlyResult: 'wouldBlock' })]);
  });

  it('refuses with VERITY_ACCESS_BLOCKED when an enabled policy blocks', async () => {
    expect((await s.call('PATCH', `${P}/portal-block-report`, { token: t.adminToken, body: { state: 'enabled' } })).status).toBe(200);
    const res = await login('portal');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('VERITY_ACCESS_BLOCKED');
    expect(await lastSignIn('verity-portal')).toMatchObject({ result: 'block' });
  });

  it('still answers wrong passwords with 401 before any decision is made', async () => {
    const res = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: t.adminUserPrincipalName, password: 'wrong-password-123', kind: 'portal' } });
    expect(res.status).toBe(401);
  });
});
