import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The claims of the identity assertion an upstream receives with every forwarded request. */
export interface IdentityClaims {
  readonly sub: string;
  readonly upn: string;
  readonly sid: string;
  readonly amr: readonly string[];
  readonly device_id: string | null;
  readonly device_compliant: boolean | null;
  /** The sign-in log entry of the decision the assertion was signed for (a reused one: the first of them). */
  readonly decision_id: string;
}

/** The JOSE algorithm of an assertion key: ES256 for a P-256 key (what new gateways create), EdDSA for an Ed25519 key (what gateways created before). */
export function assertionAlgorithm(key: KeyObject): 'ES256' | 'EdDSA' {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  throw new Error(`the assertion signing key must be P-256 (ES256) or Ed25519 (EdDSA), not ${key.asymmetricKeyType ?? 'unknown'}`);
}

/**
 * Signs the identity assertion (a JWT) each forwarded request carries, and publishes the public
 * key as a JWKS for upstreams. A signature is the largest single item of the gateway's CPU per
 * request (see ReusedAssertions), so: ES256 (ECDSA P-256, RFC 7518). Measured on this machine
 * (Node 20, its OpenSSL 3.0): Node's `sign` costs ≈47 µs of CPU for ES256 against ≈62 µs for
 * Ed25519 (`openssl speed`: 35,500 P-256 signatures/s against 14,500 Ed25519), because OpenSSL
 * 3.0 has an assembly P-256 and a generic Ed25519. ES256 is also what every JOSE library
 * verifies (EdDSA is missing from some) and what other identity-aware proxies sign their
 * headers with. A key file from before (Ed25519) keeps signing EdDSA. No JOSE library on this
 * path: the header is fixed and encoded once, the payload is one JSON.stringify. Each assertion
 * has its own `jti`, lives `ttlSeconds`, and names the app it is for as `aud`.
 */
export class AssertionSigner {
  private readonly header: string;
  private readonly signKey: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' };
  private readonly digest: 'sha256' | null;
  readonly kid: string;
  readonly alg: 'ES256' | 'EdDSA';

  constructor(private readonly key: KeyObject, private readonly issuer: string, private readonly ttlSeconds: number) {
    this.alg = assertionAlgorithm(key);
    const jwk = createPublicKey(key).export({ format: 'jwk' }) as { x: string };
    this.kid = `gw-${jwk.x.slice(0, 12)}`;
    this.header = Buffer.from(JSON.stringify({ alg: this.alg, typ: 'JWT', kid: this.kid })).toString('base64url');
    // JWS wants the ECDSA signature as r || s (IEEE P1363), not DER.
    this.signKey = this.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key;
    this.digest = this.alg === 'ES256' ? 'sha256' : null;
  }

  /** The signed assertion for one request to the app `audience`. */
  sign(audience: string, claims: IdentityClaims, nowMs: number): string {
    const iat = Math.floor(nowMs / 1000);
    const payload = Buffer.from(JSON.stringify({ iss: this.issuer, aud: audience, iat, exp: iat + this.ttlSeconds, jti: crypto.randomUUID(), ...claims })).toString('base64url');
    const input = `${this.header}.${payload}`;
    return `${input}.${sign(this.digest, Buffer.from(input), this.signKey).toString('base64url')}`;
  }

  /** The public key set upstreams verify assertions with. */
  jwks(): { keys: Record<string, string>[] } {
    const jwk = createPublicKey(this.key).export({ format: 'jwk' }) as Record<string, string>;
    return { keys: [{ ...jwk, kid: this.kid, alg: this.alg, use: 'sig' }] };
  }
}

/**
 * The assertion a granted request carries: the one signed for the same app, session, device and
 * claims if it was signed less than `reuseMs` ago and the gateway's snapshot (policies, devices,
 * users, sessions) has not changed since; otherwise a new one. Every request is still decided on
 * its own (and logged); only the signature is shared, as other identity-aware proxies share
 * theirs (Google IAP, Cloudflare Access and Pomerium sign per session, not per request). Measured
 * with `npm run bench -- gateway` on this 2-core machine: one ES256 signature per request held
 * the gateway to about 5,000 requests/s (190 µs of CPU each); reused, about 12,000 (80 µs). With
 * `reuseMs` 0 every request gets its own assertion, for apps that refuse a `jti` seen before.
 */
export class ReusedAssertions {
  private snapshotVersion: string | null = null;
  private readonly recent = new Map<string, { token: string; until: number }>();

  constructor(private readonly signer: AssertionSigner, private readonly reuseMs: number, private readonly maxEntries = 100_000) {}

  assertion(audience: string, claims: IdentityClaims, nowMs: number, snapshotVersion: string): string {
    if (this.reuseMs <= 0) return this.signer.sign(audience, claims, nowMs);
    // Any change the gateway decides on starts over: a reused assertion never outlives the state it was signed in.
    if (snapshotVersion !== this.snapshotVersion || this.recent.size >= this.maxEntries) {
      this.recent.clear();
      this.snapshotVersion = snapshotVersion;
    }
    const key = `${audience}\n${claims.sid}\n${claims.sub}\n${claims.upn}\n${claims.amr.join(' ')}\n${claims.device_id ?? ''}\n${String(claims.device_compliant)}`;
    const known = this.recent.get(key);
    if (known !== undefined && known.until > nowMs) return known.token;
    const token = this.signer.sign(audience, claims, nowMs);
    this.recent.set(key, { token, until: nowMs + this.reuseMs });
    return token;
  }
}

/**
 * The gateway's assertion key, kept in the data directory (mode 0600) and created on first
 * start (P-256). Gateways behind one name share it (copy the file), so upstreams need one key set.
 */
export function loadOrCreateAssertionKey(dataDir: string): KeyObject {
  const file = join(dataDir, 'assertion-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return createPrivateKey(readFileSync(file));
}
