import type { TLSSocket } from 'node:tls';
import type { FastifyReply } from 'fastify';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { hashBearerSecret, newBearerSecret } from '../../auth/secrets.js';
import { VERITY_APPS } from '../../access/decide-sign-in.js';
import { loadIdentitySettings } from '../settings/identity-settings.js';
import { deviceFromConnection, verifyDeviceToken, type DeviceProof } from '../device/device-proof.js';
import { decideStep, newSignIn, passwordStep, tenantIdFor, type GrantedSignIn, type SignInState } from './sign-in-service.js';

/** What a portal or console sign-in answers once granted. */
export interface SessionSignInResult {
  token: string; tenantId: string; userId: string; expiresAt: string; methods: string[]; strength: string | null; deviceId: string | null; signInId: string;
}

/** The device a sign-in request proves: a device-signed token in the body, else the connection's client certificate. */
export async function provenDevice(ctx: ServerContext, socket: TLSSocket, deviceToken: string | undefined, audience: string): Promise<DeviceProof | null> {
  if (deviceToken) return verifyDeviceToken(ctx, deviceToken, audience);
  return deviceFromConnection(ctx, socket);
}

/** An admin sign-in needs an admin role (checked once the user is known, before any decision). */
export async function assertAdminRole(ctx: ServerContext, state: SignInState): Promise<void> {
  if (state.flow.kind !== 'session' || state.flow.sessionKind !== 'admin' || !state.userId) return;
  if ((await ctx.store.roles.list(state.tenantId, { userId: state.userId })).length === 0) {
    throw new VerityError('VERITY_AUTH_FORBIDDEN', 'This account holds no admin role.', { status: 403 });
  }
}

/** Create the portal or console session of a granted sign-in (cookie + bearer), remembering how it was signed in. */
export async function issueSession(ctx: ServerContext, reply: FastifyReply, granted: GrantedSignIn): Promise<SessionSignInResult> {
  const { state } = granted;
  if (state.flow.kind !== 'session') throw new Error('not a session sign-in');
  const settings = await loadIdentitySettings(ctx.store, state.tenantId);
  const secret = newBearerSecret('vrs');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + settings.sessionHours * 3600_000);
  await ctx.store.sessions.create(state.tenantId, {
    id: ctx.newId(), userId: granted.userId, tokenHash: hashBearerSecret(secret), kind: state.flow.sessionKind, expiresAt: expiresAt.toISOString(),
    methods: granted.methods, authTime: now, deviceId: state.deviceId, strength: granted.strength,
  });
  void reply.header('set-cookie', `verity_session=${secret}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${settings.sessionHours * 3600}`);
  return { token: secret, tenantId: state.tenantId, userId: granted.userId, expiresAt: expiresAt.toISOString(), methods: granted.methods, strength: granted.strength, deviceId: state.deviceId, signInId: granted.signInId };
}

/** The app id of a portal or console sign-in. */
export function sessionAppId(kind: 'admin' | 'portal'): string {
  return kind === 'admin' ? VERITY_APPS.admin : VERITY_APPS.portal;
}

/**
 * `POST /api/v1/auth/login`: password first, then conditional access. The refusal codes are the
 * ones this route always had (401 `VERITY_AUTH_INVALID_CREDENTIALS`, 403 `VERITY_AUTH_FORBIDDEN`,
 * 403 `VERITY_ACCESS_BLOCKED` / `VERITY_ACCESS_CONTROLS_REQUIRED`), plus 429 `VERITY_AUTH_THROTTLED`;
 * a controls-required refusal the user can satisfy carries `stepUp` to continue with.
 */
export async function passwordSignIn(ctx: ServerContext, reply: FastifyReply, input: { tenant: string; username: string; password: string; kind: 'admin' | 'portal'; device: DeviceProof | null; ip: string }): Promise<SessionSignInResult> {
  const tenantId = await tenantIdFor(ctx, input.tenant);
  let state = newSignIn({ tenantId, tenantInput: input.tenant, appId: sessionAppId(input.kind), flow: { kind: 'session', sessionKind: input.kind }, ip: input.ip, device: input.device });
  state = await passwordStep(ctx, null, state, input.username, input.password);
  await assertAdminRole(ctx, state);
  return issueSession(ctx, reply, await decideStep(ctx, null, state));
}
