import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type Provider from 'oidc-provider';
import { acrOf, amrOf, isVerityError, methodsFromAmr, VerityError, type AuthMethod } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { relyingPartyOf } from '../methods/passkey-service.js';
import { deviceFromConnection, verifyDeviceToken, type DeviceProof } from '../device/device-proof.js';
import { transactionInvalid } from '../identity-errors.js';
import { decideStep, loadSignIn, newSignIn, passkeyOptionsStep, passwordStep, persistSignIn, type GrantedSignIn, type SignInHandle, type SignInState } from '../sign-in/sign-in-service.js';
import { runStep, signInStepBody } from '../sign-in/sign-in-routes.js';
import { saveGrantContext } from './grant-context.js';
import { recordGrantSession } from './oidc-sessions.js';
import { appIdForAuthorization } from './gateway-clients.js';
import type { ProviderRegistry } from './oidc-provider-registry.js';
import { SIGN_IN_PAGE } from '../ui/pages.js';

const params = z.strictObject({ tenant: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/), uid: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });
const transaction = z.string().regex(/^vst_[A-Za-z0-9_-]{43}$/);

/** What the sign-in page is told after each step. */
type InteractionAnswer =
  | { status: 'sign-in'; transaction: string; client: string; methods: AuthMethod[]; deviceId: string | null }
  | { status: 'step-up'; transaction: string; methods: string[]; missingControls: string[]; message: string }
  | { status: 'complete'; redirectTo: string }
  | { status: 'refused'; code: string; message: string; redirectTo: string };

/**
 * The OIDC interaction: the sign-in page the provider sends the browser to, and the JSON steps it
 * calls. Every authorization ends here in a conditional access decision for the client's Verity
 * app id, with the methods used and the device proven (client certificate on this connection or
 * the `device_token` authorization parameter): grant finishes the login with `amr`/`acr` and a
 * grant remembering the device; controls the user can satisfy ask for a step-up and come back
 * here; anything else returns `access_denied` to the client (the OIDC error shape).
 */
