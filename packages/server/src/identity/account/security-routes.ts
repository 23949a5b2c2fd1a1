import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { authenticationStrengthOf, isMultifactor, type AuthMethod } from '@verity/core';
import type { Session } from '@verity/store';
import type { ServerContext } from '../../context.js';
import type { UserPrincipal } from '../../auth/principal.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { bearerSecret } from '../../auth/admin-auth.js';
import { hashBearerSecret, newBearerSecret, verifyPassword } from '../../auth/secrets.js';
import { recordAudit } from '../../audit/audit-record.js';
import { notFound } from '../../shared/not-found.js';
import { displayName, idParams, idSchema } from '../../shared/wire.js';
import { decideSignIn, refuseUnlessGranted } from '../../access/decide-sign-in.js';
import { factorInvalid, invalidCredentials, transactionInvalid } from '../identity-errors.js';
import { issueRecoveryCodes, startTotpEnrollment, verifyTotp } from '../methods/totp-service.js';
import { passkeyRegistrationOptions, registerPasskey, relyingPartyOf } from '../methods/passkey-service.js';
import { setDevicePin } from '../methods/device-pin-service.js';
import { hashNewPassword, rememberReplacedPassword } from '../methods/password-service.js';
import { effectivePolicyFor } from '../settings/effective-policy.js';
import { publishRevocation, revokeUserAccess } from './revoke-access.js';

