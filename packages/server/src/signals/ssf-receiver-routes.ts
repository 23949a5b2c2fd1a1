import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { SsfTransmitterRecord } from '@verity/store';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { outboundHttps } from '../http/outbound-https.js';
import { recordAudit } from '../audit/audit-record.js';
import { displayName, idParams, limitQuery } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { actOnSet, pushAuthorized, PushRefusal, verifySet } from './ssf-receiver.js';
import { PUSH_DELIVERY, RECEIVED_EVENTS, EVENT_TYPES } from './ssf-vocabulary.js';

const httpsUrl = z.string().max(2048).refine((u) => { try { return new URL(u).protocol === 'https:'; } catch { return false; } }, 'expected an https:// URL');
const pem = z.string().min(100).max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'expected a PEM certificate');

/**
 * Configure a transmitter: either its SSF configuration metadata URL plus a token for its stream
 * management API (Verity then creates the push stream itself), or its issuer and JWKS URL (the
 * transmitter's admin then points a stream at the push URL and secret Verity returns once).
 */
const addTransmitter = z.strictObject({
  displayName,
  configurationUrl: httpsUrl.optional(),
  managementToken: z.string().min(8).max(4096).optional(),
  issuer: z.string().min(1).max(2048).optional(),
  jwksUri: httpsUrl.optional(),
  caPem: pem.optional(),
  eventsRequested: z.array(z.string().min(1).max(512)).max(50).default(RECEIVED_EVENTS.filter((e) => e !== EVENT_TYPES.verification)),
}).refine((b) => b.configurationUrl !== undefined || (b.issuer !== undefined && b.jwksUri !== undefined), { message: 'give configurationUrl, or issuer and jwksUri', path: ['configurationUrl'] })
  .refine((b) => b.managementToken === undefined || b.configurationUrl !== undefined, { message: 'a management token needs the configurationUrl of the transmitter', path: ['managementToken'] });

/** The subset of SSF transmitter configuration metadata Verity reads. */
const transmitterMetadata = z.looseObject({
  issuer: z.string().min(1).max(2048),
  jwks_uri: httpsUrl,
  configuration_endpoint: httpsUrl.optional(),
  verification_endpoint: httpsUrl.optional(),
  delivery_methods_supported: z.array(z.string().max(256)).max(20).optional(),
});

function transmitterView(t: SsfTransmitterRecord, pushUrl: string) {
  return {
    id: t.id, displayName: t.displayName, issuer: t.issuer, jwksUri: t.jwksUri, configurationUrl: t.configurationUrl, remoteStreamId: t.remoteStreamId,
    audience: t.audience, pushUrl, eventsRequested: t.eventsRequested, enabled: t.enabled, lastEventAt: t.lastEventAt, createdAt: t.createdAt,
  };
}

/** The transmitter's problem with an answer, as a 502 that names the remote status (never a 500). */
function remoteFailure(what: string, status: number, text: string): VerityError {
  return new VerityError('VERITY_SSF_TRANSMITTER_UNREACHABLE', `The transmitter's ${what} answered ${status}: ${text.slice(0, 300)}`, { status: 502 });
}

/**
 * Verity as an SSF receiver: the transmitters it trusts, the events it got from each and what
 * it did, and the RFC 8935 push endpoint they deliver to.
 */
