import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ControlPlaneError, type ControlPlaneClient } from '../control-plane/control-plane-client.js';
import { refusal, type Refusal } from '../refusal/refusal-codes.js';
import { escapeHtml, htmlPage, sendPage } from '../refusal/page-layout.js';
import { CLEAR_SESSION_COOKIE, GATEWAY_PATH, SESSION_COOKIE, sendRefusal } from '../refusal/send-refusal.js';
import { SessionTokenVerifier, type VerifiedSession } from './session-token.js';

/**
 * THE ONE INTERFACE of the gateway's user sign-in. Everything else in the gateway sees users only
 * through `UserSignIn`: it asks `verify` for the session behind a request's credential and lets
 * `handle` serve the sign-in pages under `/.verity/`.
 *
 * Two implementations: `verityOidcSignIn` (auth/oidc-sign-in.ts, the default), the gateway as an
 * OpenID Connect relying party of Verity's own provider; and `controlPlanePasswordSignIn` below,
 * the control plane's former password sign-in (a form, `POST /api/v1/gateway/sessions`, a session
 * token signed by the control plane), kept behind `VERITY_GATEWAY_SIGN_IN=control-plane-password`.
 * `startGateway` constructs one of them: no other file knows which.
 */
export interface UserSignIn {
  /** Serve `/.verity/sign-in`, `/.verity/sign-out` and `/.verity/sessions`; false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse, ctx: SignInRequestContext): Promise<boolean>;
  /** The session behind a credential (cookie value or bearer token), or the refusal that answers it. */
  verify(credential: string, now: Date): Promise<VerifiedSession | Refusal>;
  /** The issuer keys changed (a new snapshot). */
  trustIssuer: SessionTokenVerifier['setIssuer'];
}

/** What the sign-in needs to know about the request it serves. */
export interface SignInRequestContext {
  readonly requestId: string;
  readonly clientIp: string;
  /** The client certificate's thumbprint and device id, when the browser presented one. */
  readonly certificateThumbprint: string | null;
  readonly deviceId: string | null;
}

const SIGN_IN_COOKIE = '__Host-verity-sign-in';
const MAX_FORM_BYTES = 8 * 1024;
/** Failed attempts per client address and per user name per minute before sign-in is refused for the rest of it. */
const FAILURES_PER_MINUTE = 10;

/** Refusal reasons shown above the form when the browser was sent here. */
const REASONS: Record<string, string> = {
  VERITY_GATEWAY_SIGN_IN_REQUIRED: 'Sign in to reach this app.',
  VERITY_GATEWAY_SESSION_EXPIRED: 'Your session has expired. Sign in again.',
  VERITY_GATEWAY_SESSION_REVOKED: 'You were signed out (by you, an administrator or a security signal). Sign in again.',
  VERITY_GATEWAY_SESSION_INVALID: 'Your session could not be verified. Sign in again.',
  VERITY_GATEWAY_SESSION_DEVICE_MISMATCH: 'Your session belongs to another device. Sign in on this one.',
};

/**
 * Failed sign-ins per key (client address, user name) in a fixed one-minute window: small and local
 * to the sign-in. Only failures count, so colleagues behind one address are not locked out by each
 * other's successful sign-ins, while password guessing is.
 */
function failureCounter() {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    return w && now - w.start < 60_000 ? w : undefined;
  };
  return {
    blocked: (key: string, now: number): boolean => (current(key, now)?.count ?? 0) >= FAILURES_PER_MINUTE,
    failed(key: string, now: number): void {
      if (windows.size > 100_000) windows.clear();
      const w = current(key, now);
      if (w) w.count++;
      else windows.set(key, { start: now, count: 1 });
    },
  };
}

/**
 * What both sign-ins answer for a verified credential: the session, or the refusal for an expired,
 * altered (`issuedBy` says whose signature was expected) or other tenant's session.
 */
