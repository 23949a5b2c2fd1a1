import { SignJWT } from 'jose';
import { VerityError, type SessionIssuer } from '@verity/core';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { hashBearerSecret, newBearerSecret, verifyPassword } from '../auth/secrets.js';
import { signingKey, type SigningKey } from '../keys/signing-keys.js';
import { GATEWAY_EVENTS } from './gateway-events.js';
import { revokeGrantSession } from '../identity/oidc/oidc-sessions.js';

/** The audience of session tokens: only gateways accept them. */
export const GATEWAY_SESSION_AUDIENCE = 'urn:verity:gateway';

/** The session issuer gateways trust: this control plane's URL and its session-signing public key. */
export function sessionIssuerOf(publicUrl: string, key: SigningKey): SessionIssuer {
  return { issuer: publicUrl, jwks: { keys: [key.publicJwk as Record<string, unknown>] } };
}

/** A signed-in gateway session. */
export interface GatewaySessionGrant {
  readonly sessionToken: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly expiresAt: string;
}

/**
 * The control plane's own user sign-in, for gateways (until the OIDC provider of the identity
 * work replaces it): the gateway forwards the user name and password it was given, the control
 * plane checks them, records a session and returns a signed session token (ES256 JWT) that every
 * gateway of the tenant verifies locally. When the device presented its certificate, the token is
 * bound to it (`cnf.x5t#S256`, RFC 8705): the cookie is worth nothing on another machine.
 * Conditional access is not decided here: the gateway decides every request, device included.
 */
export async function signInThroughGateway(
  ctx: ServerContext, gateway: AdminPrincipal, publicUrl: string,
  input: { username: string; password: string; certificateThumbprint: string | null; deviceId: string | null },
): Promise<GatewaySessionGrant> {
  const tenantId = gateway.tenantId;
  const user = await ctx.store.users.findByUpn(tenantId, input.username.toLowerCase());
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok || user.status !== 'enabled') {
    throw new VerityError('VERITY_AUTH_INVALID_CREDENTIALS', 'The user name or password is wrong, or the account is disabled.', { status: 401 });
  }
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.gatewaySessionHours * 3600_000);
  const sessionId = ctx.newId();
  // The row exists for revocation and the audit trail; its secret is never handed out (the token is the credential).
  await ctx.store.sessions.create(tenantId, { id: sessionId, userId: user.id, tokenHash: hashBearerSecret(newBearerSecret('vrs')), kind: 'gateway', expiresAt: expiresAt.toISOString() });
  const key = await signingKey(ctx, 'gateway-session');
  const sessionToken = await new SignJWT({
    tid: tenantId, sid: sessionId, amr: ['pwd'],
    ...(input.deviceId ? { did: input.deviceId } : {}),
    ...(input.certificateThumbprint ? { cnf: { 'x5t#S256': input.certificateThumbprint } } : {}),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'vnd.verity.session+jwt' })
    .setIssuer(publicUrl).setAudience(GATEWAY_SESSION_AUDIENCE).setSubject(user.id)
    .setIssuedAt(Math.floor(now.getTime() / 1000)).setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .setJti(sessionId)
    .sign(key.privateKey);
  return { sessionToken, sessionId, userId: user.id, expiresAt: expiresAt.toISOString() };
}

/** Sign a gateway session out: revoked in the store, then every gateway is told. */
export async function signOutGatewaySession(ctx: ServerContext, tenantId: string, sessionId: string): Promise<boolean> {
  const session = await ctx.store.sessions.get(tenantId, sessionId);
  // Sessions signed in through Verity's OpenID Connect provider are named by their grant.
  if (session?.kind === 'oidc') return (await revokeGrantSession(ctx, tenantId, sessionId, 'signed-out')) || session.revokedAt !== null;
  if (!session || session.kind !== 'gateway') return false;
  const now = ctx.now();
  const revoked = await ctx.store.sessions.revoke(tenantId, sessionId, now);
  if (revoked) ctx.events.publish({ topic: GATEWAY_EVENTS.sessionRevoked, tenantId, payload: { userId: session.userId, sessionIds: [sessionId], reason: 'signed-out' }, at: now.toISOString() });
  return true;
}
