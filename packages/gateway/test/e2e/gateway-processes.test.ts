// Continuous access evaluation across several gateway processes: two gateways, each its own
// process started as an operator would (`npm run gateway` with its environment), one control
// plane. A session signed in at one works at both (the control plane signs it; it is bound to
// the device); a noncompliant check-in closes the open event streams on both and both refuse
// the device's next request within a second.
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleApp, type SampleApp } from '../../src/index.js';
import { controlPlaneWorld, gwCall, signInThroughGateway, spawnGatewayProcess, until, type ControlPlaneWorld, type GatewayProcess } from '../gateway-harness.js';

const PUBLIC_URL = 'https://gateway.verity.test';
const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };

/** Start one gateway process on this world's control plane. */
function startGatewayProcess(w: ControlPlaneWorld, gatewayId: string, dataDir: string): Promise<GatewayProcess> {
  return spawnGatewayProcess(gatewayId, {
    VERITY_GATEWAY_CONTROL_PLANE_URL: w.s.url, VERITY_GATEWAY_TOKEN: w.gatewayToken, VERITY_GATEWAY_CONTROL_PLANE_CA_FILE: w.caFile,
    VERITY_GATEWAY_HOST: '127.0.0.1', VERITY_GATEWAY_PORT: '0', VERITY_GATEWAY_OPS_PORT: '0',
    VERITY_GATEWAY_DATA_DIR: dataDir, VERITY_GATEWAY_PUBLIC_URL: PUBLIC_URL, VERITY_GATEWAY_SIGN_IN_FLUSH_MS: '200', VERITY_LOG_LEVEL: 'warn',
  });
}

function stop(p: GatewayProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => { p.child.once('exit', () => resolve()); p.child.kill('SIGTERM'); });
}

function openEventStream(url: string, caPem: string, device: { keyPem: string; certPem: string }, token: string) {
  let data = '';
  let closedAt = 0;
  const closed = new Promise<void>((resolve) => {
    const req = httpsRequest(new URL('/events', url), { ca: caPem, key: device.keyPem, cert: device.certPem, agent: false, servername: 'localhost', headers: { authorization: `Bearer ${token}`, host: 'localhost' } }, (res) => {
      res.on('data', (c: Buffer) => { data += c.toString(); });
      res.on('close', () => { closedAt = performance.now(); resolve(); });
    });
    req.on('error', () => { closedAt = performance.now(); resolve(); });
    req.end();
  });
  return { closed, data: () => data, closedAt: () => closedAt };
}

describe('continuous access evaluation across two gateway processes', () => {
  let w: ControlPlaneWorld;
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;
  let app: SampleApp;

  beforeAll(async () => {
    w = await controlPlaneWorld();
    await w.s.call('POST', '/api/v1/conditional-access/policies', { token: w.t.adminToken, body: {
      displayName: 'Require a compliant device', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
    } });
    // Two gateways behind one name share the assertion key (same data directory), so the app needs one key set.
    const dataDir = join(w.dir, 'gateways');
    a = await startGatewayProcess(w, 'gw-a', dataDir);
    b = await startGatewayProcess(w, 'gw-b', dataDir);
    app = await startSampleApp({ jwks: new URL(`${a.opsUrl}/jwks.json`), issuer: PUBLIC_URL, audience: 'shared-app' });
    await w.s.call('POST', '/api/v1/apps', { token: w.t.adminToken, body: { displayName: 'Shared app', appId: 'shared-app', hosts: ['localhost'], upstreamUrl: app.url } });
    await until(async () => {
      const listed = await w.s.call('GET', '/api/v1/gateways', { token: w.t.adminToken });
      return listed.body.items.length === 2 && listed.body.items.every((i: { version: string }) => i.version === listed.body.version);
    }, 'both gateways on the current version');
  }, 90_000);
  afterAll(async () => {
    await stop(a);
    await stop(b);
    await app?.close();
    await w?.close();
  });

  it('one session, two gateways; a noncompliant check-in closes the streams on both and both refuse within 1 s', async () => {
    // Signed in at one gateway (through Verity's OIDC sign-in); the other accepts the session (same credential, same client).
    const token = await signInThroughGateway(a!, w.s.caPem, w.user);
    for (const gw of [a!, b!]) {
      const res = await gwCall(gw.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ sub: w.user.userId, device_compliant: true });
    }
    const streams = [openEventStream(a!.url, w.s.caPem, w.user.device, token), openEventStream(b!.url, w.s.caPem, w.user.device, token)];
    await until(() => streams.every((s) => s.data().includes('tick 1')), 'both streams flowing');

    const t0 = performance.now();
    const checkin = await w.checkIn(firewallOff);
    expect(checkin.body.complianceState).toBe('noncompliant');
    await Promise.all(streams.map((s) => s.closed));
    for (const s of streams) expect(s.closedAt() - t0).toBeLessThan(1_000);
    for (const gw of [a!, b!]) {
      const res = await until(async () => { const r = await gwCall(gw.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token }); return r.status === 403 ? r : undefined; }, 'refusal');
      expect(res.body.code).toBe('VERITY_GATEWAY_DEVICE_NOT_COMPLIANT');
    }
    expect(performance.now() - t0).toBeLessThan(1_000);

    await w.checkIn();
    for (const gw of [a!, b!]) await until(async () => (await gwCall(gw.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token })).status === 200, 'access back');
  });
});
