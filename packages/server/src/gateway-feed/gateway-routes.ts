import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { VerityError, gatewaySignInBatchSchema, snapshotVersionSchema, type GatewaySnapshot, type SnapshotDelta } from '@verity/core';
import type { NewSignInLogEntry } from '@verity/store';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { snapshotFeed } from './snapshot-feed.js';
import { signInThroughGateway, signOutGatewaySession } from './gateway-sessions.js';
import { gatewayClientFor } from '../identity/oidc/gateway-clients.js';
import { issuerOf } from '../identity/oidc/oidc-clients.js';

/** Comment lines keep an idle stream alive through proxies and let the gateway notice a dead one. */
const HEARTBEAT_MS = 15_000;
/** A gateway this far behind (bytes not yet taken by its socket) is cut off; it resumes or re-syncs. */
const MAX_BACKLOG_BYTES = 64 * 1024 * 1024;

const gatewayIdHeader = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/);
const hostname = z.string().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/);

/** Open snapshot streams per server, so that shutdown can end them instead of waiting for them. */
const openStreams = new WeakMap<ServerContext, Set<ServerResponse>>();

/** End every open gateway stream (server shutdown: gateways reconnect to another replica or later). */
export function endGatewayStreams(ctx: ServerContext): void {
  for (const res of openStreams.get(ctx) ?? []) res.end();
}

function sseEvent(event: 'snapshot' | 'delta', id: string, data: GatewaySnapshot | SnapshotDelta): string {
  // JSON.stringify never emits a raw line break, so one `data:` line carries the whole document.
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The gateway's side of the control plane: the snapshot stream (a long-lived HTTPS response of
 * server-sent events: one full snapshot, then ordered deltas), the sign-in batches, the users'
 * sign-in and sign-out, a TLS certificate for the gateway, and the list of connected gateways.
 */
