import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import type { VerityEvent } from '../../src/events/event-bus.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('SCIM 2.0 provisioning over HTTP', { timeout: 60_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let token = '';
  const events: VerityEvent[] = [];
  const scim = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    s.call(method, `/scim/v2${path}`, { token, ...(body !== undefined ? { body } : {}), headers });

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    s.server.ctx.events.subscribe('', (e) => { events.push(e); });
    const created = await s.call('POST', '/api/v1/scim/tokens', { token: t.adminToken, body: { name: 'Entra provisioning' } });
    expect(created.status).toBe(201);
    token = created.body.token;
  });
  afterAll(async () => s.close());

  it('creates, filters, patches and deactivates a user; the user\'s tokens are then refused and the gateway event is published', async () => {
    const upn = `grace@${t.domain}`;
    const created = await scim('POST', '/Users', {
      schemas: [USER], userName: upn, externalId: 'entra-42', name: { givenName: 'Grace', familyName: 'Hopper' }, active: true,
      emails: [{ value: upn, type: 'work', primary: true }], 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Research' },
    });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toContain('application/scim+json');
    expect(created.body).toMatchObject({ userName: upn, displayName: 'Grace Hopper', active: true, externalId: 'entra-42', meta: { resourceType: 'User' } });
    const id = created.body.id as string;
    expect(created.headers.location).toBe(created.body.meta.location);

    const byName = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${upn}"`)}`);
    expect(byName.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id }] });
    const complex = await scim('GET', `/Users?filter=${encodeURIComponent('name.familyName sw "Hop" and active eq true')}`);
    expect(complex.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "entra-42"')}`)).body.totalResults).toBe(1);
    expect((await scim('GET', '/Users?startIndex=1&count=1')).body.itemsPerPage).toBe(1);

    const etag = (await scim('GET', `/Users/${id}`)).headers.etag as string;
    const patched = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'displayName', value: 'Rear Admiral Hopper' }, { op: 'replace', path: 'title', value: 'Admiral' }] }, { 'if-match': etag });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Rear Admiral Hopper', title: 'Admiral' });
    expect(patched.headers.etag).not.toBe(etag);
    const stale = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.schemas).toEqual([ERROR]);

    // The user gets a password from an admin and signs in to the portal: a live session.
    expect((await s.call('PATCH', `/api/v1/users/${id}`, { token: t.adminToken, body: { password: 'compilers and nanoseconds' } })).status).toBe(200);
    const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: upn, password: 'compilers and nanoseconds', kind: 'portal' } });
    expect(login.status).toBe(200);
    expect((await s.call('GET', '/api/v1/me/security', { token: login.body.token })).status).toBe(200);

    // Entra deprovisions with `active: "False"` (a string): accepted as false.
    const deactivated = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await s.call('GET', '/api/v1/me/security', { token: login.body.token })).status).toBe(401);
    const again = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: upn, password: 'compilers and nanoseconds', kind: 'portal' } });
    expect(again.status).toBe(401);
    await new Promise((r) => setTimeout(r, 10));
    expect(events.find((e) => e.topic === 'user.disabled')).toMatchObject({ tenantId: t.tenantId, payload: { userId: id, reason: 'scim-deprovisioned', sessionsRevoked: 1 } });
    expect(events.find((e) => e.topic === 'session.revoked' && e.payload.userId === id)).toMatchObject({ payload: { reason: 'scim-deprovisioned' } });
  });

  it('groups: create with members, patch members, list', async () => {
    const u = await scim('POST', '/Users', { schemas: [USER], userName: `linus@${t.domain}` });
    const g = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [{ value: u.body.id }] });
    expect(g.status).toBe(201);
    expect(g.body.members.map((m: { value: string }) => m.value)).toEqual([u.body.id]);
    const removed = await scim('PATCH', `/Groups/${g.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${u.body.id}"]` }] });
    expect(removed.body.members).toEqual([]);
    expect((await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`)).body.totalResults).toBe(1);
  });

  it('answers bad input in the SCIM error schema', async () => {
    const badFilter = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
    const dup = await scim('POST', '/Users', { schemas: [USER], userName: `linus@${t.domain}` });
    expect(dup.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const missing = await scim('GET', '/Users/no-such-user');
    expect(missing.body).toMatchObject({ schemas: [ERROR], status: '404' });
    const badJson = await s.call('POST', '/scim/v2/Users', { token, rawBody: '{"schemas":', headers: { 'content-type': 'application/scim+json' } });
    expect(badJson.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax' });
    const noToken = await s.call('GET', '/scim/v2/Users');
    expect(noToken.status).toBe(401);
    expect(noToken.body.schemas).toEqual([ERROR]);
    expect((await s.call('GET', '/scim/v2/Users', { token: t.adminToken })).status).toBe(401);
    const badPatch = await scim('PATCH', '/Users/no-such-user', { schemas: [PATCH], Operations: [{ op: 'explode' }] });
    expect(badPatch.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const spc = await scim('GET', '/ServiceProviderConfig');
    expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, etag: { supported: true } });
    expect((await scim('GET', '/ResourceTypes')).body.totalResults).toBe(2);
    expect((await scim('GET', '/Schemas')).body.Resources.map((x: { id: string }) => x.id)).toContain(USER);
    expect((await scim('GET', '/Nope')).body).toMatchObject({ schemas: [ERROR], status: '404' });
  });
});
