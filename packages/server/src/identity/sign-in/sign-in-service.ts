import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  VerityError, authenticationStrengthOf, isMultifactor, parseIp, stepUpMethodsFor,
  type AccessDecision, type AuthMethod, type AuthenticationStrength,
} from '@verity/core';
import type { User } from '@verity/store';
import type { ServerContext } from '../../context.js';
import { hashBearerSecret, newBearerSecret, verifyPassword } from '../../auth/secrets.js';
import { decideSignIn, refuseUnlessGranted } from '../../access/decide-sign-in.js';
import { assertTenantEnabled } from '../../tenants/tenant-gate.js';
import { findTenant } from '../../tenants/find-tenant.js';
import { loadIdentitySettings } from '../settings/identity-settings.js';
import { factorInvalid, invalidCredentials, methodUnavailable, transactionInvalid } from '../identity-errors.js';
import { verifyTotp, recoveryCodeHash } from '../methods/totp-service.js';
import { passkeyAuthenticationOptions, verifyPasskeyAssertion, type RelyingParty } from '../methods/passkey-service.js';
import { verifyDevicePin } from '../methods/device-pin-service.js';
import type { DeviceProof } from '../device/device-proof.js';
import { accountKey, assertNotThrottled, recordFailure, recordSuccess, throttleSubject } from './sign-in-throttle.js';

/** Where a finished sign-in goes: a portal or console session, or back to an OIDC authorization. */
export type SignInFlow = { kind: 'session'; sessionKind: 'admin' | 'portal' } | { kind: 'oidc'; interactionUid: string; clientId: string };

/** What a sign-in in progress has proven, kept server-side under the hash of its `vst_` secret. */
export interface SignInState {
  flow: SignInFlow;
  tenantId: string;
  /** What the user typed as tenant (the throttle key uses it, so unknown tenants are throttled alike). */
  tenantInput: string;
  appId: string;
  userId: string | null;
  username: string | null;
  methods: AuthMethod[];
  passkeyHardwareBound: boolean;
  deviceId: string | null;
  deviceVia: 'certificate' | 'token' | null;
  ip: string | null;
  /** The WebAuthn challenge issued for this sign-in; consumed by the first assertion that uses it. */
  challenge: string | null;
}

/** A granted sign-in. */
export interface GrantedSignIn {
  state: SignInState;
  userId: string;
  methods: AuthMethod[];
  strength: AuthenticationStrength | null;
  signInId: string;
  decision: AccessDecision;
}

/** How long a sign-in may take from the first factor to the last. */
const TRANSACTION_MINUTES = 10;

const ipOrNull = (ip: string | null) => (ip !== null && parseIp(ip) !== null ? ip : null);

/** A stored sign-in in progress: its row id, the secret the client holds, and when it expires. */
export interface SignInHandle { id: string; secret: string; expiresAt: string }

/** A new sign-in for an app of a tenant (held in memory until a step needs it stored: see `persistSignIn`). */
export function newSignIn(input: { tenantId: string; tenantInput: string; appId: string; flow: SignInFlow; ip: string | null; device: DeviceProof | null; userId?: string | null; methods?: AuthMethod[] }): SignInState {
  const device = input.device && input.device.tenantId === input.tenantId ? input.device : null;
  return {
    flow: input.flow, tenantId: input.tenantId, tenantInput: input.tenantInput, appId: input.appId, userId: input.userId ?? null, username: null,
    methods: input.methods ?? [], passkeyHardwareBound: true, deviceId: device?.deviceId ?? null, deviceVia: device?.via ?? null, ip: ipOrNull(input.ip), challenge: null,
  };
}

/**
 * Store a sign-in so the client can continue it with its `vst_` secret (only the hash is stored).
 * A sign-in for an unknown tenant is never stored: its secret leads nowhere, like a wrong password.
 */
export async function persistSignIn(ctx: ServerContext, state: SignInState): Promise<SignInHandle> {
  const secret = newBearerSecret('vst');
  const expiresAt = new Date(ctx.now().getTime() + TRANSACTION_MINUTES * 60_000);
  const id = ctx.newId();
  if (state.tenantId) await ctx.store.authTransactions.create(state.tenantId, { id, tokenHash: hashBearerSecret(secret), purpose: 'sign-in', userId: state.userId, data: state as unknown as Record<string, unknown>, expiresAt });
  return { id, secret, expiresAt: expiresAt.toISOString() };
}

