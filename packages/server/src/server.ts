import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { VerityError } from '@verity/core';
import { openStore, type Store, type StoreLogEvent } from '@verity/store';
import { CHECKIN_PIPELINE_MODULE } from './checkin/checkin-service.js';
import { loadServerConfig, type ServerConfig } from './config/server-config.js';
import type { ServerContext } from './context.js';
import { createMetrics } from './metrics/metrics.js';
import { createInProcessEventBus } from './events/event-bus.js';
import { createSecretBox, createDeviceCa, loadCa } from './device-ca/index.js';
import { buildApp } from './http/app.js';
import { startServerTls, type ServerTls } from './tls/server-tls.js';
import { startMetricsListener } from './metrics/metrics-exposition.js';
import type { Server as TlsServer } from 'node:tls';
import { resolveMasterKey } from './secrets/master-key.js';
import { serverLoggerOptions } from './secrets/redaction.js';
import { resealStaleSettings } from './secrets/sealed-settings.js';
import { buildOpenApi } from './http/openapi.js';
import type { AnyRoute } from './http/route.js';
import { systemRoutes } from './system/system-routes.js';
import { adminRoutes } from './admins/admin-routes.js';
import { userRoutes } from './users/user-routes.js';
import { groupRoutes } from './groups/group-routes.js';
import { enrollmentRoutes } from './enrollment/enrollment-routes.js';
import { deviceRoutes } from './devices/device-routes.js';
import { devicePropertiesRoutes } from './devices/device-properties-routes.js';
import { deviceDuplicateRoutes } from './devices/device-duplicates-routes.js';
import { deviceCommandRoutes } from './devices/device-command-routes.js';
import { checkinRoutes } from './checkin/checkin-routes.js';
import { auditRoutes } from './audit/audit-routes.js';
import { loadOrCreateAuditKeys } from './audit/audit-keys.js';
import { markKeyedBoundaries, startAuditHeadExport } from './audit/audit-service.js';
import { accessRoutes } from './access/access-routes.js';
import { storedComplianceHooks } from './compliance/compliance-hooks.js';
import { complianceEvaluationService } from './compliance/compliance-evaluation-service.js';
import { complianceRoutes } from './compliance/compliance-routes.js';
import { startComplianceBackground } from './compliance/compliance-background.js';
import { startPostureRetention } from './devices/posture-retention.js';
import { messageTemplateRoutes } from './notifications/message-template-routes.js';
import { portalRoutes } from './portal/portal-routes.js';
import { operatorRoutes } from './tenants/operator-routes.js';
import { bootstrapOperatorCredential } from './tenants/operator-credential.js';
import { createIdentityProvider } from './identity/identity-routes.js';
import { reportRoutes } from './reports/report-routes.js';
import { sessionRoutes } from './auth/session-routes.js';
import { groupRulePreviewRoutes } from './groups/group-rule-preview-routes.js';
import { deviceEvaluateRoutes } from './compliance/device-evaluate-route.js';
import { registerConsole } from './console/console-routes.js';
import { messageTemplatePreviewRoutes } from './notifications/message-template-preview-route.js';
import { appRoutes } from './apps/app-routes.js';
import { endGatewayStreams, gatewayRoutes } from './gateway-feed/gateway-routes.js';
import { ssfTransmitter } from './signals/ssf-transmitter.js';
import { ssfStreamRoutes } from './signals/ssf-stream-routes.js';
import { ssfReceiverRoutes } from './signals/ssf-receiver-routes.js';

export const VERITY_VERSION = '0.1.0';

/** How long shutdown waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly config?: Partial<ServerConfig>;
  /** Tests pass a store they opened (e.g. on PostgreSQL); otherwise it is opened from config. */
  readonly store?: Store;
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly logger?: Logger;
}

