import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse, Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import pino, { type Logger } from 'pino';
import { versionSequence } from '@verity/core';
import { peerDevice } from './auth/device-certificate.js';
import { controlPlanePasswordSignIn, type UserSignIn } from './auth/user-sign-in.js';
import { verityOidcSignIn } from './auth/oidc-sign-in.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { OpenStreams } from './continuous/open-streams.js';
import { controlPlaneClient, type ControlPlaneClient } from './control-plane/control-plane-client.js';
import { decisionLog } from './decision/decision-log.js';
import { createGatewayMetrics } from './ops/gateway-metrics.js';
import { startOpsServer, type GatewayHealth } from './ops/ops-server.js';
import { forwardHttp, upstreamRequestHeaders, UpstreamPools } from './proxy/forward-http.js';
import { forwardUpgrade } from './proxy/forward-upgrade.js';
import { AssertionSigner, loadOrCreateAssertionKey, ReusedAssertions } from './proxy/identity-assertion.js';
import { answerClientError } from './refusal/client-errors.js';
import { refusal, type Refusal } from './refusal/refusal-codes.js';
import { GATEWAY_PATH, rawRefusal, sendRefusal } from './refusal/send-refusal.js';
import { clientIp, RequestGate, type Admitted } from './request-gate.js';
import { SnapshotState } from './snapshot/snapshot-state.js';
import { httpsStreamTransport } from './transport/https-stream-transport.js';
import type { SnapshotTransport } from './transport/snapshot-transport.js';

export interface StartGatewayOptions {
  readonly config: GatewayConfig;
  /** The snapshot channel; by default the HTTPS event stream from `config.controlPlaneUrl`. */
  readonly transport?: (client: ControlPlaneClient) => SnapshotTransport;
  readonly logger?: Logger;
  /** Injected clock (tests move it). */
  readonly now?: () => Date;
}

/** A running gateway. */
export interface RunningGateway {
  /** Where users reach it (HTTPS). */
  readonly url: string;
  /** The operations listener (health, metrics, JWKS). */
  readonly opsUrl: string;
  readonly state: SnapshotState;
  readonly streams: OpenStreams;
  health(): GatewayHealth;
  jwks(): { keys: Record<string, string>[] };
  /** Send the pending sign-in log entries now. */
  flushSignIns(): Promise<void>;
  close(): Promise<void>;
}

const ALL = { all: true, userIds: [], deviceIds: [], sessionIds: [] } as const;

/** The gateway's TLS certificate: from files, or issued by the control plane's Verity CA for the configured names. */
async function tlsMaterial(config: GatewayConfig, client: ControlPlaneClient): Promise<{ key: string; cert: string }> {
  if (config.tlsCertFile && config.tlsKeyFile) return { cert: readFileSync(config.tlsCertFile, 'utf8'), key: readFileSync(config.tlsKeyFile, 'utf8') };
  const ips = [...new Set(['127.0.0.1', ...config.tlsHostnames.filter((h) => isIP(h))])];
  const hostnames = config.tlsHostnames.filter((h) => !isIP(h));
  const issued = await client.call<{ certPem: string; keyPem: string }>('POST', '/api/v1/gateway/server-certificate', { hostnames: hostnames.length > 0 ? hostnames : ['localhost'], ips });
  return { cert: issued.certPem, key: issued.keyPem };
}

