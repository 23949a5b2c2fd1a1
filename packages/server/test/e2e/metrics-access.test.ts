import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';

function plainGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('/metrics is for the operator: a token on the public listener, or a listener of its own', () => {
  let open: TestServer;
  let tokened: TestServer;
  beforeAll(async () => {
    open = await TestServer.start({ config: { metricsListen: '127.0.0.1:0' } });
    tokened = await TestServer.start({ config: { metricsToken: 'a-long-metrics-token-123' } });
  });
  afterAll(async () => { await open.close(); await tokened.close(); });

  it('refuses /metrics on the public listener without a configured token', async () => {
    const res = await open.call('GET', '/metrics');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('VERITY_METRICS_NOT_EXPOSED');
  });

  it('serves /metrics on the separate listener, and nothing else there', async () => {
    const url = open.server.metricsUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await plainGet(url);
    expect(res.status).toBe(200);
    expect(res.body).toContain('verity_http_requests_total');
    expect(res.body).toContain('verity_tls_certificate_expiry_timestamp_seconds');
    expect((await plainGet(url.replace('/metrics', '/api/v1/devices'))).status).toBe(404);
  });

  it('asks for the token, refuses a wrong one, serves with the right one', async () => {
    const none = await tokened.call('GET', '/metrics');
    expect([none.status, none.body.code]).toEqual([401, 'VERITY_AUTH_REQUIRED']);
    const wrong = await tokened.call('GET', '/metrics', { token: 'a-long-metrics-token-124' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'VERITY_AUTH_INVALID_TOKEN']);
    const right = await tokened.call('GET', '/metrics', { token: 'a-long-metrics-token-123' });
    expect(right.status).toBe(200);
    expect(right.body).toContain('verity_checkins_total');
  });
});
