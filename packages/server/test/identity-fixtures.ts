import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { SignJWT } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';
import type { DeviceIdentity, TestServer } from './harness.js';

/** The current TOTP code for a base32 secret, at the server's clock (optionally a step later). */
export function totpCode(secret: string, at: Date = new Date(), stepOffset = 0): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() + stepOffset * 30_000 });
}

/** A device-bound sign-in token as the agent makes it: signed with the device key, kid = certificate serial. */
export async function deviceToken(s: TestServer, device: DeviceIdentity, claims: { jti?: string; lifetimeSeconds?: number; audience?: string } = {}): Promise<string> {
  const serial = new X509Certificate(device.certPem).serialNumber.toUpperCase();
  const key = createPrivateKey(device.keyPem);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'ES256', typ: 'verity-device+jwt', kid: serial })
    .setSubject(device.deviceId).setIssuer(device.deviceId).setAudience(claims.audience ?? new URL(s.url).origin)
    .setIssuedAt(now).setExpirationTime(now + (claims.lifetimeSeconds ?? 120)).setJti(claims.jti ?? randomUUID()).sign(key);
}

/** Create a user with a password (admin API). */
export async function createUser(s: TestServer, adminToken: string, upn: string, password = 'correct horse battery staple'): Promise<{ id: string; upn: string; password: string }> {
  const res = await s.call('POST', '/api/v1/users', { token: adminToken, body: { userPrincipalName: upn, displayName: upn.split('@')[0], password } });
  if (res.status !== 201) throw new Error(`user create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, upn, password };
}

/** Sign in to the portal with a password and return the session token. */
export async function portalSession(s: TestServer, tenant: string, upn: string, password: string): Promise<string> {
  const res = await s.call('POST', '/api/v1/auth/login', { body: { tenant, username: upn, password, kind: 'portal' } });
  if (res.status !== 200) throw new Error(`portal login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** Enroll TOTP for the session's user; returns the secret and the recovery codes. */
export async function enrollTotp(s: TestServer, session: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await s.call('POST', '/api/v1/me/totp', { token: session });
  if (started.status !== 201) throw new Error(`totp start failed: ${started.status} ${JSON.stringify(started.body)}`);
  const confirmed = await s.call('POST', '/api/v1/me/totp/confirm', { token: session, body: { code: totpCode(started.body.secret) } });
  if (confirmed.status !== 200) throw new Error(`totp confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret: started.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}

/**
 * A browser for protocol tests: keeps cookies per path, follows nothing by itself (each redirect
 * is checked), and can present a device certificate (mTLS) like a browser on an enrolled device.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, { value: string; path: string }>();
  private readonly agent: import('undici').Agent;
  /** `localAddress`: connect from this address (a loopback alias), as a browser on another machine would. */
  constructor(ca: string, device?: DeviceIdentity, options: { localAddress?: string } = {}) {
    this.agent = new UndiciAgent({ connect: { ca, ...(device ? { cert: device.certPem, key: device.keyPem } : {}) }, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  }

  private cookieHeader(url: URL): string {
    return [...this.cookies.entries()].filter(([, c]) => url.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  /** One request (a URLSearchParams body is a submitted HTML form, any other body JSON); Set-Cookie is remembered, the response body parsed as JSON when it is JSON. */
  async request(method: string, url: string, body?: unknown): Promise<{ status: number; location: string | null; body: any; headers: Record<string, string | string[] | undefined> }> {
    const u = new URL(url);
    const form = body instanceof URLSearchParams;
    const res = await undiciRequest(u, {
      method: method as 'GET', dispatcher: this.agent,
      headers: { cookie: this.cookieHeader(u), ...(body !== undefined ? { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}) },
      ...(body !== undefined ? { body: form ? body.toString() : JSON.stringify(body) } : {}),
    });
    const setCookie = res.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const path = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const value = rest.join('=');
      if (value === '' || attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a))) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), { value, path });
    }
    const text = await res.body.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    const location = res.headers.location;
    return { status: res.statusCode, location: location ? new URL(String(location), u).href : null, body: parsed, headers: res.headers };
  }

  async close(): Promise<void> { await this.agent.close(); }
}

/**
 * A software FIDO2 authenticator for protocol tests that a browser cannot produce (replays, another
 * origin or RP ID, a counter that goes back): an ES256 key and WebAuthn assertions built by hand
 * (W3C WebAuthn §6.1 authenticator data, §7.2 signature over authData ‖ SHA-256(clientDataJSON)).
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16).toString('base64url');
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  /** The credential public key as COSE (what the server stores for a passkey), base64url. */
  cosePublicKey(): string {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]);
    return Buffer.from(isoCBOR.encode(cose as never)).toString('base64url');
  }

  /** An assertion for a challenge, as startAuthentication would return it. */
  assert(input: { challenge: string; origin: string; rpId: string; counter: number; userVerified?: boolean; userHandle?: string }) {
    const flags = 0x01 | (input.userVerified === false ? 0 : 0x04);
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(input.counter);
    const authData = Buffer.concat([createHash('sha256').update(input.rpId).digest(), Buffer.from([flags]), counter]);
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: input.challenge, origin: input.origin, crossOrigin: false }));
    const signature = cryptoSign('sha256', Buffer.concat([authData, createHash('sha256').update(clientData).digest()]), this.keys.privateKey);
    return {
      id: this.credentialId, rawId: this.credentialId, type: 'public-key' as const,
      response: { clientDataJSON: clientData.toString('base64url'), authenticatorData: authData.toString('base64url'), signature: signature.toString('base64url'), ...(input.userHandle ? { userHandle: input.userHandle } : {}) },
      clientExtensionResults: {},
    };
  }
}

/**
 * base64 SHA-256 of the server certificate's public key, for Chromium's
 * --ignore-certificate-errors-spki-list: the browser trusts exactly that key (WebAuthn refuses
 * pages with certificate errors, so ignoreHTTPSErrors is not enough for passkey tests).
 */
export async function serverSpki(url: string): Promise<string> {
  const u = new URL(url);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port), servername: u.hostname, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().raw);
      socket.end();
    });
    socket.on('error', reject);
  });
  return createHash('sha256').update(new X509Certificate(raw).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}
