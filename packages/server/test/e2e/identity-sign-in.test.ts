import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { createUser, deviceToken, enrollTotp, portalSession, totpCode } from '../identity-fixtures.js';

const P = '/api/v1/conditional-access/policies';
const requireMfaForAdmins = {
  id: 'require-mfa-admins', displayName: 'Require MFA for admins', state: 'enabled',
  conditions: { users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] }, applications: { includeApplications: ['verity-admin'] }, clientAppTypes: ['all'] },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

describe('sign-in methods, step-up and throttling', { timeout: 60_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let totpSecret = '';
  const adminLogin = (extra: Record<string, unknown> = {}) => s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: t.adminUserPrincipalName, password: t.adminPassword, kind: 'admin', ...extra } });

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('"Require MFA for admins" does not lock out an admin who has TOTP: password, then step-up with a code', async () => {
    const session = await portalSession(s, t.domain, t.adminUserPrincipalName, t.adminPassword);
    ({ secret: totpSecret } = await enrollTotp(s, session));
    expect((await s.call('POST', P, { token: t.adminToken, body: requireMfaForAdmins })).status).toBe(201);
    // Wait for the next TOTP step: the enrollment code's step is used up.
    s.setNow(new Date(Date.now() + 30_000));
    const first = await adminLogin();
    expect(first.status).toBe(403);
    expect(first.body.code).toBe('VERITY_ACCESS_CONTROLS_REQUIRED');
    expect(first.body.errors.map((e: { expected: string }) => e.expected)).toEqual(['mfa']);
    expect(first.body.stepUp.methods).toEqual(['totp', 'recoveryCode']);
    const code = totpCode(totpSecret, new Date(Date.now() + 30_000));
    const done = await s.call('POST', '/api/v1/auth/sign-in/step', { body: { transaction: first.body.stepUp.transaction, method: 'totp', code } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ methods: ['password', 'totp'], strength: 'mfa' });
    expect((await s.call('GET', '/api/v1/tenant', { token: done.body.token })).status).toBe(200);
    const log = await s.call('GET', `/api/v1/sign-ins?appId=verity-admin&limit=2`, { token: t.adminToken });
    // The clock is frozen: both entries share a time, so compare as a set.
    expect(log.body.items.map((e: { result: string }) => e.result).sort()).toEqual(['controlsRequired', 'grant']);
    const granted = log.body.items.find((e: { result: string }) => e.result === 'grant');
    expect(granted.decision.input.authentication).toEqual({ methods: ['password', 'totp'], strength: 'mfa', deviceProof: null });

    // The same code a second time within its window is refused, and logged.
    const again = await adminLogin();
    const reused = await s.call('POST', '/api/v1/auth/sign-in/step', { body: { transaction: again.body.stepUp.transaction, method: 'totp', code } });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('VERITY_AUTH_FACTOR_INVALID');
    const failures = await s.call('GET', '/api/v1/sign-ins?result=failure&limit=1', { token: t.adminToken });
    expect(failures.body.items[0].decision.failure).toEqual({ method: 'totp', reason: 'reused-code' });
    s.setNow(null);
  });

  it('the policy-set analysis flags the MFA policy covering a break-glass account named in tenant settings', async () => {
    const bg = await createUser(s, t.adminToken, `breakglass@${t.domain}`, 'a very long break glass passphrase 1');
    await s.call('POST', '/api/v1/role-assignments', { token: t.adminToken, body: { userId: bg.id, role: 'globalAdmin' } });
    expect((await s.call('PATCH', '/api/v1/identity/settings', { token: t.adminToken, body: { breakGlassUserIds: [bg.id] } })).status).toBe(200);
    const analysis = await s.call('GET', '/api/v1/conditional-access/analysis', { token: t.adminToken });
    expect(analysis.body.findings).toContainEqual(expect.objectContaining({ code: 'break-glass-not-excluded', policyId: 'require-mfa-admins', userId: bg.id }));
  });

});

