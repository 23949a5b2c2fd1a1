import type { Store } from '@verity/store';
import type { ServerContext } from '../../context.js';

/** Topics the identity provider publishes when a user loses access; the gateway subscribes (payloads in docs/identity.md). */
export const IDENTITY_EVENTS = { sessionRevoked: 'session.revoked', userDisabled: 'user.disabled', userDeleted: 'user.deleted' } as const;

/**
 * Revoke everything a user holds, inside the caller's transaction: portal and console sessions,
 * and every OIDC grant with its codes, access and refresh tokens, and provider sessions. Returns
 * what went, for the event published after commit.
 */
export async function revokeUserAccess(tx: Store, tenantId: string, userId: string, at: Date): Promise<{ sessions: number; grants: number }> {
  const sessions = await tx.sessions.revokeAllForUser(tenantId, userId, at);
  const grantIds = await tx.oidc.grantIdsOfAccount(tenantId, userId);
  for (const g of grantIds) await tx.oidc.revokeByGrantId(tenantId, g);
  await tx.oidc.destroyAccountState(tenantId, userId);
  return { sessions, grants: grantIds.length };
}

/** Announce a revocation (after commit): `session.revoked`, plus `user.disabled` / `user.deleted` when that was the cause. */
export function publishRevocation(ctx: ServerContext, tenantId: string, userId: string, reason: 'admin-revoked' | 'user-disabled' | 'user-deleted' | 'scim-deprovisioned' | 'password-changed', counts: { sessions: number; grants: number }, at: Date): void {
  const payload = { userId, reason, sessionsRevoked: counts.sessions, grantsRevoked: counts.grants };
  ctx.events.publish({ topic: IDENTITY_EVENTS.sessionRevoked, tenantId, payload, at: at.toISOString() });
  if (reason === 'user-disabled' || reason === 'scim-deprovisioned') ctx.events.publish({ topic: IDENTITY_EVENTS.userDisabled, tenantId, payload, at: at.toISOString() });
  if (reason === 'user-deleted') ctx.events.publish({ topic: IDENTITY_EVENTS.userDeleted, tenantId, payload, at: at.toISOString() });
}