const registrationSchema = z.strictObject({
  id: z.string().min(1).max(1024), rawId: z.string().min(1).max(1024), type: z.literal('public-key'),
  response: z.strictObject({
    clientDataJSON: z.string().max(8192), attestationObject: z.string().max(65_536), authenticatorData: z.string().max(65_536).optional(),
    transports: z.array(z.string().max(32)).max(8).optional(), publicKeyAlgorithm: z.number().int().optional(), publicKey: z.string().max(4096).optional(),
  }),
  clientExtensionResults: z.record(z.string().max(64), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** The session the request came with (the route already authenticated it). */
async function currentSession(ctx: ServerContext, request: FastifyRequest): Promise<Session | undefined> {
  const secret = bearerSecret(request);
  return secret ? ctx.store.sessions.findByHash(hashBearerSecret(secret)) : undefined;
}

/**
 * Registering or changing sign-in methods is the Entra user action `urn:user:registersecurityinfo`:
 * conditional access decides it with the methods the session was signed in with (a policy can
 * demand MFA for it). Logged like any sign-in.
 */
async function assertMayRegisterSecurityInfo(ctx: ServerContext, principal: UserPrincipal, request: FastifyRequest): Promise<void> {
  const session = await currentSession(ctx, request);
  const methods = (session?.methods ?? ['password']) as AuthMethod[];
  const strength = authenticationStrengthOf(methods);
  const { decision, signInId } = await decideSignIn(ctx, {
    tenantId: principal.tenantId, user: principal.userId, appId: null, userAction: 'urn:user:registersecurityinfo', deviceId: session?.deviceId ?? null,
    satisfied: { mfa: isMultifactor(methods), authenticationStrength: strength, passwordChanged: false, approvedApplication: false, compliantApplication: false },
    authentication: { methods, strength, deviceProof: null },
  });
  refuseUnlessGranted(decision, signInId);
}

/** The signed-in user's own sign-in methods: TOTP, recovery codes, passkeys, device PINs, password. */
export function securityRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  const tag = 'identity';
  const user = { kind: 'user' } as const;
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/me/security', auth: user, tag, summary: 'The signed-in user\'s sign-in methods and the PIN and passkey policy in force for them.',
      handler: async ({ principal, request }) => {
        const [totp, passkeys, recovery, policy, session, devices] = await Promise.all([
          ctx.store.signInFactors.totp(principal.tenantId, principal.userId), ctx.store.passkeys.listForUser(principal.tenantId, principal.userId),
          ctx.store.signInFactors.recoveryCodesLeft(principal.tenantId, principal.userId), effectivePolicyFor(ctx.store, principal.tenantId, principal.userId),
          currentSession(ctx, request), ctx.store.devices.list(principal.tenantId, { primaryUserId: principal.userId, limit: 100 }),
        ]);
        const pins = await Promise.all(devices.items.map(async (d) => ({ deviceId: d.id, displayName: d.displayName, pin: await ctx.store.signInFactors.devicePin(principal.tenantId, principal.userId, d.id) })));
        return {
          session: session ? { methods: session.methods, strength: session.strength, deviceId: session.deviceId, authTime: session.authTime } : null,
          totp: totp ? { status: totp.status, confirmedAt: totp.confirmedAt } : null,
          recoveryCodesLeft: recovery,
          passkeys: passkeys.map((p) => ({ id: p.id, displayName: p.displayName, aaguid: p.aaguid, deviceType: p.deviceType, backedUp: p.backedUp, deviceId: p.deviceId, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
          devicePins: pins.map((x) => ({ deviceId: x.deviceId, displayName: x.displayName, set: x.pin !== undefined, setAt: x.pin?.setAt ?? null, expiresAt: x.pin?.expiresAt ?? null })),
          effectivePolicy: policy,
        };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/totp', auth: user, tag, summary: 'Start TOTP enrollment: the secret (shown once) and an otpauth:// URI; confirm with a code.',
      successStatus: 201,
      handler: async ({ principal, request }) => {
        await assertMayRegisterSecurityInfo(ctx, principal, request);
        const u = await ctx.store.users.get(principal.tenantId, principal.userId);
        if (!u) throw notFound('user', principal.userId);
        return startTotpEnrollment(ctx, principal.tenantId, principal.userId, u.userPrincipalName);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/totp/confirm', auth: user, tag, summary: 'Confirm TOTP enrollment with a current code; returns ten recovery codes (shown once).',
      body: z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'expected 6 digits') }),
      handler: async ({ principal, body }) => {
        const refusal = await verifyTotp(ctx, principal.tenantId, principal.userId, body.code, { confirm: true });
        if (refusal) throw factorInvalid('code');
        const codes = await issueRecoveryCodes(ctx, principal.tenantId, principal.userId);
        await ctx.store.transaction((tx) => recordAudit(tx, principal.tenantId, principal, { action: 'mfa.totp.enroll', targetType: 'user', targetId: principal.userId }, ctx.now()));
        return { status: 'active', recoveryCodes: codes };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/me/totp', auth: user, tag, summary: 'Remove the TOTP authenticator and the recovery codes.',
      handler: async ({ principal, request }) => {
        await assertMayRegisterSecurityInfo(ctx, principal, request);
        await ctx.store.transaction(async (tx) => {
          await tx.signInFactors.deleteTotp(principal.tenantId, principal.userId);
          await tx.signInFactors.replaceRecoveryCodes(principal.tenantId, principal.userId, []);
          await recordAudit(tx, principal.tenantId, principal, { action: 'mfa.totp.remove', targetType: 'user', targetId: principal.userId }, ctx.now());
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/passkeys/options', auth: user, tag, summary: 'WebAuthn creation options to register a passkey (user verification required).',
      handler: async ({ principal, request }) => {
        await assertMayRegisterSecurityInfo(ctx, principal, request);
        const u = await ctx.store.users.get(principal.tenantId, principal.userId);
        if (!u) throw notFound('user', principal.userId);
        const options = await passkeyRegistrationOptions(ctx, relyingPartyOf(publicUrl()), u);
        const secret = newBearerSecret('vst');
        await ctx.store.authTransactions.create(principal.tenantId, { id: ctx.newId(), tokenHash: hashBearerSecret(secret), purpose: 'passkey-registration', userId: principal.userId, data: { challenge: options.challenge }, expiresAt: new Date(ctx.now().getTime() + 5 * 60_000) });
        return { transaction: secret, options };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/passkeys', auth: user, tag, summary: 'Register a passkey from a WebAuthn creation response; checked against the effective PIN and passkey policy.',
      body: z.strictObject({ transaction: z.string().regex(/^vst_[A-Za-z0-9_-]{43}$/), response: registrationSchema, displayName: displayName.default('Passkey'), deviceId: idSchema.nullable().default(null) }),
      successStatus: 201,
      handler: async ({ principal, body }) => {
        const t = await ctx.store.authTransactions.findByHash(hashBearerSecret(body.transaction));
        if (!t || t.purpose !== 'passkey-registration' || t.userId !== principal.userId || t.tenantId !== principal.tenantId) throw transactionInvalid();
        await ctx.store.authTransactions.delete(t.tenantId, t.id);
        if (body.deviceId) {
          const d = await ctx.store.devices.get(principal.tenantId, body.deviceId);
          if (!d || d.primaryUserId !== principal.userId || d.status !== 'active') throw notFound('device', body.deviceId);
        }
        const u = await ctx.store.users.get(principal.tenantId, principal.userId);
        if (!u) throw notFound('user', principal.userId);
        const p = await registerPasskey(ctx, relyingPartyOf(publicUrl()), u, String(t.data.challenge), body.response as RegistrationResponseJSON, { displayName: body.displayName, deviceId: body.deviceId });
        await ctx.store.transaction((tx) => recordAudit(tx, principal.tenantId, principal, { action: 'mfa.passkey.register', targetType: 'user', targetId: principal.userId, details: { passkeyId: p.id, aaguid: p.aaguid, deviceType: p.deviceType, deviceId: p.deviceId } }, ctx.now()));
        return { id: p.id, displayName: p.displayName, aaguid: p.aaguid, deviceType: p.deviceType, backedUp: p.backedUp, deviceId: p.deviceId, createdAt: p.createdAt };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/me/passkeys/:id', auth: user, tag, summary: 'Remove one of the user\'s passkeys.',
      params: z.strictObject({ id: z.string().min(1).max(1024).regex(/^[A-Za-z0-9_-]+$/) }),
      handler: async ({ principal, params, request }) => {
        await assertMayRegisterSecurityInfo(ctx, principal, request);
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.passkeys.delete(principal.tenantId, principal.userId, params.id))) throw notFound('passkey', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'mfa.passkey.remove', targetType: 'user', targetId: principal.userId, details: { passkeyId: params.id } }, ctx.now());
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/me/devices/:id/pin', auth: user, tag,
      summary: 'Set the Verity PIN for passwordless sign-in on one of the user\'s enrolled devices; refused with the rule and its source when it breaks the PIN policy.',
      params: idParams, body: z.strictObject({ pin: z.string().min(1).max(256) }),
      handler: async ({ principal, params, body, request }) => {
        await assertMayRegisterSecurityInfo(ctx, principal, request);
        const d = await ctx.store.devices.get(principal.tenantId, params.id);
        if (!d || d.primaryUserId !== principal.userId || d.status !== 'active') throw notFound('device', params.id);
        const result = await setDevicePin(ctx, principal.tenantId, principal.userId, d.id, body.pin);
        await ctx.store.transaction((tx) => recordAudit(tx, principal.tenantId, principal, { action: 'mfa.device-pin.set', targetType: 'device', targetId: d.id }, ctx.now()));
        return { deviceId: d.id, ...result };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/password', auth: user, tag, summary: 'Change the password (checked against the password policy); every other session is signed out.',
      body: z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
      handler: async ({ principal, body, request }) => {
        const u = await ctx.store.users.get(principal.tenantId, principal.userId);
        if (!u || !(await verifyPassword(body.currentPassword, u.passwordHash))) throw invalidCredentials();
        const hash = await hashNewPassword(ctx.store, principal.tenantId, u, body.newPassword);
        const now = ctx.now();
        const keep = await currentSession(ctx, request);
        const counts = await ctx.store.transaction(async (tx) => {
          await rememberReplacedPassword(tx, principal.tenantId, u);
          await tx.users.update(principal.tenantId, u.id, { passwordHash: hash });
          const sessions = await tx.sessions.listForUser(principal.tenantId, u.id, { limit: 500 });
          const revoked: string[] = [];
          for (const s of sessions) if (s.id !== keep?.id && (await tx.sessions.revoke(principal.tenantId, s.id, now))) revoked.push(s.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'user.password.change', targetType: 'user', targetId: u.id, details: { sessionsRevoked: revoked.length } }, now);
          return { sessions: revoked.length, grants: 0, sessionIds: revoked };
        });
        publishRevocation(ctx, principal.tenantId, u.id, 'password-changed', counts, now);
        return undefined;
      },
    }),
  ];
}

