import { z } from 'zod';
import { VerityError } from '@verity/core';

/**
 * Server configuration, read from environment variables (12-factor) with an optional
 * JSON config file (`VERITY_CONFIG=/etc/verity/config.json`) underneath. Env wins.
 */
export const serverConfigSchema = z
  .object({
    /** Where SQLite, the master key (demo only) and generated files live. */
    dataDir: z.string().min(1).max(4096).default('./data'),
    /** PostgreSQL connection URL; when set, PostgreSQL is the store instead of SQLite. */
    databaseUrl: z.string().max(4096).optional(),
    host: z.string().max(255).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8443),
    /** URL devices and admins use to reach this server (printed in enrollment commands). */
    publicUrl: z.string().url().max(2048).optional(),
    /** Extra DNS names / IPs for the server's TLS certificate. */
    tlsHostnames: z.array(z.string().max(255)).max(50).default([]),
    /** Master key sealing secrets at rest (CA private key, SMTP password). >= 32 chars. */
    masterKey: z.string().min(32).max(1024).optional(),
    /** The master key before a rotation: values sealed under it still open and are re-sealed under `masterKey` at start. */
    masterKeyPrevious: z.string().min(32).max(1024).optional(),
    /** PEM files of a certificate (with its chain) and key the admin supplies instead of the one the device CA issues; reloaded on change and SIGHUP. */
    tlsCertFile: z.string().min(1).max(4096).optional(),
    tlsKeyFile: z.string().min(1).max(4096).optional(),
    /** How often the server checks its TLS certificate (renewal, changed files), in milliseconds. */
    tlsCheckIntervalMs: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
    /** Bearer token `/metrics` requires on the main listener (unset: `/metrics` is served only on `metricsListen`). */
    metricsToken: z.string().min(16).max(256).regex(/^[\x21-\x7e]+$/, 'expected printable ASCII without spaces').optional(),
    /** `host:port` of a separate plain-HTTP listener serving only `/metrics` (keep it on loopback or an internal network). */
    metricsListen: z.string().max(300).regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port').optional(),
    /** Stable name of this node (job leases): a restarted node takes back its own jobs at once. Default: generated into the data dir. */
    nodeId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/).optional(),
    /** Seconds a delivered device command waits for its acknowledgement before it is offered again. */
    commandLeaseSeconds: z.coerce.number().int().min(5).max(86_400).default(120),
    /** Web Push service hosts beyond the built-in list (FCM, Mozilla, Apple, Windows); `*.` matches subdomains. */
    pushServiceHosts: z.array(z.string().min(1).max(255).regex(/^(\*\.)?[A-Za-z0-9.-]+$/)).max(50).default([]),
    /** File the signed audit heads of every tenant are appended to (JSON lines), every `auditHeadIntervalMs`. */
    auditHeadFile: z.string().min(1).max(4096).optional(),
    auditHeadIntervalMs: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
    /** Lifetime of the API token printed when a tenant is created (hours). */
    bootstrapTokenHours: z.coerce.number().int().min(1).max(24 * 365).default(24),
    deviceCertValidityDays: z.coerce.number().int().min(1).max(825).default(90),
    checkinIntervalSeconds: z.coerce.number().int().min(10).max(86_400).default(300),
    /** Per source IP per minute for enroll/register. */
    enrollRateLimitPerMinute: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /** Per device per minute for device routes. */
    checkinRateLimitPerMinute: z.coerce.number().int().min(1).max(1_000_000).default(120),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Posture history rows kept per device. */
    postureHistoryPerDevice: z.coerce.number().int().min(1).max(100_000).default(200),
    /** SMTP server for noncompliance e-mail, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example.com:465`. Unset = e-mail actions fail (and retry). */
    smtpUrl: z.string().max(2048).regex(/^smtps?:\/\//, 'expected smtp:// or smtps://').optional(),
    /** SMTP password, best sealed (`sealed:v1:…` from `verity secrets seal --purpose smtp-password`); overrides one in the URL. */
    smtpPassword: z.string().min(1).max(2048).optional(),
    /** Sender address of noncompliance e-mail. */
    smtpFrom: z.string().max(256).default('Verity <verity@localhost>'),
    /** How often the durable job scheduler looks for due jobs (milliseconds). */
    schedulerIntervalMs: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    /** How often devices past the compliance status validity period are re-evaluated (milliseconds). */
    complianceSweepIntervalMs: z.coerce.number().int().min(10).max(86_400_000).default(600_000),
    /** IP-to-country table (MaxMind DB format) for country named locations; default: the bundled ip-location-db table; `none` disables country lookup (country locations are then unknown, fail closed). */
    countryDatabase: z.string().min(1).max(4096).optional(),
    /** VAPID subject (a mailto: or https: URL) sent to Web Push services. */
    vapidSubject: z.string().max(512).regex(/^(mailto:|https:)/, 'expected mailto: or https:').default('mailto:verity@localhost'),
    /** The built web console (index.html and assets/) served at `/`; default: packages/console/dist of this checkout. */
    consoleDir: z.string().min(1).max(4096).optional(),
    /** Extra CA certificates (PEM file) trusted for outbound HTTPS: Shared Signals pushes, transmitters' JWKS and stream APIs. */
    outboundCaFile: z.string().min(1).max(4096).optional(),
    /** How long a gateway's user session lasts (hours). */
    gatewaySessionHours: z.coerce.number().int().min(1).max(24 * 90).default(12),
  })
  .strict();
