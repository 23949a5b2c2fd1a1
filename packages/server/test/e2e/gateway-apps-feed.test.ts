// The control plane's side of the gateway: /api/v1/apps (validated at the edge, route conflicts
// refused, audited, tenant-isolated) and the snapshot feed (gateway role only; a full snapshot,
// then ordered deltas for the events gateways decide on; resumable after a version).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewaySnapshot, SnapshotDelta } from '@verity/core';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { snapshotFeed } from '../../src/gateway-feed/snapshot-feed.js';
import { eventually, userWithDevice } from './compliance-fixtures.js';

describe('gateway apps and the snapshot feed', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let other: TenantBootstrap;

  beforeAll(async () => {
    s = await TestServer.start({ config: { schedulerIntervalMs: 50 } });
    t = await s.tenant();
    other = await s.tenant();
  });
  afterAll(async () => s.close());

  it('creates, lists, changes and deletes apps; each change audited', async () => {
    const created = await s.call('POST', '/api/v1/apps', { token: t.adminToken, body: { displayName: 'Wiki', appId: 'wiki', hosts: ['Wiki.Example.com'], pathPrefix: '/docs/', upstreamUrl: 'http://10.0.0.5:8080' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hosts: ['wiki.example.com'], pathPrefix: '/docs', enabled: true });
    const patched = await s.call('PATCH', `/api/v1/apps/${created.body.id}`, { token: t.adminToken, body: { enabled: false } });
    expect(patched.body.enabled).toBe(false);
    expect((await s.call('GET', '/api/v1/apps', { token: t.adminToken })).body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    expect((await s.call('GET', `/api/v1/apps/${created.body.id}`, { token: other.adminToken })).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/apps/${created.body.id}`, { token: other.adminToken })).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/apps/${created.body.id}`, { token: t.adminToken })).status).toBe(204);
    const audit = await s.call('GET', '/api/v1/audit?limit=20', { token: t.adminToken });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['app.create', 'app.update', 'app.delete']));
  });

  it('refuses bad routes at the edge, naming the path, and a route another app already holds', async () => {
    const bad = async (body: Record<string, unknown>) => (await s.call('POST', '/api/v1/apps', { token: t.adminToken, body: { displayName: 'X', appId: 'x', hosts: ['x.example'], upstreamUrl: 'http://127.0.0.1:1', ...body } })).body;
    expect((await bad({ hosts: ['bad host'] })).errors[0].path).toBe('$.hosts[0]');
    expect((await bad({ pathPrefix: '/a/../b' })).errors[0].path).toBe('$.pathPrefix');
    expect((await bad({ upstreamUrl: 'ftp://x' })).errors[0].path).toBe('$.upstreamUrl');
    expect((await bad({ upstreamUrl: 'http://user:pw@x.example' })).errors[0].path).toBe('$.upstreamUrl');
    expect((await bad({ hosts: [] })).code).toBe('VERITY_REQUEST_INVALID');
    await s.call('POST', '/api/v1/apps', { token: t.adminToken, body: { displayName: 'A', appId: 'a', hosts: ['same.example'], upstreamUrl: 'http://127.0.0.1:1' } });
    const clash = await s.call('POST', '/api/v1/apps', { token: t.adminToken, body: { displayName: 'B', appId: 'b', hosts: ['same.example'], upstreamUrl: 'http://127.0.0.1:2' } });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('VERITY_APP_ROUTE_CONFLICT');
    // Another tenant may publish the same host (it runs its own gateway).
    expect((await s.call('POST', '/api/v1/apps', { token: other.adminToken, body: { displayName: 'B', appId: 'b', hosts: ['same.example'], upstreamUrl: 'http://127.0.0.1:2' } })).status).toBe(201);
  });

  it('the snapshot stream is for gateway credentials only', async () => {
    expect((await s.call('GET', '/api/v1/gateway/snapshot', { token: t.adminToken })).status).toBe(403);
    const readOnly = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'ro', role: 'readOnly' } });
    expect((await s.call('GET', '/api/v1/gateway/snapshot', { token: readOnly.body.token })).status).toBe(403);
    const gw = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'gw', role: 'gateway' } });
    // The gateway role reads no policies through the admin API.
    expect((await s.call('GET', '/api/v1/conditional-access/policies', { token: gw.body.token })).status).toBe(403);
  });

  it('hands a subscriber a full snapshot, then one delta per change in order; a resumed subscriber gets only what it missed', async () => {
    const feed = snapshotFeed(s.server.ctx, () => s.url);
    const got: (GatewaySnapshot | SnapshotDelta)[] = [];
    const unsubscribe = feed.subscribe(t.tenantId, null, { snapshot: (x) => got.push(x), delta: (d) => got.push(d) }, { gatewayId: 'test', transport: 'in-process' });
    const snapshot = await eventually(() => got[0] as GatewaySnapshot | undefined, 'the snapshot');
    // The app the earlier test published for this tenant (the other tenant's is not in it).
    expect(snapshot.apps.map((a) => a.appId)).toEqual(['a']);
    const user = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'feed-laptop' });
    await s.call('POST', `/api/v1/devices/${user.device.deviceId}/revoke`, { token: t.adminToken, body: {} });
    const deltas = await eventually(() => {
      const ds = got.slice(1) as SnapshotDelta[];
      return ds.some((d) => d.change.kind === 'device' && d.change.device.status === 'revoked') ? ds : undefined;
    }, 'the revocation delta');
    const seqs = deltas.map((d) => Number(d.version.split('.')[1]));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(deltas.map((d) => d.change.kind)).toEqual(expect.arrayContaining(['user', 'device']));
    unsubscribe();

    const middle = deltas[0]!.version;
    const resumed: (GatewaySnapshot | SnapshotDelta)[] = [];
    const un2 = feed.subscribe(t.tenantId, middle, { snapshot: (x) => resumed.push(x), delta: (d) => resumed.push(d) }, { gatewayId: 'test', transport: 'in-process' });
    await eventually(() => resumed.length === deltas.length - 1 || undefined, 'the replayed deltas');
    expect(resumed.map((d) => d.version)).toEqual(deltas.slice(1).map((d) => d.version));
    un2();
    // A version from another feed (another control plane, or before a restart): a full snapshot.
    const fresh: unknown[] = [];
    const un3 = feed.subscribe(t.tenantId, 'otherEpoch.3', { snapshot: (x) => fresh.push(x), delta: () => undefined }, { gatewayId: 'test', transport: 'in-process' });
    await eventually(() => fresh.length === 1 || undefined, 'a full snapshot');
    un3();
  });
});
