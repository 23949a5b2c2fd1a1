import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type AuthenticatorTransport, type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { pinPolicyValues, VerityError } from '@verity/core';
import type { Passkey, User } from '@verity/store';
import type { ServerContext } from '../../context.js';
import { effectivePolicyFor } from '../settings/effective-policy.js';
import { IDENTITY_ERRORS, passkeyInvalid } from '../identity-errors.js';

/** The relying party passkeys are bound to: this server's origin and host name (VERITY_PUBLIC_URL). */
export interface RelyingParty { rpId: string; origin: string }

/** The relying party of a public URL. */
export function relyingPartyOf(publicUrl: string): RelyingParty {
  const u = new URL(publicUrl);
  return { rpId: u.hostname, origin: u.origin };
}

const ROAMING: ReadonlySet<string> = new Set(['usb', 'nfc', 'ble']);

/** Why a passkey does not meet the effective policy (a closed list), or null. */
export function passkeyPolicyRefusal(p: Pick<Passkey, 'aaguid' | 'deviceType' | 'backedUp' | 'transports'>, policy: { securityDeviceRequired: boolean; securityKeyRequired: boolean; allowedAaguids: readonly string[] }): string | null {
  if (policy.allowedAaguids.length > 0 && !policy.allowedAaguids.includes(p.aaguid)) return 'authenticator-model-not-allowed';
  if (policy.securityDeviceRequired && (p.deviceType !== 'singleDevice' || p.backedUp)) return 'synced-passkey-not-allowed';
  if (policy.securityKeyRequired && !p.transports.some((t) => ROAMING.has(t))) return 'security-key-required';
  return null;
}

/** Registration options for a signed-in user: discoverable credential, user verification required, the user's existing passkeys excluded. */
export async function passkeyRegistrationOptions(ctx: ServerContext, rp: RelyingParty, user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const [existing, policy] = await Promise.all([ctx.store.passkeys.listForUser(user.tenantId, user.id), effectivePolicyFor(ctx.store, user.tenantId, user.id)]);
  const pin = pinPolicyValues(policy.pin);
  return generateRegistrationOptions({
    rpName: 'Verity', rpID: rp.rpId, userName: user.userPrincipalName, userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    attestationType: policy.passkeys.attestation,
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
    authenticatorSelection: {
      residentKey: 'required', userVerification: 'required',
      ...(pin.securityKeyRequired ? { authenticatorAttachment: 'cross-platform' as const } : {}),
    },
  });
}

/**
 * Verify a registration against the challenge issued, the origin and RP ID, with user
 * verification, then against the effective policy (allowed models, device-bound, security key).
 * Stores the passkey, bound to an enrolled device of the user when one is named.
 */
export async function registerPasskey(ctx: ServerContext, rp: RelyingParty, user: User, challenge: string, response: RegistrationResponseJSON, options: { displayName: string; deviceId: string | null }): Promise<Passkey> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: true });
  } catch (err) {
    ctx.log.warn({ event: 'passkey.registration.refused', userId: user.id, reason: (err as Error).message }, 'passkey registration refused');
    throw passkeyInvalid(refusalCode(err));
  }
  if (!verified.verified || !verified.registrationInfo) throw passkeyInvalid('not-verified');
  const info = verified.registrationInfo;
  const candidate = {
    id: info.credential.id, userId: user.id, publicKey: Buffer.from(info.credential.publicKey).toString('base64url'), counter: info.credential.counter,
    transports: (response.response.transports ?? []).slice(0, 8), aaguid: info.aaguid, deviceType: info.credentialDeviceType, backedUp: info.credentialBackedUp,
    attestationFormat: info.fmt, deviceId: options.deviceId, displayName: options.displayName,
  };
  const policy = await effectivePolicyFor(ctx.store, user.tenantId, user.id, options.deviceId);
  const pin = pinPolicyValues(policy.pin);
  const refusal = passkeyPolicyRefusal(candidate, { ...pin, allowedAaguids: policy.passkeys.allowedAaguids });
  if (refusal) {
    const setting = refusal === 'authenticator-model-not-allowed' ? 'passkeys.allowedAaguids' : refusal === 'synced-passkey-not-allowed' ? 'securityDeviceRequired' : 'securityKeyRequired';
    throw new VerityError(IDENTITY_ERRORS.pinPolicy, `This passkey does not meet the policy (${refusal}).`, { status: 422, details: [{ path: '$.response', message: refusal, expected: setting }] });
  }
  if (await ctx.store.passkeys.get(user.tenantId, candidate.id)) throw passkeyInvalid('credential-already-registered');
  return ctx.store.passkeys.create(user.tenantId, candidate);
}

/** Authentication options: the user's passkeys when known, else any discoverable passkey (passwordless, usernameless). */
export async function passkeyAuthenticationOptions(ctx: ServerContext, rp: RelyingParty, tenantId: string, userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allow = userId ? await ctx.store.passkeys.listForUser(tenantId, userId) : [];
  return generateAuthenticationOptions({ rpID: rp.rpId, userVerification: 'required', allowCredentials: allow.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })) });
}

/**
 * Verify an assertion against the one challenge issued for this sign-in (already consumed by the
 * caller, so a replayed assertion can never match), the origin and RP ID, user verification, and
 * a signature counter that must grow (a cloned authenticator shows as a regression). The stored
 * passkey must also still meet the current policy. Returns the passkey's owner.
 */
export async function verifyPasskeyAssertion(ctx: ServerContext, rp: RelyingParty, tenantId: string, expectedUserId: string | null, challenge: string, response: AuthenticationResponseJSON): Promise<{ userId: string; passkey: Passkey }> {
  const passkey = await ctx.store.passkeys.get(tenantId, response.id);
  if (!passkey) throw passkeyInvalid('unknown-credential');
  if (expectedUserId && passkey.userId !== expectedUserId) throw passkeyInvalid('credential-of-another-user');
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: true,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports as AuthenticatorTransport[] },
    });
  } catch (err) {
    throw passkeyInvalid(refusalCode(err));
  }
  if (!verified.verified) throw passkeyInvalid('not-verified');
  const newCounter = verified.authenticationInfo.newCounter;
  if (!(await ctx.store.passkeys.recordUse(tenantId, passkey.id, passkey.counter, newCounter, ctx.now()))) throw passkeyInvalid('counter-race');
  const policy = await effectivePolicyFor(ctx.store, tenantId, passkey.userId, passkey.deviceId);
  const refusal = passkeyPolicyRefusal(passkey, { ...pinPolicyValues(policy.pin), allowedAaguids: policy.passkeys.allowedAaguids });
  if (refusal) throw new VerityError(IDENTITY_ERRORS.pinPolicy, `This passkey no longer meets the policy (${refusal}); register another.`, { status: 403, details: [{ path: '$.response', message: refusal }] });
  return { userId: passkey.userId, passkey };
}

/** A closed code for why @simplewebauthn refused (its messages name the check that failed). */
function refusalCode(err: unknown): string {
  const m = err instanceof Error ? err.message : '';
  if (/origin/i.test(m)) return 'wrong-origin';
  if (/RP ID/i.test(m)) return 'wrong-rp-id';
  if (/challenge/i.test(m)) return 'wrong-challenge';
  if (/counter/i.test(m)) return 'counter-regression';
  if (/user.*verif/i.test(m)) return 'user-not-verified';
  if (/signature/i.test(m)) return 'bad-signature';
  return 'malformed';
}
