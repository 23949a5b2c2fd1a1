import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { ADMIN_ROLES, roleAllows } from '../../src/auth/roles.js';

describe('role matrix: every admin route x every role', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    for (const role of ADMIN_ROLES) {
      const res = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: `${role} token`, role } });
      expect(res.status).toBe(201);
      tokens[role] = res.body.token;
    }
  });
  afterAll(async () => s.close());

  it('answers 403 exactly when the role lacks the route\'s permission, never 5xx', async () => {
    const adminRoutes = s.server.routes.filter((r) => r.auth.kind === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of adminRoutes) {
      const permission = (route.auth as { permission: Parameters<typeof roleAllows>[1] }).permission;
      const path = route.url.replace(/:[A-Za-z]+/g, 'no-such-id');
      for (const role of ADMIN_ROLES) {
        const res = await s.call(route.method, path, { token: tokens[role], ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
        const allowed = roleAllows(role, permission);
        if (res.status >= 500) failures.push(`${role} ${route.method} ${route.url}: ${res.status}`);
        if (!allowed && res.status !== 403) failures.push(`${role} ${route.method} ${route.url}: expected 403, got ${res.status}`);
        if (allowed && (res.status === 403 || res.status === 401)) failures.push(`${role} ${route.method} ${route.url}: expected access, got ${res.status} ${res.body?.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 with problem+json without a token or with a bad one', async () => {
    const none = await s.call('GET', '/api/v1/devices');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('VERITY_AUTH_REQUIRED');
    const bad = await s.call('GET', '/api/v1/devices', { token: 'vrt_notarealtokennotarealtoken' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('VERITY_AUTH_INVALID_TOKEN');
  });

  it('a revoked API token stops working', async () => {
    const created = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'temp', role: 'readOnly' } });
    expect((await s.call('GET', '/api/v1/devices', { token: created.body.token })).status).toBe(200);
    expect((await s.call('DELETE', `/api/v1/api-tokens/${created.body.id}`, { token: t.adminToken })).status).toBe(204);
    expect((await s.call('GET', '/api/v1/devices', { token: created.body.token })).status).toBe(401);
  });

  it('scope tags limit which devices an admin sees', async () => {
    const paris = await enrollmentToken(s, t.adminToken, { scopeTags: ['paris'] });
    const berlin = await enrollmentToken(s, t.adminToken, { scopeTags: ['berlin'] });
    const p = await s.enrollDevice(paris, { hostname: 'paris-1' });
    const b = await s.enrollDevice(berlin, { hostname: 'berlin-1' });
    const scoped = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'paris helpdesk', role: 'helpdeskOperator', scopeTags: ['paris'] } });
    const list = await s.call('GET', '/api/v1/devices', { token: scoped.body.token });
    const ids = list.body.items.map((d: { id: string }) => d.id);
    expect(ids).toContain(p.deviceId);
    expect(ids).not.toContain(b.deviceId);
    expect((await s.call('GET', `/api/v1/devices/${b.deviceId}`, { token: scoped.body.token })).status).toBe(404);
    expect((await s.call('POST', `/api/v1/devices/${b.deviceId}/lock`, { token: scoped.body.token, body: {} })).status).toBe(404);
    expect((await s.call('POST', `/api/v1/devices/${p.deviceId}/lock`, { token: scoped.body.token, body: {} })).status).toBe(200);
  });
});

const VALID_BODIES: Record<string, unknown> = {
  'POST /api/v1/devices/:id/risk': { riskLevel: 'high' },
};

describe('tenant isolation: an admin of tenant A can read or change nothing of tenant B', () => {
  let s: TestServer;
  let a: TenantBootstrap;
  let b: TenantBootstrap;
  let bDevice: DeviceIdentity;
  const bIds: Record<string, string> = {};

  beforeAll(async () => {
    s = await TestServer.start();
    a = await s.tenant('A');
    b = await s.tenant('B');
    const token = await enrollmentToken(s, b.adminToken);
    bDevice = await s.enrollDevice(token, { hostname: 'b-host' });
    bIds.device = bDevice.deviceId;
    bIds.user = (await s.call('POST', '/api/v1/users', { token: b.adminToken, body: { userPrincipalName: `carol@${b.domain}`, displayName: 'Carol' } })).body.id;
    bIds.group = (await s.call('POST', '/api/v1/groups', { token: b.adminToken, body: { displayName: 'B devices', memberKind: 'device' } })).body.id;
    bIds.profile = (await s.call('GET', '/api/v1/enrollment-profiles', { token: b.adminToken })).body.items[0].id;
    bIds.apiToken = (await s.call('POST', '/api/v1/api-tokens', { token: b.adminToken, body: { name: 'b auto', role: 'readOnly' } })).body.id;
    bIds.role = (await s.call('POST', '/api/v1/role-assignments', { token: b.adminToken, body: { userId: bIds.user, role: 'readOnly' } })).body.id;
  });
  afterAll(async () => s.close());

  it('every admin route with an id answers 404 for tenant B\'s resources', async () => {
    const kindOf = (url: string): string | undefined =>
      url.startsWith('/api/v1/devices/') ? 'device' : url.startsWith('/api/v1/users/') ? 'user' : url.startsWith('/api/v1/groups/') ? 'group'
        : url.startsWith('/api/v1/enrollment-profiles/') ? 'profile' : url.startsWith('/api/v1/api-tokens/') ? 'apiToken' : url.startsWith('/api/v1/role-assignments/') ? 'role' : undefined;
    const routes = s.server.routes.filter((r) => r.auth.kind === 'admin' && r.url.includes(':id'));
    const failures: string[] = [];
    for (const r of routes) {
      const kind = kindOf(r.url);
      if (!kind) continue;
      const path = r.url.replace(':id', bIds[kind]!).replace(':memberId', bIds.device!);
      // A valid body, so that the answer depends on the resource lookup and not on validation.
      const body = VALID_BODIES[`${r.method} ${r.url}`] ?? (r.method === 'PATCH' ? { displayName: 'hijacked' } : r.method === 'POST' || r.method === 'PUT' ? {} : undefined);
      const res = await s.call(r.method, path, { token: a.adminToken, ...(body ? { body } : {}) });
      if (res.status !== 404) failures.push(`${r.method} ${r.url}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
    // B's resources are untouched.
    const device = await s.call('GET', `/api/v1/devices/${bIds.device}`, { token: b.adminToken });
    expect(device.body.status).toBe('active');
    expect((await s.call('GET', `/api/v1/users/${bIds.user}`, { token: b.adminToken })).body.displayName).toBe('Carol');
    expect((await s.call('GET', `/api/v1/groups/${bIds.group}`, { token: b.adminToken })).body.displayName).toBe('B devices');
  });

  it('lists never include tenant B\'s rows', async () => {
    for (const path of ['/api/v1/devices', '/api/v1/users', '/api/v1/groups', '/api/v1/enrollment-profiles', '/api/v1/api-tokens', '/api/v1/role-assignments', '/api/v1/audit']) {
      const res = await s.call('GET', path, { token: a.adminToken });
      expect(res.status, path).toBe(200);
      const text = JSON.stringify(res.body);
      for (const id of Object.values(bIds)) expect(text, `${path} leaks ${id}`).not.toContain(id);
    }
  });

  it('A\'s admin cannot add B\'s device to A\'s group', async () => {
    const g = await s.call('POST', '/api/v1/groups', { token: a.adminToken, body: { displayName: 'A devices', memberKind: 'device' } });
    const res = await s.call('PUT', `/api/v1/groups/${g.body.id}/members/${bIds.device}`, { token: a.adminToken });
    expect(res.status).toBe(404);
  });
});
