// The Graph import routes take bodies as Windows tools save them, and refuse what is not text,
// with a problem code and nothing written; device properties validate at the edge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { loadAccessFixtures } from '../../../core/test/fixtures/graph/access/load-fixtures.js';

const access = loadAccessFixtures();
const utf16 = (text: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);

describe('Graph import bodies and device properties', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  beforeAll(async () => { s = await TestServer.start(); t = await s.tenant(); });
  afterAll(async () => { await s.close(); });

  it('imports a UTF-16 body with a byte-order mark as it imports the UTF-8 one', async () => {
    const json = JSON.stringify(access.policies.get('block-legacy-authentication'), null, 4).replace(/\n/g, '\r\n');
    const res = await s.call('POST', '/api/v1/conditional-access/policies?dryRun=true', { token: t.adminToken, rawBody: utf16(json), headers: { 'content-type': 'application/json' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.action).toBe('create');
    const compliance = await s.call('POST', '/api/v1/compliance-policies?dryRun=true', { token: t.adminToken, rawBody: utf16(JSON.stringify({ '@odata.type': '#microsoft.graph.windows10CompliancePolicy', displayName: 'w', bitLockerEnabled: true }), false), headers: { 'content-type': 'application/json' } });
    expect(compliance.status).toBe(200);
  });

  it('refuses a truncated UTF-16 body and a lone surrogate with VERITY_IMPORT_ENCODING_INVALID and the byte offset', async () => {
    const truncated = utf16('{"displayName": "x"}').subarray(0, 21);
    const res = await s.call('POST', '/api/v1/conditional-access/named-locations', { token: t.adminToken, rawBody: truncated, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VERITY_IMPORT_ENCODING_INVALID', errors: [{ path: '$', offset: 20 }] });
    const lone = Buffer.concat([utf16('{"displayName": "'), Buffer.from([0x00, 0xd8]), Buffer.from('"}', 'utf16le')]);
    expect((await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, rawBody: lone, headers: { 'content-type': 'application/json' } })).body.code).toBe('VERITY_IMPORT_ENCODING_INVALID');
    expect((await s.call('GET', '/api/v1/conditional-access/named-locations', { token: t.adminToken })).body.items).toEqual([]);
  });

  it('refuses a body larger than the import routes take with 413, never a 5xx', async () => {
    const res = await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, rawBody: Buffer.alloc(2 * 1024 * 1024, 0x20), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('VERITY_REQUEST_TOO_LARGE');
  });

  it('validates device properties at the edge and answers a device of another tenant as not found', async () => {
    const store = s.server.ctx.store;
    const device = await store.devices.create(t.tenantId, { displayName: 'pc', platform: 'linux', ownership: 'corporate', joinType: 'joined', scopeTags: ['emea'] });
    const bad = await s.call('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { extensionAttributes: { extensionAttribute16: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toContain('extensionAttributes');
    expect((await s.call('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: {} })).status).toBe(400);
    const ok = await s.call('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { displayName: 'pc-2', category: 'Kiosk', extensionAttributes: { extensionAttribute3: 'x' } } });
    expect(ok.body).toMatchObject({ displayName: 'pc-2', category: 'Kiosk', extensionAttributes: { extensionAttribute3: 'x' } });
    expect((await s.call('PATCH', '/api/v1/devices/no-such-device', { token: t.adminToken, body: { displayName: 'x' } })).status).toBe(404);
    const other = await s.tenant();
    expect((await s.call('PATCH', `/api/v1/devices/${device.id}`, { token: other.adminToken, body: { displayName: 'x' } })).status).toBe(404);
  });

  it('re-evaluates dynamic device groups when a property changes', async () => {
    const group = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'SAWs', memberKind: 'device', membershipType: 'dynamic', membershipRule: 'device.extensionAttribute1 -eq "SAW"' } });
    expect(group.status).toBe(201);
    const device = await s.server.ctx.store.devices.create(t.tenantId, { displayName: 'saw', platform: 'windows', ownership: 'corporate', joinType: 'joined' });
    const res = await s.call('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { extensionAttributes: { extensionAttribute1: 'SAW' } } });
    expect(res.body.groupIds).toContain(group.body.id);
    const cleared = await s.call('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { extensionAttributes: { extensionAttribute1: null } } });
    expect(cleared.body.groupIds).not.toContain(group.body.id);
  });
});
