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
  /** The sign-in log entry of this decision. */
  readonly decision_id: string;
}

/**
 * Signs the identity assertion (a JWT) each forwarded request carries, and publishes the public
 * key as a JWKS for upstreams. Ed25519 (EdDSA, RFC 8037): one signature per request, and it is
 * the fastest JOSE signature Node offers (no JOSE library on this path: the header is fixed and
 * encoded once, the payload is one JSON.stringify). Each assertion has its own `jti`, lives
 * `ttlSeconds`, and names the app it is for as `aud`, so an upstream can refuse a replayed one.
 */
export class AssertionSigner {
  private readonly header: string;
  readonly kid: string;

  constructor(private readonly key: KeyObject, private readonly issuer: string, private readonly ttlSeconds: number) {
    const jwk = createPublicKey(key).export({ format: 'jwk' }) as { x: string };
    this.kid = `gw-${jwk.x.slice(0, 12)}`;
    this.header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: this.kid })).toString('base64url');
  }

  /** The signed assertion for one request to the app `audience`. */
  sign(audience: string, claims: IdentityClaims, nowMs: number): string {
    const iat = Math.floor(nowMs / 1000);
    const payload = Buffer.from(JSON.stringify({ iss: this.issuer, aud: audience, iat, exp: iat + this.ttlSeconds, jti: crypto.randomUUID(), ...claims })).toString('base64url');
    const input = `${this.header}.${payload}`;
    return `${input}.${sign(null, Buffer.from(input), this.key).toString('base64url')}`;
  }

  /** The public key set upstreams verify assertions with. */
  jwks(): { keys: Record<string, string>[] } {
    const jwk = createPublicKey(this.key).export({ format: 'jwk' }) as Record<string, string>;
    return { keys: [{ ...jwk, kid: this.kid, alg: 'EdDSA', use: 'sig' }] };
  }
}

/**
 * The gateway's assertion key, kept in the data directory (mode 0600) and created on first
 * start. Gateways behind one name share it (copy the file), so upstreams need one key set.
 */
export function loadOrCreateAssertionKey(dataDir: string): KeyObject {
  const file = join(dataDir, 'assertion-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return createPrivateKey(readFileSync(file));
}
