import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

describe('device lifecycle over real TLS and mTLS', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let device: DeviceIdentity;

  beforeAll(async () => {
    s = await TestServer.start({ config: { metricsToken: METRICS_TOKEN } });
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('enrolls with a profile token and gets a certificate naming tenant and device', async () => {
    const token = await enrollmentToken(s, t.adminToken, { groupTag: 'lab', maxUses: 3 });
    device = await s.enrollDevice(token, { hostname: 'build-07' });
    expect(device.tenantId).toBe(t.tenantId);
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(device.certPem);
    expect(cert.subjectAltName).toContain(device.deviceId);
    expect(cert.subjectAltName).toContain(t.tenantId);
    expect(cert.checkIssued(new X509Certificate(s.caPem))).toBe(true);
  });

  it('checks in with posture and shows up in the inventory', async () => {
    const res = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    expect(res.status).toBe(200);
    expect(res.body.deviceId).toBe(device.deviceId);
    expect(res.body.commands).toEqual([]);

    const list = await s.call('GET', '/api/v1/devices?platform=linux', { token: t.adminToken });
    expect(list.status).toBe(200);
    const row = list.body.items.find((d: { id: string }) => d.id === device.deviceId);
    expect(row).toMatchObject({ platform: 'linux', ownership: 'corporate', joinType: 'joined', osVersion: '22.04', groupTag: 'lab', status: 'active' });
    expect(row.lastCheckinAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const detail = await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken });
    expect(detail.body.posture.report.facts['firewall.enabled'].value).toBe(true);
    const history = await s.call('GET', `/api/v1/devices/${device.deviceId}/posture`, { token: t.adminToken });
    expect(history.body.items).toHaveLength(1);
  });

  it('requires a client certificate on device routes', async () => {
    const res = await s.call('POST', '/api/v1/device/checkin', { body: { report: linuxReport() } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('VERITY_DEVICE_CERT_REQUIRED');
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('delivers a remote lock command once and records its result', async () => {
    const lock = await s.call('POST', `/api/v1/devices/${device.deviceId}/lock`, { token: t.adminToken, body: {} });
    expect(lock.status).toBe(200);
    const first = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    expect(first.body.commands).toEqual([expect.objectContaining({ id: lock.body.commandId, kind: 'lock' })]);
    const second = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(), commandResults: [{ commandId: lock.body.commandId, status: 'succeeded' }] } });
    expect(second.body.commands).toEqual([]);
  });

  it('refuses the next check-in after revocation, and audits it', async () => {
    const revoke = await s.call('POST', `/api/v1/devices/${device.deviceId}/revoke`, { token: t.adminToken, body: { reason: 'lost' } });
    expect(revoke.status).toBe(200);
    const res = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('VERITY_DEVICE_REVOKED');
    const audit = await s.call('GET', '/api/v1/audit?action=device.revoke', { token: t.adminToken });
    expect(audit.body.items.map((e: { targetId: string }) => e.targetId)).toContain(device.deviceId);
    const verify = await s.call('GET', '/api/v1/audit/verify', { token: t.adminToken });
    expect(verify.body.ok).toBe(true);
  });

  it('renews a certificate: the new one works, the device keeps its id', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const d = await s.enrollDevice(token, { hostname: 'renew-me' });
    const { createDeviceKeyAndCsr } = await import('../../src/device-ca/device-csr.js');
    const fresh = await createDeviceKeyAndCsr('renew-me');
    const res = await s.call('POST', '/api/v1/device/renew', { device: d, body: { csr: fresh.csrPem } });
    expect(res.status).toBe(200);
    const renewed = { ...d, keyPem: fresh.keyPem, certPem: res.body.certificate as string };
    const ok = await s.call('POST', '/api/v1/device/checkin', { device: renewed, body: { report: linuxReport() } });
    expect(ok.status).toBe(200);
    expect(ok.body.deviceId).toBe(d.deviceId);
  });

  it('retire and delete are distinct', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const a = await s.enrollDevice(token, { hostname: 'retire-me' });
    const b = await s.enrollDevice(token, { hostname: 'delete-me' });
    expect((await s.call('POST', `/api/v1/devices/${a.deviceId}/retire`, { token: t.adminToken, body: {} })).status).toBe(200);
    expect((await s.call('DELETE', `/api/v1/devices/${b.deviceId}`, { token: t.adminToken })).status).toBe(204);
    const retired = await s.call('GET', `/api/v1/devices/${a.deviceId}`, { token: t.adminToken });
    expect(retired.body.status).toBe('retired');
    expect((await s.call('GET', `/api/v1/devices/${b.deviceId}`, { token: t.adminToken })).status).toBe(404);
    const ra = await s.call('POST', '/api/v1/device/checkin', { device: a, body: { report: linuxReport() } });
    expect([403]).toContain(ra.status);
    const rb = await s.call('POST', '/api/v1/device/checkin', { device: b, body: { report: linuxReport() } });
    expect(rb.status).toBe(401);
    expect(rb.body.code).toBe('VERITY_DEVICE_CERT_UNKNOWN');
  });

  it('registers a personal device with user credentials', async () => {
    const user = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `bob@${t.domain}`, displayName: 'Bob', password: 'correct horse battery' } });
    expect(user.status).toBe(201);
    const { createDeviceKeyAndCsr } = await import('../../src/device-ca/device-csr.js');
    const { csrPem } = await createDeviceKeyAndCsr('bobs-laptop');
    const bad = await s.call('POST', '/api/v1/register', { body: { tenant: t.domain, username: `bob@${t.domain}`, password: 'wrong password!', csr: csrPem, device: { hostname: 'bobs-laptop', platform: 'macos' } } });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('VERITY_AUTH_INVALID_CREDENTIALS');
    const ok = await s.call('POST', '/api/v1/register', { body: { tenant: t.domain, username: `bob@${t.domain}`, password: 'correct horse battery', csr: csrPem, device: { hostname: 'bobs-laptop', platform: 'macos' } } });
    expect(ok.status).toBe(201);
    const detail = await s.call('GET', `/api/v1/devices/${ok.body.deviceId}`, { token: t.adminToken });
    expect(detail.body).toMatchObject({ ownership: 'personal', joinType: 'registered', primaryUserId: user.body.id });
  });

  it('serves health, readiness, metrics and an OpenAPI document', async () => {
    expect((await s.call('GET', '/healthz')).status).toBe(200);
    expect((await s.call('GET', '/readyz')).body.status).toBe('ready');
    const metrics = await s.call('GET', '/metrics', { token: METRICS_TOKEN });
    expect(metrics.body).toContain('verity_checkins_total');
    expect(metrics.body).toContain('verity_enrollments_total');
    const openapi = await s.call('GET', '/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/devices/{id}');
  });
});
