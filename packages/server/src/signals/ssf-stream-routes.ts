import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { SsfStreamRecord } from '@verity/store';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { recordAudit } from '../audit/audit-record.js';
import { signingKey } from '../keys/signing-keys.js';
import { notFound } from '../shared/not-found.js';
import { subjectKeys, type SubjectId } from './ssf-set.js';
import type { SsfTransmitter } from './ssf-transmitter.js';
import { EVENT_TYPES, PUSH_DELIVERY, TRANSMITTED_EVENTS } from './ssf-vocabulary.js';

/** SSF 1.0 §7 / §8: where the stream management API lives (the transmitter configuration metadata names these). */
export const SSF_PATHS = {
  configuration: '/api/v1/ssf/streams',
  status: '/api/v1/ssf/streams/status',
  addSubject: '/api/v1/ssf/streams/subjects/add',
  removeSubject: '/api/v1/ssf/streams/subjects/remove',
  verification: '/api/v1/ssf/streams/verify',
  jwks: '/api/v1/ssf/jwks.json',
} as const;

const streamId = z.string().min(1).max(64);
const eventType = z.string().min(1).max(512);
const httpsUrl = z.string().max(2048).refine((u) => { try { return new URL(u).protocol === 'https:'; } catch { return false; } }, 'expected an https:// URL');
const audience = z.union([z.string().min(1).max(2048), z.array(z.string().min(1).max(2048)).min(1).max(10)]);
/** RFC 9493 subject identifiers (bounded; unknown formats are refused rather than matched by nothing). */
const subject: z.ZodType<SubjectId> = z.lazy(() => z.union([
  z.strictObject({ format: z.literal('email'), email: z.string().min(3).max(256) }),
  z.strictObject({ format: z.literal('opaque'), id: z.string().min(1).max(256) }),
  z.strictObject({ format: z.literal('iss_sub'), iss: z.string().min(1).max(2048), sub: z.string().min(1).max(256) }),
  z.strictObject({ format: z.literal('complex'), user: subject.optional(), device: subject.optional(), session: subject.optional(), tenant: subject.optional() }),
]));

/** The read-only members a receiver may echo back; they must then equal what Verity says (SSF 1.0 §8.1.1). */
const readOnly = { iss: z.string().max(2048).optional(), events_supported: z.array(eventType).max(50).optional(), events_delivered: z.array(eventType).max(50).optional(), min_verification_interval: z.number().int().optional(), inactivity_timeout: z.number().int().optional() };

const delivery = z.strictObject({ method: z.literal(PUSH_DELIVERY, { error: `Verity delivers by push only (${PUSH_DELIVERY})` }), endpoint_url: httpsUrl, authorization_header: z.string().min(1).max(2048).optional() });
const createStream = z.strictObject({ delivery, events_requested: z.array(eventType).max(50).default([]), description: z.string().max(1024).optional(), aud: audience.optional(), ...readOnly });
const updateStream = z.strictObject({ stream_id: streamId, delivery: delivery.optional(), events_requested: z.array(eventType).max(50).optional(), description: z.string().max(1024).optional(), aud: audience.optional(), ...readOnly });
const replaceStream = z.strictObject({ stream_id: streamId, delivery, events_requested: z.array(eventType).max(50).default([]), description: z.string().max(1024).optional(), aud: audience.optional(), ...readOnly });

/** The stream as SSF shows it (the push Authorization header is never returned). */
function streamView(s: SsfStreamRecord, issuer: string) {
  return {
    stream_id: s.id, iss: issuer, aud: s.audience.length === 1 ? s.audience[0] : s.audience,
    events_supported: TRANSMITTED_EVENTS, events_requested: s.eventsRequested, events_delivered: s.eventsRequested.filter((e) => TRANSMITTED_EVENTS.includes(e)),
    delivery: { method: s.deliveryMethod, endpoint_url: s.endpointUrl }, ...(s.description ? { description: s.description } : {}),
  };
}

/**
 * Verity as an SSF transmitter: the configuration metadata (`/.well-known/ssf-configuration`),
 * the signing keys, and the stream management API of SSF 1.0 §8 (create, read, update, replace,
 * delete, status, subjects, verification) for receivers holding a token with `signals.manage`.
 */
