import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { SessionIssuer } from '@verity/core';

/** The audience of session tokens gateways accept (the control plane's, and the gateways' own after an OIDC sign-in). */
export const SESSION_AUDIENCE = 'urn:verity:gateway';
const SESSION_TYP = 'vnd.verity.session+jwt';

/** A verified session token's claims. */
export interface VerifiedSession {
  readonly userId: string;
  readonly sessionId: string;
  readonly tenantId: string;
  /** Authentication methods (RFC 8176): `pwd`, `mfa`, ... */
  readonly amr: readonly string[];
  /** The client certificate the session is bound to (`cnf.x5t#S256`), if any. */
  readonly boundThumbprint: string | null;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

/** Why a token was not accepted. */
export type SessionTokenProblem = 'invalid' | 'expired';

const MAX_CACHED = 100_000;

/** What a verifier accepts: the issuer, the token type, and the keys (a JWKS, or a shared secret for HS256). */
interface Trust { readonly issuer: string; readonly typ: string; readonly keys: JWTVerifyGetKey | Uint8Array; readonly algorithms: string[] }

/**
 * Verifies session tokens: ES256 JWTs from the control plane's sign-in (the issuer's keys from the
 * snapshot), or the gateway's own HS256 session tokens after an OpenID Connect sign-in (a key
 * every gateway of one credential derives alike). A signature check costs far more than the rest
 * of a decision, so a token verified once is remembered until it expires (or the keys change); a
 * token that fails is never remembered, so nothing forged ever enters the cache.
 */
export class SessionTokenVerifier {
  private issuer: SessionIssuer | null = null;
  private trust: Trust | null = null;
  private readonly cache = new Map<string, VerifiedSession>();

  /** Trust this issuer's keys (from the snapshot); forgets every cached verification when they change. */
  setIssuer(issuer: SessionIssuer): void {
    if (this.issuer && JSON.stringify(this.issuer) === JSON.stringify(issuer)) return;
    this.issuer = issuer;
    this.trust = { issuer: issuer.issuer, typ: SESSION_TYP, algorithms: ['ES256'], keys: createLocalJWKSet(issuer.jwks as Parameters<typeof createLocalJWKSet>[0]) };
    this.cache.clear();
  }

  /** Trust tokens of this issuer and type signed (HS256) with this secret; forgets every cached verification. */
  setSecret(issuer: string, typ: string, secret: Uint8Array): void {
    this.trust = { issuer, typ, algorithms: ['HS256'], keys: secret };
    this.cache.clear();
  }

  /** The claims of a valid token, or why it is not. */
  async verify(token: string, now: Date): Promise<VerifiedSession | SessionTokenProblem> {
    const nowS = now.getTime() / 1000;
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.exp > nowS) return hit;
      this.cache.delete(token);
      return 'expired';
    }
    const trust = this.trust;
    if (!trust || token.length > 8192) return 'invalid';
    try {
      const options = { issuer: trust.issuer, audience: SESSION_AUDIENCE, typ: trust.typ, algorithms: trust.algorithms, currentDate: now };
      const { payload } = trust.keys instanceof Uint8Array ? await jwtVerify(token, trust.keys, options) : await jwtVerify(token, trust.keys, options);
      const cnf = payload.cnf as { 'x5t#S256'?: unknown } | undefined;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.tid !== 'string' || typeof payload.exp !== 'number') return 'invalid';
      const session: VerifiedSession = {
        userId: payload.sub, sessionId: payload.sid, tenantId: payload.tid, exp: payload.exp,
        amr: Array.isArray(payload.amr) ? payload.amr.filter((a): a is string => typeof a === 'string') : [],
        boundThumbprint: typeof cnf?.['x5t#S256'] === 'string' ? cnf['x5t#S256'] : null,
      };
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(token, session);
      return session;
    } catch (err) {
      return err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
