// The console's sign-in, in one module: everything else asks `useSession()` who is signed in and
// `can()` what they may do. Today it signs in with the password session (POST /api/v1/auth/login,
// which sets the HttpOnly session cookie); when passkeys, MFA and OIDC arrive, only this module and
// sign-in-form.tsx change.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components, paths } from '../api/schema';

type SessionAnswer = paths['/api/v1/auth/session']['get']['responses'][200]['content']['application/json'];
export type Session = Extract<SessionAnswer, { signedIn: true }>;
export type Permission = NonNullable<Session['admin']>['permissions'][number];
export type SignInKind = 'admin' | 'portal';
export interface Credentials { tenant: string; username: string; password: string; kind: SignInKind }

const SESSION_KEY = ['session'] as const;
const TENANT_KEY = 'verity.lastTenant';

/** The signed-in session, or null when nobody is. */
async function fetchSession(): Promise<Session | null> {
  const answer = await unwrap(api.GET('/api/v1/auth/session'));
  return answer.signedIn ? answer : null;
}

/** Who is signed in (null: nobody); loaded once and shared by every page. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

/** Sign in with the organisation's domain, user name and password; the session cookie is set by the server. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (c: Credentials) => {
      await unwrap(api.POST('/api/v1/auth/login', { body: c }));
      rememberTenant(c.tenant);
    },
    onSuccess: async () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}

/** Sign out: the server revokes the session and clears the cookie; every cached answer is dropped. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: () => {
      client.clear();
      client.setQueryData(SESSION_KEY, null);
    },
  });
}

/** Whether the session's admin role grants a permission (the API refuses it anyway; this hides the control). */
export function can(session: Session | null | undefined, permission: Permission): boolean {
  return session?.admin?.permissions.includes(permission) ?? false;
}

/** The organisation domain used last on this browser (not a secret), to prefill the sign-in form. */
export function lastTenant(): string {
  try { return window.localStorage.getItem(TENANT_KEY) ?? ''; } catch { return ''; }
}
function rememberTenant(tenant: string): void {
  try { window.localStorage.setItem(TENANT_KEY, tenant); } catch { /* private mode: nothing to remember */ }
}

export type { components };