export interface RunningServer {
  readonly url: string;
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  readonly ctx: ServerContext;
  readonly routes: readonly AnyRoute[];
  /** On the installation's first start: the file the new operator credential was written to (and the secret, for `serve` to hand over). */
  readonly operatorCredential?: { file: string; token: string };
  /** The server's TLS certificate (renewed and reloaded while running). */
  readonly tls: ServerTls;
  /** URL of the separate metrics listener (VERITY_METRICS_LISTEN), if it runs. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

/** The optional JSON config file named by VERITY_CONFIG (environment variables override it). */
function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new VerityError('VERITY_CONFIG_INVALID', `Cannot read the config file ${path}: ${(err as Error).message}`, { status: 500, expose: true });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new VerityError('VERITY_CONFIG_INVALID', `The config file ${path} must hold a JSON object.`, { status: 500, expose: true });
  }
  return parsed as Record<string, unknown>;
}

/** Store events in the server log (the store never puts query parameters in them). */
function logStoreEvent(log: Logger, e: StoreLogEvent): void {
  switch (e.type) {
    case 'opened': log.info({ dialect: e.dialect, location: e.location }, 'store opened'); break;
    case 'migrated': log.info({ migration: e.migration }, 'store migrated'); break;
    case 'query-error': log.error({ sql: e.sql, durationMs: e.durationMs, err: e.error }, 'store query failed'); break;
    case 'checkpoint-error': log.warn({ message: e.message }, 'SQLite background checkpoint failed; the committing connection checkpoints instead'); break;
    case 'checkin-writer-error': log.error({ message: e.message }, 'SQLite check-in writer thread failed; check-ins are written on the main thread from now on'); break;
  }
}

/** Load the device CA from the store (private key sealed with the master key) or create it once. */
async function loadOrCreateCa(store: Store, box: ReturnType<typeof createSecretBox>, now: Date) {
  const saved = await store.settings.get('device-ca');
  if (saved) {
    const { certPem, sealedKey } = JSON.parse(saved) as { certPem: string; sealedKey: string };
    return loadCa(certPem, box.open(sealedKey, 'device-ca-key').toString('utf8'));
  }
  const created = await createDeviceCa({ commonName: `Verity Device CA ${randomBytes(4).toString('hex')}`, now });
  await store.settings.set('device-ca', JSON.stringify({ certPem: created.certPem, sealedKey: box.seal(created.keyPem, 'device-ca-key') }));
  return loadCa(created.certPem, created.keyPem);
}

