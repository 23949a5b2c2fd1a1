import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../../context.js';
import type { AnyFastify } from '../identity-routes.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { displayName, idParams, isoDate } from '../../shared/wire.js';
import { notFound } from '../../shared/not-found.js';
import { recordAudit } from '../../audit/audit-record.js';
import { hashBearerSecret, newBearerSecret } from '../../auth/secrets.js';
import { rateLimiter } from '../../http/rate-limit.js';
import { ScimError, scimErrorBody } from './scim-errors.js';
import { SCIM } from './scim-resources.js';
import { resourceTypes, schemas, serviceProviderConfig } from './scim-discovery.js';
import {
  MAX_PAGE, createUser, deleteGroup, deleteUser, getGroup, getUser, listGroups, listUsers, patchGroup, patchUser, putGroup, replaceUser, type ScimCaller,
} from './scim-service.js';

const PREFIX = '/scim/v2';
const SCIM_JSON = 'application/scim+json';
const BEARER = /^Bearer (vsc_[A-Za-z0-9_-]{43})$/;
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** SCIM token administration (admin API, problem+json). */
export function scimRoutes(ctx: ServerContext): AnyRoute[] {
  const tag = 'scim';
  const manage = { kind: 'admin', permission: 'users.manage' } as const;
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/scim/tokens', auth: manage, tag, summary: 'List SCIM provisioning tokens (never their secrets).',
      handler: async ({ principal }) => ({ items: (await ctx.store.scim.listTokens(principal.tenantId)).map(({ tokenHash: _h, ...t }) => t) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/scim/tokens', auth: manage, tag, successStatus: 201,
      summary: 'Create a SCIM bearer token for an external directory (Entra provisioning, Okta); shown once.',
      body: z.strictObject({ name: displayName, expiresAt: isoDate.optional() }),
      handler: async ({ principal, body }) => {
        const secret = newBearerSecret('vsc');
        const now = ctx.now();
        const t = await ctx.store.transaction(async (tx) => {
          const created = await tx.scim.createToken(principal.tenantId, { id: ctx.newId(), name: body.name, tokenHash: hashBearerSecret(secret), createdBy: principal.actorId, expiresAt: body.expiresAt ? new Date(body.expiresAt).toISOString() : null });
          await recordAudit(tx, principal.tenantId, principal, { action: 'scim.token.create', targetType: 'scimToken', targetId: created.id, details: { name: body.name } }, now);
          return created;
        });
        return { id: t.id, name: t.name, expiresAt: t.expiresAt, token: secret, baseUrl: PREFIX };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/scim/tokens/:id', auth: manage, tag, summary: 'Revoke a SCIM token.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.scim.revokeToken(principal.tenantId, params.id, now))) throw notFound('scim token', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'scim.token.revoke', targetType: 'scimToken', targetId: params.id }, now);
        });
        return undefined;
      },
    }),
  ];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The SCIM client of a /scim/v2 request (set by the SCIM auth hook). */
    scimCaller: ScimCaller | null;
  }
}

function sendScim(reply: FastifyReply, status: number, body: unknown, etag?: string): FastifyReply {
  void reply.status(status).type(SCIM_JSON);
  if (etag) void reply.header('etag', etag);
  return reply.send(body);
}

function page(query: Record<string, unknown>): { startIndex: number; count: number } {
  const num = (v: unknown, name: string, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > 10_000_000) throw new ScimError(400, 'invalidValue', `${name} must be an integer ≥ ${min}.`);
    return n;
  };
  return { startIndex: num(query.startIndex, 'startIndex', 1) ?? 1, count: Math.min(num(query.count, 'count', 0) ?? 100, MAX_PAGE) };
}