/** A sign-in in progress by its secret; 401 when unknown, expired or of another kind. */
export async function loadSignIn(ctx: ServerContext, secret: string): Promise<{ handle: SignInHandle; state: SignInState }> {
  const t = await ctx.store.authTransactions.findByHash(hashBearerSecret(secret));
  if (!t || t.purpose !== 'sign-in') throw transactionInvalid();
  return { handle: { id: t.id, secret, expiresAt: t.expiresAt }, state: t.data as unknown as SignInState };
}

/** Save what a stored sign-in has proven (nothing to do for one still in memory). */
async function saveSignIn(ctx: ServerContext, handle: SignInHandle | null, state: SignInState): Promise<void> {
  if (handle && state.tenantId) await ctx.store.authTransactions.update(state.tenantId, handle.id, state.userId, state as unknown as Record<string, unknown>);
}

/** Record a refused sign-in attempt in the sign-in log (result `failure`), with the method and a closed reason. */
export async function logSignInFailure(ctx: ServerContext, state: Pick<SignInState, 'tenantId' | 'appId' | 'userId' | 'deviceId' | 'ip' | 'methods'>, method: AuthMethod, reason: string): Promise<void> {
  ctx.log.warn({ event: 'sign-in.refused', tenantId: state.tenantId, userId: state.userId, method, reason }, 'sign-in step refused');
  if (!state.tenantId) return;
  await ctx.store.signIns.add(state.tenantId, {
    id: ctx.newId(), at: ctx.now(), userId: state.userId, appId: state.appId, deviceId: state.deviceId, ip: state.ip, clientApp: 'browser', result: 'failure',
    decision: { failure: { method, reason }, input: { authentication: { methods: state.methods, attempted: method } } },
  });
}

async function enabledUser(ctx: ServerContext, tenantId: string, userId: string | null): Promise<User | undefined> {
  if (!tenantId || !userId) return undefined;
  const user = await ctx.store.users.get(tenantId, userId);
  return user && user.status === 'enabled' ? user : undefined;
}

/**
 * The first factor by password. Unknown tenant, unknown user, wrong password and disabled account
 * answer alike (401, same work: scrypt runs against a dummy hash), and all count against the
 * throttle key of what was typed. A familiar source or a proven device has its own counter, so an
 * attacker elsewhere cannot lock the user out; break-glass accounts are never throttled.
 */
export async function passwordStep(ctx: ServerContext, handle: SignInHandle | null, state: SignInState, username: string, password: string): Promise<SignInState> {
  const tenant = state.tenantId ? await ctx.store.tenants.get(state.tenantId) : undefined;
  const user = tenant ? await ctx.store.users.findByUpn(tenant.id, username.toLowerCase()) : undefined;
  const settings = await loadIdentitySettings(ctx.store, tenant?.id ?? '');
  const subject = await throttleSubject(ctx, {
    key: accountKey(state.tenantInput, username), tenantId: tenant?.id, userId: user?.id, ip: state.ip, deviceProven: state.deviceId !== null,
    breakGlass: user !== undefined && settings.breakGlassUserIds.includes(user.id),
  });
  try {
    await assertNotThrottled(ctx, subject, settings.throttle);
  } catch (err) {
    await logSignInFailure(ctx, { ...state, userId: user?.id ?? null }, 'password', 'throttled');
    throw err;
  }
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!tenant || !user || !ok || user.status !== 'enabled' || (state.userId !== null && state.userId !== user.id)) {
    await recordFailure(ctx, subject, settings.throttle);
    if (tenant) await logSignInFailure(ctx, { ...state, userId: user?.id ?? null }, 'password', !user ? 'unknown-user' : !ok ? 'wrong-password' : 'account-disabled');
    throw invalidCredentials();
  }
  await recordSuccess(ctx, subject, tenant.id, user.id, state.ip);
  const next: SignInState = { ...state, userId: user.id, username: user.userPrincipalName, methods: addMethod(state.methods, 'password') };
  await saveSignIn(ctx, handle, next);
  return next;
}

function addMethod(methods: readonly AuthMethod[], m: AuthMethod): AuthMethod[] {
  return methods.includes(m) ? [...methods] : [...methods, m];
}

