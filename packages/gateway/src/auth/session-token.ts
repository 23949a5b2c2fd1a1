import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { SessionIssuer } from '@verity/core';

/** The audience of session tokens the control plane issues for gateways. */
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

/**
 * Verifies session tokens (ES256 JWTs from the control plane's sign-in) with the issuer's keys
 * from the snapshot. A signature check costs far more than the rest of a decision, so a token
 * verified once is remembered until it expires (or the keys change); a token that fails is
 * never remembered, so nothing forged ever enters the cache.
 */
export class SessionTokenVerifier {
  private issuer: SessionIssuer | null = null;
  private keys: JWTVerifyGetKey | null = null;
  private readonly cache = new Map<string, VerifiedSession>();

  /** Trust this issuer's keys (from the snapshot); forgets every cached verification when they change. */
  setIssuer(issuer: SessionIssuer): void {
    if (this.issuer && JSON.stringify(this.issuer) === JSON.stringify(issuer)) return;
    this.issuer = issuer;
    this.keys = createLocalJWKSet(issuer.jwks as Parameters<typeof createLocalJWKSet>[0]);
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
    if (!this.issuer || !this.keys || token.length > 8192) return 'invalid';
    try {
      const { payload } = await jwtVerify(token, this.keys, { issuer: this.issuer.issuer, audience: SESSION_AUDIENCE, typ: SESSION_TYP, algorithms: ['ES256'], currentDate: now });
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
