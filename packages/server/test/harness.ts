import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest, Agent } from 'node:https';
import pino from 'pino';
import { openStore, type Store } from '@verity/store';
import { startServer, type RunningServer } from '../src/server.js';
import { createTenantWithAdmin, type TenantBootstrap } from '../src/tenants/tenant-bootstrap.js';
import { createDeviceKeyAndCsr } from '../src/device-ca/device-csr.js';

export interface HttpResult<T = any> { status: number; body: T; headers: Record<string, string | string[] | undefined> }

/** Open a store for tests: SQLite in memory, or PostgreSQL in a fresh schema when asked. */
export async function openTestStore(dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<Store> {
  if (dialect === 'postgres') {
    const url = process.env.VERITY_TEST_POSTGRES_URL;
    if (!url) throw new Error('VERITY_TEST_POSTGRES_URL is not set');
    return openStore({ postgresUrl: url, postgresSchema: `t_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}` });
  }
  return openStore({ sqlitePath: ':memory:' });
}

/** A real control plane on an ephemeral port with real TLS, plus helpers to call it. */
export class TestServer {
  private constructor(readonly server: RunningServer, readonly dataDir: string, private readonly clock: { now: Date | null }, private readonly ownsDataDir = true) {}

  /** With `dataDir`, the server uses (and on close keeps) that directory: restart tests start a second server on it. */
  static async start(options: { store?: Store; config?: Record<string, unknown>; dataDir?: string; logger?: pino.Logger } = {}): Promise<TestServer> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'verity-test-'));
    const clock: { now: Date | null } = { now: null };
    const server = await startServer({
      env: {},
      // Tests move the server clock by days or weeks: the bootstrap admin token lives the longest allowed (a year).
      config: { dataDir, port: 0, host: '127.0.0.1', masterKey: 'test-master-key-0123456789abcdef0123456789', bootstrapTokenHours: 24 * 365, ...options.config },
      ...(options.store ? { store: options.store } : {}),
      now: () => clock.now ?? new Date(),
      logger: options.logger ?? pino({ level: process.env.VERITY_TEST_LOG ?? 'silent' }),
    });
    return new TestServer(server, dataDir, clock, options.dataDir === undefined);
  }

  get url(): string { return this.server.url; }
  get caPem(): string { return this.server.ctx.deviceCa.certPem; }
  private readonly serverCas: string[] = [];
  /** Also trust this CA for the server's certificate (a server run with an admin-supplied certificate). */
  trustServerCa(pem: string): void { this.serverCas.push(pem); }
  /** Freeze or move the server's clock (null = real time). */
  setNow(now: Date | null): void { this.clock.now = now; }
  /** The server's clock now (a report collected "now" for a server whose clock was moved). */
  now(): Date { return this.clock.now ?? new Date(); }

  async tenant(name = 'Acme', domain = `${crypto.randomUUID().slice(0, 8)}.example.com`): Promise<TenantBootstrap> {
    return createTenantWithAdmin(this.server.ctx, { name, domain });
  }

  /** Call the API; `auth` is a bearer token or a device identity for mTLS. */
  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<HttpResult<T>> {
    return callServer<T>(this.url, [this.caPem, ...this.serverCas], method, path, options);
  }

  /** Enroll a new device through the real endpoint with a fresh key pair. */
  async enrollDevice(token: string, device: Partial<{ hostname: string; platform: string }> = {}): Promise<DeviceIdentity> {
    const { keyPem, csrPem } = await createDeviceKeyAndCsr(device.hostname ?? 'host-1');
    const res = await this.call('POST', '/api/v1/enroll', { body: { enrollmentToken: token, csr: csrPem, device: { hostname: device.hostname ?? 'host-1', platform: device.platform ?? 'linux' } } });
    if (res.status !== 201) throw new Error(`enroll failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { keyPem, certPem: res.body.certificate, deviceId: res.body.deviceId, tenantId: res.body.tenantId };
  }

  async close(): Promise<void> {
    await this.server.close();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface DeviceIdentity { keyPem: string; certPem: string; deviceId: string; tenantId: string }

/** How a test calls the API: a bearer token, or a device identity for mTLS, and the body. */
export interface CallOptions { token?: string; body?: unknown; rawBody?: string | Buffer; device?: DeviceIdentity; headers?: Record<string, string>; insecure?: boolean }

/** One HTTPS request to a Verity server at `baseUrl`, trusting `ca` (a server in this process or a child process). */
export function callServer<T = any>(baseUrl: string, ca: string[], method: string, path: string, options: CallOptions = {}): Promise<HttpResult<T>> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method,
      ca,
      // A server whose clock a test moved serves a certificate valid from that time: look, do not verify.
      ...(options.insecure ? { rejectUnauthorized: false } : {}),
      ...(options.device ? { key: options.device.keyPem, cert: options.device.certPem } : {}),
      agent: false,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...options.headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A realistic Linux posture report (schema-valid). */
export function linuxReport(overrides: Record<string, unknown> = {}, collectedAt = new Date().toISOString()) {
  const k = <T>(value: T, source = 'test') => ({ state: 'known' as const, value, source });
  return {
    schemaVersion: 1 as const,
    collectedAt,
    platform: 'linux' as const,
    agentVersion: '0.1.0',
    facts: {
      'os.name': k('Ubuntu'), 'os.version': k('22.04'), 'os.distribution': k('ubuntu'), 'os.kernel': k('6.5.0-41-generic'),
      'device.hostname': k('build-07'), 'device.serialNumber': { state: 'unknown' as const, reason: 'needs root' }, 'device.model': k('ThinkPad T14'), 'device.manufacturer': k('LENOVO'),
      'tpm.present': k(true), 'encryption.volumes': k([{ mountPoint: '/', device: '/dev/mapper/root', encrypted: true, method: 'luks2', system: true }]),
      'firewall.enabled': k(true), 'firewall.product': k('nftables'), 'secureBoot.enabled': k(true), 'updates.automaticSecurity': k(true), 'updates.pendingSecurity': k(0),
      'password.minLength': k(12), 'agent.version': k('0.1.0'),
      ...overrides,
    },
  };
}

/** Create an enrollment profile as the given admin and return its token. */
export async function enrollmentToken(s: TestServer, adminToken: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await s.call('POST', '/api/v1/enrollment-profiles', { token: adminToken, body: { name: 'laptops', ...body } });
  if (res.status !== 201) throw new Error(`profile failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
