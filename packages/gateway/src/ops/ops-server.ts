import { createServer, type Server } from 'node:http';

/** What /healthz reports. */
export interface GatewayHealth {
  readonly status: 'ok' | 'not-ready' | 'failed-closed';
  readonly [key: string]: unknown;
}

/**
 * The operations listener (plain HTTP, loopback by default): `/healthz` (200 while the gateway
 * serves, 503 before its first snapshot and once it failed closed, with the snapshot version and
 * the control plane's state), `/metrics` (Prometheus) and `/jwks.json` (the keys upstreams verify
 * identity assertions with).
 */
export function startOpsServer(options: { host: string; port: number; health: () => GatewayHealth; metrics: () => Promise<{ contentType: string; text: string }>; jwks: () => unknown }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    };
    if (req.method !== 'GET') return json(405, { code: 'VERITY_GATEWAY_BAD_REQUEST', detail: 'Only GET is served here.' });
    if (path === '/healthz') {
      const h = options.health();
      return json(h.status === 'ok' ? 200 : 503, h);
    }
    if (path === '/jwks.json') return json(200, options.jwks());
    if (path === '/metrics') {
      options.metrics().then(({ contentType, text }) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(text);
      }, () => json(500, { code: 'VERITY_GATEWAY_BAD_REQUEST', detail: 'metrics unavailable' }));
      return;
    }
    json(404, { code: 'VERITY_GATEWAY_NO_APP', detail: 'Served here: /healthz, /metrics, /jwks.json.' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