// Own servers: the per-address rate limit of /auth/login (30 a minute) would otherwise be the first to answer.
describe('per-account throttling and device proofs', { timeout: 60_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    const bg = await createUser(s, t.adminToken, `breakglass@${t.domain}`, 'a very long break glass passphrase 1');
    expect((await s.call('PATCH', '/api/v1/identity/settings', { token: t.adminToken, body: { breakGlassUserIds: [bg.id] } })).status).toBe(200);
  });
  afterAll(async () => s.close());

  it('throttles an account with back-off, the same for unknown users, without locking out a proven device or a break-glass account', async () => {
    const victim = await createUser(s, t.adminToken, `victim@${t.domain}`);
    expect((await s.call('PATCH', '/api/v1/identity/settings', { token: t.adminToken, body: { throttle: { baseDelaySeconds: 60 } } })).status).toBe(200);
    const tryLogin = (username: string, password: string, extra: Record<string, unknown> = {}) =>
      s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username, password, kind: 'portal', ...extra } });
    const statuses = async (username: string) => {
      const out: number[] = [];
      for (let i = 0; i < 7; i++) out.push((await tryLogin(username, `wrong password ${i}`)).status);
      return out;
    };
    // Five free attempts, then the wait doubles: known and unknown names answer the same.
    expect(await statuses(victim.upn)).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(await statuses(`nobody@${t.domain}`)).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const throttled = await tryLogin(victim.upn, victim.password);
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('VERITY_AUTH_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // The user on their enrolled device (a device-signed token) has their own counter: not locked out.
    const enrollment = await enrollmentToken(s, t.adminToken);
    const device = await s.enrollDevice(enrollment, { hostname: 'victim-laptop' });
    const fromDevice = await tryLogin(victim.upn, victim.password, { deviceToken: await deviceToken(s, device) });
    expect(fromDevice.status).toBe(200);
    expect(fromDevice.body.deviceId).toBe(device.deviceId);
    // A break-glass account is never throttled.
    const settings = (await s.call('GET', '/api/v1/identity/settings', { token: t.adminToken })).body;
    const bgUpn = `breakglass@${t.domain}`;
    for (let i = 0; i < 8; i++) expect((await tryLogin(bgUpn, `wrong ${i}`)).status).toBe(401);
    expect(settings.breakGlassUserIds).toHaveLength(1);
  });

  it('refuses a replayed or foreign device token', async () => {
    const fresh = await TestServer.start();
    const old = s;
    s = fresh;
    t = await s.tenant();
    try {
    const enrollment = await enrollmentToken(s, t.adminToken);
    const device = await s.enrollDevice(enrollment, { hostname: 'replay-laptop' });
    const u = await createUser(s, t.adminToken, `replay@${t.domain}`);
    const token = await deviceToken(s, device, { jti: 'fixed-jti' });
    const body = { tenant: t.domain, username: u.upn, password: u.password, kind: 'portal', deviceToken: token };
    expect((await s.call('POST', '/api/v1/auth/login', { body })).status).toBe(200);
    const replay = await s.call('POST', '/api/v1/auth/login', { body });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('VERITY_AUTH_DEVICE_PROOF_INVALID');
    expect(replay.body.errors[0].message).toBe('replayed');
    const wrongAudience = await s.call('POST', '/api/v1/auth/login', { body: { ...body, deviceToken: await deviceToken(s, device, { audience: 'https://evil.example' }) } });
    expect(wrongAudience.body.errors[0].message).toBe('claim-aud');
    await s.call('POST', `/api/v1/devices/${device.deviceId}/revoke`, { token: t.adminToken, body: {} });
    const revoked = await s.call('POST', '/api/v1/auth/login', { body: { ...body, deviceToken: await deviceToken(s, device) } });
    expect(revoked.body).toMatchObject({ code: 'VERITY_AUTH_DEVICE_PROOF_INVALID', errors: [{ message: 'device-not-active' }] });
    } finally {
      await fresh.close();
      s = old;
    }
  });

});

describe('password policy', { timeout: 60_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('enforces the password policy: common passwords and reuse are refused with their rule', async () => {
    const common = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `weak@${t.domain}`, displayName: 'Weak', password: 'Password123!' } });
    expect(common.status).toBe(422);
    expect(common.body.code).toBe('VERITY_IDENTITY_PASSWORD_POLICY');
    expect(common.body.errors.map((e: { expected: string }) => e.expected)).toEqual(['password-common']);
    const u = await createUser(s, t.adminToken, `rotate@${t.domain}`);
    const reuse = await s.call('PATCH', `/api/v1/users/${u.id}`, { token: t.adminToken, body: { password: u.password } });
    expect(reuse.status).toBe(422);
    expect(reuse.body.errors.map((e: { expected: string }) => e.expected)).toEqual(['password-reused']);
  });
});