export function interactionRoutes(ctx: ServerContext, registry: ProviderRegistry, publicUrl: () => string): AnyRoute[] {
  const tag = 'oidc';
  const base = '/oidc/:tenant/interaction/:uid';

  async function providerFor(tenantId: string): Promise<Provider> {
    const p = await registry.get(tenantId);
    if (!p) throw new VerityError('VERITY_TENANT_NOT_FOUND', `No tenant ${tenantId}.`, { status: 404 });
    return p;
  }

  async function details(request: FastifyRequest, reply: FastifyReply, tenantId: string, uid: string) {
    const provider = await providerFor(tenantId);
    let d;
    try {
      d = await provider.interactionDetails(request.raw, reply.raw);
    } catch {
      throw new VerityError('VERITY_AUTH_TRANSACTION_INVALID', 'This sign-in has expired or belongs to another browser; start again from the application.', { status: 401 });
    }
    if (d.uid !== uid) throw transactionInvalid();
    return { provider, details: d };
  }

  async function device(request: FastifyRequest, tenantId: string, deviceToken: unknown): Promise<DeviceProof | null> {
    const proof = typeof deviceToken === 'string' && deviceToken.length > 0
      ? await verifyDeviceToken(ctx, deviceToken, new URL(publicUrl()).origin)
      : await deviceFromConnection(ctx, request.raw.socket as TLSSocket);
    return proof && proof.tenantId === tenantId ? proof : null;
  }

  /** Finish the login: a grant with the requested scopes, the device remembered for the tokens, back to the authorization. */
  async function complete(provider: Provider, request: FastifyRequest, reply: FastifyReply, d: Awaited<ReturnType<Provider['interactionDetails']>>, tenantId: string, granted: GrantedSignIn): Promise<InteractionAnswer> {
    const clientId = String(d.params.client_id);
    const existing = d.grantId ? await provider.Grant.find(d.grantId) : undefined;
    // A grant whose session was revoked (signed out at a gateway) is not reused: this sign-in gets a new grant and session.
    const revoked = existing ? (await ctx.store.sessions.get(tenantId, existing.jti))?.revokedAt != null : false;
    const grant = existing && existing.accountId === granted.userId && !revoked ? existing : new provider.Grant({ accountId: granted.userId, clientId });
    const scopes = String(d.params.scope ?? 'openid').split(' ').filter((s) => ['openid', 'offline_access', 'profile', 'email'].includes(s));
    grant.addOIDCScope(scopes.join(' '));
    const missingClaims = (d.prompt.details as { missingOIDCClaims?: string[] }).missingOIDCClaims;
    if (missingClaims?.length) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    const amr = amrOf(granted.methods, { hardwareBound: granted.state.passkeyHardwareBound });
    const acr = acrOf(granted.strength);
    await saveGrantContext(ctx, tenantId, grantId, granted.userId, { deviceId: granted.state.deviceId, amr, acr, methods: granted.methods, strength: granted.strength, signInId: granted.signInId });
    // The grant's Verity session (`verity_sid`): what revocations name, so sessions relying parties derive from it can be cut.
    if (!(await recordGrantSession(ctx, tenantId, grantId, { userId: granted.userId, methods: granted.methods, strength: granted.strength, deviceId: granted.state.deviceId }))) {
      const redirectTo = await provider.interactionResult(request.raw, reply.raw, { error: 'access_denied', error_description: 'This sign-in\'s session was revoked.' }, { mergeWithLastSubmission: false });
      return { status: 'refused', code: 'VERITY_AUTH_TRANSACTION_INVALID', message: 'This sign-in\'s session was revoked; start again from the application.', redirectTo };
    }
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, {
      login: { accountId: granted.userId, amr, acr, remember: true, ts: Math.floor(ctx.now().getTime() / 1000) },
      consent: { grantId },
      verity: { signInId: granted.signInId },
    }, { mergeWithLastSubmission: false });
    return { status: 'complete', redirectTo };
  }

  /** Decide with what the sign-in has proven; step-up, complete, or refuse back to the client. */
  async function advance(provider: Provider, request: FastifyRequest, reply: FastifyReply, d: Awaited<ReturnType<Provider['interactionDetails']>>, tenantId: string, handle: SignInHandle, state: SignInState): Promise<InteractionAnswer> {
    try {
      return await complete(provider, request, reply, d, tenantId, await decideStep(ctx, handle, state));
    } catch (err) {
      if (!isVerityError(err) || (err.code !== 'VERITY_ACCESS_BLOCKED' && err.code !== 'VERITY_ACCESS_CONTROLS_REQUIRED')) throw err;
      const stepUp = err.extensions.stepUp as { transaction: string; methods: string[] } | undefined;
      if (stepUp) return { status: 'step-up', transaction: stepUp.transaction, methods: stepUp.methods, missingControls: err.details.map((x) => x.expected ?? x.message), message: err.message };
      const redirectTo = await provider.interactionResult(request.raw, reply.raw, { error: 'access_denied', error_description: err.code === 'VERITY_ACCESS_BLOCKED' ? 'Conditional access blocked this sign-in.' : 'Conditional access requires controls this sign-in cannot satisfy.' }, { mergeWithLastSubmission: false });
      return { status: 'refused', code: err.code, message: err.message, redirectTo };
    }
  }

  return [
    defineRoute({
      method: 'GET', url: base, auth: { kind: 'public' }, tag, summary: 'The sign-in page of an OIDC authorization.',
      params,
      handler: async ({ reply }) => reply.status(200).type('text/html; charset=utf-8')
        .headers({ 'cache-control': 'no-store', 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'", 'x-content-type-options': 'nosniff' })
        .send(SIGN_IN_PAGE),
    }),
    defineRoute({
      method: 'POST', url: `${base}/start`, auth: { kind: 'public' }, tag, rateLimitPerMinute: 60,
      summary: 'Begin (or, with an existing session, decide at once) the sign-in of an OIDC authorization.',
      params,
      handler: async ({ request, reply, params: p, ip }): Promise<InteractionAnswer> => {
        const { provider, details: d } = await details(request, reply, p.tenant, p.uid);
        const clientId = String(d.params.client_id);
        // A gateway asks for the app the user is on: conditional access decides (and steps up) for that app.
        const app = await appIdForAuthorization(ctx, p.tenant, clientId, d.params.verity_app_id);
        if ('refused' in app) {
          return { status: 'refused', code: 'invalid_request', message: app.refused, redirectTo: await provider.interactionResult(request.raw, reply.raw, { error: 'invalid_request', error_description: app.refused }, { mergeWithLastSubmission: false }) };
        }
        const proof = await device(request, p.tenant, d.params.device_token);
        const session = d.session as { accountId?: string } | undefined;
        const previous = (d as { lastSubmission?: { login?: { amr?: string[] } } }).lastSubmission?.login?.amr;
        const sessionAmr = (await loadSessionAmr(provider, d)) ?? previous ?? [];
        const state = newSignIn({
          tenantId: p.tenant, tenantInput: p.tenant, appId: app.appId, flow: { kind: 'oidc', interactionUid: p.uid, clientId }, ip, device: proof,
          userId: session?.accountId ?? null, methods: session?.accountId ? methodsFromAmr(sessionAmr) : [],
        });
        const handle = await persistSignIn(ctx, state);
        // Single sign-on: an existing session is decided again, for this app, with the methods it was signed in with.
        if (state.userId && state.methods.length > 0 && d.prompt.name === 'login' && !(d.prompt.reasons as string[]).includes('no_session') && d.params.prompt !== 'login' && d.params.max_age === undefined) {
          return advance(provider, request, reply, d, p.tenant, handle, state);
        }
        const client = await provider.Client.find(clientId);
        const methods: AuthMethod[] = ['password', 'passkey', ...(state.deviceId ? ['devicePin' as const] : [])];
        return { status: 'sign-in', transaction: handle.secret, client: app.displayName ?? client?.clientName ?? clientId, methods, deviceId: state.deviceId };
      },
    }),
    defineRoute({
      method: 'POST', url: `${base}/password`, auth: { kind: 'public' }, tag, rateLimitPerMinute: 30, summary: 'Sign in with user name and password.',
      params, body: z.strictObject({ transaction, username: z.string().min(1).max(256), password: z.string().min(1).max(256) }),
      handler: async ({ request, reply, params: p, body }): Promise<InteractionAnswer> => {
        const { provider, details: d } = await details(request, reply, p.tenant, p.uid);
        const { handle, state } = await loadOwn(body.transaction, p.uid);
        return advance(provider, request, reply, d, p.tenant, handle, await passwordStep(ctx, handle, state, body.username, body.password));
      },
    }),
    defineRoute({
      method: 'POST', url: `${base}/passkey-options`, auth: { kind: 'public' }, tag, rateLimitPerMinute: 60, summary: 'WebAuthn request options for this sign-in.',
      params, body: z.strictObject({ transaction }),
      handler: async ({ request, reply, params: p, body }) => {
        await details(request, reply, p.tenant, p.uid);
        const { handle, state } = await loadOwn(body.transaction, p.uid);
        return { options: await passkeyOptionsStep(ctx, relyingPartyOf(publicUrl()), handle, state) };
      },
    }),
    defineRoute({
      method: 'POST', url: `${base}/step`, auth: { kind: 'public' }, tag, rateLimitPerMinute: 30, summary: 'Continue with a TOTP code, a recovery code, a device PIN or a passkey.',
      params, body: signInStepBody,
      handler: async ({ request, reply, params: p, body }): Promise<InteractionAnswer> => {
        const { provider, details: d } = await details(request, reply, p.tenant, p.uid);
        const { handle, state } = await loadOwn(body.transaction, p.uid);
        return advance(provider, request, reply, d, p.tenant, handle, await runStep(ctx, publicUrl, handle, state, body));
      },
    }),
    defineRoute({
      method: 'POST', url: `${base}/abort`, auth: { kind: 'public' }, tag, summary: 'Cancel the sign-in; the application receives access_denied.',
      params,
      handler: async ({ request, reply, params: p }) => {
        const { provider } = await details(request, reply, p.tenant, p.uid);
        return { status: 'refused', code: 'access_denied', message: 'Sign-in cancelled.', redirectTo: await provider.interactionResult(request.raw, reply.raw, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false }) };
      },
    }),
  ];

  async function loadOwn(secret: string, uid: string): Promise<{ handle: SignInHandle; state: SignInState }> {
    const loaded = await loadSignIn(ctx, secret);
    if (loaded.state.flow.kind !== 'oidc' || loaded.state.flow.interactionUid !== uid) throw transactionInvalid();
    return loaded;
  }
}

/** The `amr` the provider session was signed in with (for single sign-on decisions). */
async function loadSessionAmr(provider: Provider, d: Awaited<ReturnType<Provider['interactionDetails']>>): Promise<string[] | undefined> {
  const uid = (d.session as { uid?: string } | undefined)?.uid;
  if (!uid) return undefined;
  const session = await provider.Session.findByUid(uid);
  return (session as { amr?: string[] } | undefined)?.amr;
}
