// The world both gateway benchmarks run in: a control plane (file-backed SQLite, in this
// process), a tenant with 500 conditional access policies, users in groups, enrolled devices with
// certificates, and gateways as separate processes started the way an operator starts them.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { importConditionalAccessPolicy, importNamedLocation } from '../packages/core/src/index.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { createTenantWithAdmin } from '../packages/server/src/tenants/tenant-bootstrap.js';
import { createDeviceKeyAndCsr } from '../packages/server/src/device-ca/device-csr.js';
import { hashBearerSecret, hashPassword, newBearerSecret } from '../packages/server/src/auth/secrets.js';
import { TestBrowser } from '../packages/server/test/identity-fixtures.js';
import { oidcSignIn, spawnGatewayProcess, type GatewayProcess } from '../packages/gateway/test/gateway-harness.js';

export const PASSWORD = 'correct horse battery staple';

/** A deterministic pseudo-random generator (the same tenant every run). */
export function seeded(seed: number) {
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  return { rnd, int: (n: number) => Math.floor(rnd() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]! };
}

const guid = (r: ReturnType<typeof seeded>) => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => r.int(16).toString(16));

/**
 * 500 enforced and report-only policies of the kinds real tenants have (the pdp benchmark's mix):
 * most name other apps; the ones that apply to `appId` require a compliant device (met), block
 * legacy clients (not these), or require MFA of admins (not this user), so requests are granted
 * after the engine has looked at every candidate.
 */
export function policyMix(appId: string, groupIds: readonly string[], locationIds: readonly string[], count = 500): unknown[] {
  const r = seeded(14);
  const apps = Array.from({ length: 40 }, () => guid(r));
  const ROLE_GA = '62e90394-69f5-4237-9190-012177145e10';
  const out: unknown[] = [{
    id: guid(r), displayName: 'Require a compliant device for every app', state: 'enabled',
    conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
    grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
  }];
  for (let i = 1; i < count; i++) {
    const k = r.rnd();
    const target = r.rnd() < 0.08 ? [appId] : [r.pick(apps), r.pick(apps)];
    const state = r.rnd() < 0.1 ? 'enabledForReportingButNotEnforced' : 'enabled';
    const base = { id: guid(r), displayName: `Policy ${i}`, state };
    if (k < 0.25) {
      out.push({ ...base, conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: target }, clientAppTypes: ['exchangeActiveSync', 'other'] }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    } else if (k < 0.5) {
      out.push({ ...base, conditions: { users: { includeRoles: [ROLE_GA] }, applications: { includeApplications: r.rnd() < 0.3 ? ['All'] : target } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } });
    } else if (k < 0.8) {
      out.push({ ...base, conditions: { users: { includeGroups: [r.pick(groupIds), guid(r)] }, applications: { includeApplications: [r.pick(apps)] }, platforms: { includePlatforms: ['windows', 'macOS'] } }, grantControls: { operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice'] } });
    } else {
      out.push({ ...base, conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [r.pick(apps)] }, locations: { includeLocations: [r.pick(locationIds)] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    }
  }
  return out;
}

/** A user and the devices they sign in from, each with its certificate. */
export interface BenchIdentity { keyPem: string; certPem: string; deviceId: string }

/** The seeded control plane. */
export interface BenchWorld {
  readonly server: RunningServer;
  readonly dir: string;
  readonly tenantId: string;
  readonly upn: string;
  readonly userId: string;
  readonly identities: BenchIdentity[];
  readonly gatewayToken: string;
  readonly adminToken: string;
  /** Files for the proxies: the gateway TLS certificate and key, the device CA, the control plane CA. */
  readonly files: { cert: string; key: string; deviceCa: string; controlPlaneCa: string };
}

/** Seed the control plane: 500 policies, 50 groups, 10 named locations, `devices` enrolled devices of one user. */
export async function benchWorld(options: { devices: number; appId: string; log: (s: string) => void }): Promise<BenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'verity-bench-gateway-'));
  const server = await startServer({
    env: {}, logger: pino({ level: 'silent' }),
    config: { dataDir: join(dir, 'control-plane'), port: 0, masterKey: 'bench-master-key-0123456789abcdef0123456789', checkinRateLimitPerMinute: 1_000_000, enrollRateLimitPerMinute: 1_000_000, logLevel: 'silent', schedulerIntervalMs: 100 },
  });
  const { ctx } = server;
  const t = await createTenantWithAdmin(ctx, { name: 'Bench', domain: 'bench.example.com' });
  const upn = 'ada@bench.example.com';
  const user = await ctx.store.users.create(t.tenantId, { userPrincipalName: upn, displayName: 'Ada', passwordHash: await hashPassword(PASSWORD) });
  const r = seeded(7);
  const groupIds: string[] = [];
  for (let i = 0; i < 50; i++) {
    const g = await ctx.store.groups.create(t.tenantId, { id: guid(r), displayName: `Group ${i}`, memberKind: 'user', membershipType: 'static' });
    groupIds.push(g.id);
    if (i % 2 === 0) await ctx.store.groups.addMembers(t.tenantId, g.id, [user.id]);
  }
  const locationIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = guid(r);
    const { location } = importNamedLocation({ '@odata.type': '#microsoft.graph.ipNamedLocation', id, displayName: `Site ${i}`, isTrusted: i < 3, ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: `10.${i}.0.0/16` }] });
    await ctx.store.namedLocations.create(t.tenantId, { id, displayName: location.displayName, kind: location.kind, graph: { ...location, id } });
    locationIds.push(id);
  }
  for (const doc of policyMix(options.appId, groupIds, locationIds)) {
    const { policy } = importConditionalAccessPolicy(doc);
    const id = (doc as { id: string }).id;
    await ctx.store.accessPolicies.create(t.tenantId, { id, displayName: policy.displayName, state: policy.state, graph: { ...policy, id } });
  }
  options.log(`seeded 500 policies, 50 groups, 10 named locations; enrolling ${options.devices} devices…`);
  const identities: BenchIdentity[] = [];
  for (let i = 0; i < options.devices; i++) {
    const deviceId = `bench-dev-${String(i).padStart(5, '0')}`;
    await ctx.store.devices.create(t.tenantId, { id: deviceId, displayName: `laptop-${i}`, hostname: `laptop-${i}`, platform: 'linux', ownership: 'personal', joinType: 'registered', primaryUserId: user.id, complianceState: 'compliant' });
    const { keyPem, csrPem } = await createDeviceKeyAndCsr(deviceId);
    const issued = await ctx.deviceCa.issueDeviceCertificate({ csrPem, tenantId: t.tenantId, deviceId, now: new Date(), validityDays: 30 });
    await ctx.store.certificates.add(t.tenantId, { serial: issued.serialNumber.toUpperCase(), deviceId, fingerprint256: issued.fingerprint256, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString(), certPem: issued.certPem });
    identities.push({ keyPem, certPem: issued.certPem, deviceId });
  }
  const gatewayToken = newBearerSecret('vrt');
  await ctx.store.apiTokens.create(t.tenantId, { name: 'bench gateway', tokenHash: hashBearerSecret(gatewayToken), role: 'gateway' });
  const cert = await ctx.deviceCa.issueServerCertificate({ hostnames: ['localhost'], ips: ['127.0.0.1'], now: new Date(), validityDays: 2 });
  const files = { cert: join(dir, 'gateway.crt'), key: join(dir, 'gateway.key'), deviceCa: join(dir, 'device-ca.pem'), controlPlaneCa: join(dir, 'control-plane-ca.pem') };
  writeFileSync(files.cert, cert.certPem);
  writeFileSync(files.key, cert.keyPem, { mode: 0o600 });
  writeFileSync(files.deviceCa, ctx.deviceCa.certPem);
  writeFileSync(files.controlPlaneCa, ctx.deviceCa.certPem);
  return { server, dir, tenantId: t.tenantId, upn, userId: user.id, identities, gatewayToken, adminToken: t.adminToken, files };
}

