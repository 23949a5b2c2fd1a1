import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../http/problem.js';
import type { buildApp } from '../http/app.js';

// The web console (packages/console, built by Vite) served by the control plane: hashed assets
// under /assets/ (immutable), the portal's service worker at its old address, and index.html for
// every other GET a browser makes outside the API, so that the app's own routes (/devices/…,
// /portal) load on a reload or from a link in an e-mail. These are not API routes: they are
// registered on Fastify directly and stay out of the OpenAPI document.

/** packages/console/dist of this checkout (server/src/console -> packages/console/dist). */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

// Scripts and workers only from this origin, no inline script: an injected string cannot run.
// Inline styles are allowed because the component library (Mantine) and the charts (Recharts) set
// style attributes and CSS variables at run time.
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "worker-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');
const PAGE_HEADERS = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

/** Paths that are never the console's, even for a browser: their 404 stays problem+json. */
const NOT_CONSOLE = /^\/(api|openapi\.json|metrics|healthz|readyz)(\/|$)/;

/** The console directory in force: VERITY_CONSOLE_DIR, else the checkout's packages/console/dist. */
export function consoleDirectory(ctx: ServerContext): string {
  return resolve(ctx.config.consoleDir ?? DEFAULT_CONSOLE_DIR);
}

// 404 rather than 503: a 5xx body never says why (problem.ts hides it), and this one must tell the operator what to run.
function notBuilt(dir: string): VerityError {
  return new VerityError('VERITY_CONSOLE_NOT_BUILT', `The web console is not built (no ${join(dir, 'index.html')}); run "npm run build -w @verity/console" or "npm install".`, { status: 404 });
}

/** Serve the built console at `/` (see the comment at the top of this file). */
export async function registerConsole(app: Awaited<ReturnType<typeof buildApp>>, ctx: ServerContext): Promise<void> {
  const dir = consoleDirectory(ctx);
  const indexFile = join(dir, 'index.html');
  const workerFile = join(dir, 'portal-sw.js');
  const countError = (code: string) => ctx.metrics.errors.inc({ code });
  // index.html is read per request (a few KB): a rebuilt console is served without a restart.
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(indexFile)) return sendProblem(request, reply, notBuilt(dir), countError);
    return reply.status(200).type('text/html; charset=utf-8').headers({ ...PAGE_HEADERS, 'cache-control': 'no-cache' }).send(readFileSync(indexFile));
  };

  if (existsSync(join(dir, 'assets'))) {
    // Vite names every asset by its content hash, so a cached copy is never stale.
    await app.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d', preCompressed: true, index: false, decorateReply: false });
  } else {
    app.get('/assets/*', (request, reply) => sendProblem(request, reply, notBuilt(dir), countError));
  }
  // The portal's Web Push service worker keeps its old address: browsers that subscribed keep their subscription.
  app.get('/portal/sw.js', (request, reply) => {
    if (!existsSync(workerFile)) return sendProblem(request, reply, notBuilt(dir), countError);
    return reply.status(200).type('text/javascript; charset=utf-8').headers({ ...PAGE_HEADERS, 'cache-control': 'no-cache', 'service-worker-allowed': '/portal' }).send(readFileSync(workerFile));
  });
  app.get('/', sendIndex);
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage = (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage || NOT_CONSOLE.test(path)) {
      return sendProblem(request, reply, new VerityError('VERITY_ROUTE_NOT_FOUND', `No route ${request.method} ${path}.`, { status: 404 }), countError);
    }
    return sendIndex(request, reply);
  });
}
