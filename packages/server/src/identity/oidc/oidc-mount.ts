import type { AnyFastify } from '../identity-routes.js';
import type { IncomingMessage } from 'node:http';
import type { ServerContext } from '../../context.js';
import type { ProviderRegistry } from './oidc-provider-registry.js';

const TENANT = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Mount the tenants' oidc-provider (Koa) apps under `/oidc/<tenant>/` on the Fastify server.
 * The route's onRequest hook hands the raw request to the provider before Fastify reads the body
 * (the provider parses its own form-encoded bodies) and never reaches a Fastify handler, so the
 * provider answers with the protocol's own errors (`{ error, error_description }`, RFC 6749 §5.2)
 * while the rest of the server keeps problem+json. The interaction routes under
 * `/oidc/<tenant>/interaction/<uid>` are ordinary Verity routes, more specific, so they win.
 */
export function mountOidcProviders(app: AnyFastify, ctx: ServerContext, registry: ProviderRegistry): void {
  app.route({
    method: ['GET', 'POST', 'HEAD', 'OPTIONS'],
    url: '/oidc/:tenant/*',
    onRequest: (request, reply, _done) => {
      reply.hijack();
      const tenantId = (request.params as { tenant?: string }).tenant ?? '';
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      const res = reply.raw;
      void (async () => {
        const provider = TENANT.test(tenantId) ? await registry.get(tenantId) : undefined;
        if (!provider) {
          res.statusCode = 404;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ error: 'invalid_request', error_description: 'no OpenID provider at this issuer' }));
          return;
        }
        // Express-style mount: the provider routes on the path below the issuer, and reads the mount from originalUrl.
        const prefix = `/oidc/${tenantId}`;
        raw.originalUrl = raw.url;
        raw.url = (raw.url ?? '/').slice(prefix.length) || '/';
        provider.callback()(raw, res);
      })().catch((err: unknown) => {
        ctx.log.error({ err }, 'oidc provider dispatch failed');
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ error: 'server_error', error_description: `quote request id ${String(request.id)}` }));
        }
      });
    },
    handler: async () => undefined,
  });
}
