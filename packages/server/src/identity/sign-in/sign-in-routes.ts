import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { ServerContext } from '../../context.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { relyingPartyOf } from '../methods/passkey-service.js';
import { methodUnavailable } from '../identity-errors.js';
import { assertAdminRole, issueSession, provenDevice, sessionAppId } from './session-sign-in.js';
import { codeStep, decideStep, loadSignIn, newSignIn, passkeyOptionsStep, passkeyStep, persistSignIn, tenantIdFor, type SignInHandle, type SignInState } from './sign-in-service.js';

const transaction = z.string().regex(/^vst_[A-Za-z0-9_-]{43}$/, 'expected a sign-in transaction (vst_…)');
const deviceToken = z.string().min(20).max(4096).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'expected a compact JWS');
/** A WebAuthn assertion as @simplewebauthn/browser's startAuthentication returns it; the library checks the inside. */
export const assertionSchema = z.strictObject({
  id: z.string().min(1).max(1024), rawId: z.string().min(1).max(1024), type: z.literal('public-key'),
  response: z.strictObject({
    clientDataJSON: z.string().max(8192), authenticatorData: z.string().max(8192), signature: z.string().max(2048), userHandle: z.string().max(1024).optional(),
  }),
  clientExtensionResults: z.record(z.string().max(64), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

const startBody = z.strictObject({ tenant: z.string().min(1).max(256), kind: z.enum(['admin', 'portal']).default('portal'), deviceToken: deviceToken.optional() });
const stepBody = z.discriminatedUnion('method', [
  z.strictObject({ transaction, method: z.literal('totp'), code: z.string().trim().min(1).max(16) }),
  z.strictObject({ transaction, method: z.literal('recoveryCode'), code: z.string().trim().min(1).max(32) }),
  z.strictObject({ transaction, method: z.literal('devicePin'), pin: z.string().min(1).max(127), username: z.string().min(1).max(256).optional() }),
  z.strictObject({ transaction, method: z.literal('passkey'), response: assertionSchema }),
]);

/** Multi-step sign-in to the portal and the console: passwordless passkey or device PIN, and step-up after a password. */
export function signInRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  const tag = 'auth';
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/auth/sign-in/start', auth: { kind: 'public' }, tag, rateLimitPerMinute: 30,
      summary: 'Start a sign-in without a password (passkey, or the PIN of an enrolled device proven by its certificate or a device token); returns the transaction to continue.',
      body: startBody, successStatus: 201,
      handler: async ({ body, request, ip }) => {
        const device = await provenDevice(ctx, request.raw.socket as TLSSocket, body.deviceToken, new URL(publicUrl()).origin);
        const tenantId = await tenantIdFor(ctx, body.tenant);
        const state = newSignIn({ tenantId, tenantInput: body.tenant, appId: sessionAppId(body.kind), flow: { kind: 'session', sessionKind: body.kind }, ip, device });
        const handle = await persistSignIn(ctx, state);
        return { transaction: handle.secret, expiresAt: handle.expiresAt, deviceId: state.deviceId };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/auth/sign-in/passkey-options', auth: { kind: 'public' }, tag, rateLimitPerMinute: 60,
      summary: 'WebAuthn request options (a fresh challenge) for a sign-in in progress.',
      body: z.strictObject({ transaction }),
      handler: async ({ body }) => {
        const { handle, state } = await loadSignIn(ctx, body.transaction);
        return { options: await passkeyOptionsStep(ctx, relyingPartyOf(publicUrl()), handle, state) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/auth/sign-in/step', auth: { kind: 'public' }, tag, rateLimitPerMinute: 30,
      summary: 'Continue a sign-in with a TOTP code, a recovery code, a device PIN or a passkey assertion; answers the session once conditional access grants.',
      body: stepBody,
      handler: async ({ body, reply }) => {
        const { handle, state } = await loadSignIn(ctx, body.transaction);
        if (state.flow.kind !== 'session') throw methodUnavailable(body.method);
        const next = await runStep(ctx, publicUrl, handle, state, body);
        await assertAdminRole(ctx, next);
        return issueSession(ctx, reply, await decideStep(ctx, handle, next));
      },
    }),
  ];
}

/** Run one step of a stored sign-in (shared by the portal/console API and the OIDC interaction). */
export async function runStep(ctx: ServerContext, publicUrl: () => string, handle: SignInHandle, state: SignInState, body: z.infer<typeof stepBody> | { method: 'passkey'; response: AuthenticationResponseJSON }): Promise<SignInState> {
  switch (body.method) {
    case 'totp':
    case 'recoveryCode':
      if (!state.userId) throw methodUnavailable(body.method);
      return codeStep(ctx, handle, state, body.method, body.code);
    case 'devicePin':
      return codeStep(ctx, handle, state, 'devicePin', body.pin, 'username' in body ? body.username : undefined);
    case 'passkey':
      return passkeyStep(ctx, relyingPartyOf(publicUrl()), handle, state, body.response as AuthenticationResponseJSON);
  }
}

export { stepBody as signInStepBody, deviceToken as deviceTokenSchema };
