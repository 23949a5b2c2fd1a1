import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { TestServer, linuxReport, type DeviceIdentity } from '../../server/test/harness.js';
import { TestBrowser } from '../../server/test/identity-fixtures.js';
import { linuxPolicy, userWithDevice } from '../../server/test/e2e/compliance-fixtures.js';
import type { TenantBootstrap } from '../../server/src/tenants/tenant-bootstrap.js';
import { loadGatewayConfig, startGateway, startSampleApp, type GatewayConfig, type RunningGateway, type SampleApp } from '../src/index.js';

export { linuxReport, linuxPolicy, TestBrowser };
export type { DeviceIdentity };

/** A gateway process, started as `npm run gateway` starts one. */
export interface GatewayProcess { readonly child: ChildProcess; readonly url: string; readonly opsUrl: string }

const GATEWAY_BIN = fileURLToPath(new URL('../bin/verity-gateway.mjs', import.meta.url));

/**
 * Start `verity-gateway` as its own process with `env` (added to this process's environment) and
 * resolve with its URLs, read from its first line of output, once it listens.
 */
export function spawnGatewayProcess(gatewayId: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...nodeArgs, GATEWAY_BIN], { env: { ...process.env, VERITY_GATEWAY_ID: gatewayId, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Verity gateway: (https:\/\/\S+)\s+\(health and metrics: (http:\/\/\S+)\/healthz/.exec(out);
      if (m) resolve({ child, url: m[1]!, opsUrl: m[2]! });
    });
    child.once('exit', (code) => reject(new Error(`gateway ${gatewayId} exited (${code}) before listening: ${out}`)));
    setTimeout(() => reject(new Error(`gateway ${gatewayId} did not start within 30 s: ${out}`)), 30_000).unref();
  });
}

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

/**
 * Sign in through the gateway as a browser does: the gateway sends it to Verity's OpenID Connect
 * sign-in (the tenant's provider on the control plane), the user's password is entered there, and
 * the provider sends it back to the gateway's callback, which sets the session cookie. With the
 * device certificate presented (to the gateway and the provider), the session is bound to it.
 * Returns the session token (the cookie's value; API clients send it as a bearer token).
 */
export async function signInThroughGateway(gateway: { url: string }, caPem: string, user: { upn: string; password: string; device: DeviceIdentity }, withDevice = true, returnTo = '/'): Promise<string> {
  const browser = new TestBrowser(caPem, withDevice ? user.device : undefined);
  try {
    return await oidcSignIn(browser, gateway.url, returnTo, async (interaction, start) => {
      const r = await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: user.upn, password: user.password });
      return r.body;
    });
  } finally {
    await browser.close();
  }
}

/** Drive a browser through the gateway's OIDC sign-in; `signIn` answers Verity's sign-in page (its JSON steps). Returns the session cookie's value. */
export async function oidcSignIn(browser: TestBrowser, gatewayUrl: string, returnTo: string, signIn: (interactionUrl: string, start: any) => Promise<any>, reason?: string): Promise<string> {
  const first = await browser.request('GET', `${gatewayUrl}/.verity/sign-in?return=${encodeURIComponent(returnTo)}${reason ? `&reason=${reason}` : ''}`);
  if (first.status !== 303 || !first.location) throw new Error(`gateway sign-in did not redirect: ${first.status} ${JSON.stringify(first.body)}`);
  const authorize = await browser.request('GET', first.location);
  if (authorize.status !== 303 || !authorize.location) throw new Error(`the provider did not start an interaction: ${authorize.status} ${JSON.stringify(authorize.body)}`);
  const interaction = authorize.location;
  const start = await browser.request('POST', `${interaction}/start`, {});
  const answer = start.body.status === 'sign-in' || start.body.status === 'step-up' ? await signIn(interaction, start.body) : start.body;
  if (answer.status !== 'complete') throw new Error(`Verity's sign-in did not complete: ${JSON.stringify(answer)}`);
  let next = answer.redirectTo as string;
  for (let i = 0; i < 5; i++) {
    const res = await browser.request('GET', next);
    if (next.startsWith(`${gatewayUrl}/.verity/callback`)) {
      const cookies = res.headers['set-cookie'];
      const session = (Array.isArray(cookies) ? cookies : [cookies ?? '']).find((c) => c.startsWith('__Host-verity-session='));
      if (res.status !== 303 || !session) throw new Error(`gateway callback refused: ${res.status} ${JSON.stringify(res.body)}`);
      return session.slice('__Host-verity-session='.length).split(';')[0]!;
    }
    if (![302, 303].includes(res.status) || !res.location) throw new Error(`unexpected answer on the way back: ${res.status} ${JSON.stringify(res.body)}`);
    next = res.location;
  }
  throw new Error('too many redirects');
}
