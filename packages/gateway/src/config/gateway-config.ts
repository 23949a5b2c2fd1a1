import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { VerityError } from '@verity/core';

/**
 * Gateway configuration, from environment variables (12-factor) with an optional JSON file
 * (`VERITY_GATEWAY_CONFIG`) underneath; the environment wins, explicit options win over both.
 */
export const gatewayConfigSchema = z.strictObject({
  /** The control plane's URL (its API and the snapshot stream). */
  controlPlaneUrl: z.string().url().max(2048),
  /** The gateway's credential: an API token with the `gateway` role. */
  token: z.string().min(10).max(512),
  /** PEM of the CA that issued the control plane's TLS certificate (the Verity CA unless it has another). */
  controlPlaneCaFile: z.string().min(1).max(4096).optional(),
  host: z.string().max(255).default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65535).default(9443),
  /** The health, metrics and JWKS listener (plain HTTP, loopback by default). */
  opsHost: z.string().max(255).default('127.0.0.1'),
  opsPort: z.coerce.number().int().min(0).max(65535).default(9444),
  /** The gateway's TLS certificate and key (PEM files); without them the gateway asks the control plane for one from the Verity CA. */
  tlsCertFile: z.string().min(1).max(4096).optional(),
  tlsKeyFile: z.string().min(1).max(4096).optional(),
  /** Host names of the gateway certificate the control plane issues (when no certificate files are given). */
  tlsHostnames: z.array(z.string().min(1).max(253)).max(20).default(['localhost']),
  /** The gateway's URL as users reach it (the issuer of its identity assertions). */
  publicUrl: z.string().url().max(2048).optional(),
  /** Names this gateway in logs, sign-ins and the control plane's list of gateways. */
  gatewayId: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/).default('gateway-1'),
  /** Where the gateway keeps its assertion signing key (shared by every gateway behind one name). */
  dataDir: z.string().min(1).max(4096).default('./data/gateway'),
  /** How long the gateway keeps deciding on its last snapshot without the control plane, then fails closed. */
  failClosedAfterMs: z.coerce.number().int().min(1_000).max(86_400_000).default(5 * 60_000),
  /** A stream that says nothing (not even a heartbeat) this long is considered lost and reconnected. */
  streamIdleTimeoutMs: z.coerce.number().int().min(1_000).max(3_600_000).default(45_000),
  /** How often decisions are sent to the sign-in log. */
  signInFlushMs: z.coerce.number().int().min(50).max(600_000).default(2_000),
  /** Lifetime of the identity assertion each forwarded request carries. */
  assertionTtlSeconds: z.coerce.number().int().min(5).max(3_600).default(60),
  /**
   * How long one signed assertion is reused for the same app, session, device and claims while
   * nothing the gateway decides on has changed (0: one assertion per request, for apps that refuse
   * a jti seen before). At most half the lifetime, so an app always gets one with time left.
   */
  assertionReuseSeconds: z.coerce.number().int().min(0).max(1_800).default(15),
  /** Header that carries the identity assertion to the upstream. */
  assertionHeader: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/).default('x-verity-identity'),
  /** Largest request head accepted (bytes); larger heads are refused with 431. */
  maxHeaderBytes: z.coerce.number().int().min(4_096).max(1_048_576).default(16_384),
  /**
   * How users sign in: `oidc` (default) through Verity's OpenID Connect provider (passkeys, MFA,
   * step-up); `control-plane-password`, the control plane's former password sign-in.
   */
  signIn: z.enum(['oidc', 'control-plane-password']).default('oidc'),
  /** Longest a gateway session lasts (OIDC sign-in) before the user signs in again; revocation cuts it at once. */
  sessionHours: z.coerce.number().int().min(1).max(24 * 30).default(12),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).refine((c) => c.assertionReuseSeconds * 2 <= c.assertionTtlSeconds, {
  path: ['assertionReuseSeconds'], message: 'must be at most half of assertionTtlSeconds (VERITY_GATEWAY_ASSERTION_TTL_SECONDS), so that a reused assertion always has time left',
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

const ENV: Record<string, keyof GatewayConfig> = {
  VERITY_GATEWAY_CONTROL_PLANE_URL: 'controlPlaneUrl',
  VERITY_GATEWAY_TOKEN: 'token',
  VERITY_GATEWAY_CONTROL_PLANE_CA_FILE: 'controlPlaneCaFile',
  VERITY_GATEWAY_HOST: 'host',
  VERITY_GATEWAY_PORT: 'port',
  VERITY_GATEWAY_OPS_HOST: 'opsHost',
  VERITY_GATEWAY_OPS_PORT: 'opsPort',
  VERITY_GATEWAY_TLS_CERT_FILE: 'tlsCertFile',
  VERITY_GATEWAY_TLS_KEY_FILE: 'tlsKeyFile',
  VERITY_GATEWAY_PUBLIC_URL: 'publicUrl',
  VERITY_GATEWAY_ID: 'gatewayId',
  VERITY_GATEWAY_DATA_DIR: 'dataDir',
  VERITY_GATEWAY_FAIL_CLOSED_AFTER_MS: 'failClosedAfterMs',
  VERITY_GATEWAY_SIGN_IN_FLUSH_MS: 'signInFlushMs',
  VERITY_GATEWAY_ASSERTION_TTL_SECONDS: 'assertionTtlSeconds',
  VERITY_GATEWAY_ASSERTION_REUSE_SECONDS: 'assertionReuseSeconds',
  VERITY_GATEWAY_MAX_HEADER_BYTES: 'maxHeaderBytes',
  VERITY_GATEWAY_SIGN_IN: 'signIn',
  VERITY_GATEWAY_SESSION_HOURS: 'sessionHours',
  VERITY_LOG_LEVEL: 'logLevel',
};

/** Merge the config file, the environment and explicit options (in that order) and validate. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  let merged: Record<string, unknown> = {};
  const file = env.VERITY_GATEWAY_CONFIG;
  if (file) {
    try {
      merged = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new VerityError('VERITY_GATEWAY_CONFIG_INVALID', `Cannot read the gateway config file ${file}: ${(err as Error).message}`, { status: 500, expose: true });
    }
  }
  for (const [name, key] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  if (env.VERITY_GATEWAY_TLS_HOSTNAMES) merged.tlsHostnames = env.VERITY_GATEWAY_TLS_HOSTNAMES.split(',').map((s) => s.trim()).filter(Boolean);
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  const parsed = gatewayConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message }));
    throw new VerityError('VERITY_GATEWAY_CONFIG_INVALID', `Invalid gateway configuration: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, { status: 500, expose: true, details });
  }
  return parsed.data;
}
