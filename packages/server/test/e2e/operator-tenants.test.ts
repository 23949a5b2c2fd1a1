import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import { hashBearerSecret } from '../../src/auth/secrets.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { eventually, linuxPolicy } from './compliance-fixtures.js';

const TENANTS = '/api/v1/operator/tenants';
const expectProblem = (res: { status: number; body: { code?: string } }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body.code).toBe(code);
};

describe('operators create, list, disable and enable tenants', () => {
  let s: TestServer;
  let operator: string;
  let existing: TenantBootstrap;
  let existingDevice: DeviceIdentity;

  beforeAll(async () => {
    s = await TestServer.start();
    operator = readFileSync(join(s.dataDir, 'operator.token'), 'utf8').trim();
    existing = await s.tenant('Existing');
    existingDevice = await s.enrollDevice(await enrollmentToken(s, existing.adminToken));
  });
  afterAll(async () => s.close());

  it('the first start writes the operator credential to a 0600 file and stores only its hash', async () => {
    expect(operator).toMatch(/^vro_[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(s.dataDir, 'operator.token')).mode & 0o777).toBe(0o600);
    const stored = await s.server.ctx.store.operatorCredentials.findByHash(hashBearerSecret(operator));
    expect(stored).toMatchObject({ id: 'bootstrap', revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(operator);
  });

  it('a restart on the same data creates no second credential', async () => {
    const dataDir = s.dataDir;
    const again = await TestServer.start({ store: s.server.ctx.store, dataDir });
    try {
      expect(again.server.operatorCredential).toBeUndefined();
      expect(await s.server.ctx.store.operatorCredentials.count()).toBe(1);
    } finally {
      await again.server.close();
    }
  });

  it('creates a tenant whose first admin gets a password and an admin token that expires', async () => {
    const res = await s.call('POST', TENANTS, { token: operator, body: { domain: 'Contoso.Example', name: 'Contoso', adminTokenHours: 2 } });
    expect(res.status).toBe(201);
    expect(res.body.tenant).toMatchObject({ domain: 'contoso.example', name: 'Contoso', status: 'enabled' });
    expect(res.body.firstAdmin.userPrincipalName).toBe('admin@contoso.example');
    expect(res.body.firstAdmin.password.length).toBeGreaterThanOrEqual(16);
    const me = await s.call('GET', '/api/v1/tenant', { token: res.body.adminToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.tenant.id, you: { role: 'globalAdmin' } });
    // The first admin signs in with the password as well.
    const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: 'contoso.example', username: 'admin@contoso.example', password: res.body.firstAdmin.password } });
    expect(login.status).toBe(200);
    // Short-lived: after its hours the token no longer works.
    s.setNow(new Date(Date.parse(res.body.adminTokenExpiresAt) + 1000));
    expectProblem(await s.call('GET', '/api/v1/tenant', { token: res.body.adminToken }), 401, 'VERITY_AUTH_INVALID_TOKEN');
    s.setNow(null);
    // The operator's action is in the new tenant's own audit log.
    const audit = await s.call('GET', '/api/v1/audit?limit=5', { token: login.body.token });
    expect(audit.body.items.find((e: { action: string }) => e.action === 'tenant.create')).toMatchObject({ actorType: 'operator', actorId: 'bootstrap' });
  });

  it('the operator credential is no tenant admin, and no tenant admin is the operator', async () => {
    expectProblem(await s.call('GET', '/api/v1/devices', { token: operator }), 401, 'VERITY_AUTH_INVALID_TOKEN');
    expectProblem(await s.call('GET', '/api/v1/tenant', { token: operator }), 401, 'VERITY_AUTH_INVALID_TOKEN');
    expectProblem(await s.call('GET', TENANTS, { token: existing.adminToken }), 403, 'VERITY_AUTH_OPERATOR_REQUIRED');
    expectProblem(await s.call('POST', TENANTS, { token: existing.adminToken, body: { domain: 'evil.example', name: 'Evil' } }), 403, 'VERITY_AUTH_OPERATOR_REQUIRED');
    expectProblem(await s.call('GET', TENANTS), 401, 'VERITY_AUTH_REQUIRED');
    expectProblem(await s.call('GET', TENANTS, { token: 'vro_not-a-real-operator-credential-0000000000000' }), 401, 'VERITY_AUTH_INVALID_TOKEN');
  });

  it('refuses a taken or malformed domain naming $.domain, and creates nothing', async () => {
    const before = (await s.call('GET', TENANTS, { token: operator })).body.items.length;
    const taken = await s.call('POST', TENANTS, { token: operator, body: { domain: existing.domain, name: 'Again' } });
    expectProblem(taken, 409, 'VERITY_TENANT_DOMAIN_TAKEN');
    expect(taken.body.errors[0].path).toBe('$.domain');
    const bad = await s.call('POST', TENANTS, { token: operator, body: { domain: 'not a domain', name: 'X' } });
    expectProblem(bad, 400, 'VERITY_REQUEST_INVALID');
    expect(bad.body.errors[0].path).toBe('$.domain');
    expectProblem(await s.call('POST', TENANTS, { token: operator, body: { domain: 'x.example', name: 'X', adminTokenHours: 10_000 } }), 400, 'VERITY_REQUEST_INVALID');
    expect((await s.call('GET', TENANTS, { token: operator })).body.items.length).toBe(before);
  });

  it('a new tenant sees none of another tenant\'s data', async () => {
    const created = await s.call('POST', TENANTS, { token: operator, body: { domain: 'fabrikam.example', name: 'Fabrikam' } });
    const token = created.body.adminToken as string;
    expect((await s.call('GET', '/api/v1/devices', { token })).body.total).toBe(0);
    expectProblem(await s.call('GET', `/api/v1/devices/${existingDevice.deviceId}`, { token }), 404, 'VERITY_DEVICE_NOT_FOUND');
  });

  it('a disabled tenant\'s admins, devices, enrollments, registrations and sign-ins are refused; other tenants are not; enabling restores it', async () => {
    const created = await s.call('POST', TENANTS, { token: operator, body: { domain: 'northwind.example', name: 'Northwind' } });
    const admin = created.body.adminToken as string;
    const enrollToken = await enrollmentToken(s, admin);
    const device = await s.enrollDevice(enrollToken);
    expect((await s.call('POST', '/api/v1/users', { token: admin, body: { userPrincipalName: 'ann@northwind.example', displayName: 'Ann', password: 'a long passphrase here' } })).status).toBe(201);

    const disabled = await s.call('POST', `${TENANTS}/northwind.example/disable`, { token: operator, body: { reason: 'contract ended' } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });

    expectProblem(await s.call('GET', '/api/v1/devices', { token: admin }), 403, 'VERITY_TENANT_DISABLED');
    expectProblem(await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } }), 403, 'VERITY_TENANT_DISABLED');
    expectProblem(await s.call('GET', '/api/v1/device/status', { device }), 403, 'VERITY_TENANT_DISABLED');
    const { csrPem } = await createDeviceKeyAndCsr('new-host');
    expectProblem(await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: enrollToken, csr: csrPem, device: { hostname: 'new-host', platform: 'linux' } } }), 403, 'VERITY_TENANT_DISABLED');
    expectProblem(await s.call('POST', '/api/v1/register', { body: { tenant: 'northwind.example', username: 'ann@northwind.example', password: 'a long passphrase here', csr: csrPem, device: { hostname: 'new-host', platform: 'linux' } } }), 403, 'VERITY_TENANT_DISABLED');
    expectProblem(await s.call('POST', '/api/v1/auth/login', { body: { tenant: 'northwind.example', username: 'ann@northwind.example', password: 'a long passphrase here', kind: 'portal' } }), 403, 'VERITY_TENANT_DISABLED');
    // Wrong passwords stay the generic answer: a disabled tenant is not revealed to someone without credentials.
    expectProblem(await s.call('POST', '/api/v1/auth/login', { body: { tenant: 'northwind.example', username: 'ann@northwind.example', password: 'wrong', kind: 'portal' } }), 401, 'VERITY_AUTH_INVALID_CREDENTIALS');
    // Other tenants carry on.
    expect((await s.call('GET', '/api/v1/devices', { token: existing.adminToken })).status).toBe(200);
    expect((await s.call('POST', '/api/v1/device/checkin', { device: existingDevice, body: { report: linuxReport() } })).status).toBe(200);
    expect((await s.call('GET', TENANTS, { token: operator })).body.items.find((t: { domain: string }) => t.domain === 'northwind.example').status).toBe('disabled');

    const enabled = await s.call('POST', `${TENANTS}/${created.body.tenant.id}/enable`, { token: operator });
    expect(enabled.body.status).toBe('enabled');
    expect((await s.call('GET', '/api/v1/devices', { token: admin })).status).toBe(200);
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } })).status).toBe(200);
    const audit = (await s.call('GET', '/api/v1/audit?limit=20', { token: admin })).body.items as { action: string; actorType: string; details: Record<string, unknown> }[];
    expect(audit.find((e) => e.action === 'tenant.disable')).toMatchObject({ actorType: 'operator', details: { reason: 'contract ended' } });
    expect(audit.find((e) => e.action === 'tenant.enable')).toMatchObject({ actorType: 'operator' });
    expectProblem(await s.call('POST', `${TENANTS}/nowhere.example/disable`, { token: operator }), 404, 'VERITY_TENANT_NOT_FOUND');
  });

  it('rotating the operator credential returns a new one once and stops the old one', async () => {
    const rotated = await s.call('POST', '/api/v1/operator/credentials/rotate', { token: operator });
    expect(rotated.status).toBe(201);
    expect(rotated.body.token).toMatch(/^vro_/);
    expectProblem(await s.call('GET', TENANTS, { token: operator }), 401, 'VERITY_AUTH_INVALID_TOKEN');
    expect((await s.call('GET', TENANTS, { token: rotated.body.token })).status).toBe(200);
  });
});

