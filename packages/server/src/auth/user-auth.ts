import type { FastifyRequest } from 'fastify';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import type { UserPrincipal } from './principal.js';
import { bearerSecret } from './admin-auth.js';
import { hashBearerSecret } from './secrets.js';

/**
 * Authenticate an end user by portal session (cookie or bearer). Only a portal session counts: an
 * admin session was decided by conditional access for the admin console, not for the portal, and
 * the two kinds must not stand in for each other.
 */
export async function authenticateUser(ctx: ServerContext, request: FastifyRequest): Promise<UserPrincipal> {
  const secret = bearerSecret(request);
  if (!secret || !secret.startsWith('vrs_')) throw new VerityError('VERITY_AUTH_REQUIRED', 'Sign in first.', { status: 401 });
  const session = await ctx.store.sessions.findByHash(hashBearerSecret(secret));
  const now = ctx.now().toISOString();
  if (!session || session.kind !== 'portal' || session.revokedAt || session.expiresAt <= now) throw new VerityError('VERITY_AUTH_INVALID_TOKEN', 'The session is unknown, expired or signed out.', { status: 401 });
  const user = await ctx.store.users.get(session.tenantId, session.userId);
  if (!user || user.status !== 'enabled') throw new VerityError('VERITY_AUTH_USER_DISABLED', 'This account is disabled.', { status: 403 });
  return { kind: 'user', tenantId: session.tenantId, userId: session.userId };
}