export function ssfReceiverRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  const manage = { kind: 'admin', permission: 'signals.manage' } as const;
  const tag = 'shared-signals';
  const pushUrlOf = (id: string) => `${publicUrl()}/api/v1/ssf/receive/${id}`;
  const sealName = (id: string) => `ssf-transmitter:${id}`;
  const find = async (tenantId: string, id: string) => {
    const t = await ctx.store.ssfTransmitters.get(tenantId, id);
    if (!t) throw notFound('transmitter', id);
    return t;
  };
  const getJson = async (url: string, caPem: string | null | undefined, token?: string) => {
    const res = await outboundHttps(ctx.config, { method: 'GET', url, caPem, headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    if (res.status !== 200) throw remoteFailure(url, res.status, res.text);
    try { return JSON.parse(res.text) as unknown; } catch { throw remoteFailure(url, res.status, 'not JSON'); }
  };

  return [
    defineRoute({
      method: 'POST', url: '/api/v1/ssf/transmitters', auth: manage, tag, successStatus: 201,
      summary: 'Trust a Shared Signals transmitter; with its configuration URL and a management token, Verity creates the push stream itself.',
      body: addTransmitter,
      handler: async ({ principal, body }) => {
        const id = ctx.newId();
        const pushUrl = pushUrlOf(id);
        const pushSecret = randomBytes(32).toString('base64url');
        let issuer = body.issuer;
        let jwksUri = body.jwksUri;
        let remoteStreamId: string | null = null;
        let audience = pushUrl;
        if (body.configurationUrl) {
          const parsed = transmitterMetadata.safeParse(await getJson(body.configurationUrl, body.caPem));
          if (!parsed.success) throw new VerityError('VERITY_SSF_TRANSMITTER_INVALID', 'The transmitter configuration metadata is not valid SSF metadata.', { status: 400, details: parsed.error.issues.slice(0, 10).map((i) => ({ path: `$.configurationUrl (${i.path.join('.')})`, message: i.message })) });
          const meta = parsed.data;
          if (meta.delivery_methods_supported && !meta.delivery_methods_supported.includes(PUSH_DELIVERY)) throw new VerityError('VERITY_SSF_TRANSMITTER_INVALID', 'The transmitter does not offer push delivery (RFC 8935).', { status: 400, details: [{ path: '$.configurationUrl', message: 'no urn:ietf:rfc:8935 in delivery_methods_supported' }] });
          issuer = meta.issuer;
          jwksUri = meta.jwks_uri;
          if (body.managementToken) {
            if (!meta.configuration_endpoint) throw new VerityError('VERITY_SSF_TRANSMITTER_INVALID', 'The transmitter has no stream configuration endpoint.', { status: 400, details: [{ path: '$.configurationUrl', message: 'no configuration_endpoint' }] });
            const res = await outboundHttps(ctx.config, {
              method: 'POST', url: meta.configuration_endpoint, caPem: body.caPem,
              headers: { authorization: `Bearer ${body.managementToken}`, 'content-type': 'application/json', accept: 'application/json' },
              body: JSON.stringify({ delivery: { method: PUSH_DELIVERY, endpoint_url: pushUrl, authorization_header: `Bearer ${pushSecret}` }, events_requested: body.eventsRequested, aud: pushUrl, description: `Verity receiver ${id}` }),
            });
            if (res.status !== 201 && res.status !== 200) throw remoteFailure('stream configuration endpoint', res.status, res.text);
            const stream = JSON.parse(res.text) as { stream_id?: unknown; aud?: unknown };
            if (typeof stream.stream_id !== 'string') throw remoteFailure('stream configuration endpoint', res.status, 'no stream_id');
            remoteStreamId = stream.stream_id;
            // The transmitter decides the audience (read-only); expect what it said.
            if (typeof stream.aud === 'string') audience = stream.aud;
          }
        }
        const now = ctx.now();
        const t = await ctx.store.transaction(async (tx) => {
          const created = await tx.ssfTransmitters.create(principal.tenantId, {
            id, displayName: body.displayName, issuer: issuer!, jwksUri: jwksUri!, audience, configurationUrl: body.configurationUrl ?? null, remoteStreamId,
            managementToken: body.managementToken ? ctx.secretBox.seal(body.managementToken, sealName(id)) : null,
            pushSecretHash: createHash('sha256').update(pushSecret).digest('hex'), caPem: body.caPem ?? null, eventsRequested: body.eventsRequested, enabled: true,
          });
          await recordAudit(tx, principal.tenantId, principal, { action: 'ssf.transmitter.create', targetType: 'ssfTransmitter', targetId: id, details: { issuer, remoteStreamId } }, now);
          return created;
        });
        // Shown once: with a remote stream Verity already handed it to the transmitter.
        return { ...transmitterView(t, pushUrl), ...(remoteStreamId ? {} : { pushAuthorization: `Bearer ${pushSecret}` }) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/ssf/transmitters', auth: manage, tag, summary: 'The transmitters Verity receives signals from.',
      handler: async ({ principal }) => ({ items: (await ctx.store.ssfTransmitters.list(principal.tenantId, { limit: 500 })).map((t) => transmitterView(t, pushUrlOf(t.id))) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/ssf/transmitters/:id/events', auth: manage, tag, summary: 'Events received from a transmitter and what Verity did about each, newest first.',
      params: idParams, query: z.strictObject({ limit: limitQuery }),
      handler: async ({ principal, params, query }) => {
        await find(principal.tenantId, params.id);
        return { items: await ctx.store.ssfTransmitters.events(principal.tenantId, params.id, { limit: query.limit }) };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/ssf/transmitters/:id', auth: manage, tag, summary: 'Stop trusting a transmitter (its stream at the transmitter is deleted when Verity created it).',
      params: idParams,
      handler: async ({ principal, params }) => {
        const t = await find(principal.tenantId, params.id);
        if (t.remoteStreamId && t.managementToken && t.configurationUrl) {
          // Best effort: the transmitter may be gone; the trust is removed here either way.
          try {
            const meta = transmitterMetadata.parse(await getJson(t.configurationUrl, t.caPem));
            if (meta.configuration_endpoint) {
              await outboundHttps(ctx.config, { method: 'DELETE', url: `${meta.configuration_endpoint}?stream_id=${encodeURIComponent(t.remoteStreamId)}`, caPem: t.caPem, headers: { authorization: `Bearer ${ctx.secretBox.open(t.managementToken, sealName(t.id)).toString('utf8')}` } });
            }
          } catch (err) {
            ctx.log.warn({ err, transmitterId: t.id }, 'could not delete the stream at the transmitter');
          }
        }
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          await tx.ssfTransmitters.delete(principal.tenantId, t.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'ssf.transmitter.delete', targetType: 'ssfTransmitter', targetId: t.id, details: { issuer: t.issuer } }, now);
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/ssf/receive/:id', auth: { kind: 'public' }, tag, successStatus: 202,
      summary: 'Push endpoint (RFC 8935): a transmitter delivers one SET (application/secevent+jwt) with its push secret; errors answer {err, description}.',
      // Any body reaches the handler, so that every refusal is an RFC 8935 answer (not problem+json).
      params: idParams, body: z.unknown(), bodyLimit: 64 * 1024,
      handler: async ({ params, request, reply, body }) => {
        const refuse = (r: PushRefusal) => {
          request.log.info({ transmitterId: params.id, err: r.err }, 'shared signals: SET refused');
          // RFC 8935 §2.4: application/json with err and description (not problem+json).
          return reply.status(r.status).type('application/json').send({ err: r.err, description: r.description });
        };
        try {
          const t = await ctx.store.ssfTransmitters.findForPush(params.id);
          if (!t || !pushAuthorized(t, request.headers.authorization)) throw new PushRefusal('authentication_failed', 'unknown transmitter or wrong push authorization', 401);
          if (!t.enabled) throw new PushRefusal('access_denied', 'this transmitter is disabled', 403);
          const now = ctx.now();
          const claims = await verifySet(ctx, t, typeof body === 'string' ? body.trim() : '', now);
          const types = Object.keys(claims.events);
          // The jti is recorded before acting: a replayed SET is refused, never acted on twice.
          if (!(await ctx.store.ssfTransmitters.recordEvent(t.tenantId, { transmitterId: t.id, jti: claims.jti, receivedAt: now, eventTypes: types, subject: claims.sub_id ?? null, actions: [] }))) {
            throw new PushRefusal('invalid_request', `SET ${claims.jti} was already received (replay)`);
          }
          const actions = await actOnSet(ctx, t, claims);
          await ctx.store.ssfTransmitters.setEventActions(t.tenantId, t.id, claims.jti, actions);
          await ctx.store.ssfTransmitters.update(t.tenantId, t.id, { lastEventAt: now.toISOString() });
          request.log.info({ transmitterId: t.id, jti: claims.jti, types, actions: actions.map((a) => a.action) }, 'shared signals: SET received');
          return reply.status(202).send();
        } catch (err) {
          if (err instanceof PushRefusal) return refuse(err);
          throw err;
        }
      },
    }),
  ];
}
