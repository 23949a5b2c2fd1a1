import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import { createDeviceCa, loadCa } from '../../src/device-ca/index.js';
import { eventually } from './compliance-fixtures.js';

const DAY = 86_400_000;

/** The certificate a TLS client is shown, without trusting it (the test looks at it). */
function servedCertificate(url: string): Promise<X509Certificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername: 'localhost', rejectUnauthorized: false }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(raw));
    });
    socket.on('error', reject);
  });
}

/** A check-in over mTLS that trusts `ca` for the server (verifies it) and presents the device certificate. */
function checkinTrusting(url: string, ca: string, device: DeviceIdentity): Promise<{ status: number; code?: string }> {
  const body = JSON.stringify({ report: linuxReport() });
  return new Promise((resolve, reject) => {
    const req = request(new URL('/api/v1/device/checkin', url), {
      method: 'POST', ca, key: device.keyPem, cert: device.certPem, servername: 'localhost', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: res.statusCode === 200 ? undefined : (JSON.parse(text) as { code: string }).code }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the server TLS certificate over the server\'s lifetime', () => {
  const dirs: string[] = [];
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('renews its own certificate while running, well before expiry, and device mTLS keeps working', async () => {
    const s = await TestServer.start({ config: { tlsCheckIntervalMs: 50 } });
    servers.push(s);
    const t = await s.tenant();
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'tls' });
    const first = await servedCertificate(s.url);
    expect(new Date(first.validTo).getTime() - Date.now()).toBeGreaterThan(25 * DAY);
    const expiry = () => s.server.ctx.metrics.tlsCertificateExpiry.get().then((m) => m.values[0]?.value);
    expect(await expiry()).toBe(Math.floor(new Date(first.validTo).getTime() / 1000));

    // 19 days on: more than a third of the lifetime left, nothing happens.
    s.setNow(new Date(Date.now() + 19 * DAY));
    await new Promise((r) => setTimeout(r, 200));
    expect((await servedCertificate(s.url)).serialNumber).toBe(first.serialNumber);
    // 21 days on (9 left): renewed and swapped into the running listener.
    s.setNow(new Date(Date.now() + 21 * DAY));
    const renewed = await eventually(async () => {
      const c = await servedCertificate(s.url);
      return c.serialNumber !== first.serialNumber ? c : undefined;
    }, 'a renewed server certificate');
    expect(renewed.checkIssued(new X509Certificate(s.caPem))).toBe(true);
    expect(new Date(renewed.validTo).getTime()).toBeGreaterThan(new Date(first.validTo).getTime() + 20 * DAY);
    expect(await expiry()).toBe(Math.floor(new Date(renewed.validTo).getTime() / 1000));
    // The renewed certificate is valid from the server's (moved) clock; the device is still verified against the device CA.
    const res = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({}, s.now().toISOString()) }, insecure: true });
    expect(res.status).toBe(200);
    s.setNow(null);
  });

  it('serves an admin-supplied certificate, reloads it when the files change and on SIGHUP, keeps the old one when the new is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verity-tls-'));
    dirs.push(dir);
    // "The admin's own CA": another CA than the device CA.
    const created = await createDeviceCa({ commonName: 'Admin CA', now: new Date() });
    const adminCa = await loadCa(created.certPem, created.keyPem);
    const issue = () => adminCa.issueServerCertificate({ hostnames: ['localhost'], ips: ['127.0.0.1'], now: new Date(), validityDays: 60 });
    const certFile = join(dir, 'server.crt');
    const keyFile = join(dir, 'server.key');
    const one = await issue();
    writeFileSync(certFile, one.certPem);
    writeFileSync(keyFile, one.keyPem);
    const s = await TestServer.start({ config: { tlsCertFile: certFile, tlsKeyFile: keyFile, tlsCheckIntervalMs: 50 } });
    servers.push(s);
    s.trustServerCa(created.certPem);
    const t = await s.tenant();
    expect((await servedCertificate(s.url)).serialNumber).toBe(new X509Certificate(one.certPem).serialNumber);
    // Device mTLS still works: the device trusts the admin CA for the server, the server verifies the device against the device CA.
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'own-cert' });
    expect(await checkinTrusting(s.url, [s.caPem, created.certPem].join('\n'), device)).toEqual({ status: 200, code: undefined });

    const two = await issue();
    writeFileSync(certFile, two.certPem);
    writeFileSync(keyFile, two.keyPem);
    await eventually(async () => (await servedCertificate(s.url)).serialNumber === new X509Certificate(two.certPem).serialNumber || undefined, 'the changed files served');

    // A key that does not belong to the certificate: refused, the certificate in use stays.
    const three = await issue();
    writeFileSync(certFile, three.certPem);
    writeFileSync(keyFile, one.keyPem);
    await new Promise((r) => setTimeout(r, 300));
    expect((await servedCertificate(s.url)).serialNumber).toBe(new X509Certificate(two.certPem).serialNumber);
    expect(await checkinTrusting(s.url, [s.caPem, created.certPem].join('\n'), device)).toEqual({ status: 200, code: undefined });

    // SIGHUP reloads at once (the other server polls only hourly).
    const hup = await TestServer.start({ config: { tlsCertFile: certFile, tlsKeyFile: keyFile, tlsCheckIntervalMs: 3_600_000 } }).catch((e: unknown) => e);
    expect((hup as { code?: string }).code).toBe('VERITY_CONFIG_INVALID');
    writeFileSync(keyFile, three.keyPem);
    const slow = await TestServer.start({ config: { tlsCertFile: certFile, tlsKeyFile: keyFile, tlsCheckIntervalMs: 3_600_000 } });
    servers.push(slow);
    const four = await issue();
    writeFileSync(certFile, four.certPem);
    writeFileSync(keyFile, four.keyPem);
    process.kill(process.pid, 'SIGHUP');
    await eventually(async () => (await servedCertificate(slow.url)).serialNumber === new X509Certificate(four.certPem).serialNumber || undefined, 'the certificate reloaded on SIGHUP');
  });
});
