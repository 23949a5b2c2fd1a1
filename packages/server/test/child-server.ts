// A control plane in a child process, for tests that kill it with SIGKILL (a crash, not a shutdown).
// Configuration comes as JSON in VERITY_TEST_CHILD (config overrides, an optional clock offset, and
// whether to create a tenant); the child prints one JSON line ({ url, caPem, tenant? }) once listening.
import pino from 'pino';
import { startServer } from '../src/server.js';
import { createTenantWithAdmin } from '../src/tenants/tenant-bootstrap.js';

interface ChildSpec { config: Record<string, unknown>; clockOffsetMs?: number; tenant?: { name: string; domain: string } }

const spec = JSON.parse(process.env.VERITY_TEST_CHILD ?? '{}') as ChildSpec;
const offset = spec.clockOffsetMs ?? 0;
const server = await startServer({
  env: {},
  config: { port: 0, host: '127.0.0.1', masterKey: 'test-master-key-0123456789abcdef0123456789', bootstrapTokenHours: 24 * 365, ...spec.config },
  now: () => new Date(Date.now() + offset),
  logger: pino({ level: process.env.VERITY_TEST_LOG ?? 'silent' }),
});
const tenant = spec.tenant ? await createTenantWithAdmin(server.ctx, spec.tenant) : undefined;
process.stdout.write(`${JSON.stringify({ url: server.url, caPem: server.ctx.deviceCa.certPem, tenant })}\n`);
process.once('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
