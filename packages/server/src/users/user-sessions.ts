import type { ServerContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { publishRevocation, revokeUserAccess, type RevocationReason, type RevokedAccess } from '../identity/account/revoke-access.js';

/**
 * Revoke every live session of a user (Graph `revokeSignInSessions`): portal, admin console and
 * gateway sessions, and every OIDC grant with its tokens, audited, then announced so that every
 * gateway refuses the user's next request and closes their open streams. Returns what was revoked.
 */
export async function revokeUserSessions(ctx: ServerContext, tenantId: string, userId: string, actor: Principal | null, reason: RevocationReason, actorDetails: Record<string, unknown> = {}): Promise<RevokedAccess> {
  const now = ctx.now();
  const revoked = await ctx.store.transaction(async (tx) => {
    const r = await revokeUserAccess(tx, tenantId, userId, now);
    await recordAudit(tx, tenantId, actor, { action: 'user.sessions.revoke', targetType: 'user', targetId: userId, details: { revoked: r.sessions, grants: r.grants, reason, ...actorDetails } }, now);
    return r;
  });
  publishRevocation(ctx, tenantId, userId, reason, revoked, now);
  return revoked;
}