/** Start the control plane: store, CA, TLS (with optional client certs), routes. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = loadServerConfig(env, readConfigFile(env.VERITY_CONFIG), options.config ?? {});
  const log = options.logger ?? pino(serverLoggerOptions(config.logLevel));
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());

  const masterKey = resolveMasterKey({ ...config, dataDir }, log);
  const store = options.store ?? (await openStore(config.databaseUrl ? { postgresUrl: config.databaseUrl } : { dataDir }, { log: (e) => logStoreEvent(log, e), checkinPipeline: CHECKIN_PIPELINE_MODULE }));
  const secretBox = createSecretBox(masterKey, config.masterKeyPrevious ? { previous: [config.masterKeyPrevious] } : {});
  const resealed = await resealStaleSettings(store, secretBox);
  if (resealed.length > 0) log.warn({ resealed }, 'secrets sealed under a previous master key (or its legacy reading) were sealed again under the current one');
  const deviceCa = await loadOrCreateCa(store, secretBox, now());
  const operatorCredential = await bootstrapOperatorCredential(store, dataDir);
  if (operatorCredential) log.warn({ file: operatorCredential.file }, 'created the operator credential (manages tenants); its secret is in this file (0600): move it to a secret store and delete the file');
  const auditKeys = await loadOrCreateAuditKeys(store, secretBox);
  store.audit.useKey(auditKeys.macKey);
  const metrics = createMetrics();
  const events = createInProcessEventBus((err, event) => log.error({ err, topic: event.topic }, 'event handler failed'));

  let ctx: ServerContext;
  const getCtx = () => ctx;
  // One evaluation service (one tenant-snapshot cache) serves check-ins, admin changes and background work.
  const evaluator = complianceEvaluationService(getCtx);
  ctx = { config, store, deviceCa, secretBox, auditKeys, metrics, events, log, now, newId, compliance: storedComplianceHooks(getCtx, evaluator) };
  await markKeyedBoundaries(ctx);

  const ips = ['127.0.0.1', '::1', ...config.tlsHostnames.filter((h) => isIP(h)), ...(isIP(config.host) && config.host !== '0.0.0.0' ? [config.host] : [])];
  const names = ['localhost', hostname(), ...config.tlsHostnames.filter((h) => !isIP(h))];
  const tls = await startServerTls(ctx, { hostnames: [...new Set(names)], ips: [...new Set(ips)] });

  let url = '';
  const publicUrl = () => config.publicUrl ?? url;
  const routes: AnyRoute[] = [];
  routes.push(
    ...systemRoutes(ctx, () => buildOpenApi(routes, VERITY_VERSION)),
    ...adminRoutes(ctx, publicUrl), ...userRoutes(ctx), ...groupRoutes(ctx), ...enrollmentRoutes(ctx, publicUrl),
    ...deviceRoutes(ctx), ...devicePropertiesRoutes(ctx), ...deviceCommandRoutes(ctx), ...checkinRoutes(ctx), ...auditRoutes(ctx),
    ...accessRoutes(ctx),
  );
  routes.push(...complianceRoutes(ctx), ...messageTemplateRoutes(ctx), ...portalRoutes(ctx));
  routes.push(...deviceDuplicateRoutes(ctx), ...operatorRoutes(ctx));
  routes.push(...reportRoutes(ctx), ...sessionRoutes(ctx), ...groupRulePreviewRoutes(ctx), ...deviceEvaluateRoutes(ctx), ...messageTemplatePreviewRoutes(publicUrl));
  const identity = createIdentityProvider(ctx, publicUrl);
  routes.push(...identity.routes);
  const signals = ssfTransmitter(ctx, publicUrl);
  routes.push(...appRoutes(ctx), ...gatewayRoutes(ctx, publicUrl), ...ssfStreamRoutes(ctx, publicUrl, signals), ...ssfReceiverRoutes(ctx, publicUrl));
  const app = await buildApp(ctx, { routes, https: tls.listenerOptions(), logger: log });
  identity.mount(app);
  await registerConsole(app, ctx);
  await app.listen({ host: config.host, port: config.port });
  // Fastify types its server as http.Server whatever the options; with `https` it is a tls.Server (setSecureContext).
  tls.attach(app.server as unknown as TlsServer);
  const metricsListener = config.metricsListen ? await startMetricsListener(ctx, config.metricsListen) : undefined;
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  url = `https://${host === '127.0.0.1' ? 'localhost' : host}:${port}`;
  log.info({ url, store: store.dialect, dataDir }, 'verity control plane listening');
  // Compliance background work: durable noncompliance-action scheduler, re-evaluation on group changes.
  const complianceBackground = startComplianceBackground(ctx, evaluator, publicUrl, signals.executors);
  // Shared Signals pushes go out as soon as they are queued, not at the scheduler's next tick.
  signals.start(() => { void complianceBackground.worker.runDue().catch((err: unknown) => log.error({ err }, 'shared signals delivery failed')); });
  const postureRetention = startPostureRetention(ctx);
  const identityRetention = identity.start();
  const auditHeadExport = startAuditHeadExport(ctx);

  return {
    url, app, ctx, routes, tls, metricsUrl: metricsListener?.url, ...(operatorCredential ? { operatorCredential } : {}),
    async close() {
      tls.stop();
      auditHeadExport.stop();
      await metricsListener?.close();
      signals.stop();
      // Gateways' snapshot streams never end by themselves: end them so shutdown does not wait out the grace period.
      endGatewayStreams(ctx);
      await complianceBackground.stop();
      postureRetention.stop();
      identityRetention.stop();
      // fastify.close() stops accepting and lets in-flight requests finish. Keep-alive connections
      // that were busy when it started become idle later: close those as they free up, and cut
      // whatever is still open after the grace period.
      const closing = app.close();
      const idle = setInterval(() => app.server.closeIdleConnections(), 50);
      const hard = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      try {
        await closing;
      } finally {
        clearInterval(idle);
        clearTimeout(hard);
      }
      if (!options.store) await store.close();
    },
  };
}