export type ServerConfig = z.infer<typeof serverConfigSchema>;

const ENV: Record<string, keyof ServerConfig> = {
  VERITY_DATA_DIR: 'dataDir',
  VERITY_DATABASE_URL: 'databaseUrl',
  VERITY_HOST: 'host',
  VERITY_PORT: 'port',
  VERITY_PUBLIC_URL: 'publicUrl',
  VERITY_MASTER_KEY: 'masterKey',
  VERITY_MASTER_KEY_PREVIOUS: 'masterKeyPrevious',
  VERITY_TLS_CERT: 'tlsCertFile',
  VERITY_TLS_KEY: 'tlsKeyFile',
  VERITY_TLS_CHECK_INTERVAL_MS: 'tlsCheckIntervalMs',
  VERITY_METRICS_TOKEN: 'metricsToken',
  VERITY_METRICS_LISTEN: 'metricsListen',
  VERITY_NODE_ID: 'nodeId',
  VERITY_COMMAND_LEASE_SECONDS: 'commandLeaseSeconds',
  VERITY_AUDIT_HEAD_FILE: 'auditHeadFile',
  VERITY_AUDIT_HEAD_INTERVAL_MS: 'auditHeadIntervalMs',
  VERITY_BOOTSTRAP_TOKEN_HOURS: 'bootstrapTokenHours',
  VERITY_SMTP_PASSWORD: 'smtpPassword',
  VERITY_DEVICE_CERT_VALIDITY_DAYS: 'deviceCertValidityDays',
  VERITY_CHECKIN_INTERVAL_SECONDS: 'checkinIntervalSeconds',
  VERITY_ENROLL_RATE_LIMIT: 'enrollRateLimitPerMinute',
  VERITY_CHECKIN_RATE_LIMIT: 'checkinRateLimitPerMinute',
  VERITY_LOG_LEVEL: 'logLevel',
  VERITY_POSTURE_HISTORY: 'postureHistoryPerDevice',
  VERITY_SMTP_URL: 'smtpUrl',
  VERITY_SMTP_FROM: 'smtpFrom',
  VERITY_SCHEDULER_INTERVAL_MS: 'schedulerIntervalMs',
  VERITY_VAPID_SUBJECT: 'vapidSubject',
  VERITY_COMPLIANCE_SWEEP_INTERVAL_MS: 'complianceSweepIntervalMs',
  VERITY_COUNTRY_DB: 'countryDatabase',
  VERITY_CONSOLE_DIR: 'consoleDir',
  VERITY_OUTBOUND_CA_FILE: 'outboundCaFile',
  VERITY_GATEWAY_SESSION_HOURS: 'gatewaySessionHours',
};

/** Merge file config, env and explicit overrides (in that order) and validate. */
export function loadServerConfig(env: NodeJS.ProcessEnv, fileConfig: Record<string, unknown> = {}, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const merged: Record<string, unknown> = { ...fileConfig };
  for (const [name, key] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  if (env.VERITY_TLS_HOSTNAMES) merged.tlsHostnames = env.VERITY_TLS_HOSTNAMES.split(',').map((s) => s.trim()).filter(Boolean);
  if (env.VERITY_PUSH_SERVICE_HOSTS) merged.pushServiceHosts = env.VERITY_PUSH_SERVICE_HOSTS.split(',').map((s) => s.trim()).filter(Boolean);
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message }));
    throw new VerityError('VERITY_CONFIG_INVALID', `Invalid configuration: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, { status: 500, expose: true, details });
  }
  if ((parsed.data.tlsCertFile === undefined) !== (parsed.data.tlsKeyFile === undefined)) {
    const path = parsed.data.tlsCertFile === undefined ? '$.tlsCertFile' : '$.tlsKeyFile';
    throw new VerityError('VERITY_CONFIG_INVALID', 'Invalid configuration: set both VERITY_TLS_CERT and VERITY_TLS_KEY, or neither.', { status: 500, expose: true, details: [{ path, message: 'set together with the other' }] });
  }
  return parsed.data;
}
