import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyReply } from 'fastify';
import type { ServerContext } from '../../context.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { PORTAL_SIGN_IN_PAGE, SECURITY_PAGE } from './pages.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const MODULES = { 'sign-in.js': 'sign-in.browser.ts', 'security.js': 'security.browser.ts' } as const;

/** Bundle a browser module (with @simplewebauthn/browser) once; esbuild is the bundler Vite and tsx already use. */
const bundles = new Map<string, Promise<string>>();
function bundle(name: keyof typeof MODULES): Promise<string> {
  let b = bundles.get(name);
  if (!b) {
    b = build({ entryPoints: [fileURLToPath(new URL(`./${MODULES[name]}`, import.meta.url))], bundle: true, format: 'esm', target: 'es2020', minify: true, write: false, logLevel: 'silent' })
      .then((r) => r.outputFiles[0]!.text);
    b.catch(() => bundles.delete(name));
    bundles.set(name, b);
  }
  return b;
}

function send(reply: FastifyReply, type: string, body: string): FastifyReply {
  return reply.status(200).type(type).headers({ 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' }).send(body);
}

/** The identity pages outside an OIDC authorization: portal sign-in and the user's security page, and their scripts. */
export function identityUiRoutes(_ctx: ServerContext): AnyRoute[] {
  const tag = 'identity';
  return [
    defineRoute({ method: 'GET', url: '/identity/sign-in', auth: { kind: 'public' }, tag, summary: 'Sign in to the portal with a password or a passkey (HTML).', handler: async ({ reply }) => send(reply, 'text/html; charset=utf-8', PORTAL_SIGN_IN_PAGE) }),
    defineRoute({ method: 'GET', url: '/identity/security', auth: { kind: 'public' }, tag, summary: 'The user\'s passkeys, authenticator app, device PINs and PIN policy (HTML).', handler: async ({ reply }) => send(reply, 'text/html; charset=utf-8', SECURITY_PAGE) }),
    defineRoute({ method: 'GET', url: '/identity/assets/sign-in.js', auth: { kind: 'public' }, tag, summary: 'The sign-in page script.', handler: async ({ reply }) => send(reply, 'text/javascript; charset=utf-8', await bundle('sign-in.js')) }),
    defineRoute({ method: 'GET', url: '/identity/assets/security.js', auth: { kind: 'public' }, tag, summary: 'The security page script.', handler: async ({ reply }) => send(reply, 'text/javascript; charset=utf-8', await bundle('security.js')) }),
  ];
}
