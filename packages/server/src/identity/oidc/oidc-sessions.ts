import type { AuthMethod, AuthenticationStrength } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { hashBearerSecret, newBearerSecret } from '../../auth/secrets.js';
import { IDENTITY_EVENTS, type RevocationReason } from '../account/revoke-access.js';

/**
 * The Verity session behind an OpenID Connect grant. Every grant the provider completes gets a
 * row in `sessions` (kind `oidc`, id = the grant id) recording who signed in, how, and from which
 * device; ID tokens and introspection name it as `verity_sid`. It is what revocation names: a
 * user's revoked sessions (admin, disabled, SCIM, Shared Signals, password change) include it, so
 * `session.revoked` events and gateway snapshots carry it, and a relying party that holds a
 * session derived from the grant (the gateway's cookie) is cut off at once.
 */

/** As long as the grant and its longest-lived token (refresh tokens, 14 days). */
const GRANT_SESSION_MS = 14 * 86_400_000;

/** Record (or bring up to date, after a step-up on the same grant) the session of a completed grant. */
export async function recordGrantSession(
  ctx: ServerContext, tenantId: string, grantId: string,
  signIn: { userId: string; methods: readonly AuthMethod[]; strength: AuthenticationStrength | null; deviceId: string | null },
): Promise<boolean> {
  const now = ctx.now();
  return ctx.store.sessions.recordGrantSession(tenantId, {
    id: grantId, userId: signIn.userId, kind: 'oidc',
    // The row is named by the grant, never looked up by a secret: the hash is of one nobody holds.
    tokenHash: hashBearerSecret(newBearerSecret('vrs')),
    expiresAt: new Date(now.getTime() + GRANT_SESSION_MS), methods: signIn.methods, authTime: now, deviceId: signIn.deviceId, strength: signIn.strength,
  });
}

/**
 * Revoke the session of one grant (signed out at a gateway, the refresh token revoked, a reused
 * code or refresh token, RP-initiated logout) and announce it after the change, so every gateway
 * refuses it from its next request. Returns false when there was no live session.
 */
export async function revokeGrantSession(ctx: ServerContext, tenantId: string, grantId: string, reason: RevocationReason): Promise<boolean> {
  const session = await ctx.store.sessions.get(tenantId, grantId);
  if (!session || session.kind !== 'oidc') return false;
  const now = ctx.now();
  if (!(await ctx.store.sessions.revoke(tenantId, grantId, now))) return false;
  ctx.events.publish({
    topic: IDENTITY_EVENTS.sessionRevoked, tenantId, at: now.toISOString(),
    payload: { userId: session.userId, reason, sessionIds: [grantId], sessionsRevoked: 1, grantsRevoked: 1 },
  });
  return true;
}
