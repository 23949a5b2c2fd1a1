import type { ServerContext } from '../../context.js';

/**
 * How the user signed in for an OIDC grant: the device (re-read when a token is issued, so a
 * device revoked since gives no device claims), the methods as `amr`, the `acr`, and the sign-in
 * log entry. Stored next to the grant's tokens (same grant id), so revoking the grant removes it too.
 */
export interface GrantContext { deviceId: string | null; amr: string[]; acr: string; methods: string[]; strength: string | null; signInId: string }

const MODEL = 'VerityGrantContext';
/** As long as the longest-lived token of a grant (refresh tokens, 14 days). */
const TTL_MS = 14 * 86_400_000;

/** Remember how the user signed in for this grant (replacing an earlier sign-in of the same grant). */
export async function saveGrantContext(ctx: ServerContext, tenantId: string, grantId: string, accountId: string, context: GrantContext): Promise<void> {
  await ctx.store.oidc.upsertPayload(tenantId, MODEL, grantId, { ...context, grantId, accountId }, new Date(ctx.now().getTime() + TTL_MS));
}

/** How the user signed in for this grant, if the grant still exists. */
export async function loadGrantContext(ctx: ServerContext, tenantId: string, grantId: string): Promise<GrantContext | undefined> {
  const r = await ctx.store.oidc.findPayload(tenantId, MODEL, grantId);
  return r ? (r.payload as unknown as GrantContext) : undefined;
}
