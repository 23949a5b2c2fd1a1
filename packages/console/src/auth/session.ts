// The console's sign-in, in one module: everything else asks `useSession()` who is signed in and
// `can()` what they may do. Today it signs in with the password session (POST /api/v1/auth/login,
// which sets the HttpOnly session cookie); when passkeys, MFA and OIDC arrive, only this module and
// sign-in-form.tsx change.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { can, sessionQuery, type Permission, type Session } from './session-query';

export { can, type Permission, type Session };
export type SignInKind = 'admin' | 'portal';
export interface Credentials { tenant: string; username: string; password: string; kind: SignInKind }

const SESSION_KEY = sessionQuery.queryKey;
const TENANT_KEY = 'verity.lastTenant';

/** Who is signed in (null: nobody); loaded once and shared by every page. */
export function useSession() {
  return useQuery(sessionQuery);
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

/** The organisation domain used last on this browser (not a secret), to prefill the sign-in form. */
export function lastTenant(): string {
  try { return window.localStorage.getItem(TENANT_KEY) ?? ''; } catch { return ''; }
}
function rememberTenant(tenant: string): void {
  try { window.localStorage.setItem(TENANT_KEY, tenant); } catch { /* private mode: nothing to remember */ }
}

export type { components };
