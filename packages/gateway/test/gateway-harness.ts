import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import pino from 'pino';
import { TestServer, linuxReport, type DeviceIdentity } from '../../server/test/harness.js';
import { linuxPolicy, userWithDevice } from '../../server/test/e2e/compliance-fixtures.js';
import type { TenantBootstrap } from '../../server/src/tenants/tenant-bootstrap.js';
import { loadGatewayConfig, startGateway, startSampleApp, type GatewayConfig, type RunningGateway, type SampleApp } from '../src/index.js';

export { linuxReport, linuxPolicy };
export type { DeviceIdentity };

/** An answer from the gateway. */
export interface GwResult<T = any> { status: number; headers: Record<string, string | string[] | undefined>; text: string; body: T }

/** Call the gateway over real TLS: optionally with a device certificate (mTLS), a session (bearer or cookie) and extra headers. */
export function gwCall<T = any>(url: string, caPem: string, path: string, options: { method?: string; device?: { keyPem: string; certPem: string }; bearer?: string; cookie?: string; headers?: Record<string, string>; body?: string } = {}): Promise<GwResult<T>> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, url), {
      method: options.method ?? 'GET', ca: caPem, agent: false, servername: 'localhost',
      ...(options.device ? { key: options.device.keyPem, cert: options.device.certPem } : {}),
      headers: {
        accept: 'application/json',
        ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}),
        ...options.headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: body as T });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Poll until `check` returns a value. */
export async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A control plane with a tenant, a user whose Linux laptop is enrolled, a Linux compliance
 * policy (firewall, encryption, Ubuntu) assigned to every device, and a gateway token.
 */
export async function controlPlaneWorld(options: { serverConfig?: Record<string, unknown> } = {}) {
  const s = await TestServer.start({ config: { schedulerIntervalMs: 50, ...options.serverConfig } });
  const t: TenantBootstrap = await s.tenant();
  const policy = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy([{ actionType: 'block', gracePeriodHours: 0 }]) });
  await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
  const user = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'ada-laptop' });
  const checkIn = (facts: Record<string, unknown> = {}) => s.call('POST', '/api/v1/device/checkin', { device: user.device, body: { report: linuxReport(facts) } });
  const compliant = await checkIn();
  if (compliant.body.complianceState !== 'compliant') throw new Error(`fixture device not compliant: ${JSON.stringify(compliant.body)}`);
  const gw = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'gateway', role: 'gateway' } });
  const dir = mkdtempSync(join(tmpdir(), 'verity-gw-'));
  const caFile = join(dir, 'control-plane-ca.pem');
  writeFileSync(caFile, s.caPem);
  return {
    s, t, user, checkIn, gatewayToken: gw.body.token as string, dir, caFile,
    /** The gateway config for this control plane (a test overrides what it needs). */
    gatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
      return loadGatewayConfig({}, { controlPlaneUrl: s.url, token: gw.body.token as string, controlPlaneCaFile: caFile, port: 0, opsPort: 0, host: '127.0.0.1', dataDir: join(dir, 'gateway'), signInFlushMs: 100, ...overrides });
    },
    async close() {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type ControlPlaneWorld = Awaited<ReturnType<typeof controlPlaneWorld>>;

/** A gateway in front of a sample app registered in the control plane (app id `sample-app`, host localhost). */
export async function gatewayWithApp(world: ControlPlaneWorld, overrides: Partial<GatewayConfig> = {}, appId = 'sample-app'): Promise<{ gateway: RunningGateway; app: SampleApp; appRecordId: string }> {
  const gateway = await startGateway({ config: world.gatewayConfig(overrides), logger: pino({ level: process.env.VERITY_TEST_LOG ?? 'silent' }) });
  const app = await startSampleApp({ jwks: gateway.jwks(), issuer: gateway.url, audience: appId });
  const existing = await world.s.call('GET', '/api/v1/apps', { token: world.t.adminToken });
  let appRecordId = (existing.body.items as { id: string; appId: string }[]).find((a) => a.appId === appId)?.id;
  if (appRecordId) await world.s.call('PATCH', `/api/v1/apps/${appRecordId}`, { token: world.t.adminToken, body: { upstreamUrl: app.url } });
  else {
    const created = await world.s.call('POST', '/api/v1/apps', { token: world.t.adminToken, body: { displayName: 'Sample app', appId, hosts: ['localhost'], pathPrefix: '/', upstreamUrl: app.url } });
    if (created.status !== 201) throw new Error(`app registration failed: ${created.status} ${JSON.stringify(created.body)}`);
    appRecordId = created.body.id as string;
  }
  await until(() => gateway.state.routes.match('localhost', '/'), 'the app route on the gateway');
  return { gateway, app, appRecordId };
}

/** Sign in through the gateway's API (JSON), presenting the device certificate so the session is bound to it. */
export async function signInThroughGateway(gateway: RunningGateway, caPem: string, user: { upn: string; password: string; device: DeviceIdentity }, withDevice = true): Promise<string> {
  const res = await gwCall(gateway.url, caPem, '/.verity/sessions', { method: 'POST', body: JSON.stringify({ username: user.upn, password: user.password }), ...(withDevice ? { device: user.device } : {}) });
  if (res.status !== 201) throw new Error(`gateway sign-in failed: ${res.status} ${res.text}`);
  return res.body.sessionToken as string;
}
