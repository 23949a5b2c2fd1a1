import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';
import { VerityError, decodeGraphText } from '@verity/core';
import type { ServerContext } from '../context.js';
import { sendProblem, validationError } from './problem.js';
import { nestedDeeperThan, tooDeepJsonBody } from './json-text.js';
import { rateLimiter, sourceKey, type RateLimiter } from './rate-limit.js';
import type { AnyRoute } from './route.js';
import { authenticateAdmin } from '../auth/admin-auth.js';
import { authenticateDevice, peerCertificateKey } from '../auth/device-auth.js';
import { authenticateUser } from '../auth/user-auth.js';
import { authenticateOperator } from '../auth/operator-auth.js';
import { assertTenantEnabled } from '../tenants/tenant-gate.js';
import type { z } from 'zod';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as text, for routes with RouteDef.jsonBodyText (null otherwise). */
    jsonBodyText: string | null;
  }
}

export interface AppOptions {
  readonly routes: readonly AnyRoute[];
  /** TLS material; when absent the app is plain HTTP (tests through `inject`). */
  readonly https?: { key: string; cert: string; ca: string[] };
  /** The server's pino logger; requests log through it with their request id. */
  readonly logger?: import('pino').Logger;
  /** Default body limit; routes may set their own. */
  readonly bodyLimit?: number;
}

function parseOrThrow(schema: z.ZodType | undefined, value: unknown, root: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, root);
  return result.data;
}

