// The console's sign-in, in one module: everything else asks `useSession()` who is signed in and
// `can()` what they may do. It signs in with a password (POST /api/v1/auth/login) or a passkey
// (sign-in/start, passkey-options, step), and continues a sign-in that conditional access sent to
// step-up (a 403 carrying `stepUp`) with a TOTP code, a recovery code or a passkey. Every way ends
// with the server setting the HttpOnly session cookie; scripts never hold a token.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { startAuthentication } from '@simplewebauthn/browser';
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

/** How a sign-in goes on: the password, a passkey without a password, or one more method after a step-up answer. */
export type SignInRequest =
  | { via: 'password'; credentials: Credentials }
  | { via: 'passkey'; tenant: string; kind: SignInKind }
  | { via: 'step'; transaction: string; method: 'totp' | 'recoveryCode'; code: string }
  | { via: 'step-passkey'; transaction: string };

/** The browser's passkey ceremony for a sign-in transaction, then the `passkey` step with its assertion. */
async function passkeyStep(transaction: string): Promise<void> {
  const { options } = await unwrap(api.POST('/api/v1/auth/sign-in/passkey-options', { body: { transaction } }));
  const response = await startAuthentication({ optionsJSON: options });
  // The library's extension outputs are an interface; the API's schema says "any JSON object": copy it into one.
  await unwrap(api.POST('/api/v1/auth/sign-in/step', { body: { transaction, method: 'passkey', response: { ...response, clientExtensionResults: { ...response.clientExtensionResults } } } }));
}

/** Run one sign-in request; resolves once the server has set the session cookie. A step-up answer rejects with an ApiProblem carrying `stepUp`. */
async function runSignIn(r: SignInRequest): Promise<void> {
  switch (r.via) {
    case 'password':
      try {
        await unwrap(api.POST('/api/v1/auth/login', { body: r.credentials }));
      } finally {
        rememberTenant(r.credentials.tenant);
      }
      return;
    case 'passkey': {
      rememberTenant(r.tenant);
      const { transaction } = await unwrap(api.POST('/api/v1/auth/sign-in/start', { body: { tenant: r.tenant, kind: r.kind } }));
      return passkeyStep(transaction);
    }
    case 'step':
      await unwrap(api.POST('/api/v1/auth/sign-in/step', { body: { transaction: r.transaction, method: r.method, code: r.code } }));
      return;
    case 'step-passkey':
      return passkeyStep(r.transaction);
  }
}

/** Sign in (password, passkey, or the step-up a policy asked for); the session cookie is set by the server. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: runSignIn,
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
