import type { FastifyRequest } from 'fastify';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from './principal.js';
import { ADMIN_ROLES, roleAllows, type AdminRole, type Permission, type Role } from './roles.js';
import { hashBearerSecret } from './secrets.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

/** Strongest role first; a user holding several assignments acts with the strongest. */
const ROLE_ORDER: readonly AdminRole[] = ADMIN_ROLES;

/** The bearer secret of a request, or undefined. Accepts the header or the portal/admin session cookie. */
export function bearerSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) return BEARER.exec(header)?.[1];
  const cookie = request.headers.cookie;
  if (cookie) return /(?:^|;\s*)verity_session=([A-Za-z0-9_-]{10,200})/.exec(cookie)?.[1];
  return undefined;
}

/**
 * Authenticate an administrator by API token (`vrt_…`) or admin session (`vrs_…`) and check
 * that their role grants `permission`. 401 when unauthenticated, 403 when not allowed.
 */
export async function authenticateAdmin(ctx: ServerContext, request: FastifyRequest, permission: Permission): Promise<AdminPrincipal> {
  const secret = bearerSecret(request);
  if (!secret) throw new VerityError('VERITY_AUTH_REQUIRED', 'Send an admin API token or session as "Authorization: Bearer <token>".', { status: 401 });
  const now = ctx.now();
  const hash = hashBearerSecret(secret);
  let principal: AdminPrincipal | undefined;
  if (secret.startsWith('vrt_')) {
    const token = await ctx.store.apiTokens.findByHash(hash);
    if (token && !token.revokedAt && (!token.expiresAt || token.expiresAt > now.toISOString())) {
      principal = { kind: 'admin', tenantId: token.tenantId, actorType: 'token', actorId: token.id, role: token.role as Role, scopeTags: token.scopeTags };
      void ctx.store.apiTokens.touch(token.tenantId, token.id, now.toISOString()).catch(() => undefined);
    }
  } else if (secret.startsWith('vrs_')) {
    const session = await ctx.store.sessions.findByHash(hash);
    if (session && session.kind === 'admin' && !session.revokedAt && session.expiresAt > now.toISOString()) {
      const user = await ctx.store.users.get(session.tenantId, session.userId);
      const assignments = user && user.status === 'enabled' ? await ctx.store.roles.list(session.tenantId, { userId: session.userId }) : [];
      const best = assignments
        .map((a) => ({ role: a.role as AdminRole, scopeTags: a.scopeTags }))
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))[0];
      if (best) principal = { kind: 'admin', tenantId: session.tenantId, actorType: 'user', actorId: session.userId, role: best.role, scopeTags: best.scopeTags };
    }
  }
  if (!principal) throw new VerityError('VERITY_AUTH_INVALID_TOKEN', 'The token is unknown, expired or revoked.', { status: 401 });
  if (!roleAllows(principal.role, permission)) {
    throw new VerityError('VERITY_AUTH_FORBIDDEN', `The role ${principal.role} does not grant ${permission}.`, { status: 403 });
  }
  return principal;
}
