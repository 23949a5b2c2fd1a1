import { defineRoute, type AnyRoute } from '../http/route.js';
import type { ServerContext } from '../context.js';
import { checkMetricsAccess, renderMetrics } from '../metrics/metrics-exposition.js';

/** Liveness, readiness, metrics and the CA certificate devices pin at enrollment. */
export function systemRoutes(ctx: ServerContext, getOpenApi: () => unknown): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/healthz', auth: { kind: 'public' }, tag: 'system', summary: 'Liveness: the process answers.',
      handler: async () => ({ status: 'ok' }),
    }),
    defineRoute({
      method: 'GET', url: '/readyz', auth: { kind: 'public' }, tag: 'system', summary: 'Readiness: the store answers a query.',
      handler: async ({ reply }) => {
        try {
          await ctx.store.tenants.list({ limit: 1 });
          return { status: 'ready', store: ctx.store.dialect };
        } catch {
          return reply.status(503).type('application/problem+json').send({
            type: 'https://verity.dev/errors#verity-store-unavailable', title: 'Service Unavailable', status: 503,
            detail: 'The store does not answer.', instance: '/readyz', code: 'VERITY_STORE_UNAVAILABLE',
          });
        }
      },
    }),
    defineRoute({
      method: 'GET', url: '/metrics', auth: { kind: 'public' }, tag: 'system', summary: 'Prometheus metrics (bearer VERITY_METRICS_TOKEN; or on the VERITY_METRICS_LISTEN listener).',
      handler: async ({ request, reply }) => {
        checkMetricsAccess(ctx, request);
        const { contentType, body } = await renderMetrics(ctx);
        return reply.type(contentType).send(body);
      },
    }),
    defineRoute({
      method: 'GET', url: '/openapi.json', auth: { kind: 'public' }, tag: 'system', summary: 'This API as an OpenAPI 3.1 document.',
      handler: async () => getOpenApi(),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/ca', auth: { kind: 'public' }, tag: 'devices', summary: 'The device CA certificate (agents pin its fingerprint).',
      handler: async () => ({ caCertificate: ctx.deviceCa.certPem, fingerprint256: ctx.deviceCa.fingerprint256 }),
    }),
  ];
}
