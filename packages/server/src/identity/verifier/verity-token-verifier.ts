import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload } from 'jose';

/**
 * Verify Verity sign-ins from another process (the gateway, any resource server), using only the
 * provider's public endpoints: ID tokens locally against the tenant's JWKS (keys are fetched once
 * and re-fetched when a token names an unknown key, so a rotation needs no restart), and opaque
 * access tokens by OAuth 2.0 token introspection (RFC 7662) with the client's own credentials.
 * Depends on nothing of the server: import it as `@verity/server/identity-verifier`.
 */
export interface VerityTokenVerifierOptions {
  /** The tenant's issuer, `https://<verity>/oidc/<tenant id>`. */
  issuer: string;
  /** The client the tokens were issued to (ID tokens' `aud`; introspection caller). */
  clientId: string;
  /** Its secret (confidential clients), for introspection. */
  clientSecret?: string;
  /** A fetch that trusts the Verity CA (default: the global fetch). */
  fetch?: typeof fetch;
  /** Allowed clock skew in seconds (default 30). */
  clockToleranceSeconds?: number;
}

/** What a verified sign-in says: who, how, and from which device. */
export interface VeritySignIn {
  sub: string;
  amr: string[];
  acr: string | null;
  device: { id: string; trustType: string; isCompliant: boolean; riskLevel: string } | null;
  /** Seconds since the epoch. */
  expiresAt: number;
  claims: Record<string, unknown>;
}

function signInOf(claims: Record<string, unknown>): VeritySignIn {
  return {
    sub: String(claims.sub),
    amr: Array.isArray(claims.amr) ? claims.amr.map(String) : [],
    acr: typeof claims.acr === 'string' ? claims.acr : null,
    device: typeof claims.device_id === 'string'
      ? { id: claims.device_id, trustType: String(claims.trust_type), isCompliant: claims.is_compliant === true, riskLevel: String(claims.device_risk_level ?? 'none') }
      : null,
    expiresAt: Number(claims.exp ?? 0),
    claims,
  };
}

/** A verifier bound to one issuer and client. */
export function createVerityTokenVerifier(options: VerityTokenVerifierOptions) {
  const doFetch = options.fetch ?? fetch;
  let discovery: Promise<{ jwks_uri: string; introspection_endpoint: string }> | undefined;
  const discover = () => (discovery ??= doFetch(`${options.issuer}/.well-known/openid-configuration`).then(async (r) => {
    if (!r.ok) throw new Error(`discovery failed: HTTP ${r.status}`);
    return (await r.json()) as { jwks_uri: string; introspection_endpoint: string };
  }).catch((err: unknown) => { discovery = undefined; throw err; }));
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  return {
    /** Verify an ID token's signature (tenant JWKS), issuer, audience and expiry; throws when any fails. */
    async verifyIdToken(idToken: string): Promise<VeritySignIn> {
      jwks ??= createRemoteJWKSet(new URL((await discover()).jwks_uri), { [customFetch]: doFetch as never });
      const { payload } = await jwtVerify(idToken, jwks, { issuer: options.issuer, audience: options.clientId, clockTolerance: options.clockToleranceSeconds ?? 30 });
      return signInOf(payload as JWTPayload & Record<string, unknown>);
    },
    /** Introspect an access (or refresh) token: null when it is no longer active (revoked, expired, user disabled). */
    async introspect(token: string): Promise<VeritySignIn | null> {
      const { introspection_endpoint: endpoint } = await discover();
      const auth = Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret ?? '')}`).toString('base64');
      const r = await doFetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${auth}` }, body: new URLSearchParams({ token }).toString() });
      if (!r.ok) throw new Error(`introspection failed: HTTP ${r.status}`);
      const body = (await r.json()) as Record<string, unknown>;
      return body.active === true ? signInOf(body) : null;
    },
  };
}
export type VerityTokenVerifier = ReturnType<typeof createVerityTokenVerifier>;
