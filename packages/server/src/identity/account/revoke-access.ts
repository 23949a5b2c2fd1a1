import type { Store } from '@verity/store';
import type { ServerContext } from '../../context.js';

/** Topics the identity provider publishes when a user loses access; the gateway subscribes (payloads in docs/identity.md). */
export const IDENTITY_EVENTS = { sessionRevoked: 'session.revoked', userDisabled: 'user.disabled', userDeleted: 'user.deleted' } as const;

/**
 * Revoke everything a user holds, inside the caller's transaction: portal and console sessions,
 * the sessions of their OIDC grants (which gateways and relying parties hold sessions on), and
 * every OIDC grant with its codes, access and refresh tokens, and provider sessions. Returns what
 * went, for the event published after commit.
 */
export async function revokeUserAccess(tx: Store, tenantId: string, userId: string, at: Date): Promise<RevokedAccess> {
  const sessionIds = await tx.sessions.revokeAllForUserReturningIds(tenantId, userId, at);
  const grantIds = await tx.oidc.grantIdsOfAccount(tenantId, userId);
  for (const g of grantIds) await tx.oidc.revokeByGrantId(tenantId, g);
  await tx.oidc.destroyAccountState(tenantId, userId);
  return { sessions: sessionIds.length, grants: grantIds.length, sessionIds };
}

/** What a revocation took away: counts, and the revoked session ids (gateways refuse exactly these). */
export interface RevokedAccess {
  readonly sessions: number;
  readonly grants: number;
  readonly sessionIds: readonly string[];
}

/** Why access was revoked; `admin-revoked`, `password-changed` and `signed-out` are the admin's and the user's own acts, the rest follow policy. */
export type RevocationReason = 'admin-revoked' | 'user-disabled' | 'user-deleted' | 'scim-deprovisioned' | 'password-changed' | 'signed-out' | `ssf:${string}`;

/**
 * Announce a revocation (after commit): `session.revoked` (the gateways' snapshot feed and Shared
 * Signals read it), plus `user.disabled` / `user.deleted` when that was the cause. Announced even
 * when no session was live: a gateway may still hold one the store already expired.
 */
export function publishRevocation(ctx: ServerContext, tenantId: string, userId: string, reason: RevocationReason, revoked: RevokedAccess, at: Date): void {
  const payload = { userId, reason, sessionIds: revoked.sessionIds, sessionsRevoked: revoked.sessions, grantsRevoked: revoked.grants };
  ctx.events.publish({ topic: IDENTITY_EVENTS.sessionRevoked, tenantId, payload, at: at.toISOString() });
  if (reason === 'user-disabled' || reason === 'scim-deprovisioned') ctx.events.publish({ topic: IDENTITY_EVENTS.userDisabled, tenantId, payload, at: at.toISOString() });
  if (reason === 'user-deleted') ctx.events.publish({ topic: IDENTITY_EVENTS.userDeleted, tenantId, payload, at: at.toISOString() });
}