export function sessionOrRefusal(result: Awaited<ReturnType<SessionTokenVerifier['verify']>>, tenantId: string | null, issuedBy: string): VerifiedSession | Refusal {
  if (result === 'expired') return refusal('VERITY_GATEWAY_SESSION_EXPIRED', 'Your session has expired.', { fix: ['Sign in again.'], signIn: true, clearSession: true });
  if (result === 'invalid') return refusal('VERITY_GATEWAY_SESSION_INVALID', `The session credential is not one ${issuedBy} issued (or it was altered).`, { fix: ['Sign in again.'], signIn: true, clearSession: true });
  if (tenantId !== null && result.tenantId !== tenantId) return refusal('VERITY_GATEWAY_SESSION_INVALID', 'The session belongs to another organisation.', { fix: ['Sign in again.'], signIn: true, clearSession: true });
  return result;
}

/** The value of one cookie in a Cookie header (RFC 6265 §5.4), or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A same-site path to go back to after sign-in (never another origin, never a gateway path). */
export function safeReturn(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.startsWith(GATEWAY_PATH) || value.length > 2048) return '/';
  return value;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sameSecret(a: string | undefined, b: string | null): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function signInPage(res: ServerResponse, status: number, options: { returnTo: string; message?: string; error?: string; csrf: string }): void {
  const body = htmlPage('Sign in', `<h1>Sign in</h1>
<p>Sign in with your work account. Verity checks this device and your access on every request.</p>
${options.message ? `<p class="detail">${escapeHtml(options.message)}</p>` : ''}
<form method="post" action="${GATEWAY_PATH}/sign-in">
  <input type="hidden" name="return" value="${escapeHtml(options.returnTo)}">
  <input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}">
  <label>User name <input name="username" autocomplete="username" required maxlength="256"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
  <button type="submit">Sign in</button>
  ${options.error ? `<p role="alert" class="detail">${escapeHtml(options.error)}</p>` : ''}
</form>`);
  sendPage(res, status, body, { 'set-cookie': `${SIGN_IN_COOKIE}=${options.csrf}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600` });
}

