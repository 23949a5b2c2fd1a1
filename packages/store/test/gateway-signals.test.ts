import { expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('gateway apps, shared signals, revocation lists, sign-in batches', (h) => {
  it('gateway apps: create, list by name, update, delete; booleans and host lists round-trip; tenant-isolated', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    const a = await h.store.gatewayApps.create(t, { displayName: 'Wiki', appId: 'wiki-app', hosts: ['wiki.example.com'], pathPrefix: '/', upstreamUrl: 'http://127.0.0.1:9000', enabled: true });
    await h.store.gatewayApps.create(t, { displayName: 'API', appId: 'api-app', hosts: ['api.example.com', 'api2.example.com'], pathPrefix: '/v1', upstreamUrl: 'http://127.0.0.1:9001', enabled: false });
    expect(a.enabled).toBe(true);
    expect((await h.store.gatewayApps.list(t)).map((x) => [x.displayName, x.enabled, x.hosts])).toEqual([
      ['API', false, ['api.example.com', 'api2.example.com']],
      ['Wiki', true, ['wiki.example.com']],
    ]);
    expect(await h.store.gatewayApps.get(other, a.id)).toBeUndefined();
    expect((await h.store.gatewayApps.update(t, a.id, { enabled: false, hosts: ['w.example.com'] }))).toMatchObject({ enabled: false, hosts: ['w.example.com'] });
    expect(await h.store.gatewayApps.delete(other, a.id)).toBe(false);
    expect(await h.store.gatewayApps.delete(t, a.id)).toBe(true);
  });

  it('ssf streams: JSON columns round-trip; subjects null means every subject', async () => {
    const t = await h.tenant();
    const s = await h.store.ssfStreams.create(t, {
      description: 'to the EDR', audience: ['https://receiver.example'], deliveryMethod: 'urn:ietf:rfc:8935', endpointUrl: 'https://receiver.example/events',
      authorizationHeader: 'sealed', eventsRequested: ['https://schemas.openid.net/secevent/caep/event-type/session-revoked'], status: 'enabled', statusReason: null, subjects: null, createdBy: 'tok',
    });
    expect((await h.store.ssfStreams.get(t, s.id))).toMatchObject({ audience: ['https://receiver.example'], subjects: null, status: 'enabled' });
    await h.store.ssfStreams.update(t, s.id, { status: 'paused', subjects: [{ format: 'email', email: 'a@b.example' }] });
    expect((await h.store.ssfStreams.list(t)).map((x) => [x.status, x.subjects])).toEqual([['paused', [{ format: 'email', email: 'a@b.example' }]]]);
  });

  it('ssf transmitters: found for a push by id alone; a repeated jti is a replay', async () => {
    const t = await h.tenant();
    const tr = await h.store.ssfTransmitters.create(t, {
      displayName: 'EDR', issuer: 'https://edr.example', jwksUri: 'https://edr.example/jwks', audience: 'https://verity.example', configurationUrl: null,
      remoteStreamId: null, managementToken: null, pushSecretHash: 'ab'.repeat(32), caPem: null, eventsRequested: ['x'], enabled: true,
    });
    expect(await h.store.ssfTransmitters.findForPush(tr.id)).toMatchObject({ tenantId: t, enabled: true, eventsRequested: ['x'] });
    expect(await h.store.ssfTransmitters.findForPush('nope')).toBeUndefined();
    const event = { transmitterId: tr.id, jti: 'j1', receivedAt: new Date('2026-01-01T00:00:00Z'), eventTypes: ['e'], subject: { format: 'opaque', id: 'x' }, actions: [{ action: 'none' }] };
    expect(await h.store.ssfTransmitters.recordEvent(t, event)).toBe(true);
    expect(await h.store.ssfTransmitters.recordEvent(t, event)).toBe(false);
    expect((await h.store.ssfTransmitters.events(t, tr.id)).map((e) => [e.jti, e.subject])).toEqual([['j1', { format: 'opaque', id: 'x' }]]);
    expect(await h.store.ssfTransmitters.delete(t, tr.id)).toBe(true);
    expect(await h.store.ssfTransmitters.events(t, tr.id)).toEqual([]);
  });

  it('sessions: revoke-all returns the ids; revoked-unexpired lists only those still within their lifetime', async () => {
    const t = await h.tenant();
    const user = await h.store.users.create(t, { userPrincipalName: `u-${crypto.randomUUID()}@x.example`, displayName: 'U' });
    const live = await h.store.sessions.create(t, { userId: user.id, tokenHash: crypto.randomUUID(), kind: 'gateway', expiresAt: '2099-01-01T00:00:00.000Z' });
    const old = await h.store.sessions.create(t, { userId: user.id, tokenHash: crypto.randomUUID(), kind: 'portal', expiresAt: '2000-01-01T00:00:00.000Z' });
    expect((await h.store.sessions.revokeAllForUserReturningIds(t, user.id, new Date('2026-01-01T00:00:00Z'))).sort()).toEqual([live.id, old.id].sort());
    expect(await h.store.sessions.revokeAllForUserReturningIds(t, user.id, new Date())).toEqual([]);
    expect(await h.store.sessions.listRevokedUnexpired(t, new Date('2026-06-01T00:00:00Z'))).toEqual([live.id]);
  });

  it('sign-in batches: many rows in one call; a resent id is skipped, not an error', async () => {
    const t = await h.tenant();
    const entry = (id: string) => ({ id, at: new Date('2026-01-02T00:00:00Z'), userId: 'u', appId: 'app', result: 'grant' as const, decision: { source: 'gateway', requests: 3 } });
    expect(await h.store.signIns.addMany(t, Array.from({ length: 450 }, (_, i) => entry(`d${i}`)))).toBe(450);
    await h.store.signIns.addMany(t, [entry('d1'), entry('new')]);
    const page = await h.store.signIns.query(t, { limit: 500 });
    expect(page.items).toHaveLength(451);
    expect(page.items.find((x) => x.id === 'new')?.decision).toEqual({ source: 'gateway', requests: 3 });
  });

  it('certificates: revoked-unexpired serials per tenant and per device', async () => {
    const t = await h.tenant();
    const d = await h.store.devices.create(t, { displayName: 'd', platform: 'linux', ownership: 'corporate', joinType: 'joined' });
    for (const [serial, notAfter] of [['AA01', '2099-01-01T00:00:00.000Z'], ['AA02', '2001-01-01T00:00:00.000Z']] as const)
      await h.store.certificates.add(t, { serial: `${serial}${t.slice(0, 8).toUpperCase()}`, deviceId: d.id, fingerprint256: serial, notBefore: '2000-01-01T00:00:00.000Z', notAfter, certPem: 'x' });
    await h.store.certificates.revokeAllForDevice(t, d.id, new Date('2026-01-01T00:00:00Z'));
    const expected = [`AA01${t.slice(0, 8).toUpperCase()}`];
    expect(await h.store.certificates.listRevokedUnexpired(t, new Date('2026-01-01T00:00:00Z'))).toEqual(expected);
    expect(await h.store.certificates.listRevokedUnexpiredForDevice(t, d.id, new Date('2026-01-01T00:00:00Z'))).toEqual(expected);
  });

  it('a duplicate gateway app id is a store conflict', async () => {
    const t = await h.tenant();
    const input = { id: 'same', displayName: 'A', appId: 'a', hosts: ['a.example'], pathPrefix: '/', upstreamUrl: 'http://127.0.0.1:1', enabled: true };
    await h.store.gatewayApps.create(t, input);
    await expect(h.store.gatewayApps.create(t, input)).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
  });
});
