import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

/** What an upstream learns from a verified assertion. */
export interface VerifiedIdentity extends JWTPayload {
  readonly sub: string;
  readonly upn: string;
  readonly sid: string;
  readonly device_id: string | null;
  readonly device_compliant: boolean | null;
  readonly decision_id: string;
  readonly jti: string;
}

/** Why an upstream refuses a request's assertion (the codes its problem+json carries). */
export type AssertionProblem = 'VERITY_UPSTREAM_ASSERTION_MISSING' | 'VERITY_UPSTREAM_ASSERTION_INVALID' | 'VERITY_UPSTREAM_ASSERTION_EXPIRED' | 'VERITY_UPSTREAM_ASSERTION_REPLAYED';

/**
 * For apps behind the gateway: verify the identity assertion of a request with the gateway's
 * JWKS (signature, issuer, audience = the app's id, expiry). With `refuseReplays`, also refuse a
 * `jti` seen before (an assertion captured and sent again): only for a gateway that signs one
 * assertion per request (`VERITY_GATEWAY_ASSERTION_REUSE_SECONDS=0`); by default the gateway
 * reuses an assertion for the same session and device for a few seconds. Uses jose only; an app
 * in another language does the same with its own JOSE library.
 */
export function identityAssertionVerifier(options: { jwks: JSONWebKeySet | URL; issuer: string; audience: string; clockToleranceSeconds?: number; refuseReplays?: boolean }) {
  const keys = options.jwks instanceof URL ? createRemoteJWKSet(options.jwks) : createLocalJWKSet(options.jwks);
  const seen = new Map<string, number>();
  let lastSweep = 0;
  return {
    async verify(token: string | undefined, now = new Date()): Promise<{ ok: true; identity: VerifiedIdentity } | { ok: false; problem: AssertionProblem; detail: string }> {
      if (!token) return { ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_MISSING', detail: 'The request carries no identity assertion: it did not come through the gateway.' };
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer: options.issuer, audience: options.audience, algorithms: ['ES256', 'EdDSA'], currentDate: now, clockTolerance: options.clockToleranceSeconds ?? 5 }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) return { ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_EXPIRED', detail: 'The identity assertion has expired.' };
        return { ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_INVALID', detail: `The identity assertion is not valid: ${err instanceof Error ? err.message : String(err)}` };
      }
      if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return { ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_INVALID', detail: 'The identity assertion lacks jti, sub or exp.' };
      if (options.refuseReplays !== true) return { ok: true, identity: payload as VerifiedIdentity };
      const nowS = now.getTime() / 1000;
      if (nowS - lastSweep > 30) {
        for (const [jti, exp] of seen) if (exp < nowS) seen.delete(jti);
        lastSweep = nowS;
      }
      if (seen.has(payload.jti)) return { ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_REPLAYED', detail: `The identity assertion ${payload.jti} was already used.` };
      seen.set(payload.jti, payload.exp);
      return { ok: true, identity: payload as VerifiedIdentity };
    },
  };
}
