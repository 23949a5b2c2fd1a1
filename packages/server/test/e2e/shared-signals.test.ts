// OpenID Shared Signals between two real Verity control planes over HTTPS (A transmits, B
// receives: B creates its stream at A through A's SSF stream API, A pushes signed SETs per
// RFC 8935, B verifies and acts), a receiver written here with jose only (A's SETs as any
// receiver sees them), and a transmitter written here with jose only (an EDR telling B a device
// is compromised), including every way a push is refused.
import { createServer, type Server } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { eventually, linuxPolicy } from './compliance-fixtures.js';

const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
const PASSWORD = 'correct horse battery staple';

/** An HTTPS server with a certificate from a Verity CA (so a control plane configured to trust that CA calls it). */
async function httpsServer(s: TestServer, handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const cert = await s.server.ctx.deviceCa.issueServerCertificate({ hostnames: ['localhost'], ips: ['127.0.0.1'], now: new Date(), validityDays: 1 });
  const server = createServer({ key: cert.keyPem, cert: cert.certPem }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `https://localhost:${(server.address() as { port: number }).port}` };
}

async function portalSession(s: TestServer, domain: string, upn: string): Promise<string> {
  const login = await s.call('POST', '/api/v1/auth/login', { body: { tenant: domain, username: upn, password: PASSWORD, kind: 'portal' } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return login.body.token as string;
}

describe('Shared Signals (SSF 1.0, RFC 8935, RFC 8417)', () => {
  let a: TestServer;
  let b: TestServer;
  let ta: TenantBootstrap;
  let tb: TenantBootstrap;
  let dir: string;
  let transmitterAtB: { id: string; remoteStreamId: string };
  let adaA: string;
  let adaB: string;
  const upn = `ada-${crypto.randomUUID().slice(0, 6)}@shared.example`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verity-ssf-'));
    const outboundCa = join(dir, 'outbound-ca.pem');
    a = await TestServer.start({ config: { schedulerIntervalMs: 50, outboundCaFile: outboundCa } });
    b = await TestServer.start({ config: { schedulerIntervalMs: 50 } });
    // A pushes to B's HTTPS endpoint and to the test's receivers: it trusts B's CA (which issues their certificates too).
    writeFileSync(outboundCa, b.caPem);
    ta = await a.tenant();
    tb = await b.tenant();
    adaA = (await a.call('POST', '/api/v1/users', { token: ta.adminToken, body: { userPrincipalName: upn, displayName: 'Ada', password: PASSWORD } })).body.id;
    adaB = (await b.call('POST', '/api/v1/users', { token: tb.adminToken, body: { userPrincipalName: upn, displayName: 'Ada', password: PASSWORD } })).body.id;
    // B's receiver credential at A: a token that may only manage its SSF streams.
    const mgmt = await a.call('POST', '/api/v1/api-tokens', { token: ta.adminToken, body: { name: 'Verity B receiver', role: 'ssfReceiver' } });
    const added = await b.call('POST', '/api/v1/ssf/transmitters', { token: tb.adminToken, body: {
      displayName: 'Verity A', configurationUrl: `${a.url}/.well-known/ssf-configuration`, managementToken: mgmt.body.token, caPem: a.caPem,
    } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.pushAuthorization).toBeUndefined();
    transmitterAtB = added.body;
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes SSF transmitter metadata and its JWKS', async () => {
    const meta = await a.call('GET', '/.well-known/ssf-configuration');
    expect(meta.body).toMatchObject({ spec_version: '1_0', issuer: a.url, delivery_methods_supported: ['urn:ietf:rfc:8935'], default_subjects: 'ALL', configuration_endpoint: `${a.url}/api/v1/ssf/streams` });
    const jwks = await a.call('GET', '/api/v1/ssf/jwks.json');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
  });

  it('B created its push stream at A through A\'s stream API (B\'s token sees it; nothing leaks its push secret)', async () => {
    const mgmt = await a.call('POST', '/api/v1/api-tokens', { token: ta.adminToken, body: { name: 'reader', role: 'ssfReceiver' } });
    const stream = await a.call('GET', `/api/v1/ssf/streams?stream_id=${transmitterAtB.remoteStreamId}`, { token: mgmt.body.token });
    expect(stream.body).toMatchObject({ stream_id: transmitterAtB.remoteStreamId, iss: a.url, delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${b.url}/api/v1/ssf/receive/${transmitterAtB.id}` } });
    expect(stream.body.events_delivered).toContain(`${CAEP}session-revoked`);
    expect(JSON.stringify(stream.body)).not.toContain('Bearer');
    // The receiver role can do nothing else.
    expect((await a.call('GET', '/api/v1/devices', { token: mgmt.body.token })).status).toBe(403);
  });

  it('verification: B asks, A sends a verification SET, B records it', async () => {
    const mgmt = await a.call('POST', '/api/v1/api-tokens', { token: ta.adminToken, body: { name: 'verifier', role: 'ssfReceiver' } });
    expect((await a.call('POST', '/api/v1/ssf/streams/verify', { token: mgmt.body.token, body: { stream_id: transmitterAtB.remoteStreamId, state: 'hello-b' } })).status).toBe(204);
    const events = await eventually(async () => {
      const r = await b.call('GET', `/api/v1/ssf/transmitters/${transmitterAtB.id}/events`, { token: tb.adminToken });
      return r.body.items.find((e: { eventTypes: string[] }) => e.eventTypes.includes('https://schemas.openid.net/secevent/ssf/event-type/verification'));
    }, 'the verification event at B');
    expect(events.actions).toEqual([{ eventType: 'https://schemas.openid.net/secevent/ssf/event-type/verification', action: 'verified', detail: 'hello-b' }]);
  });

  it('session revoked at A: A transmits CAEP session-revoked, B revokes the user\'s sessions', async () => {
    const atA = await portalSession(a, ta.domain, upn);
    const atB = await portalSession(b, tb.domain, upn);
    expect((await b.call('GET', '/api/v1/me/devices', { token: atB })).status).toBe(200);
    await a.call('POST', `/api/v1/users/${adaA}/revoke-sign-in-sessions`, { token: ta.adminToken });
    expect((await a.call('GET', '/api/v1/me/devices', { token: atA })).status).toBe(401);
    await eventually(async () => (await b.call('GET', '/api/v1/me/devices', { token: atB })).status === 401 || undefined, 'B revoking the session');
    const events = await b.call('GET', `/api/v1/ssf/transmitters/${transmitterAtB.id}/events`, { token: tb.adminToken });
    expect(events.body.items.find((e: { eventTypes: string[] }) => e.eventTypes[0] === `${CAEP}session-revoked`).actions[0]).toMatchObject({ action: 'sessions-revoked', target: adaB });
  });

  it('password changed at A: CAEP credential-change; account disabled at A: RISC account-disabled, B disables the user', async () => {
    const atB = await portalSession(b, tb.domain, upn);
    await a.call('PATCH', `/api/v1/users/${adaA}`, { token: ta.adminToken, body: { password: 'another long passphrase' } });
    await eventually(async () => (await b.call('GET', '/api/v1/me/devices', { token: atB })).status === 401 || undefined, 'B revoking after credential-change');
    await a.call('PATCH', `/api/v1/users/${adaA}`, { token: ta.adminToken, body: { status: 'disabled' } });
    await eventually(async () => (await b.call('GET', `/api/v1/users/${adaB}`, { token: tb.adminToken })).body.status === 'disabled' || undefined, 'B disabling the user');
    const audit = await b.call('GET', '/api/v1/audit?limit=50', { token: tb.adminToken });
    expect(audit.body.items.some((e: { action: string; details: { reason?: string } }) => e.action === 'user.disable' && e.details.reason === 'ssf:account-disabled')).toBe(true);
    const types = (await b.call('GET', `/api/v1/ssf/transmitters/${transmitterAtB.id}/events`, { token: tb.adminToken })).body.items.flatMap((e: { eventTypes: string[] }) => e.eventTypes);
    expect(types).toEqual(expect.arrayContaining([`${CAEP}credential-change`, `${RISC}account-disabled`]));
  });

  it('a receiver written with jose only gets A\'s SETs, signed and addressed as SSF says', async () => {
    const received: { token: string; authorization: string | undefined; contentType: string | undefined }[] = [];
    const receiver = await httpsServer(b, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { received.push({ token: Buffer.concat(chunks).toString('utf8'), authorization: req.headers.authorization, contentType: req.headers['content-type'] }); res.writeHead(202).end(); });
    });
    try {
      const mgmt = await a.call('POST', '/api/v1/api-tokens', { token: ta.adminToken, body: { name: 'jose receiver', role: 'ssfReceiver' } });
      const created = await a.call('POST', '/api/v1/ssf/streams', { token: mgmt.body.token, body: {
        delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${receiver.url}/events`, authorization_header: 'Bearer jose-receiver-secret' },
        events_requested: [`${CAEP}device-compliance-change`, `${CAEP}session-revoked`, 'urn:example:unknown-event'], aud: 'urn:example:jose-receiver',
      } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.events_delivered).toEqual([`${CAEP}device-compliance-change`, `${CAEP}session-revoked`]);

      // A device at A turns noncompliant (a real check-in against an assigned Linux policy).
      const policy = await a.call('POST', '/api/v1/compliance-policies', { token: ta.adminToken, body: linuxPolicy() });
      await a.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: ta.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
      const device: DeviceIdentity = await a.enrollDevice(await enrollmentToken(a, ta.adminToken));
      await a.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
      await a.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({ 'firewall.enabled': { state: 'known', value: false, source: 'test' } }) } });
      // The enrolled device went unknown -> compliant (one SET), then compliant -> not compliant (the one looked for).
      const claimsOf = (token: string) => JSON.stringify(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()));
      const push = await eventually(() => received.find((r) => claimsOf(r.token).includes('"current_status":"not-compliant"')), 'the noncompliance SET');

      expect(push.authorization).toBe('Bearer jose-receiver-secret');
      expect(push.contentType).toBe('application/secevent+jwt');
      const jwks = (await a.call('GET', '/api/v1/ssf/jwks.json')).body;
      const { payload, protectedHeader } = await jwtVerify(push.token, createLocalJWKSet(jwks), { issuer: a.url, audience: 'urn:example:jose-receiver', typ: 'secevent+jwt' });
      expect(protectedHeader.alg).toBe('ES256');
      const p = payload as JWTPayload & { sub_id: unknown; events: Record<string, Record<string, unknown>> };
      expect(typeof p.jti).toBe('string');
      expect(p.sub_id).toEqual({ format: 'complex', device: { format: 'opaque', id: device.deviceId } });
      expect(p.events[`${CAEP}device-compliance-change`]).toMatchObject({ previous_status: 'compliant', current_status: 'not-compliant', event_timestamp: expect.any(Number) });
    } finally {
      receiver.server.close();
    }
  });

  describe('a transmitter written with jose only (an EDR) pushing to B', () => {
    let edr: { server: Server; url: string };
    let keys: Awaited<ReturnType<typeof generateKeyPair>>;
    let pushUrl: string;
    let pushAuthorization: string;
    let device: DeviceIdentity;
    const ISSUER = 'https://edr.example.test';

    beforeAll(async () => {
      keys = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'edr-1', alg: 'ES256' };
      edr = await httpsServer(b, (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })); });
      const added = await b.call('POST', '/api/v1/ssf/transmitters', { token: tb.adminToken, body: { displayName: 'EDR', issuer: ISSUER, jwksUri: `${edr.url}/jwks`, caPem: b.caPem } });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      pushUrl = added.body.pushUrl;
      pushAuthorization = added.body.pushAuthorization;
      device = await b.enrollDevice(await enrollmentToken(b, tb.adminToken));
    });
    afterAll(() => { edr?.server.close(); });

    const set = (claims: Record<string, unknown>, key = keys.privateKey, header: Record<string, unknown> = {}) =>
      new SignJWT({ iss: ISSUER, aud: pushUrl, jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'edr-1', typ: 'secevent+jwt', ...header }).sign(key);
    const post = (token: string, authorization = pushAuthorization) => b.call('POST', new URL(pushUrl).pathname, { rawBody: token, headers: { 'content-type': 'application/secevent+jwt', authorization } });
    const compromised = { sub_id: { format: 'complex', device: { format: 'opaque', id: '' } }, events: { [`${CAEP}risk-level-change`]: { principal: 'DEVICE', current_level: 'HIGH', previous_level: 'LOW', risk_reason: 'malware' } } };

    it('a device reported compromised gets high risk (which compliance reads)', async () => {
      const token = await set({ ...compromised, sub_id: { format: 'complex', device: { format: 'opaque', id: device.deviceId } } });
      const res = await post(token);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect((await b.call('GET', `/api/v1/devices/${device.deviceId}`, { token: tb.adminToken })).body.riskLevel).toBe('high');
      // A replayed SET is refused and never acted on twice.
      const again = await post(token);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ err: 'invalid_request', description: expect.stringContaining('replay') });
    });

    it('refuses pushes per RFC 8935: wrong push secret, wrong key, issuer, audience, typ, not a JWS', async () => {
      const good = { ...compromised, sub_id: { format: 'complex', device: { format: 'opaque', id: device.deviceId } } };
      expect((await post(await set(good), 'Bearer wrong-secret-wrong-secret')).body).toMatchObject({ err: 'authentication_failed' });
      expect((await post(await set(good), 'Bearer wrong-secret-wrong-secret')).status).toBe(401);
      const other = await generateKeyPair('ES256');
      expect((await post(await set(good, other.privateKey))).body).toMatchObject({ err: 'invalid_key' });
      expect((await post(await set({ ...good, iss: 'https://someone.else' }))).body).toMatchObject({ err: 'invalid_issuer' });
      expect((await post(await set({ ...good, aud: 'https://not-b.example' }))).body).toMatchObject({ err: 'invalid_audience' });
      expect((await post(await set(good, keys.privateKey, { typ: 'JWT' }))).body).toMatchObject({ err: 'invalid_request' });
      expect((await post('not a jws')).body).toMatchObject({ err: 'invalid_request' });
      expect((await post(await set({ ...good, events: {} }))).body).toMatchObject({ err: 'invalid_request' });
      const unknownTransmitter = await b.call('POST', '/api/v1/ssf/receive/no-such-transmitter', { rawBody: 'a.b.c', headers: { 'content-type': 'application/secevent+jwt', authorization: pushAuthorization } });
      expect(unknownTransmitter.body).toMatchObject({ err: 'authentication_failed' });
    });
  });

  it('validates the stream API: push only, HTTPS only, read-only members must match', async () => {
    const mgmt = await a.call('POST', '/api/v1/api-tokens', { token: ta.adminToken, body: { name: 'validator', role: 'ssfReceiver' } });
    const bad = async (body: unknown) => (await a.call('POST', '/api/v1/ssf/streams', { token: mgmt.body.token, body })).body;
    expect(await bad({ delivery: { method: 'urn:ietf:rfc:8936' }, events_requested: [] })).toMatchObject({ code: 'VERITY_REQUEST_INVALID' });
    expect((await bad({ delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'http://plain.example/x' } })).errors[0].path).toBe('$.delivery.endpoint_url');
    expect(await bad({ delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'https://r.example/x' }, iss: 'https://not-a' })).toMatchObject({ code: 'VERITY_SSF_READ_ONLY_MEMBER' });
    expect((await a.call('GET', '/api/v1/ssf/streams?stream_id=nope', { token: mgmt.body.token })).body.code).toBe('VERITY_STREAM_NOT_FOUND');
  });
});
