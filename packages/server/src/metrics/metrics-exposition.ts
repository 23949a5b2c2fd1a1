import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';

/** The Prometheus text exposition of this server (store timings refreshed first). */
export async function renderMetrics(ctx: Pick<ServerContext, 'store' | 'metrics'>): Promise<{ contentType: string; body: string }> {
  for (const t of ctx.store.timings()) {
    ctx.metrics.storeOps.set({ operation: t.operation }, t.totalMs / 1000);
    ctx.metrics.storeCalls.set({ operation: t.operation }, t.count);
  }
  return { contentType: ctx.metrics.registry.contentType, body: await ctx.metrics.registry.metrics() };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/metrics` on the main (public) listener: only with `Authorization: Bearer <VERITY_METRICS_TOKEN>`.
 * Metrics name routes, error codes, store timings and counts of every tenant; they are for the
 * operator, not for whoever reaches the port. Without a token configured they are served only on
 * the separate listener (VERITY_METRICS_LISTEN).
 */
export function checkMetricsAccess(ctx: Pick<ServerContext, 'config'>, request: FastifyRequest): void {
  const token = ctx.config.metricsToken;
  if (token === undefined) {
    throw new VerityError('VERITY_METRICS_NOT_EXPOSED', 'Metrics are not served on this listener: set VERITY_METRICS_TOKEN (then send it as a bearer token) or VERITY_METRICS_LISTEN.', { status: 403 });
  }
  const header = request.headers.authorization;
  if (!header) throw new VerityError('VERITY_AUTH_REQUIRED', 'Send the metrics token as "Authorization: Bearer <token>".', { status: 401 });
  const sent = /^Bearer (\S{1,512})$/.exec(header)?.[1] ?? '';
  // Compare digests: constant time whatever the length of what was sent.
  if (!timingSafeEqual(digest(sent), digest(token))) throw new VerityError('VERITY_AUTH_INVALID_TOKEN', 'The metrics token is wrong.', { status: 401 });
}

/** A running metrics listener. */
export interface MetricsListener { readonly url: string; close(): Promise<void> }

/**
 * The separate plain-HTTP listener for Prometheus (VERITY_METRICS_LISTEN, e.g. `127.0.0.1:9464`):
 * `GET /metrics` only, no authentication; the address is what keeps it private.
 */
export async function startMetricsListener(ctx: Pick<ServerContext, 'store' | 'metrics' | 'log'>, listen: string): Promise<MetricsListener> {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(listen.slice(at + 1));
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics is served here\n');
      return;
    }
    renderMetrics(ctx).then(
      ({ contentType, body }) => { res.writeHead(200, { 'content-type': contentType }).end(body); },
      (err: unknown) => { ctx.log.error({ err }, 'metrics rendering failed'); res.writeHead(500).end(); },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const addr = server.address();
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}/metrics`;
  ctx.log.info({ url }, 'metrics listener started');
  return {
    url,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
