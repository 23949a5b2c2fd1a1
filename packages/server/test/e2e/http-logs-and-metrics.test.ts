import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

interface LogLine { level: number; msg: string; route?: string; status?: number; method?: string; err?: { code?: string } }

/** The status each route answered, as the client received it, must be what the request log and /metrics say. */
// /metrics on the public listener needs its token (docs/security.md).
const METRICS_TOKEN = 'a-long-metrics-token-for-this-test';

describe('request logs and /metrics count the status the client received', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as LogLine); done(); } });
    s = await TestServer.start({ logger: pino({ level: 'info' }, sink), config: { metricsToken: METRICS_TOKEN } });
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('routes that send their own reply (portal, metrics, dry-run import) log and count what was sent, with no "already sent" warning', async () => {
    const policy = JSON.parse(readFileSync(new URL('../../../core/test/fixtures/graph/compliance/linux-verity-extended.json', import.meta.url), 'utf8'));
    const received: { method: string; route: string; status: number }[] = [];
    const call = async (method: string, path: string, route: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const res = await s.call(method, path, options);
      received.push({ method, route, status: res.status });
      return res;
    };
    // The portal page is the web console's (its catch-all route answers a browser's page request) and its service worker.
    expect((await call('GET', '/portal', '/*', { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await call('GET', '/portal/sw.js', '/portal/sw.js')).status).toBe(200);
    expect((await call('POST', '/api/v1/compliance-policies?dryRun=true', '/api/v1/compliance-policies', { token: t.adminToken, body: policy })).status).toBe(200);
    expect((await call('GET', '/metrics', '/metrics', { token: METRICS_TOKEN })).status).toBe(200);
    expect((await call('POST', '/api/v1/nothing-here', 'unmatched')).status).toBe(404);
    expect((await call('DELETE', '/api/v1/enrollment-profiles/00000000-0000-4000-8000-000000000000', '/api/v1/enrollment-profiles/:id', { token: t.adminToken })).status).toBe(404);

    const before = lines.length;
    const metrics = (await s.call('GET', '/metrics', { token: METRICS_TOKEN })).body as string;
    for (const r of received) {
      const logged = lines.slice(0, before).filter((l) => l.msg === 'request' && l.route === r.route && l.method === r.method);
      expect(logged.map((l) => l.status), `${r.method} ${r.route}`).toEqual([r.status]);
      expect(metrics).toContain(`verity_http_requests_total{method="${r.method}",route="${r.route}",status="${r.status}"} 1`);
    }
    // Nothing counted under a status the client did not get (the bug: 200 sent, then 204 set and counted).
    expect(metrics).not.toMatch(/route="\/(portal|metrics|\*)[^"]*",status="204"/);
    expect(lines.filter((l) => l.level >= 40 && /already sent/i.test(l.msg))).toEqual([]);
    expect(lines.filter((l) => l.err?.code === 'FST_ERR_REP_ALREADY_SENT')).toEqual([]);
  });
});
