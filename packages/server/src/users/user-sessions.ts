import type { ServerContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { GATEWAY_EVENTS } from '../gateway-feed/gateway-events.js';

/**
 * Revoke every live session of a user (Graph `revokeSignInSessions`): portal, admin console and
 * gateway sessions alike, audited, then announced so that every gateway refuses the user's next
 * request and closes their open streams. Returns how many sessions were revoked.
 */
export async function revokeUserSessions(ctx: ServerContext, tenantId: string, userId: string, actor: Principal | null, reason: string, actorDetails: Record<string, unknown> = {}): Promise<number> {
  const now = ctx.now();
  const ids = await ctx.store.transaction(async (tx) => {
    const revoked = await tx.sessions.revokeAllForUserReturningIds(tenantId, userId, now);
    await recordAudit(tx, tenantId, actor, { action: 'user.sessions.revoke', targetType: 'user', targetId: userId, details: { revoked: revoked.length, reason, ...actorDetails } }, now);
    return revoked;
  });
  // Announced even when none was live: a gateway may still hold a session the store already expired.
  ctx.events.publish({ topic: GATEWAY_EVENTS.sessionRevoked, tenantId, payload: { userId, sessionIds: ids, reason }, at: now.toISOString() });
  return ids.length;
}
