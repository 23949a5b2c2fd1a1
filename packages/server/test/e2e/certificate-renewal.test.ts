import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';

describe('certificate renewal retires the old key; posture order; device refusals name the right cause', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());
  const checkin = (device: DeviceIdentity, collectedAt = new Date().toISOString(), facts: Record<string, unknown> = {}) =>
    s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(facts, collectedAt) } });

  it('refuses the old certificate after renewal; a repeated renewal with the same key gets the same certificate, any other is refused', async () => {
    const old = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'renew-me' });
    expect((await checkin(old)).status).toBe(200);
    const next = await createDeviceKeyAndCsr('renew-me');
    const renewed = await s.call('POST', '/api/v1/device/renew', { device: old, body: { csr: next.csrPem } });
    expect(renewed.status).toBe(200);
    const fresh: DeviceIdentity = { ...old, keyPem: next.keyPem, certPem: renewed.body.certificate };
    expect((await checkin(fresh)).status).toBe(200);
    const stale = await checkin(old);
    expect([stale.status, stale.body.code]).toEqual([401, 'VERITY_DEVICE_CERT_SUPERSEDED']);
    expect((await s.call('GET', '/api/v1/device/status', { device: old })).body.code).toBe('VERITY_DEVICE_CERT_SUPERSEDED');

    // The renewal answer was lost: the old certificate may fetch the certificate of that same key again, nothing else.
    const again = await s.call('POST', '/api/v1/device/renew', { device: old, body: { csr: next.csrPem } });
    expect(again.status).toBe(200);
    expect(new X509Certificate(again.body.certificate).serialNumber).toBe(new X509Certificate(renewed.body.certificate).serialNumber);
    const thief = await createDeviceKeyAndCsr('renew-me');
    const refused = await s.call('POST', '/api/v1/device/renew', { device: old, body: { csr: thief.csrPem } });
    expect([refused.status, refused.body.code]).toEqual([401, 'VERITY_DEVICE_CERT_SUPERSEDED']);
    const certs = (await s.call('GET', `/api/v1/devices/${old.deviceId}`, { token: t.adminToken })).body.certificates;
    expect(certs.map((c: { status: string }) => c.status).sort()).toEqual(['active', 'superseded']);
    const audit = await s.call('GET', '/api/v1/audit?action=device.certificate.renew', { token: t.adminToken });
    expect(audit.body.items.filter((e: { targetId: string }) => e.targetId === old.deviceId)).toHaveLength(1);
  });

  it('refuses a report collected far in the future, and keeps an older report out of the device\'s posture', async () => {
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'clock' });
    const future = await checkin(device, new Date(Date.now() + 3 * 3600_000).toISOString());
    expect([future.status, future.body.code]).toEqual([400, 'VERITY_POSTURE_FROM_FUTURE']);
    expect(future.body.errors[0].path).toBe('$.report.collectedAt');
    const now = Date.now();
    expect((await checkin(device, new Date(now).toISOString(), { 'device.hostname': { state: 'known', value: 'newest', source: 'test' } })).status).toBe(200);
    const older = await checkin(device, new Date(now - 3600_000).toISOString(), { 'device.hostname': { state: 'known', value: 'replayed', source: 'test' }, 'firewall.enabled': { state: 'known', value: false, source: 'test' } });
    expect(older.status).toBe(200);
    const detail = await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken });
    expect(detail.body.hostname).toBe('newest');
    expect(detail.body.posture.report.facts['device.hostname'].value).toBe('newest');
    expect((await s.call('GET', `/api/v1/devices/${device.deviceId}/posture`, { token: t.adminToken })).body.items).toHaveLength(1);
  });

  it('tells a retired device it was retired (not revoked), and a not-yet-valid certificate that it is outside its validity', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const retired = await s.enrollDevice(token, { hostname: 'retired' });
    expect((await s.call('POST', `/api/v1/devices/${retired.deviceId}/retire`, { token: t.adminToken, body: {} })).status).toBe(200);
    const res = await checkin(retired);
    expect([res.status, res.body.code]).toEqual([403, 'VERITY_DEVICE_RETIRED']);

    s.setNow(new Date(Date.now() + 10 * 86_400_000));
    const early = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'from-the-future' });
    s.setNow(null);
    const notYet = await checkin(early);
    expect([notYet.status, notYet.body.code]).toEqual([401, 'VERITY_DEVICE_CERT_EXPIRED']);
  });
});