/** Build the control plane's HTTP app: auth, validation, rate limits, metrics and problem+json. */
export async function buildApp(ctx: ServerContext, options: AppOptions) {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => ctx.newId(),
    requestIdHeader: false,
    // One log line per request comes from our onResponse hook (with route and status), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // On close: stop accepting, close idle keep-alive connections, let in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ...(options.https
      ? {
          https: {
            key: options.https.key,
            cert: options.https.cert,
            ca: options.https.ca,
            // Ask every client for a certificate but let the route decide: admins use bearer
            // tokens, devices must present one. Refusing in the handshake would leave the
            // device with a TLS alert instead of a problem+json body that names the problem.
            requestCert: true,
            rejectUnauthorized: false,
            minVersion: 'TLSv1.2' as const,
          },
        }
      : {}),
  });

  // Every problem response (thrown errors, Fastify's own, rate limits, 404s) goes through sendProblem, which counts it.
  const countError = (code: string) => ctx.metrics.errors.inc({ code });
  app.setErrorHandler((err, request, reply) => sendProblem(request, reply, err, countError));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new VerityError('VERITY_ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, { status: 404 }), countError),
  );
  // Callback-style hook and per-label-set metric children: this runs on every request, check-ins included,
  // and an async hook plus prom-client's label hashing were a measurable share of a check-in.
  const requestCounters = new Map<string, { inc(): void }>();
  const durationHistograms = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    const status = reply.statusCode;
    const routeKey = `${method} ${route}`;
    const counterKey = `${routeKey} ${status}`;
    let counter = requestCounters.get(counterKey);
    if (!counter) requestCounters.set(counterKey, (counter = ctx.metrics.httpRequests.labels(method, route, String(status))));
    let histogram = durationHistograms.get(routeKey);
    if (!histogram) durationHistograms.set(routeKey, (histogram = ctx.metrics.httpDuration.labels(method, route)));
    counter.inc();
    histogram.observe(reply.elapsedTime / 1000);
    request.log.info({ method, route, status, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    done();
  });

  // Fastify's own JSON parser (same limits, prototype-poisoning checks and errors), except for
  // routes that take their JSON body as text (RouteDef.jsonBodyText) and parse it themselves.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.decorateRequest('jsonBodyText', null);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const config = request.routeOptions.config as { jsonBodyText?: true; graphDocumentBody?: true } | undefined;
    const bytes = body as Buffer; // parseAs 'buffer': always a Buffer
    let text: string;
    if (config?.graphDocumentBody) {
      try {
        text = decodeGraphText(bytes).text;
      } catch (err) {
        done(err as Error, undefined);
        return;
      }
    } else text = bytes.toString('utf8');
    if (config?.jsonBodyText) {
      request.jsonBodyText = text;
      done(null, undefined);
      return;
    }
    // Bounded before parsing: what handles the value later (merge-patch, export, row mapping) may recurse.
    if (nestedDeeperThan(text)) { done(tooDeepJsonBody(), undefined); return; }
    parseJson(request, text, done);
  });
  // Security Event Tokens (RFC 8417) arrive as their compact JWS text (Shared Signals push, RFC 8935).
  app.addContentTypeParser('application/secevent+jwt', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, String(body)));

  for (const route of options.routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      ...(route.rateLimitPerMinute ? { onRequest: rateLimitHook(route, rateLimiter(route.rateLimitPerMinute, 60_000)) } : {}),
      ...(route.jsonBodyText || route.graphDocumentBody ? { config: { ...(route.jsonBodyText ? { jsonBodyText: true } : {}), ...(route.graphDocumentBody ? { graphDocumentBody: true } : {}) } } : {}),
      handler: async (request, reply) => {
        const principal =
          route.auth.kind === 'admin' ? await authenticateAdmin(ctx, request, route.auth.permission)
          : route.auth.kind === 'device' ? await authenticateDevice(ctx, request, { storeCheck: !route.auth.accessRecheckedByHandler })
          : route.auth.kind === 'user' ? await authenticateUser(ctx, request)
          : route.auth.kind === 'operator' ? await authenticateOperator(ctx, request)
          : null;
        // A disabled tenant's admins, devices and users are refused, whatever their credential (cached: check-ins pass here too).
        if (principal !== null && principal.kind !== 'operator') await assertTenantEnabled(ctx, principal.tenantId);
        const params = parseOrThrow(route.params, request.params, '$params');
        const query = parseOrThrow(route.query, request.query, '$query');
        const body = route.jsonBodyText ? undefined : parseOrThrow(route.body, route.body ? request.body ?? {} : undefined, '$');
        // A jsonBodyText route called without a JSON body validates '{}', as the others validate {}.
        const bodyText = request.jsonBodyText ?? '{}';
        const result = await route.handler({ request, reply, principal, params, query, body, bodyText, ip: request.ip });
        // A handler that sent the reply itself returns it; awaiting a reply (it is thenable) yields
        // undefined once it is sent, so `sent` is what tells. Sending again, or setting a status after
        // the fact, would log "Reply was already sent" and count a status the client never received.
        if (result === reply || reply.sent) return reply;
        void reply.status(route.successStatus ?? (result === undefined ? 204 : 200));
        return result === undefined ? reply.send() : result;
      },
    });
  }
  return app;
}

/**
 * Counts the request against its key before the body is read. A refused request gets 429 with
 * retry-after; other routes also say their limit on every response (x-ratelimit-*), device routes
 * do not: agents pace themselves by nextCheckinSeconds.
 */
function rateLimitHook(route: AnyRoute, limiter: RateLimiter): (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void {
  const withHeaders = route.auth.kind !== 'device';
  return (request, reply, done) => {
    const remaining = limiter.take(rateLimitKey(route, request));
    if (withHeaders) {
      void reply.header('x-ratelimit-limit', limiter.max).header('x-ratelimit-remaining', Math.max(0, remaining)).header('x-ratelimit-reset', limiter.resetSeconds());
    }
    if (remaining >= 0) { done(); return; }
    void reply.header('retry-after', limiter.resetSeconds());
    done(new VerityError('VERITY_RATE_LIMITED', 'Too many requests; retry later.', { status: 429 }));
  };
}

function rateLimitKey(route: AnyRoute, req: FastifyRequest): string {
  if (route.auth.kind === 'device') {
    const key = peerCertificateKey(req.raw.socket as TLSSocket);
    if (key) return `device:${key}`;
  }
  return `ip:${sourceKey(req.ip)}`;
}
