import { Center, Loader } from '@mantine/core';
import { Navigate, useSearchParams } from 'react-router';
import { SignInForm } from '../auth/sign-in-form';
import { useSession } from '../auth/session';

/** Where the admin console's own links may send the user after sign-in (a path of this app, never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The admin console's sign-in page; once signed in, back to where the admin was going. */
export function AdminSignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.isPending) return <Center p="xl"><Loader aria-label="Loading" /></Center>;
  if (session.data?.kind === 'admin') return <Navigate to={safeNext(params.get('next'))} replace />;
  if (session.data?.kind === 'portal') return <Navigate to="/portal" replace />;
  return <SignInForm kind="admin" title="Sign in to Verity" intro="Administrators manage devices, policies and access here. Looking for your own devices? Open /portal." />;
}