export function ssfStreamRoutes(ctx: ServerContext, publicUrl: () => string, transmitter: SsfTransmitter): AnyRoute[] {
  const manage = { kind: 'admin', permission: 'signals.manage' } as const;
  const tag = 'shared-signals';
  const sealName = (id: string) => `ssf-stream:${id}`;

  const find = async (tenantId: string, id: string): Promise<SsfStreamRecord> => {
    const s = await ctx.store.ssfStreams.get(tenantId, id);
    if (!s) throw notFound('stream', id);
    return s;
  };
  /** A receiver's echo of a read-only member must match (SSF 1.0 §8.1.1.1). */
  const checkReadOnly = (body: { iss?: string; events_supported?: string[] }) => {
    const details = [];
    if (body.iss !== undefined && body.iss !== publicUrl()) details.push({ path: '$.iss', message: `read-only; this transmitter's issuer is ${publicUrl()}` });
    if (body.events_supported !== undefined && JSON.stringify([...body.events_supported].sort()) !== JSON.stringify([...TRANSMITTED_EVENTS].sort())) details.push({ path: '$.events_supported', message: 'read-only; must equal what the transmitter supports' });
    if (details.length > 0) throw new VerityError('VERITY_SSF_READ_ONLY_MEMBER', 'A read-only stream member differs from the transmitter\'s value.', { status: 400, details });
  };
  const unsupported = (events: string[]) => {
    const unknown = events.map((e, i) => ({ e, i })).filter(({ e }) => !TRANSMITTED_EVENTS.includes(e));
    // Reported, never silently dropped: the receiver learns what it will not get from events_delivered, and here.
    return unknown.map(({ e, i }) => ({ path: `$.events_requested[${i}]`, message: `Verity does not transmit ${e}` }));
  };
  const audit = (tenantId: string, principal: Parameters<typeof recordAudit>[2], action: string, id: string, details: Record<string, unknown> = {}) =>
    ctx.store.transaction((tx) => recordAudit(tx, tenantId, principal, { action, targetType: 'ssfStream', targetId: id, details }, ctx.now()));

  return [
    defineRoute({
      method: 'GET', url: '/.well-known/ssf-configuration', auth: { kind: 'public' }, tag, summary: 'SSF 1.0 transmitter configuration metadata.',
      handler: async () => {
        const base = publicUrl();
        return {
          spec_version: '1_0', issuer: base, jwks_uri: `${base}${SSF_PATHS.jwks}`, delivery_methods_supported: [PUSH_DELIVERY],
          configuration_endpoint: `${base}${SSF_PATHS.configuration}`, status_endpoint: `${base}${SSF_PATHS.status}`,
          add_subject_endpoint: `${base}${SSF_PATHS.addSubject}`, remove_subject_endpoint: `${base}${SSF_PATHS.removeSubject}`,
          verification_endpoint: `${base}${SSF_PATHS.verification}`, authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:6750' }], default_subjects: 'ALL',
        };
      },
    }),
    defineRoute({
      method: 'GET', url: SSF_PATHS.jwks, auth: { kind: 'public' }, tag, summary: 'The keys that sign Verity\'s Security Event Tokens (JWKS).',
      handler: async () => ({ keys: [(await signingKey(ctx, 'ssf-transmitter')).publicJwk] }),
    }),
    defineRoute({
      method: 'POST', url: SSF_PATHS.configuration, auth: manage, tag, summary: 'Create a stream (SSF 1.0 §8.1.1.1): push delivery to the receiver\'s HTTPS endpoint.',
      body: createStream, successStatus: 201,
      handler: async ({ principal, body }) => {
        checkReadOnly(body);
        const id = ctx.newId();
        const stream = await ctx.store.ssfStreams.create(principal.tenantId, {
          id, description: body.description ?? null, audience: body.aud === undefined ? [body.delivery.endpoint_url] : [body.aud].flat(),
          deliveryMethod: PUSH_DELIVERY, endpointUrl: body.delivery.endpoint_url,
          authorizationHeader: body.delivery.authorization_header ? ctx.secretBox.seal(body.delivery.authorization_header, sealName(id)) : null,
          eventsRequested: body.events_requested, status: 'enabled', statusReason: null, subjects: null, createdBy: principal.actorId,
        });
        await audit(principal.tenantId, principal, 'ssf.stream.create', id, { endpoint: new URL(body.delivery.endpoint_url).origin, eventsRequested: body.events_requested, notTransmitted: unsupported(body.events_requested).map((d) => d.message) });
        return streamView(stream, publicUrl());
      },
    }),
    defineRoute({
      method: 'GET', url: SSF_PATHS.configuration, auth: manage, tag, summary: 'Read one stream (?stream_id=) or all of them.',
      query: z.strictObject({ stream_id: streamId.optional() }),
      handler: async ({ principal, query }) => {
        if (query.stream_id) return streamView(await find(principal.tenantId, query.stream_id), publicUrl());
        return (await ctx.store.ssfStreams.list(principal.tenantId, { limit: 500 })).map((s) => streamView(s, publicUrl()));
      },
    }),
    ...(['PATCH', 'PUT'] as const).map((method) => defineRoute({
      method, url: SSF_PATHS.configuration, auth: manage, tag, summary: method === 'PATCH' ? 'Update members of a stream (SSF 1.0 §8.1.1.3).' : 'Replace a stream\'s configuration (SSF 1.0 §8.1.1.4).',
      body: method === 'PATCH' ? updateStream : replaceStream,
      handler: async ({ principal, body }) => {
        checkReadOnly(body);
        const existing = await find(principal.tenantId, body.stream_id);
        const d = body.delivery;
        const updated = await ctx.store.ssfStreams.update(principal.tenantId, existing.id, {
          ...(d ? { endpointUrl: d.endpoint_url, authorizationHeader: d.authorization_header ? ctx.secretBox.seal(d.authorization_header, sealName(existing.id)) : null } : {}),
          ...(body.events_requested !== undefined ? { eventsRequested: body.events_requested } : {}),
          ...(body.description !== undefined || method === 'PUT' ? { description: body.description ?? null } : {}),
          ...(body.aud !== undefined ? { audience: [body.aud].flat() } : method === 'PUT' && d ? { audience: [d.endpoint_url] } : {}),
        });
        await audit(principal.tenantId, principal, `ssf.stream.${method === 'PATCH' ? 'update' : 'replace'}`, existing.id, { fields: Object.keys(body) });
        return streamView(updated!, publicUrl());
      },
    })),
    defineRoute({
      method: 'DELETE', url: SSF_PATHS.configuration, auth: manage, tag, summary: 'Delete a stream (SSF 1.0 §8.1.1.5).',
      query: z.strictObject({ stream_id: streamId }),
      handler: async ({ principal, query }) => {
        if (!(await ctx.store.ssfStreams.delete(principal.tenantId, query.stream_id))) throw notFound('stream', query.stream_id);
        await audit(principal.tenantId, principal, 'ssf.stream.delete', query.stream_id);
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET', url: SSF_PATHS.status, auth: manage, tag, summary: 'A stream\'s status (SSF 1.0 §8.1.2.1).',
      query: z.strictObject({ stream_id: streamId }),
      handler: async ({ principal, query }) => {
        const s = await find(principal.tenantId, query.stream_id);
        return { stream_id: s.id, status: s.status, ...(s.statusReason ? { reason: s.statusReason } : {}) };
      },
    }),
    defineRoute({
      method: 'POST', url: SSF_PATHS.status, auth: manage, tag, summary: 'Enable, pause (events are held) or disable a stream (SSF 1.0 §8.1.2.2).',
      body: z.strictObject({ stream_id: streamId, status: z.enum(['enabled', 'paused', 'disabled']), reason: z.string().max(1024).optional() }),
      handler: async ({ principal, body }) => {
        const s = await find(principal.tenantId, body.stream_id);
        await ctx.store.ssfStreams.update(principal.tenantId, s.id, { status: body.status, statusReason: body.reason ?? null });
        await audit(principal.tenantId, principal, 'ssf.stream.status', s.id, { from: s.status, to: body.status });
        if (s.status !== body.status) {
          const sub: SubjectId = { format: 'opaque', id: s.id };
          await transmitter.enqueue(principal.tenantId, [{ eventType: EVENT_TYPES.streamUpdated, subject: sub, subjectKeys: [], body: { status: body.status, ...(body.reason ? { reason: body.reason } : {}) } }], s.id);
        }
        return { stream_id: s.id, status: body.status, ...(body.reason ? { reason: body.reason } : {}) };
      },
    }),
    defineRoute({
      method: 'POST', url: SSF_PATHS.addSubject, auth: manage, tag, summary: 'Include a subject in a stream again (SSF 1.0 §8.1.3.2; every subject is included by default).',
      body: z.strictObject({ stream_id: streamId, subject, verified: z.boolean().optional() }),
      handler: async ({ principal, body }) => {
        const s = await find(principal.tenantId, body.stream_id);
        const keys = new Set(subjectKeys(body.subject));
        const excluded = ((s.subjects ?? []) as unknown[]).filter((x) => !subjectKeys(x).some((k) => keys.has(k)));
        await ctx.store.ssfStreams.update(principal.tenantId, s.id, { subjects: excluded.length > 0 ? excluded : null });
        await audit(principal.tenantId, principal, 'ssf.stream.subject.add', s.id, { subject: subjectKeys(body.subject) });
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST', url: SSF_PATHS.removeSubject, auth: manage, tag, summary: 'Stop sending events about a subject on a stream (SSF 1.0 §8.1.3.3).',
      body: z.strictObject({ stream_id: streamId, subject }),
      handler: async ({ principal, body }) => {
        const s = await find(principal.tenantId, body.stream_id);
        const excluded = (s.subjects ?? []) as unknown[];
        if (excluded.length >= 10_000) throw new VerityError('VERITY_SSF_TOO_MANY_SUBJECTS', 'A stream excludes at most 10,000 subjects.', { status: 400, details: [{ path: '$.subject', message: 'limit reached' }] });
        await ctx.store.ssfStreams.update(principal.tenantId, s.id, { subjects: [...excluded, body.subject] });
        await audit(principal.tenantId, principal, 'ssf.stream.subject.remove', s.id, { subject: subjectKeys(body.subject) });
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST', url: SSF_PATHS.verification, auth: manage, tag, summary: 'Ask for a verification event on a stream (SSF 1.0 §8.1.4).',
      body: z.strictObject({ stream_id: streamId, state: z.string().max(1024).optional() }),
      handler: async ({ principal, body }) => {
        const s = await find(principal.tenantId, body.stream_id);
        const sub: SubjectId = { format: 'opaque', id: s.id };
        await transmitter.enqueue(principal.tenantId, [{ eventType: EVENT_TYPES.verification, subject: sub, subjectKeys: [], body: body.state !== undefined ? { state: body.state } : {} }], s.id);
        return undefined;
      },
    }),
  ];
}