describe('a disabled tenant\'s background work', () => {
  let s: TestServer;
  afterAll(async () => s.close());

  it('due noncompliance actions are skipped (audited as tenant-disabled), not run', async () => {
    s = await TestServer.start({ config: { schedulerIntervalMs: 25 } });
    // The real clock (the device certificate is checked against it by TLS), moved forward later.
    const start = new Date();
    const operator = readFileSync(join(s.dataDir, 'operator.token'), 'utf8').trim();
    const t = await s.tenant('Paused');
    const policy = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy([{ actionType: 'block', gracePeriodHours: 0 }, { actionType: 'remoteLock', gracePeriodHours: 1 }]) });
    await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assign`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken));
    const off = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(off) } })).body.complianceState).toBe('noncompliant');
    expect((await s.call('POST', `/api/v1/operator/tenants/${t.tenantId}/disable`, { token: operator })).status).toBe(200);
    s.setNow(new Date(start.getTime() + 2 * 3600_000));
    const skipped = await eventually(async () => {
      const entries = await s.server.ctx.store.audit.list(t.tenantId, { limit: 50 });
      return entries.find((e) => e.action === 'compliance.action.remoteLock');
    }, 'the skipped remote lock');
    expect(skipped.details).toMatchObject({ outcome: 'skipped', why: 'tenant-disabled' });
    expect((await s.call('POST', `/api/v1/operator/tenants/${t.tenantId}/enable`, { token: operator })).status).toBe(200);
    const next = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(off) } });
    expect(next.body.commands ?? []).toEqual([]);
  });
});
