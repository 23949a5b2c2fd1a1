import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { RESPONSE_SCHEMAS } from '../../src/contract/response-schemas.js';
import { linuxPolicy } from './compliance-fixtures.js';

const login = (s: TestServer, t: TenantBootstrap, kind: 'admin' | 'portal' = 'admin', username = t.adminUserPrincipalName, password = t.adminPassword) =>
  s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username, password, kind } });

describe('the routes the console added', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'verity-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Verity</title><script type="module" src="/assets/app-abc123.js"></script>');
    writeFileSync(join(consoleDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(consoleDir, 'portal-sw.js'), 'self.addEventListener("push", () => {})');
    s = await TestServer.start({ config: { consoleDir } });
    t = await s.tenant();
  });
  afterAll(async () => { await s.close(); rmSync(consoleDir, { recursive: true, force: true }); });

  it('says who is signed in: nobody, an admin with the role\'s permissions, a portal user; sign-out revokes the session', async () => {
    expect((await s.call('GET', '/api/v1/auth/session')).body).toEqual({ signedIn: false });
    expect((await s.call('GET', '/api/v1/auth/session', { token: 'vrs_notavalidsessiontoken00000000' })).body).toEqual({ signedIn: false });
    const admin = await login(s, t);
    const session = await s.call('GET', '/api/v1/auth/session', { token: admin.body.token });
    expect(session.body).toMatchObject({ signedIn: true, kind: 'admin', user: { userPrincipalName: t.adminUserPrincipalName }, tenant: { domain: t.domain }, admin: { role: 'globalAdmin', scopeTags: [] } });
    expect(session.body.admin.permissions).toContain('devices.action');
    // The cookie the browser holds works the same way.
    const cookie = (await s.call('GET', '/api/v1/auth/session', { headers: { cookie: `verity_session=${admin.body.token}` } })).body;
    expect(cookie.kind).toBe('admin');
    const out = await s.call('POST', '/api/v1/auth/logout', { token: admin.body.token });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await s.call('GET', '/api/v1/auth/session', { token: admin.body.token })).body).toEqual({ signedIn: false });
    expect((await s.call('GET', '/api/v1/devices', { token: admin.body.token })).body.code).toBe('VERITY_AUTH_INVALID_TOKEN');
  });

  it('lists a read-only admin\'s permissions without any manage or action permission', async () => {
    const user = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `ro@${t.domain}`, displayName: 'RO', password: 'long enough password' } });
    await s.call('POST', '/api/v1/role-assignments', { token: t.adminToken, body: { userId: user.body.id, role: 'readOnly', scopeTags: ['paris'] } });
    const session = await s.call('GET', '/api/v1/auth/session', { token: (await login(s, t, 'admin', `ro@${t.domain}`, 'long enough password')).body.token });
    expect(session.body.admin.scopeTags).toEqual(['paris']);
    expect(session.body.admin.permissions.every((p: string) => p.endsWith('.read'))).toBe(true);
    const portal = await s.call('GET', '/api/v1/auth/session', { token: (await login(s, t, 'portal', `ro@${t.domain}`, 'long enough password')).body.token });
    expect(portal.body).toMatchObject({ kind: 'portal', admin: null });
  });

  it('previews a dynamic rule: who matches now, and a parse error with its position', async () => {
    await s.server.ctx.store.devices.insertMany(t.tenantId, [
      { displayName: 'lin-1', platform: 'linux', ownership: 'corporate', joinType: 'joined' },
      { displayName: 'win-1', platform: 'windows', ownership: 'corporate', joinType: 'joined' },
    ]);
    const ok = await s.call('POST', '/api/v1/groups/rule-preview', { token: t.adminToken, body: { memberKind: 'device', membershipRule: 'device.platform -eq "linux"' } });
    expect(ok.body).toMatchObject({ matched: 1, scanned: 2, complete: true, sample: [{ displayName: 'lin-1' }], properties: ['device.platform'] });
    const bad = await s.call('POST', '/api/v1/groups/rule-preview', { token: t.adminToken, body: { memberKind: 'device', membershipRule: 'device.platform -eq ' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VERITY_RULE_SYNTAX');
    expect(bad.body.errors[0]).toMatchObject({ path: '$.membershipRule', position: 20 });
  });

  it('re-evaluates a device on request and audits it', async () => {
    const policy = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy() });
    await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken));
    await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({ 'firewall.enabled': { state: 'known', value: false, source: 'nft' } }) } });
    const r = await s.call('POST', `/api/v1/devices/${device.deviceId}/evaluate`, { token: t.adminToken });
    expect(r.body).toEqual({ deviceId: device.deviceId, previousState: 'noncompliant', complianceState: 'noncompliant' });
    const trail = await s.call('GET', `/api/v1/audit?targetId=${device.deviceId}&order=desc&limit=1`, { token: t.adminToken });
    expect(trail.body.items[0].action).toBe('device.evaluate');
    expect((await s.call('POST', '/api/v1/devices/nope/evaluate', { token: t.adminToken })).body.code).toBe('VERITY_DEVICE_NOT_FOUND');
  });

  it('previews a message template with sample values through the e-mail renderer', async () => {
    const r = await s.call('POST', '/api/v1/notification-message-templates/preview', { token: t.adminToken, body: { subject: 'Fix {{DeviceName}}\n', messageTemplate: 'Hi {{UserName}}, {{Unknown}}' } });
    expect(r.body).toMatchObject({ subject: 'Fix ada-laptop ', body: 'Hi Ada Lovelace, {{Unknown}}' });
  });

  it('serves the console: index.html for a browser\'s page routes, hashed assets for a year, problem+json for the API', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    for (const path of ['/', '/devices/abc', '/portal', '/compliance/x/y']) {
      const r = await s.call('GET', path, { headers: html });
      expect(r.status, path).toBe(200);
      expect(String(r.headers['content-type'])).toContain('text/html');
      expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    }
    const asset = await s.call('GET', '/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(String(asset.headers['cache-control'])).toContain('immutable');
    expect((await s.call('GET', '/portal/sw.js')).headers['service-worker-allowed']).toBe('/portal');
    const api = await s.call('GET', '/api/v1/nothing-here', { headers: html });
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('VERITY_ROUTE_NOT_FOUND');
    expect((await s.call('GET', '/some/page')).body.code).toBe('VERITY_ROUTE_NOT_FOUND');
    expect((await s.call('GET', '/assets/../index.html')).status).not.toBe(200);
  });

  it('answers 404 VERITY_CONSOLE_NOT_BUILT, saying what to run, when the console was not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'verity-console-empty-'));
    const bare = await TestServer.start({ config: { consoleDir: empty } });
    try {
      const r = await bare.call('GET', '/', { headers: { accept: 'text/html' } });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('VERITY_CONSOLE_NOT_BUILT');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('documents a response schema for every route in the contract table, and real answers match them', async () => {
    const keys = new Set(s.server.routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(RESPONSE_SCHEMAS).filter((k) => !keys.has(k))).toEqual([]);
    const doc = (await s.call('GET', '/openapi.json')).body;
    expect(doc.paths['/api/v1/devices'].get.responses['200'].content['application/json'].schema.properties.items.type).toBe('array');
    expect(doc.paths['/api/v1/reports/devices'].get.responses['200'].content['application/json'].schema.required).toContain('byComplianceState');
    const device = (await s.call('GET', '/api/v1/devices', { token: t.adminToken })).body.items[0].id;
    const group = (await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'g', memberKind: 'device' } })).body.id;
    const policy = (await s.call('GET', '/api/v1/compliance-policies', { token: t.adminToken })).body.items[0].id;
    const reads = ['/api/v1/devices', `/api/v1/devices/${device}`, `/api/v1/devices/${device}/posture`, `/api/v1/devices/${device}/compliance`, '/api/v1/enrollment-profiles',
      '/api/v1/users', '/api/v1/groups', `/api/v1/groups/${group}`, `/api/v1/groups/${group}/members`, '/api/v1/audit', '/api/v1/audit/verify', '/api/v1/tenant',
      '/api/v1/compliance-policies', `/api/v1/compliance-policies/${policy}`, `/api/v1/compliance-policies/${policy}/assignments`, '/api/v1/compliance-settings',
      '/api/v1/notification-message-templates', '/api/v1/conditional-access/policies', '/api/v1/conditional-access/named-locations', '/api/v1/sign-ins',
      '/api/v1/conditional-access/analysis', '/api/v1/ca'];
    for (const path of reads) {
      const r = await s.call('GET', path, { token: t.adminToken });
      expect(r.status, path).toBe(200);
      const schema = RESPONSE_SCHEMAS[`GET ${path.replace(device, ':id').replace(group, ':id').replace(policy, ':id')}`];
      const parsed = schema!.safeParse(r.body);
      expect(parsed.success, `${path}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`).toBe(true);
    }
  });
});