export function gatewayRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  const feed = snapshotFeed(ctx, publicUrl);
  const gateway = { kind: 'admin', permission: 'gateway.connect' } as const;
  const tag = 'gateway';
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/gateway/snapshot', auth: gateway, tag,
      summary: 'The snapshot stream (text/event-stream): a full snapshot, then ordered deltas; Last-Event-ID resumes after a version.',
      query: z.strictObject({ from: snapshotVersionSchema.optional() }),
      handler: async ({ principal, request, reply, query }) => {
        const lastEventId = request.headers['last-event-id'];
        const resume = snapshotVersionSchema.safeParse(typeof lastEventId === 'string' ? lastEventId : query.from);
        const named = gatewayIdHeader.safeParse(request.headers['x-verity-gateway-id']);
        const gatewayId = named.success ? named.data : `token-${principal.actorId}`;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
        res.write(': verity gateway snapshot stream\n\n');
        let streams = openStreams.get(ctx);
        if (!streams) openStreams.set(ctx, (streams = new Set()));
        streams.add(res);
        const send = (text: string) => {
          if (res.writableLength > MAX_BACKLOG_BYTES) {
            ctx.log.warn({ gatewayId }, 'gateway snapshot stream too far behind; closing it (the gateway resumes or re-syncs)');
            res.destroy();
            return;
          }
          res.write(text);
        };
        const unsubscribe = feed.subscribe(principal.tenantId, resume.success ? resume.data : null, {
          snapshot: (s) => send(sseEvent('snapshot', s.version, s)),
          delta: (d) => send(sseEvent('delta', d.version, d)),
        }, { gatewayId, transport: 'https-stream' });
        const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
        ctx.log.info({ gatewayId, tenantId: principal.tenantId, resumeFrom: resume.success ? resume.data : null }, 'gateway connected to the snapshot stream');
        res.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          streams.delete(res);
          ctx.log.info({ gatewayId, tenantId: principal.tenantId }, 'gateway snapshot stream closed');
        });
        return reply;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/gateway/sign-ins', auth: gateway, tag, summary: 'A gateway\'s batch of decisions for the sign-in log.',
      body: gatewaySignInBatchSchema, bodyLimit: 4 * 1024 * 1024, successStatus: 202,
      handler: async ({ principal, body }) => {
        const entries: NewSignInLogEntry[] = body.signIns.map((s) => ({
          id: s.id, at: s.at, userId: s.userId, appId: s.appId, deviceId: s.deviceId, ip: s.ip, clientApp: s.clientAppType, platform: s.platform,
          result: s.result, reportOnlyResults: s.reportOnly,
          decision: {
            source: 'gateway', gatewayId: body.gatewayId, sessionId: s.sessionId, requests: s.requests, lastAt: s.lastAt, reasons: s.reasons,
            missingControls: s.missingControls, policies: s.policies, deviceCompliant: s.deviceCompliant, snapshotVersion: s.snapshotVersion,
          },
        }));
        await ctx.store.transaction((tx) => tx.signIns.addMany(principal.tenantId, entries));
        if (body.dropped > 0) ctx.log.warn({ gatewayId: body.gatewayId, dropped: body.dropped }, 'a gateway dropped decisions it could not queue for the sign-in log');
        return { accepted: entries.length };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/gateway/sessions', auth: gateway, tag,
      summary: 'Sign a user in through a gateway (user name and password); returns a signed session token bound to the device certificate.',
      body: z.strictObject({
        username: z.string().trim().min(1).max(256),
        password: z.string().min(1).max(256),
        /** base64url SHA-256 of the client certificate the browser presented (RFC 8705 x5t#S256). */
        certificateThumbprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/).nullable().default(null),
        deviceId: z.string().min(1).max(64).nullable().default(null),
      }),
      successStatus: 201,
      handler: async ({ principal, body }) => signInThroughGateway(ctx, principal, publicUrl(), body),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/gateway/sessions/:id', auth: gateway, tag, summary: 'Sign a gateway session out (every gateway refuses it from then on).',
      params: idParams,
      handler: async ({ principal, params }) => {
        if (!(await signOutGatewaySession(ctx, principal.tenantId, params.id))) throw notFound('session', params.id);
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/gateway/oidc-client', auth: gateway, tag,
      summary: 'The gateway\'s OpenID Connect client (issuer, client id and secret), after recording the ports users reach the gateway on.',
      body: z.strictObject({ ports: z.array(z.number().int().min(1).max(65535)).min(1).max(10) }),
      handler: async ({ principal, body }) => {
        if (principal.actorType !== 'token') throw new VerityError('VERITY_AUTH_FORBIDDEN', 'Only a gateway credential (API token with the gateway role) has a gateway client.', { status: 403 });
        const token = await ctx.store.apiTokens.get(principal.tenantId, principal.actorId);
        const client = await gatewayClientFor(ctx, principal, token?.name ?? principal.actorId, body.ports);
        return { issuer: issuerOf(publicUrl(), principal.tenantId), ...client };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/gateway/server-certificate', auth: gateway, tag,
      summary: 'A TLS server certificate for the gateway from the Verity CA (for gateways without a certificate of their own).',
      body: z.strictObject({ hostnames: z.array(hostname).min(1).max(20), ips: z.array(z.ipv4().or(z.ipv6())).max(20).default([]), validityDays: z.number().int().min(1).max(90).default(30) }),
      successStatus: 201,
      handler: async ({ body }) => {
        const cert = await ctx.deviceCa.issueServerCertificate({ hostnames: body.hostnames, ips: body.ips, now: ctx.now(), validityDays: body.validityDays });
        return { certPem: cert.certPem, keyPem: cert.keyPem, caPem: ctx.deviceCa.certPem };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/gateways', auth: { kind: 'admin', permission: 'apps.read' }, tag, summary: 'Gateways connected to this control plane and the snapshot version each holds.',
      handler: async ({ principal }) => ({ version: feed.version(principal.tenantId), items: feed.connections(principal.tenantId) }),
    }),
  ];
}
