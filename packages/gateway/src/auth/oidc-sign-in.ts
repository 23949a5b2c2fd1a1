import { hkdfSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import * as oidc from 'openid-client';
import { EncryptJWT, jwtDecrypt, SignJWT } from 'jose';
import { fetch as undiciFetch } from 'undici';
import { ACR_VALUES } from '@verity/core';
import type { ControlPlaneClient } from '../control-plane/control-plane-client.js';
import { refusal } from '../refusal/refusal-codes.js';
import { escapeHtml, htmlPage, sendPage } from '../refusal/page-layout.js';
import { CLEAR_SESSION_COOKIE, GATEWAY_PATH, SESSION_COOKIE, sendRefusal } from '../refusal/send-refusal.js';
import { SESSION_AUDIENCE, SessionTokenVerifier } from './session-token.js';
import { cookieValue, safeReturn, sessionOrRefusal, type SignInRequestContext, type UserSignIn } from './user-sign-in.js';

/**
 * The gateway as an OpenID Connect relying party of Verity's own provider (the tenant's issuer,
 * `/oidc/<tenant>`): authorization code + PKCE through `openid-client`, the gateway a confidential
 * client of its tenant (the control plane registers one per gateway credential and hands it the
 * secret over the gateway's channel). Verity's sign-in page does passwords, passkeys, MFA and
 * step-up, and decides conditional access for the app the user is on (`verity_app_id`).
 *
 * After the callback the gateway keeps its own session token in the cookie (an HS256 JWT with the
 * ID token's user, `amr`/`acr` and `verity_sid`, bound to the device certificate of the
 * connection), so a request is still decided locally with no round trip. Its `sid` is the
 * `verity_sid` of the grant: the session the control plane revokes (admin revoke, user disabled,
 * Shared Signals) and names in the snapshot, so revocation cuts the gateway session at once. The
 * key is derived from the client secret, so every gateway behind one credential accepts the
 * sessions of the others.
 */

/** The gateway's session tokens (not the control plane's `vnd.verity.session+jwt`). */
const GATEWAY_SESSION_TYP = 'vnd.verity.gateway-session+jwt';
/** The sign-in in flight (state, nonce, PKCE verifier, where to go back), encrypted to the gateway. */
const TRANSACTION_COOKIE = '__Host-verity-oidc';
const TRANSACTION_SECONDS = 600;
const CALLBACK_PATH = `${GATEWAY_PATH}/callback`;
/** Where Verity's provider sends the browser back after signing out there too (registered by the control plane). */
const SIGNED_OUT_PATH = `${GATEWAY_PATH}/signed-out`;
/** After a failed attempt to fetch the client, the next one waits this long (ms). */
const RETRY_MS = 5_000;

/** Refusal reasons the sign-in was sent with that ask Verity's sign-in for a second factor. */
const STEP_UP_REASONS = new Set(['VERITY_GATEWAY_MFA_REQUIRED']);

interface RelyingParty {
  readonly config: oidc.Configuration;
  readonly clientId: string;
  readonly issuer: string;
  /** Signs the gateway's session tokens (HS256). */
  readonly sessionKey: Uint8Array;
  /** Encrypts the sign-in transaction cookie (A256GCM). */
  readonly transactionKey: Uint8Array;
}

interface Transaction { state: string; nonce: string; verifier: string; returnTo: string; redirectUri: string; stepUp: boolean }

/** What the OIDC sign-in needs from the gateway around it. */
export interface OidcSignInOptions {
  readonly client: ControlPlaneClient;
  readonly tenantId: () => string | null;
  readonly log: Logger;
  /** The ports users reach this gateway on (its callback is registered on each). */
  readonly ports: () => number[];
  /** The published app at a host (and path), for the app id conditional access decides the sign-in for. */
  readonly appAt: (host: string | undefined, path: string) => { appId: string } | undefined;
  /** Longest a gateway session lasts before the user signs in again. */
  readonly sessionHours: number;
}

const derive = (secret: string, info: string) => new Uint8Array(hkdfSync('sha256', secret, 'verity-gateway', info, 32));

/** Verity's OpenID Connect sign-in, as the gateway's `UserSignIn` (see the file comment). */
export function verityOidcSignIn(options: OidcSignInOptions): UserSignIn {
  const verifier = new SessionTokenVerifier();
  let rp: Promise<RelyingParty> | null = null;
  /** The client once fetched: requests then never wait on the control plane. */
  let ready: RelyingParty | null = null;
  let failedAt = -Infinity;

  /** Forget the client (its secret was rotated): the next sign-in fetches it again. */
  function forget(): void { rp = null; ready = null; }

  /**
   * The gateway's client and the provider's metadata: fetched once, again after a failure, but at
   * most every few seconds, so that an unreachable control plane is not asked on every request.
   */
  function relyingParty(): Promise<RelyingParty> {
    if (!rp && performance.now() - failedAt < RETRY_MS) return Promise.reject(new Error('the OpenID Connect client is not available yet'));
    rp ??= (async () => {
      const { issuer, clientId, clientSecret } = await options.client.call<{ issuer: string; clientId: string; clientSecret: string }>('POST', '/api/v1/gateway/oidc-client', { ports: options.ports() });
      // The provider is the control plane: trust its CA as the control plane client does.
      const customFetch: oidc.CustomFetch = (url, init) => undiciFetch(url, { ...(init as object), dispatcher: options.client.agent }) as unknown as Promise<Response>;
      const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), { [oidc.customFetch]: customFetch });
      config[oidc.customFetch] = customFetch;
      const built: RelyingParty = { config, clientId, issuer, sessionKey: derive(clientSecret, 'session'), transactionKey: derive(clientSecret, 'sign-in-transaction') };
      verifier.setSecret(clientId, GATEWAY_SESSION_TYP, built.sessionKey);
      ready = built;
      options.log.info({ issuer, clientId }, 'gateway sign-in: Verity\'s OpenID Connect provider configured');
      return built;
    })();
    rp.catch((err: unknown) => {
      options.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'gateway sign-in: the OpenID Connect client is not available yet');
      rp = null;
      failedAt = performance.now();
    });
    return rp;
  }

  const unavailable = () => refusal('VERITY_GATEWAY_SIGN_IN_UNAVAILABLE', 'Verity\'s sign-in cannot be reached from the gateway right now.', { fix: ['Try again in a minute.'], retryAfter: 30 });

  /** Send the browser to Verity's sign-in (a step-up asks for a second factor again). */
  async function start(req: IncomingMessage, res: ServerResponse, ctx: SignInRequestContext, url: URL): Promise<void> {
    let party: RelyingParty;
    try { party = await relyingParty(); } catch { sendRefusal(req, res, unavailable(), ctx.requestId); return; }
    const returnTo = safeReturn(url.searchParams.get('return'));
    const app = options.appAt(req.headers.host, returnTo);
    if (!app || !req.headers.host) {
      sendRefusal(req, res, refusal('VERITY_GATEWAY_NO_APP', `No app is published at ${req.headers.host ?? '(no host)'}, so there is nothing to sign in to.`), ctx.requestId);
      return;
    }
    const stepUp = STEP_UP_REASONS.has(url.searchParams.get('reason') ?? '');
    const tx: Transaction = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), returnTo, redirectUri: `https://${req.headers.host}${CALLBACK_PATH}`, stepUp };
    const target = oidc.buildAuthorizationUrl(party.config, {
      redirect_uri: tx.redirectUri, scope: 'openid profile', state: tx.state, nonce: tx.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(tx.verifier), code_challenge_method: 'S256', verity_app_id: app.appId,
      // Step-up: no `prompt=login` (that would ask for the password again); the provider decides the
      // existing session again for this app and asks only for the second factor it lacks.
      ...(stepUp ? { acr_values: ACR_VALUES.mfa } : {}),
    });
    const sealed = await new EncryptJWT({ ...tx }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setExpirationTime(`${TRANSACTION_SECONDS}s`).encrypt(party.transactionKey);
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    res.writeHead(303, { location: target.href, 'cache-control': 'no-store', 'set-cookie': `${TRANSACTION_COOKIE}=${sealed}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${TRANSACTION_SECONDS}` });
    res.end();
  }

  /** The provider's answer: exchange the code, check the ID token, and set the gateway's session cookie. */
  async function callback(req: IncomingMessage, res: ServerResponse, ctx: SignInRequestContext, url: URL): Promise<void> {
    let party: RelyingParty;
    try { party = await relyingParty(); } catch { sendRefusal(req, res, unavailable(), ctx.requestId); return; }
    const clearTx = `${TRANSACTION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
    // Always a page, never a redirect: a sign-in that failed is not retried behind the user's back.
    const again = (detail: string, returnTo = '/') => {
      const code = 'VERITY_GATEWAY_SIGN_IN_FAILED';
      res.setHeader('set-cookie', clearTx);
      options.log.info({ requestId: ctx.requestId, code, detail }, 'gateway sign-in did not complete');
      sendRefusal(req, res, refusal(code, detail, { fix: ['Sign in again.'], links: [{ label: 'Sign in again', href: `${GATEWAY_PATH}/sign-in?return=${encodeURIComponent(returnTo)}` }] }), ctx.requestId);
    };
    let tx: Transaction;
    try {
      const sealed = cookieValue(req.headers.cookie, TRANSACTION_COOKIE);
      if (!sealed) throw new Error('no transaction');
      tx = (await jwtDecrypt(sealed, party.transactionKey)).payload as unknown as Transaction;
    } catch {
      again('This sign-in started in another browser, took too long, or was already used.');
      return;
    }
    const current = new URL(tx.redirectUri);
    current.search = url.search;
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(party.config, current, { pkceCodeVerifier: tx.verifier, expectedState: tx.state, expectedNonce: tx.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (err) {
      // The provider's own error (access_denied: blocked by conditional access...) says why; a bad state or code is a forgery or a replay.
      const described = err instanceof oidc.AuthorizationResponseError ? err.error_description ?? err.error : null;
      // The client's secret was rotated: fetch it again for the next sign-in.
      if (err instanceof oidc.ResponseBodyError && err.error === 'invalid_client') forget();
      if (!described) options.log.warn({ requestId: ctx.requestId, err: err instanceof Error ? err.message : String(err) }, 'gateway sign-in: the code exchange failed');
      again(described ? `Verity's sign-in answered: ${described}` : 'The answer from Verity\'s sign-in could not be verified.', tx.returnTo);
      return;
    }
    const sid = claims?.verity_sid;
    const tenantId = options.tenantId();
    if (!claims || typeof sid !== 'string' || !tenantId) { again('Verity\'s sign-in did not name a session the gateway can follow.'); return; }
    const amr = Array.isArray(claims.amr) ? claims.amr.filter((a): a is string => typeof a === 'string') : [];
    // A step-up that came back without a second factor would only be sent back again: say so instead of looping.
    if (tx.stepUp && !amr.includes('mfa')) { again('Verity\'s sign-in completed without a second factor, and this app requires one; set up an authenticator app or a passkey in Verity, or ask your administrator.', tx.returnTo); return; }
    const nowS = Math.floor(Date.now() / 1000);
    const exp = nowS + options.sessionHours * 3600;
    const token = await new SignJWT({ tid: tenantId, sid, amr, ...(typeof claims.acr === 'string' ? { acr: claims.acr } : {}), ...(ctx.certificateThumbprint ? { cnf: { 'x5t#S256': ctx.certificateThumbprint } } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: GATEWAY_SESSION_TYP })
      .setIssuer(party.clientId).setAudience(SESSION_AUDIENCE).setSubject(claims.sub).setIssuedAt(nowS).setExpirationTime(exp)
      .sign(party.sessionKey);
    options.log.info({ requestId: ctx.requestId, userId: claims.sub, sessionId: sid, amr, deviceBound: ctx.certificateThumbprint !== null }, 'gateway sign-in through Verity\'s OpenID Connect provider');
    res.writeHead(303, { location: tx.returnTo, 'cache-control': 'no-store', 'set-cookie': [`${SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${exp - nowS}`, clearTx] });
    res.end();
  }

  /**
   * Sign out: the gateway session is revoked at the control plane (every gateway refuses it), the
   * cookie cleared, and the browser sent to Verity's provider to end its own session too
   * (OpenID Connect RP-Initiated Logout 1.0), which asks the user to confirm and sends them back to
   * `/.verity/signed-out`; otherwise the next visit would be signed in again without a question.
   * When the provider is not known yet (control plane unreachable), the sign-out is this gateway's only, and the page says so.
   */
  async function signOut(req: IncomingMessage, res: ServerResponse, ctx: SignInRequestContext): Promise<void> {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const session = token ? await verifier.verify(token, new Date()) : 'invalid';
    if (typeof session !== 'string') {
      try {
        await options.client.call('DELETE', `/api/v1/gateway/sessions/${encodeURIComponent(session.sessionId)}`);
      } catch (err) {
        options.log.warn({ err: err instanceof Error ? err.message : String(err), requestId: ctx.requestId }, 'gateway sign-out: the control plane did not record it');
      }
    }
    const host = req.headers.host;
    if (ready?.config.serverMetadata().end_session_endpoint && host && options.appAt(host, '/')) {
      const target = escapeHtml(oidc.buildEndSessionUrl(ready.config, { post_logout_redirect_uri: `https://${host}${SIGNED_OUT_PATH}` }).href);
      // A page that moves on by itself rather than a redirect: the sign-out is usually a form on the
      // app's page, and an app whose CSP says `form-action 'self'` (as most do) would have the browser
      // refuse a redirect of that form to Verity's origin.
      sendPage(res, 200, htmlPage('Signing out', `<h1>Signing you out</h1><p>You are signed out of this app. Verity's sign-in asks you to confirm that it signs you out too.</p><p><a class="button" href="${target}">Continue</a></p>`, `\n<meta http-equiv="refresh" content="0; url=${target}">`), { 'set-cookie': CLEAR_SESSION_COOKIE });
      return;
    }
    sendPage(res, 200, htmlPage('Signed out', `<h1>You are signed out</h1><p>You are signed out of this app. Verity's own sign-in could not be reached to end its session too; it may still know you.</p><p><a class="button" href="${escapeHtml(`${GATEWAY_PATH}/sign-in`)}">Sign in again</a></p>`), { 'set-cookie': CLEAR_SESSION_COOKIE });
  }

  /** Where Verity's provider sends the browser after it ended its session too. */
  function signedOut(res: ServerResponse): void {
    sendPage(res, 200, htmlPage('Signed out', `<h1>You are signed out</h1><p>You are signed out of this app and of Verity's sign-in.</p><p><a class="button" href="${escapeHtml(`${GATEWAY_PATH}/sign-in`)}">Sign in again</a></p>`));
  }

  return {
    // The control plane's session issuer is not trusted here: sessions come from the OIDC sign-in only.
    trustIssuer: () => { void relyingParty().catch(() => undefined); },

    async verify(credential, now): Promise<Awaited<ReturnType<UserSignIn['verify']>>> {
      // Until the client (the session key) is known a session cannot be checked; once it is, no request waits.
      if (!ready) { try { await relyingParty(); } catch { return unavailable(); } }
      return sessionOrRefusal(await verifier.verify(credential, now), options.tenantId(), 'this gateway');
    },

    async handle(req, res, ctx) {
      const url = new URL(req.url ?? '/', 'https://gateway.invalid');
      const get = req.method === 'GET' || req.method === 'HEAD';
      if (url.pathname === `${GATEWAY_PATH}/sign-in` && get) { await start(req, res, ctx, url); return true; }
      if (url.pathname === CALLBACK_PATH && get) { await callback(req, res, ctx, url); return true; }
      if (url.pathname === `${GATEWAY_PATH}/sign-out` && req.method === 'POST') { await signOut(req, res, ctx); return true; }
      if (url.pathname === SIGNED_OUT_PATH && get) { signedOut(res); return true; }
      if (url.pathname === `${GATEWAY_PATH}/sessions` && req.method === 'POST') {
        // The password exchange of the control plane's sign-in is gone: it could satisfy neither MFA nor passkeys.
        sendRefusal(req, res, refusal('VERITY_GATEWAY_BAD_REQUEST', 'The gateway signs users in through Verity\'s sign-in (OpenID Connect); it takes no passwords.', { fix: [`Open ${GATEWAY_PATH}/sign-in in a browser.`] }), ctx.requestId);
        return true;
      }
      return false;
    },
  };
}

