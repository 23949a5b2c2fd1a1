// Who is signed in, without React: the first-page prefetch (app/first-page.ts) asks it before the
// app's code has loaded, and useSession() reads the same cache entry.
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';

type SessionAnswer = paths['/api/v1/auth/session']['get']['responses'][200]['content']['application/json'];
export type Session = Extract<SessionAnswer, { signedIn: true }>;
export type Permission = NonNullable<Session['admin']>['permissions'][number];

/** The signed-in session, or null when nobody is. */
async function fetchSession(): Promise<Session | null> {
  const answer = await unwrap(api.GET('/api/v1/auth/session'));
  return answer.signedIn ? answer : null;
}

/** The session's query (cache key and fetch), shared by useSession() and the first-page prefetch. */
export const sessionQuery = { queryKey: ['session'] as const, queryFn: fetchSession, staleTime: 60_000, retry: false } as const;

/** Whether the session's admin role grants a permission (the API refuses it anyway; this hides the control). */
export function can(session: Session | null | undefined, permission: Permission): boolean {
  return session?.admin?.permissions.includes(permission) ?? false;
}