/** A second (or further) factor: a TOTP code, a recovery code, or the device PIN. */
export async function codeStep(ctx: ServerContext, handle: SignInHandle, state: SignInState, method: 'totp' | 'recoveryCode' | 'devicePin', code: string, username?: string): Promise<SignInState> {
  let current = state;
  // The device PIN may start a sign-in (passwordless on an enrolled device): it names the user.
  if (method === 'devicePin' && current.userId === null && username) {
    const user = current.tenantId ? await ctx.store.users.findByUpn(current.tenantId, username.toLowerCase()) : undefined;
    current = { ...current, userId: user?.id ?? null, username: username.toLowerCase() };
  }
  if (method !== 'devicePin' && current.userId === null) throw methodUnavailable(method);
  const user = await enabledUser(ctx, current.tenantId, current.userId);
  const settings = await loadIdentitySettings(ctx.store, current.tenantId);
  const subject = await throttleSubject(ctx, {
    key: accountKey(current.tenantInput, current.username ?? username ?? ''), tenantId: current.tenantId, userId: current.userId ?? undefined, ip: current.ip,
    deviceProven: current.deviceId !== null, breakGlass: user !== undefined && settings.breakGlassUserIds.includes(user.id),
  });
  await assertNotThrottled(ctx, subject, settings.throttle);
  let refusal: string | null;
  if (!user) refusal = 'unknown-user';
  else if (method === 'totp') refusal = /^\d{6}$/.test(code) ? await verifyTotp(ctx, current.tenantId, user.id, code, { confirm: false }) : 'wrong-code';
  else if (method === 'recoveryCode') refusal = (await ctx.store.signInFactors.useRecoveryCode(current.tenantId, user.id, recoveryCodeHash(current.tenantId, user.id, code), ctx.now())) ? null : 'wrong-or-used-recovery-code';
  else if (current.deviceId === null) refusal = 'no-device-proof';
  else refusal = await verifyDevicePin(ctx, current.tenantId, user.id, current.deviceId, code);
  if (refusal !== null) {
    await recordFailure(ctx, subject, settings.throttle);
    await logSignInFailure(ctx, current, method, refusal);
    if (method === 'devicePin' && !current.methods.includes('password')) throw invalidCredentials();
    throw factorInvalid(method === 'totp' ? 'code' : method === 'recoveryCode' ? 'recovery code' : 'PIN');
  }
  await recordSuccess(ctx, subject, current.tenantId, user!.id, current.ip);
  const next: SignInState = { ...current, methods: addMethod(current.methods, method) };
  await saveSignIn(ctx, handle, next);
  return next;
}

/** WebAuthn options for this sign-in: a fresh challenge, remembered in the transaction. */
export async function passkeyOptionsStep(ctx: ServerContext, rp: RelyingParty, handle: SignInHandle, state: SignInState) {
  const options = await passkeyAuthenticationOptions(ctx, rp, state.tenantId, state.userId);
  await saveSignIn(ctx, handle, { ...state, challenge: options.challenge });
  return options;
}

/** A passkey assertion: the first factor (passwordless) or a step-up. The challenge is consumed before verification, so a replay never matches. */
export async function passkeyStep(ctx: ServerContext, rp: RelyingParty, handle: SignInHandle, state: SignInState, response: AuthenticationResponseJSON): Promise<SignInState> {
  const challenge = state.challenge;
  const consumed: SignInState = { ...state, challenge: null };
  await saveSignIn(ctx, handle, consumed);
  if (!challenge) {
    await logSignInFailure(ctx, state, 'passkey', 'no-challenge-issued-or-replayed');
    throw factorInvalid('passkey challenge');
  }
  let verified;
  try {
    verified = await verifyPasskeyAssertion(ctx, rp, state.tenantId, state.userId, challenge, response);
  } catch (err) {
    await logSignInFailure(ctx, state, 'passkey', (err as VerityError).details?.[0]?.message ?? 'refused');
    throw err;
  }
  const user = await enabledUser(ctx, state.tenantId, verified.userId);
  if (!user) {
    await logSignInFailure(ctx, { ...state, userId: verified.userId }, 'passkey', 'account-disabled');
    throw invalidCredentials();
  }
  const next: SignInState = {
    ...consumed, userId: user.id, username: user.userPrincipalName, methods: addMethod(consumed.methods, 'passkey'),
    passkeyHardwareBound: verified.passkey.deviceType === 'singleDevice' && !verified.passkey.backedUp,
  };
  await saveSignIn(ctx, handle, next);
  return next;
}

