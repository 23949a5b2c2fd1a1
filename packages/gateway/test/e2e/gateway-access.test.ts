// The gateway end to end: a real control plane, a real gateway over TLS/mTLS, the sample app
// behind it; access decided per request, and cut (requests refused, open WebSockets and event
// streams closed) when the device turns noncompliant through a real check-in, when the session
// is revoked, when the user is disabled and when the device is revoked.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { controlPlaneWorld, gatewayWithApp, gwCall, signInThroughGateway, until, type ControlPlaneWorld } from '../gateway-harness.js';

const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };

/** An event stream through the gateway; resolves `closed` when the connection ends. */
function openEventStream(url: string, caPem: string, device: { keyPem: string; certPem: string }, token: string) {
  const events: string[] = [];
  let closedAt = 0;
  const closed = new Promise<void>((resolveClosed) => {
    const req = httpsRequest(new URL('/events', url), { ca: caPem, key: device.keyPem, cert: device.certPem, agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => events.push(c));
      res.on('close', () => { closedAt = performance.now(); resolveClosed(); });
      res.on('error', () => undefined);
    });
    req.on('error', () => { closedAt = performance.now(); resolveClosed(); });
    req.end();
  });
  return { events, closed, closedAt: () => closedAt };
}

/** A WebSocket through the gateway; resolves `opened` with the greeting, `closed` when it ends. */
function openWebSocket(url: string, caPem: string, device: { keyPem: string; certPem: string }, token: string) {
  const ws = new WebSocket(`${url.replace('https:', 'wss:')}/ws`, { ca: caPem, key: device.keyPem, cert: device.certPem, headers: { authorization: `Bearer ${token}` } });
  let closedAt = 0;
  const opened = new Promise<string>((resolve, reject) => { ws.once('message', (d) => resolve(String(d))); ws.once('error', reject); });
  const closed = new Promise<void>((resolve) => ws.once('close', () => { closedAt = performance.now(); resolve(); }));
  ws.on('error', () => undefined);
  return { ws, opened, closed, closedAt: () => closedAt };
}