function listResponse(total: number, startIndex: number, resources: unknown[]) {
  return { schemas: [SCIM.list], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

function id(request: FastifyRequest): string {
  const v = (request.params as { id?: string }).id ?? '';
  if (!ID.test(v)) throw new ScimError(404, undefined, 'No such resource.');
  return v;
}

/**
 * SCIM 2.0 (RFC 7643/7644) under /scim/v2 as an encapsulated Fastify plugin: its own bearer
 * auth (a tenant's `vsc_` token), `application/scim+json` bodies, and errors in the SCIM error
 * schema (never problem+json), including 404s and malformed JSON.
 */
export function mountScim(app: AnyFastify, ctx: ServerContext): void {
  const limiter = rateLimiter(600, 60_000);
  void app.register(async (scim: AnyFastify) => {
    scim.decorateRequest('scimCaller', null);
    const json = scim.getDefaultJsonParser('error', 'error');
    scim.addContentTypeParser(SCIM_JSON, { parseAs: 'string', bodyLimit: 256 * 1024 }, json);
    scim.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      if (err instanceof ScimError) return sendScim(reply, err.status, scimErrorBody(err.status, err.detail, err.scimType));
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendScim(reply, 413, scimErrorBody(413, 'The body is too large.', 'tooLarge'));
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendScim(reply, 400, scimErrorBody(400, `The request is malformed: ${err.message}`, 'invalidSyntax'));
      request.log.error({ err }, 'scim request failed');
      return sendScim(reply, 500, scimErrorBody(500, `Internal error; quote request id ${String(request.id)}.`));
    });
    scim.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => sendScim(reply, 404, scimErrorBody(404, `No SCIM endpoint ${request.method} ${request.url.split('?')[0]}.`)));
    scim.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (limiter.take(`ip:${request.ip}`) < 0) {
        void reply.header('retry-after', limiter.resetSeconds());
        throw new ScimError(429, undefined, 'Too many requests; retry later.');
      }
      const m = BEARER.exec(request.headers.authorization ?? '');
      const token = m ? await ctx.store.scim.findTokenByHash(hashBearerSecret(m[1]!)) : undefined;
      const now = ctx.now().toISOString();
      if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) {
        void reply.header('www-authenticate', 'Bearer realm="scim"');
        throw new ScimError(401, undefined, 'Send a SCIM token of the tenant as "Authorization: Bearer vsc_…".');
      }
      void ctx.store.scim.touchToken(token.tenantId, token.id, now).catch(() => undefined);
      const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
      request.scimCaller = { tenantId: token.tenantId, tokenId: token.id, baseUrl: `${origin}${PREFIX}` };
    });
    const caller = (r: FastifyRequest) => r.scimCaller!;
    const body = (r: FastifyRequest): Record<string, unknown> => {
      if (r.body === null || typeof r.body !== 'object' || Array.isArray(r.body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object.');
      return r.body as Record<string, unknown>;
    };
    const ifMatch = (r: FastifyRequest) => (typeof r.headers['if-match'] === 'string' ? r.headers['if-match'] : undefined);

    scim.get('/ServiceProviderConfig', async (r, reply) => sendScim(reply, 200, serviceProviderConfig(caller(r).baseUrl)));
    scim.get('/ResourceTypes', async (r, reply) => { const all = resourceTypes(caller(r).baseUrl); return sendScim(reply, 200, listResponse(all.length, 1, all)); });
    scim.get('/ResourceTypes/:id', async (r, reply) => {
      const one = resourceTypes(caller(r).baseUrl).find((x) => x.id === (r.params as { id: string }).id);
      if (!one) throw new ScimError(404, undefined, 'No such resource type.');
      return sendScim(reply, 200, one);
    });
    scim.get('/Schemas', async (r, reply) => { const all = schemas(caller(r).baseUrl); return sendScim(reply, 200, listResponse(all.length, 1, all)); });
    scim.get('/Schemas/:id', async (r, reply) => {
      const one = schemas(caller(r).baseUrl).find((x) => x.id === (r.params as { id: string }).id);
      if (!one) throw new ScimError(404, undefined, 'No such schema.');
      return sendScim(reply, 200, one);
    });

    scim.get('/Users', async (r, reply) => {
      const q = r.query as Record<string, unknown>;
      const { startIndex, count } = page(q);
      const found = await listUsers(ctx, caller(r), typeof q.filter === 'string' ? q.filter : undefined, startIndex, count);
      return sendScim(reply, 200, listResponse(found.total, startIndex, found.resources));
    });
    scim.post('/Users', async (r, reply) => {
      const created = await createUser(ctx, caller(r), body(r));
      void reply.header('location', String((created.resource.meta as { location: string }).location));
      return sendScim(reply, 201, created.resource, created.etag);
    });
    scim.get('/Users/:id', async (r, reply) => {
      const found = await getUser(ctx, caller(r), id(r));
      if (r.headers['if-none-match'] === found.etag) return reply.status(304).header('etag', found.etag).send();
      return sendScim(reply, 200, found.resource, found.etag);
    });
    scim.put('/Users/:id', async (r, reply) => { const u = await replaceUser(ctx, caller(r), id(r), body(r), ifMatch(r)); return sendScim(reply, 200, u.resource, u.etag); });
    scim.patch('/Users/:id', async (r, reply) => { const u = await patchUser(ctx, caller(r), id(r), body(r), ifMatch(r)); return sendScim(reply, 200, u.resource, u.etag); });
    scim.delete('/Users/:id', async (r, reply) => { await deleteUser(ctx, caller(r), id(r)); return reply.status(204).send(); });

    scim.get('/Groups', async (r, reply) => {
      const q = r.query as Record<string, unknown>;
      const { startIndex, count } = page(q);
      const found = await listGroups(ctx, caller(r), typeof q.filter === 'string' ? q.filter : undefined, startIndex, count);
      return sendScim(reply, 200, listResponse(found.total, startIndex, found.resources));
    });
    scim.post('/Groups', async (r, reply) => {
      const g = await putGroup(ctx, caller(r), null, body(r));
      void reply.header('location', String((g.resource.meta as { location: string }).location));
      return sendScim(reply, 201, g.resource, g.etag);
    });
    scim.get('/Groups/:id', async (r, reply) => {
      const g = await getGroup(ctx, caller(r), id(r));
      if (r.headers['if-none-match'] === g.etag) return reply.status(304).header('etag', g.etag).send();
      return sendScim(reply, 200, g.resource, g.etag);
    });
    scim.put('/Groups/:id', async (r, reply) => { const g = await putGroup(ctx, caller(r), id(r), body(r), ifMatch(r)); return sendScim(reply, 200, g.resource, g.etag); });
    scim.patch('/Groups/:id', async (r, reply) => { const g = await patchGroup(ctx, caller(r), id(r), body(r), ifMatch(r)); return sendScim(reply, 200, g.resource, g.etag); });
    scim.delete('/Groups/:id', async (r, reply) => { await deleteGroup(ctx, caller(r), id(r)); return reply.status(204).send(); });
    // An unknown SCIM endpoint is answered here, in the SCIM error schema: the console's catch-all page route would take it otherwise.
    scim.all('/*', async (r) => { throw new ScimError(404, undefined, `No SCIM endpoint ${r.method} ${r.url.split('?')[0]}.`); });
  }, { prefix: PREFIX });
}