export type { GatewayProcess };

/** Start a gateway process on this world's control plane; resolves when it listens. */
export function startGatewayProcess(w: BenchWorld, gatewayId: string, extraEnv: Record<string, string> = {}): Promise<GatewayProcess> {
  // BENCH_GATEWAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p") profiles the gateway processes.
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawnGatewayProcess(gatewayId, {
    VERITY_GATEWAY_CONTROL_PLANE_URL: w.server.url, VERITY_GATEWAY_TOKEN: w.gatewayToken, VERITY_GATEWAY_CONTROL_PLANE_CA_FILE: w.files.controlPlaneCa,
    VERITY_GATEWAY_HOST: '127.0.0.1', VERITY_GATEWAY_PORT: '0', VERITY_GATEWAY_OPS_PORT: '0',
    VERITY_GATEWAY_DATA_DIR: join(w.dir, 'gateway'), VERITY_GATEWAY_TLS_CERT_FILE: w.files.cert, VERITY_GATEWAY_TLS_KEY_FILE: w.files.key,
    VERITY_GATEWAY_PUBLIC_URL: 'https://localhost', VERITY_LOG_LEVEL: 'warn', ...extraEnv,
  }, nodeArgs);
}

/** Stop a process this benchmark started, by its pid. */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

/**
 * Sign in at a gateway with a device's certificate, as a browser does: through Verity's OpenID
 * Connect sign-in (password) and back to the gateway's callback. The session token, bound to that
 * device (the requests measured carry it as a bearer token, as before).
 */
export async function signIn(gatewayUrl: string, w: BenchWorld, id: BenchIdentity, n = 0): Promise<string> {
  // Verity's sign-in limits sign-ins per client address (30 a minute): the n-th browser connects from
  // its own loopback address (127.0.1.x, 64 of them), as browsers on many machines would.
  const browser = new TestBrowser(readFileSync(w.files.deviceCa, 'utf8'), { ...id, tenantId: w.tenantId }, { localAddress: `127.0.1.${(n % 64) + 1}` });
  try {
    return await oidcSignIn(browser, gatewayUrl, '/', async (interaction, start) =>
      (await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: w.upn, password: PASSWORD })).body);
  } finally {
    await browser.close();
  }
}

/** CPU time (ms) a process and its threads have used, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Wait until `check` holds (polling). */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