describe('gateway: access decided per request and cut within a fraction of a second', () => {
  let w: ControlPlaneWorld;
  let g: Awaited<ReturnType<typeof gatewayWithApp>>;
  let token: string;

  beforeAll(async () => {
    w = await controlPlaneWorld();
    // "Require compliant device" for the sample app (a Graph policy as Entra exports it).
    const policy = await w.s.call('POST', '/api/v1/conditional-access/policies', { token: w.t.adminToken, body: {
      displayName: 'Sample app: require a compliant device', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['sample-app'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
    } });
    expect(policy.status).toBe(201);
    g = await gatewayWithApp(w);
    await until(() => g.gateway.state.policySet?.policies.length === 1, 'the policy on the gateway');
    token = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
  });
  afterAll(async () => {
    await g?.gateway.close();
    await g?.app.close();
    await w?.close();
  });

  const call = (path: string, extra: Parameters<typeof gwCall>[3] = {}) => gwCall(g.gateway.url, w.s.caPem, path, { device: w.user.device, bearer: token, ...extra });

  it('forwards a granted request with a signed identity assertion the app verifies (user, device, compliance, decision id)', async () => {
    const res = await call('/whoami');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ sub: w.user.userId, upn: w.user.upn, device_id: w.user.device.deviceId, device_compliant: true, aud: 'sample-app', iss: g.gateway.url });
    expect(res.body.decision_id).toMatch(/^[0-9a-f-]{36}$/);
    // The next request is decided again, and carries the same signed assertion while nothing changed (reuse window).
    const again = await call('/whoami');
    expect(again.status, again.text).toBe(200);
    expect(again.body.jti).toBe(res.body.jti);
    // The JWKS is published on the gateway itself too, for upstreams that fetch it.
    expect((await gwCall(g.gateway.url, w.s.caPem, '/.verity/jwks.json')).body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });

  it('sends a browser without a session to the sign-in page, and answers an API client 401 problem+json', async () => {
    const browser = await gwCall(g.gateway.url, w.s.caPem, '/', { device: w.user.device, headers: { accept: 'text/html' } });
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/.verity/sign-in?return=%2F&reason=VERITY_GATEWAY_SIGN_IN_REQUIRED');
    const api = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device });
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toBe('application/problem+json');
    expect(api.body.code).toBe('VERITY_GATEWAY_SIGN_IN_REQUIRED');
  });

  it('refuses a sign-in without a device at Verity\'s sign-in (the app\'s policy needs a compliant one), and a device-bound session used without its device', async () => {
    // Verity's sign-in decides conditional access for the app the gateway names: no device, no session.
    await expect(signInThroughGateway(g.gateway, w.s.caPem, w.user, false)).rejects.toThrow(/VERITY_ACCESS_CONTROLS_REQUIRED/);
    const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { bearer: token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'VERITY_GATEWAY_SESSION_DEVICE_MISMATCH' });
  });

  it('proxies an event stream and a WebSocket, then closes both and refuses the next request within 1 s of a noncompliant check-in', async () => {
    const sse = openEventStream(g.gateway.url, w.s.caPem, w.user.device, token);
    const ws = openWebSocket(g.gateway.url, w.s.caPem, w.user.device, token);
    expect(await ws.opened).toBe(`hello ${w.user.upn}`);
    await until(() => sse.events.join('').includes('tick 2'), 'event stream ticks');
    ws.ws.send('ping');
    await until(() => g.gateway.streams.size === 2, 'both streams tracked');

    const t0 = performance.now();
    const checkin = await w.checkIn(firewallOff);
    expect(checkin.body.complianceState).toBe('noncompliant');
    await Promise.all([sse.closed, ws.closed]);
    const refused = await until(async () => { const r = await call('/whoami'); return r.status === 403 ? r : undefined; }, 'the refusal');
    const elapsed = performance.now() - t0;
    expect(Math.max(sse.closedAt(), ws.closedAt()) - t0).toBeLessThan(1_000);
    expect(elapsed).toBeLessThan(1_000);
    expect(refused.body.code).toBe('VERITY_GATEWAY_DEVICE_NOT_COMPLIANT');
    expect(refused.body.remediation.map((r: { setting: string }) => r.setting)).toContain('verity_linux_firewall_required');
    expect(refused.body.remediation.every((r: { remediation: string }) => r.remediation.length > 10)).toBe(true);
    expect(refused.body.links[0].href).toBe(`${w.s.url}/portal#device-${w.user.device.deviceId}`);

    // Remediated through the next check-in: access is back.
    await w.checkIn();
    await until(async () => (await call('/whoami')).status === 200, 'access after remediation');
  });

  it('cuts the user off when an admin revokes their sessions (Graph revokeSignInSessions)', async () => {
    const mine = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
    const sse = openEventStream(g.gateway.url, w.s.caPem, w.user.device, mine);
    await until(() => sse.events.length > 0, 'stream open');
    const res = await w.s.call('POST', `/api/v1/users/${w.user.userId}/revoke-sign-in-sessions`, { token: w.t.adminToken });
    expect(res.body).toMatchObject({ value: true });
    await sse.closed;
    const refused = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: mine });
    expect(refused.body.code).toBe('VERITY_GATEWAY_SESSION_REVOKED');
    token = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
    expect((await call('/whoami')).status).toBe(200);
  });

  it('cuts a disabled user off (their sessions are revoked), and lets them sign in again when enabled', async () => {
    const ws = openWebSocket(g.gateway.url, w.s.caPem, w.user.device, token);
    await ws.opened;
    await w.s.call('PATCH', `/api/v1/users/${w.user.userId}`, { token: w.t.adminToken, body: { status: 'disabled' } });
    await ws.closed;
    expect((await call('/whoami')).body.code).toBe('VERITY_GATEWAY_USER_DISABLED');
    await w.s.call('PATCH', `/api/v1/users/${w.user.userId}`, { token: w.t.adminToken, body: { status: 'enabled' } });
    // Disabling revoked every session: the old one stays refused, a new sign-in works.
    await until(async () => (await call('/whoami')).body.code === 'VERITY_GATEWAY_SESSION_REVOKED', 'the old session refused as revoked');
    token = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
    expect((await call('/whoami')).status).toBe(200);
  });

  it('writes every decision to the sign-in log in batches, with the decision id the app saw', async () => {
    const seen = await call('/whoami');
    await g.gateway.flushSignIns();
    const log = await until(async () => {
      const r = await w.s.call('GET', `/api/v1/sign-ins?appId=sample-app&userId=${w.user.userId}`, { token: w.t.adminToken });
      return r.body.items.find((e: { id: string }) => e.id === seen.body.decision_id);
    }, 'the sign-in entry');
    expect(log).toMatchObject({ result: 'grant', deviceId: w.user.device.deviceId, clientApp: 'mobileAppsAndDesktopClients', decision: { source: 'gateway', gatewayId: 'gateway-1', deviceCompliant: true } });
    expect(log.decision.requests).toBeGreaterThanOrEqual(1);
    const blocked = await w.s.call('GET', `/api/v1/sign-ins?appId=sample-app&result=controlsRequired`, { token: w.t.adminToken });
    expect(blocked.body.items.length).toBeGreaterThan(0);
  });

  it('states its snapshot version on /healthz and /metrics, and the control plane lists it', async () => {
    const health = await fetch(`${g.gateway.opsUrl}/healthz`);
    const body = await health.json() as { status: string; snapshotVersion: string; controlPlane: { connected: boolean } };
    expect(health.status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', snapshotVersion: g.gateway.state.version, controlPlane: { connected: true } });
    const metrics = await (await fetch(`${g.gateway.opsUrl}/metrics`)).text();
    expect(metrics).toContain(`verity_gateway_snapshot_info{version="${g.gateway.state.version}"`);
    const listed = await w.s.call('GET', '/api/v1/gateways', { token: w.t.adminToken });
    expect(listed.body.items).toEqual([expect.objectContaining({ gatewayId: 'gateway-1', transport: 'https-stream', version: g.gateway.state.version })]);
  });

  it('refuses the certificate of a revoked device, and a session of that device', async () => {
    const res = await w.s.call('POST', `/api/v1/devices/${w.user.device.deviceId}/revoke`, { token: w.t.adminToken, body: { reason: 'lost' } });
    expect(res.status).toBe(200);
    const refused = await until(async () => { const r = await call('/whoami'); return r.body?.code === 'VERITY_GATEWAY_DEVICE_REVOKED' ? r : undefined; }, 'revocation at the gateway');
    expect(refused.status).toBe(403);
  });
});