/** The control plane's password sign-in, as the gateway's `UserSignIn` (see the file comment). */
export function controlPlanePasswordSignIn(options: { client: ControlPlaneClient; tenantId: () => string | null; log: Logger }): UserSignIn {
  const verifier = new SessionTokenVerifier();
  const failures = failureCounter();

  /** Hand the credentials to the control plane; a session token, or the refusal to show. */
  async function signIn(username: string, password: string, ctx: SignInRequestContext): Promise<{ sessionToken: string; expiresAt: string } | Refusal> {
    const now = Date.now();
    const keys = [`ip:${ctx.clientIp}`, `user:${username.toLowerCase()}`];
    if (keys.some((k) => failures.blocked(k, now))) {
      return refusal('VERITY_GATEWAY_RATE_LIMITED', 'Too many failed sign-in attempts from here or for this user.', { fix: ['Wait a minute, then try again.'], retryAfter: 60 });
    }
    try {
      return await options.client.call<{ sessionToken: string; expiresAt: string }>('POST', '/api/v1/gateway/sessions', {
        username, password, certificateThumbprint: ctx.certificateThumbprint, deviceId: ctx.deviceId,
      });
    } catch (err) {
      if (err instanceof ControlPlaneError && err.status === 401) {
        for (const k of keys) failures.failed(k, now);
        options.log.info({ requestId: ctx.requestId, ip: ctx.clientIp }, 'gateway sign-in refused: wrong credentials or disabled account');
        return refusal('VERITY_GATEWAY_SIGN_IN_FAILED', 'The user name or password is wrong, or the account is disabled.', { fix: ['Check the user name and password and try again.'] });
      }
      options.log.error({ err, requestId: ctx.requestId }, 'gateway sign-in: the control plane did not answer');
      return refusal('VERITY_GATEWAY_FAILED_CLOSED', 'The sign-in service cannot be reached right now.', { fix: ['Try again in a minute.'], retryAfter: 30 });
    }
  }

  const sessionCookie = (token: string, expiresAt: string) =>
    `${SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000))}`;

  return {
    trustIssuer: (issuer) => verifier.setIssuer(issuer),

    async verify(credential, now) {
      return sessionOrRefusal(await verifier.verify(credential, now), options.tenantId(), 'Verity');
    },

    async handle(req, res, ctx) {
      const url = new URL(req.url ?? '/', 'https://gateway.invalid');
      if (url.pathname === `${GATEWAY_PATH}/sign-in` && req.method === 'GET') {
        const reason = url.searchParams.get('reason');
        signInPage(res, 200, { returnTo: safeReturn(url.searchParams.get('return')), csrf: randomBytes(18).toString('base64url'), ...(reason && REASONS[reason] ? { message: REASONS[reason] } : {}) });
        return true;
      }
      if (url.pathname === `${GATEWAY_PATH}/sign-in` && req.method === 'POST') {
        const text = await readBody(req, MAX_FORM_BYTES);
        if (text === null) { sendRefusal(req, res, refusal('VERITY_GATEWAY_BAD_REQUEST', 'The sign-in form is too large.'), ctx.requestId); return true; }
        const form = new URLSearchParams(text);
        const returnTo = safeReturn(form.get('return'));
        // Login CSRF: the form's token must equal the cookie set with the form (double submit).
        if (!sameSecret(cookieValue(req.headers.cookie, SIGN_IN_COOKIE), form.get('csrf'))) {
          signInPage(res, 400, { returnTo, csrf: randomBytes(18).toString('base64url'), error: 'The sign-in form expired. Please try again.' });
          return true;
        }
        const username = (form.get('username') ?? '').trim().slice(0, 256);
        const password = (form.get('password') ?? '').slice(0, 256);
        const result = await signIn(username, password, ctx);
        if (!('sessionToken' in result)) {
          if (result.code === 'VERITY_GATEWAY_SIGN_IN_FAILED') signInPage(res, 401, { returnTo, csrf: randomBytes(18).toString('base64url'), error: result.detail });
          else sendRefusal(req, res, result, ctx.requestId);
          return true;
        }
        res.writeHead(303, { location: returnTo, 'cache-control': 'no-store', 'set-cookie': [sessionCookie(result.sessionToken, result.expiresAt), `${SIGN_IN_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`] });
        res.end();
        return true;
      }
      if (url.pathname === `${GATEWAY_PATH}/sessions` && req.method === 'POST') {
        // For API clients: JSON credentials in, a session token out (sent as "Authorization: Bearer").
        const text = await readBody(req, MAX_FORM_BYTES);
        let parsed: unknown = null;
        try { parsed = text === null ? null : JSON.parse(text); } catch { parsed = null; }
        const creds = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as { username?: unknown; password?: unknown };
        if (typeof creds.username !== 'string' || typeof creds.password !== 'string' || creds.username.length > 256 || creds.password.length > 256) {
          sendRefusal(req, res, refusal('VERITY_GATEWAY_BAD_REQUEST', 'Send {"username": "...", "password": "..."} as JSON.'), ctx.requestId);
          return true;
        }
        const result = await signIn(creds.username, creds.password, ctx);
        if (!('sessionToken' in result)) { sendRefusal(req, res, result, ctx.requestId); return true; }
        const body = JSON.stringify(result);
        res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
        return true;
      }
      if (url.pathname === `${GATEWAY_PATH}/sign-out` && req.method === 'POST') {
        const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
        const session = token ? await verifier.verify(token, new Date()) : 'invalid';
        if (typeof session !== 'string') {
          try {
            await options.client.call('DELETE', `/api/v1/gateway/sessions/${encodeURIComponent(session.sessionId)}`);
          } catch (err) {
            options.log.warn({ err, requestId: ctx.requestId }, 'gateway sign-out: the control plane did not record it');
          }
        }
        sendPage(res, 200, htmlPage('Signed out', `<h1>You are signed out</h1><p><a class="button" href="${GATEWAY_PATH}/sign-in">Sign in again</a></p>`), { 'set-cookie': CLEAR_SESSION_COOKIE });
        return true;
      }
      return false;
    },
  };
}
