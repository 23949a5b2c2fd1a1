import { z } from 'zod';
import { isVerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { notFound } from '../shared/not-found.js';
import { authenticateAdmin, bearerSecret } from './admin-auth.js';
import { authenticateUser } from './user-auth.js';
import { PERMISSIONS, roleAllows } from './roles.js';
import { hashBearerSecret } from './secrets.js';

/** Who is signed in: the console reads it once to choose between the admin console and the portal, and to hide what the role may not do. */
const signedIn = z.object({
  signedIn: z.literal(true),
  kind: z.enum(['admin', 'portal']),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), displayName: z.string(), userPrincipalName: z.string() }),
  tenant: z.object({ id: z.string(), name: z.string(), domain: z.string() }),
  /** For admin sessions: the role in force (the strongest assignment), its scope tags and what it grants. */
  admin: z.object({ role: z.string(), scopeTags: z.array(z.string()), permissions: z.array(z.enum(PERMISSIONS)) }).nullable(),
});
/**
 * "Nobody" is an answer here, not an error: a page asking who is signed in before the sign-in form
 * gets 200 { signedIn: false } (a 401 would show in every browser console as a failed request).
 */
export const sessionResponse = z.discriminatedUnion('signedIn', [z.object({ signedIn: z.literal(false) }), signedIn]);
type SessionView = z.infer<typeof sessionResponse>;
type SignedInView = z.infer<typeof signedIn>;

// Expires the session cookie the login route sets (same name, path and attributes).
const CLEAR_COOKIE = 'verity_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0';

/** The browser session behind the console: who it is, and signing out. Sign-in itself is POST /api/v1/auth/login. */
export function sessionRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/auth/session', auth: { kind: 'public' }, tag: 'auth',
      summary: 'Who is signed in (session cookie or bearer): user, tenant, and for admins the role, scope tags and permissions; { signedIn: false } when nobody is.',
      response: sessionResponse,
      handler: async ({ request }): Promise<SessionView> => {
        const secret = bearerSecret(request);
        if (!secret?.startsWith('vrs_')) return { signedIn: false };
        const session = await ctx.store.sessions.findByHash(hashBearerSecret(secret));
        if (!session) return { signedIn: false };
        // Each kind is checked by its own authenticator, exactly as every route of that kind does it
        // (unknown, expired, revoked, disabled): a portal session is a user's, an admin session an admin's.
        let principal: { tenantId: string; userId: string };
        let admin: SignedInView['admin'] = null;
        try {
          if (session.kind === 'admin') {
            // Every role grants tenant.read; this resolves the strongest role exactly as every admin route does.
            const a = await authenticateAdmin(ctx, request, 'tenant.read');
            principal = { tenantId: a.tenantId, userId: a.actorId };
            admin = { role: a.role, scopeTags: [...a.scopeTags], permissions: PERMISSIONS.filter((p) => roleAllows(a.role, p)) };
          } else {
            principal = await authenticateUser(ctx, request);
          }
        } catch (error) {
          if (isVerityError(error) && error.status === 401) return { signedIn: false };
          throw error;
        }
        const [user, tenant] = await Promise.all([ctx.store.users.get(principal.tenantId, principal.userId), ctx.store.tenants.get(principal.tenantId)]);
        if (!user) throw notFound('user', principal.userId);
        if (!tenant) throw notFound('tenant', principal.tenantId);
        return {
          signedIn: true, kind: session.kind === 'admin' ? 'admin' : 'portal', expiresAt: session.expiresAt,
          user: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName },
          tenant: { id: tenant.id, name: tenant.name, domain: tenant.domain }, admin,
        };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/auth/logout', auth: { kind: 'public' }, tag: 'auth',
      summary: 'Sign out: revoke the session (cookie or bearer) and clear the session cookie. Succeeds without a session too.',
      handler: async ({ request, reply }) => {
        const secret = bearerSecret(request);
        if (secret?.startsWith('vrs_')) {
          const session = await ctx.store.sessions.findByHash(hashBearerSecret(secret));
          if (session && !session.revokedAt) await ctx.store.sessions.revoke(session.tenantId, session.id, ctx.now());
        }
        void reply.header('set-cookie', CLEAR_COOKIE);
        return undefined;
      },
    }),
  ];
}