/**
 * Start the identity-aware gateway: an HTTPS reverse proxy that decides every request locally
 * (conditional access over the pushed snapshot), forwards what is granted with a signed identity
 * assertion, answers the rest with a page or problem+json, proxies WebSockets and event streams
 * and closes them when access changes, and fails closed when the control plane is gone too long.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const config = options.config;
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? pino({ level: config.logLevel, redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.sessionToken'], censor: '[redacted]' } });
  const client = controlPlaneClient({ url: config.controlPlaneUrl, token: config.token, caPem: config.controlPlaneCaFile ? readFileSync(config.controlPlaneCaFile, 'utf8') : undefined, gatewayId: config.gatewayId });
  const metrics = createGatewayMetrics();
  // Bound once: prom-client hashes a label object on every inc() otherwise (every forwarded request).
  const forwardedCount = metrics.requests.labels({ outcome: 'forwarded' });
  const state = new SnapshotState();
  const streams = new OpenStreams();
  const pools = new UpstreamPools();
  // The one switch of the user sign-in (see auth/user-sign-in.ts): Verity's OIDC provider by default.
  let listeningPort = config.port;
  const signIn: UserSignIn = config.signIn === 'oidc'
    ? verityOidcSignIn({
      client, tenantId: () => state.tenantId, log, sessionHours: config.sessionHours,
      ports: () => [...new Set([listeningPort, ...(config.publicUrl ? [Number(new URL(config.publicUrl).port || 443)] : [])])],
      appAt: (host, path) => state.routes.match(host, path) ?? undefined,
    })
    : controlPlanePasswordSignIn({ client, tenantId: () => state.tenantId, log });
  const decisions = decisionLog({ client, gatewayId: config.gatewayId, flushMs: config.signInFlushMs, log, onFlush: (n) => metrics.signInsSent.inc(n) });

  // Contact with the control plane: lost since (ms), null while connected (or before the first attempt).
  let lostAt: number | null = null;
  let everConnected = false;
  let closedDown = false;
  const failedClosed = () => lostAt !== null && performance.now() - lostAt > config.failClosedAfterMs;
  const gate = new RequestGate(state, signIn, decisions, failedClosed, config.assertionHeader);

  const tls = await tlsMaterial(config, client);
  let deviceCaPem: string | undefined;
  try {
    deviceCaPem = (await client.call<{ caCertificate: string }>('GET', '/api/v1/ca')).caCertificate;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'device CA not fetched yet; device certificates are verified once the first snapshot arrives');
  }
  let seq = 0;
  const requestId = () => `${config.gatewayId}-${(++seq).toString(36)}`;
  let signer: AssertionSigner | null = null;
  let assertions: ReusedAssertions | null = null;

  const refuse = (req: IncomingMessage, res: ServerResponse, r: Refusal, id: string) => {
    metrics.requests.inc({ outcome: r.code });
    log.info({ requestId: id, code: r.code, method: req.method, host: req.headers.host, path: (req.url ?? '').split('?')[0], ip: req.socket.remoteAddress, ...(r.decisionId ? { decisionId: r.decisionId } : {}) }, 'request refused');
    sendRefusal(req, res, r, id);
  };
  const admit = async (req: IncomingMessage, id: string): Promise<Admitted | Refusal> => {
    try {
      return await gate.admit(req, now());
    } catch (err) {
      log.error({ err, requestId: id }, 'request check failed');
      return refusal('VERITY_GATEWAY_DECISION_FAILED', 'Access could not be decided; the gateway refuses rather than guess.', { fix: ['Try again; if it persists, contact your administrator.'] });
    }
  };
  const assertionFor = (a: Admitted) => assertions!.assertion(a.facts.app.appId, {
    sub: a.facts.user.entry.id, upn: a.facts.user.entry.userPrincipalName, sid: a.facts.session.sessionId, amr: a.facts.session.amr,
    device_id: a.facts.device?.id ?? null, device_compliant: a.facts.device ? a.facts.device.complianceState === 'compliant' : null, decision_id: a.decisionId,
  }, Date.now(), state.version ?? '');

  async function onGatewayPath(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path === `${GATEWAY_PATH}/jwks.json`) {
      const body = JSON.stringify(signer!.jwks());
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(body);
      return;
    }
    const peer = peerDevice(req.socket as TLSSocket);
    const handled = await signIn.handle(req, res, {
      requestId: id, clientIp: clientIp(req.socket) ?? 'unknown',
      certificateThumbprint: peer.kind === 'device' ? peer.thumbprint : null, deviceId: peer.kind === 'device' ? peer.deviceId : null,
    });
    if (!handled) refuse(req, res, refusal('VERITY_GATEWAY_NO_APP', `Nothing is served at ${path}.`), id);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = requestId();
    if ((req.url ?? '').startsWith(`${GATEWAY_PATH}/`)) return onGatewayPath(req, res, id);
    const admitted = await admit(req, id);
    if (!('facts' in admitted)) return refuse(req, res, admitted, id);
    const headers = upstreamRequestHeaders(req.headers, { assertionHeader: config.assertionHeader, assertion: assertionFor(admitted), clientIp: clientIp(req.socket) ?? '', dropAuthorization: admitted.bearer }, false);
    forwardedCount.inc();
    try {
      await forwardHttp(pools, admitted.facts.app, req, res, headers, (_status, type) => {
        if (type === undefined || !type.startsWith('text/event-stream')) return;
        const untrack = streams.add({
          kind: 'event-stream', facts: admitted.facts,
          close: (why) => { log.info({ requestId: id, why, userId: admitted.facts.user.entry.id, deviceId: admitted.facts.device?.id }, 'event stream closed: access changed'); res.destroy(); },
        });
        res.once('close', untrack);
      });
    } catch (err) {
      log.warn({ requestId: id, err: err instanceof Error ? err.message : String(err), app: admitted.facts.app.id }, 'upstream did not answer');
      if (!res.headersSent) sendRefusal(req, res, refusal('VERITY_GATEWAY_UPSTREAM_UNAVAILABLE', `${admitted.facts.app.displayName} does not answer right now.`, { fix: ['Try again in a moment.'] }), id);
      else res.destroy();
    }
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const id = requestId();
    const admitted = await admit(req, id);
    if (!('facts' in admitted)) {
      metrics.requests.inc({ outcome: admitted.code });
      log.info({ requestId: id, code: admitted.code, path: (req.url ?? '').split('?')[0] }, 'WebSocket upgrade refused');
      socket.end(rawRefusal(req, admitted, id));
      return;
    }
    const headers = upstreamRequestHeaders(req.headers, { assertionHeader: config.assertionHeader, assertion: assertionFor(admitted), clientIp: clientIp(req.socket) ?? '', dropAuthorization: admitted.bearer }, true);
    try {
      const joined = await forwardUpgrade(admitted.facts.app, req, socket, head, headers);
      forwardedCount.inc();
      if (!joined) return;
      const untrack = streams.add({
        kind: 'websocket', facts: admitted.facts,
        close: (why) => { log.info({ requestId: id, why, userId: admitted.facts.user.entry.id }, 'WebSocket closed: access changed'); socket.destroy(); joined.upstream.destroy(); },
      });
      socket.once('close', untrack);
    } catch (err) {
      log.warn({ requestId: id, err: err instanceof Error ? err.message : String(err) }, 'upstream refused the WebSocket connection');
      socket.end(rawRefusal(req, refusal('VERITY_GATEWAY_UPSTREAM_UNAVAILABLE', `${admitted.facts.app.displayName} does not answer right now.`), id));
    }
  }

  const tlsOptions = (ca: string | undefined) => ({ key: tls.key, cert: tls.cert, ...(ca ? { ca: [ca] } : {}), minVersion: 'TLSv1.2' as const });
  const server: Server = createServer({
    ...tlsOptions(deviceCaPem),
    // Ask every client for a certificate and decide in the handler: a browser without one still gets a page.
    requestCert: true, rejectUnauthorized: false, maxHeaderSize: config.maxHeaderBytes, keepAliveTimeout: 65_000,
  }, (req, res) => { void onRequest(req, res); });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => { void onUpgrade(req, socket, head); });
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => answerClientError(err, socket, log, (code) => metrics.requests.inc({ outcome: code })));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  listeningPort = port;
  const publicUrl = config.publicUrl ?? `https://${config.tlsHostnames[0] ?? 'localhost'}:${port}`;
  signer = new AssertionSigner(loadOrCreateAssertionKey(config.dataDir), publicUrl, config.assertionTtlSeconds);
  assertions = new ReusedAssertions(signer, config.assertionReuseSeconds * 1000);

  const health = (): GatewayHealth => {
    const lostFor = lostAt === null ? 0 : (performance.now() - lostAt) / 1000;
    return {
      status: !state.ready ? 'not-ready' : failedClosed() ? 'failed-closed' : 'ok',
      gatewayId: config.gatewayId, tenantId: state.tenantId, snapshotVersion: state.version,
      snapshotAgeSeconds: state.ready ? Math.round((performance.now() - state.updatedAt) / 100) / 10 : null,
      transport: transport.name,
      controlPlane: { connected: everConnected && lostAt === null, lostForSeconds: Math.round(lostFor * 10) / 10, failsClosedAfterSeconds: config.failClosedAfterMs / 1000 },
      openStreams: streams.size, streamsClosedByEvaluation: streams.closedByEvaluation, signInLog: decisions.backlog(),
    };
  };

  const afterChange = () => {
    metrics.snapshotSequence.set(versionSequence(state.version!));
    metrics.snapshotInfo.reset();
    metrics.snapshotInfo.set({ version: state.version!, tenant: state.tenantId! }, 1);
  };
  let trustedCa = deviceCaPem;
  const transport = options.transport ? options.transport(client) : httpsStreamTransport({ client, url: config.controlPlaneUrl, idleTimeoutMs: config.streamIdleTimeoutMs, log });
  transport.start({
    resumeFrom: () => state.version,
    snapshot(raw) {
      try {
        state.replace(raw, state.tenantId);
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'snapshot rejected; keeping what the gateway had');
        return;
      }
      if (state.deviceCaPem !== trustedCa) {
        trustedCa = state.deviceCaPem;
        server.setSecureContext(tlsOptions(trustedCa));
      }
      signIn.trustIssuer(state.sessionIssuer!);
      afterChange();
      log.info({ version: state.version, tenantId: state.tenantId, users: state.users.size, devices: state.devices.size, apps: state.apps.length }, 'snapshot applied');
      const closed = streams.reevaluate(ALL, (s) => gate.refusedNow(s.facts));
      metrics.streamsClosed.inc(closed);
    },
    delta(raw) {
      let scope;
      try {
        scope = state.apply(raw);
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'delta not applied; re-syncing from a full snapshot');
        transport.resync();
        return;
      }
      metrics.deltas.inc();
      afterChange();
      const closed = streams.reevaluate(scope, (s) => gate.refusedNow(s.facts));
      metrics.streamsClosed.inc(closed);
      log.debug({ version: state.version, closed }, 'delta applied');
    },
    connection(up, detail) {
      if (up === 'up') {
        if (lostAt !== null) log.info({ lostForSeconds: Math.round((performance.now() - lostAt) / 100) / 10 }, 'control plane reachable again');
        lostAt = null;
        everConnected = true;
        metrics.controlPlaneConnected.set(1);
      } else {
        if (lostAt === null) {
          lostAt = performance.now();
          log.warn({ detail, failsClosedInSeconds: config.failClosedAfterMs / 1000 }, 'control plane lost: deciding on the last snapshot until the fail-closed limit');
        }
        metrics.controlPlaneConnected.set(0);
      }
    },
  });

  // The fail-closed watch: says so in the log once, and closes every open stream.
  const watch = setInterval(() => {
    const closed = failedClosed();
    if (closed && !closedDown) {
      closedDown = true;
      log.error({ failClosedAfterSeconds: config.failClosedAfterMs / 1000 }, 'FAILED CLOSED: no contact with the control plane for too long; refusing every request until it is back');
      streams.closeAll('the gateway failed closed');
    } else if (!closed && closedDown) {
      closedDown = false;
      log.info('no longer failed closed');
    }
    metrics.failedClosed.set(closed ? 1 : 0);
    metrics.openStreams.set(streams.size);
    if (state.ready) metrics.snapshotAge.set((performance.now() - state.updatedAt) / 1000);
  }, 250);
  watch.unref();

  const ops: HttpServer = await startOpsServer({
    host: config.opsHost, port: config.opsPort, health, jwks: () => signer!.jwks(),
    metrics: async () => ({ contentType: metrics.registry.contentType, text: await metrics.registry.metrics() }),
  });
  const opsPort = (ops.address() as { port: number }).port;
  log.info({ url: publicUrl, ops: `http://${config.opsHost}:${opsPort}`, controlPlane: config.controlPlaneUrl, transport: transport.name }, 'verity gateway listening');

  return {
    url: `https://localhost:${port}`,
    opsUrl: `http://${config.opsHost}:${opsPort}`,
    state, streams, health,
    jwks: () => signer!.jwks(),
    flushSignIns: () => decisions.flush(),
    async close() {
      clearInterval(watch);
      await transport.stop();
      streams.closeAll('the gateway is stopping');
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await new Promise<void>((resolve) => { ops.close(() => resolve()); ops.closeAllConnections(); });
      await pools.close();
      await decisions.stop();
      await client.close();
    },
  };
}