/** The methods this user could still use to step up, among those the decision's missing controls accept. */
async function availableStepUps(ctx: ServerContext, state: SignInState, wanted: readonly AuthMethod[]): Promise<AuthMethod[]> {
  if (!state.userId) return [];
  const [totp, passkeys, recovery, pin] = await Promise.all([
    ctx.store.signInFactors.totp(state.tenantId, state.userId),
    ctx.store.passkeys.listForUser(state.tenantId, state.userId),
    ctx.store.signInFactors.recoveryCodesLeft(state.tenantId, state.userId),
    state.deviceId ? ctx.store.signInFactors.devicePin(state.tenantId, state.userId, state.deviceId) : Promise.resolve(undefined),
  ]);
  const has: Record<AuthMethod, boolean> = { password: false, totp: totp?.status === 'active', recoveryCode: recovery > 0 && totp?.status === 'active', passkey: passkeys.length > 0, devicePin: pin !== undefined };
  return wanted.filter((m) => has[m] && !state.methods.includes(m));
}

/**
 * Conditional access decides the sign-in with what it has proven so far (methods → MFA and
 * strength, the proven device), and logs it with the methods. Grant: done. Block: 403
 * `VERITY_ACCESS_BLOCKED`. Controls missing: 403 `VERITY_ACCESS_CONTROLS_REQUIRED`; when a method
 * the user has set up can satisfy them, the problem carries `stepUp: { transaction, methods }`
 * and the sign-in continues with that method (the transaction stays open).
 */
export async function decideStep(ctx: ServerContext, handle: SignInHandle | null, state: SignInState): Promise<GrantedSignIn> {
  if (!state.userId) throw transactionInvalid();
  // Every sign-in flow ends here once the user is known: a disabled tenant's users get no session and no token.
  await assertTenantEnabled(ctx, state.tenantId);
  const strength = authenticationStrengthOf(state.methods);
  // The proven device goes to the decision as recorded: one revoked or retired since it was proven counts
  // as no device there (core's deviceForAccess), and the decision says why; a deleted one is simply absent.
  const device = state.deviceId ? await ctx.store.devices.get(state.tenantId, state.deviceId) : undefined;
  const { decision, signInId } = await decideSignIn(ctx, {
    tenantId: state.tenantId, user: state.userId, appId: state.appId, deviceId: device?.id ?? null, ip: state.ip, clientAppType: 'browser',
    satisfied: { mfa: isMultifactor(state.methods), authenticationStrength: strength, passwordChanged: false, approvedApplication: false, compliantApplication: false },
    authentication: { methods: state.methods, strength, deviceProof: state.deviceVia },
  });
  if (decision.result === 'controlsRequired') {
    const methods = await availableStepUps(ctx, state, stepUpMethodsFor(decision.missingControls.map((c) => c.control)));
    if (methods.length > 0) {
      const stored = handle ?? (await persistSignIn(ctx, state));
      throw new VerityError('VERITY_ACCESS_CONTROLS_REQUIRED', `Conditional access requires: ${decision.missingControls.map((c) => c.message).join(' ')} Continue with ${methods.join(' or ')}. Sign-in id ${signInId}.`, {
        status: 403, details: decision.missingControls.map((c) => ({ path: '$', message: c.message, expected: c.control })),
        extensions: { signInId, stepUp: { transaction: stored.secret, methods, expiresAt: stored.expiresAt } },
      });
    }
  }
  if (handle) await ctx.store.authTransactions.delete(state.tenantId, handle.id);
  refuseUnlessGranted(decision, signInId);
  return { state, userId: state.userId, methods: state.methods, strength, signInId, decision };
}

/** Resolve the tenant a user typed (id or domain); an unknown tenant yields '' so the steps fail like a wrong password. */
export async function tenantIdFor(ctx: ServerContext, tenantInput: string): Promise<string> {
  return (await findTenant(ctx, tenantInput))?.id ?? '';
}
