import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';

const FIXTURES = resolve(import.meta.dirname, '../../../core/test/fixtures/graph/access/policies');
const requireMfaForRegistration = JSON.parse(readFileSync(resolve(FIXTURES, 'require-mfa-device-registration.json'), 'utf8')) as Record<string, unknown>;

describe('personal device registration is a conditional access decision (user action urn:user:registerdevice)', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  const password = 'correct horse battery staple';
  let upn: string;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    upn = `carol@${t.domain}`;
    expect((await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: upn, displayName: 'Carol', password } })).status).toBe(201);
  });
  afterAll(async () => s.close());

  async function register(hostname: string) {
    const { csrPem } = await createDeviceKeyAndCsr(hostname);
    return s.call('POST', '/api/v1/register', { body: { tenant: t.domain, username: upn, password, csr: csrPem, device: { hostname, platform: 'linux' } } });
  }
  const devices = async () => (await s.call('GET', '/api/v1/devices', { token: t.adminToken })).body.items as { hostname: string }[];
  const signIns = async () => (await s.call('GET', '/api/v1/sign-ins', { token: t.adminToken })).body.items as { id: string; result: string; decision: { input: { userAction: string | null } } }[];

  it('without a policy for the action: granted, registered, and the decision is in the sign-in log', async () => {
    const ok = await register('granted-laptop');
    expect(ok.status).toBe(201);
    const [latest] = await signIns();
    expect(latest).toMatchObject({ result: 'grant', decision: { input: { userAction: 'urn:user:registerdevice' } } });
  });

  it('"require MFA for device registration" (the Graph fixture) is enforced: refused as a sign-in is, logged, nothing written', async () => {
    const policy = await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: requireMfaForRegistration });
    expect(policy.status).toBe(201);
    const before = (await devices()).length;
    const refused = await register('needs-mfa');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('VERITY_ACCESS_CONTROLS_REQUIRED');
    expect(refused.body.errors).toEqual([expect.objectContaining({ expected: 'mfa' })]);
    expect((await devices()).length).toBe(before);
    const [latest] = await signIns();
    expect(latest).toMatchObject({ result: 'controlsRequired', decision: { input: { userAction: 'urn:user:registerdevice' } } });
    expect(refused.body.detail).toContain(latest!.id);
    // The same policy does not touch an ordinary portal sign-in: it targets the user action only.
    const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: upn, password, kind: 'portal' } });
    expect(login.status).toBe(200);
    await s.call('DELETE', `/api/v1/conditional-access/policies/${policy.body.id}`, { token: t.adminToken });
  });

  it('a block policy for the action refuses with VERITY_ACCESS_BLOCKED; report-only never refuses', async () => {
    const block = { ...requireMfaForRegistration, id: undefined, displayName: 'Block device registration', grantControls: { operator: 'OR', builtInControls: ['block'] } };
    const created = await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: block });
    expect(created.status).toBe(201);
    const refused = await register('blocked');
    expect([refused.status, refused.body.code]).toEqual([403, 'VERITY_ACCESS_BLOCKED']);
    await s.call('PATCH', `/api/v1/conditional-access/policies/${created.body.id}`, { token: t.adminToken, body: { state: 'enabledForReportingButNotEnforced' } });
    expect((await register('report-only')).status).toBe(201);
  });

  it('checks the password like every sign-in: wrong passwords count against the account, then registration is throttled (429) even with the right one, and logged', async () => {
    const mallory = `mallory@${t.domain}`;
    expect((await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: mallory, displayName: 'Mallory', password } })).status).toBe(201);
    expect((await s.call('PATCH', '/api/v1/identity/settings', { token: t.adminToken, body: { throttle: { baseDelaySeconds: 60 } } })).status).toBe(200);
    const attempt = async (pw: string) => {
      const { csrPem } = await createDeviceKeyAndCsr('mallory-laptop');
      return s.call('POST', '/api/v1/register', { body: { tenant: t.domain, username: mallory, password: pw, csr: csrPem, device: { hostname: 'mallory-laptop', platform: 'linux' } } });
    };
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt(`wrong password ${i}`)).body.code);
    expect(codes).toEqual(Array(6).fill('VERITY_AUTH_INVALID_CREDENTIALS'));
    const throttled = await attempt(password);
    expect([throttled.status, throttled.body.code]).toEqual([429, 'VERITY_AUTH_THROTTLED']);
    const failures = (await signIns()).filter((e) => e.result === 'failure');
    expect(failures.length).toBeGreaterThanOrEqual(7);
  });
});
