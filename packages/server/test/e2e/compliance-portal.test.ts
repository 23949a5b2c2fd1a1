import { createECDH, randomBytes } from 'node:crypto';
import { createServer, globalAgent, type Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { eventually, linuxPolicy, userWithDevice } from './compliance-fixtures.js';

const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };

describe('end-user portal and Web Push', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let user: Awaited<ReturnType<typeof userWithDevice>>;

  beforeAll(async () => {
    // The local push service of the Web Push test below runs on localhost: allowed here explicitly.
    s = await TestServer.start({ config: { schedulerIntervalMs: 25, pushServiceHosts: ['localhost'] } });
    t = await s.tenant();
    const policy = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy([{ actionType: 'block', gracePeriodHours: 0 }, { actionType: 'pushNotification', gracePeriodHours: 0 }]) });
    await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    user = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'ada-laptop' });
  });
  afterAll(async () => s.close());

  it('lists the signed-in user\'s devices with what is wrong and how to fix it (API)', async () => {
    await s.call('POST', '/api/v1/device/checkin', { device: user.device, body: { report: linuxReport(firewallOff) } });
    const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: user.upn, password: user.password, kind: 'portal' } });
    expect(login.status).toBe(200);
    const mine = await s.call('GET', '/api/v1/me/devices', { token: login.body.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    const d = mine.body.items[0];
    expect(d).toMatchObject({ id: user.device.deviceId, compliance: { state: 'noncompliant' } });
    expect(d.compliance.policies[0].settings.find((x: { code: string }) => x.code === 'firewall-disabled').remediation).toEqual(expect.any(String));
    expect((await s.call('GET', '/api/v1/me/devices')).status).toBe(401);
    // An admin token is not a portal session.
    expect((await s.call('GET', '/api/v1/me/devices', { token: t.adminToken })).status).toBe(401);
  });

  // The portal page itself is the web console's /portal: its browser test is packages/console/test/e2e/console-browser.test.ts.

  it('rejects a push subscription that is not an HTTPS endpoint, naming the path', async () => {
    const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: user.upn, password: user.password, kind: 'portal' } });
    const res = await s.call('POST', '/api/v1/me/push-subscriptions', { token: login.body.token, body: { endpoint: 'http://push.example/x', keys: { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) } } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('$.endpoint');
  });

  it('refuses push subscription endpoints that are not push services (no blind SSRF), accepts a real one', async () => {
    const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: user.upn, password: user.password, kind: 'portal' } });
    const keys = { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) };
    for (const endpoint of ['https://169.254.169.254/latest/meta-data', 'https://10.0.0.5/admin', 'https://internal.example.com/hook', 'https://fcm.googleapis.com.evil.example/x', 'https://fcm.googleapis.com:8443/x', 'https://user:pw@fcm.googleapis.com/x']) {
      const res = await s.call('POST', '/api/v1/me/push-subscriptions', { token: login.body.token, body: { endpoint, keys } });
      expect(res.status, endpoint).toBe(400);
      expect(res.body.code, endpoint).toBe('VERITY_PUSH_ENDPOINT_NOT_ALLOWED');
      expect(res.body.errors[0].path).toBe('$.endpoint');
    }
    const ok = await s.call('POST', '/api/v1/me/push-subscriptions', { token: login.body.token, body: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc123', keys } });
    expect(ok.status).toBe(201);
    expect((await s.server.ctx.store.pushSubscriptions.listForUser(t.tenantId, user.userId)).map((x) => x.endpoint)).not.toContain('https://10.0.0.5/admin');
    await s.server.ctx.store.pushSubscriptions.removeByEndpoint(t.tenantId, 'https://fcm.googleapis.com/fcm/send/abc123');
  });

  it('does not accept an admin session as a portal sign-in (session kinds do not stand in for each other)', async () => {
    const admin = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: t.adminUserPrincipalName, password: t.adminPassword, kind: 'admin' } });
    expect(admin.status).toBe(200);
    const res = await s.call('GET', '/api/v1/me/devices', { token: admin.body.token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('VERITY_AUTH_INVALID_TOKEN');
  });

  it('sends an encrypted Web Push message signed with the installation VAPID key when the action is due', async () => {
    // A local push service with a certificate from the Verity CA, trusted for this test process only.
    const cert = await s.server.ctx.deviceCa.issueServerCertificate({ hostnames: ['localhost'], ips: ['127.0.0.1'], now: new Date(), validityDays: 1 });
    const received: { headers: Record<string, unknown>; bytes: number }[] = [];
    const push: Server = createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => { bytes += c.length; });
      req.on('end', () => { received.push({ headers: req.headers, bytes }); res.writeHead(201).end(); });
    });
    await new Promise<void>((r) => push.listen(0, '127.0.0.1', r));
    const previousCa = globalAgent.options.ca;
    globalAgent.options.ca = [s.caPem];
    try {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: user.upn, password: user.password, kind: 'portal' } });
      const endpoint = `https://localhost:${(push.address() as { port: number }).port}/push/abc`;
      const sub = await s.call('POST', '/api/v1/me/push-subscriptions', { token: login.body.token, body: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } } });
      expect(sub.status).toBe(201);
      // A new episode: compliant, then failing again -> the push action (grace 0) is due at once.
      await s.call('POST', '/api/v1/device/checkin', { device: user.device, body: { report: linuxReport() } });
      await s.call('POST', '/api/v1/device/checkin', { device: user.device, body: { report: linuxReport(firewallOff) } });
      const got = await eventually(() => received[0], 'the push message');
      const { publicKey } = (await s.call('GET', '/api/v1/push/vapid-public-key')).body;
      expect(String(got.headers.authorization)).toContain(`k=${publicKey}`);
      expect(got.headers['content-encoding']).toBe('aes128gcm');
      expect(got.bytes).toBeGreaterThan(86);
    } finally {
      globalAgent.options.ca = previousCa;
      await new Promise<void>((r) => push.close(() => r()));
    }
  });
});
