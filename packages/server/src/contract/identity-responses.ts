import { z } from 'zod';
import { loginResponse } from './inventory-responses.js';

// Response shapes of the sign-in steps and the signed-in user's own methods (identity/sign-in,
// identity/account, identity/settings), as their handlers build them. The WebAuthn options are the
// JSON forms of WebAuthn Level 3 (what @simplewebauthn/browser takes), spelled out so that the
// console's generated types feed the browser's passkey ceremony without a cast.

const iso = z.string();
const transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const hint = z.enum(['hybrid', 'security-key', 'client-device']);
const userVerification = z.enum(['required', 'preferred', 'discouraged']);
const credentialDescriptor = z.object({ id: z.string(), type: z.literal('public-key'), transports: z.array(transport).optional() });
const extensions = z.record(z.string(), z.unknown());

/** WebAuthn `PublicKeyCredentialRequestOptionsJSON` (a sign-in's passkey challenge). */
export const passkeyRequestOptions = z.object({
  challenge: z.string(), timeout: z.number().optional(), rpId: z.string().optional(), allowCredentials: z.array(credentialDescriptor).optional(),
  userVerification: userVerification.optional(), hints: z.array(hint).optional(), extensions: extensions.optional(),
});
/** WebAuthn `PublicKeyCredentialCreationOptionsJSON` (registering a passkey). */
export const passkeyCreationOptions = z.object({
  rp: z.object({ name: z.string(), id: z.string().optional() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string(),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
  timeout: z.number().optional(),
  excludeCredentials: z.array(credentialDescriptor).optional(),
  authenticatorSelection: z.object({
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(), requireResidentKey: z.boolean().optional(),
    residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(), userVerification: userVerification.optional(),
  }).optional(),
  hints: z.array(hint).optional(),
  attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
  attestationFormats: z.array(z.enum(['fido-u2f', 'packed', 'android-safetynet', 'android-key', 'tpm', 'apple', 'none'])).optional(),
  extensions: extensions.optional(),
});

const policySource = z.object({ kind: z.enum(['default', 'tenant', 'profile']), profileId: z.string().optional(), displayName: z.string().optional() });
const effectiveValue = z.object({
  value: z.unknown(), source: policySource,
  /** Profiles that set this setting to another value (the stricter one won). */
  conflicts: z.array(z.object({ profileId: z.string(), displayName: z.string(), value: z.unknown() })),
});
/** The PIN and passkey policy in force for a user, each value with where it comes from (identity/settings/effective-policy.ts). */
export const effectivePolicyResponse = z.object({
  userId: z.string(), deviceId: z.string().nullable(),
  pin: z.record(z.string(), effectiveValue),
  profiles: z.array(z.object({ id: z.string(), displayName: z.string(), viaGroupIds: z.array(z.string()) })),
  password: z.object({ minimumLength: z.number(), historyCount: z.number() }),
  passkeys: z.object({ allowedAaguids: z.array(z.string()), attestation: z.enum(['none', 'direct']) }),
});

const passkey = z.object({
  id: z.string(), displayName: z.string(), aaguid: z.string(), deviceType: z.string(), backedUp: z.boolean(), deviceId: z.string().nullable(), createdAt: iso,
});
/** The signed-in user's methods (GET /me/security). */
export const securityResponse = z.object({
  session: z.object({ methods: z.array(z.string()).nullable(), strength: z.string().nullable(), deviceId: z.string().nullable(), authTime: z.string().nullable() }).nullable(),
  totp: z.object({ status: z.string(), confirmedAt: iso.nullable() }).nullable(),
  recoveryCodesLeft: z.number(),
  passkeys: z.array(passkey.extend({ lastUsedAt: iso.nullable() })),
  devicePins: z.array(z.object({ deviceId: z.string(), displayName: z.string(), set: z.boolean(), setAt: iso.nullable(), expiresAt: iso.nullable() })),
  effectivePolicy: effectivePolicyResponse,
});

/** Route -> response schema for the sign-in steps and the user's own methods. */
export const IDENTITY_RESPONSES: Record<string, z.ZodType> = {
  'POST /api/v1/auth/sign-in/start': z.object({ transaction: z.string(), expiresAt: iso, deviceId: z.string().nullable() }),
  'POST /api/v1/auth/sign-in/passkey-options': z.object({ options: passkeyRequestOptions }),
  'POST /api/v1/auth/sign-in/step': loginResponse,
  'GET /api/v1/me/security': securityResponse,
  'GET /api/v1/me/effective-policy': effectivePolicyResponse,
  'POST /api/v1/me/totp': z.object({ secret: z.string(), otpauthUri: z.string() }),
  'POST /api/v1/me/totp/confirm': z.object({ status: z.literal('active'), recoveryCodes: z.array(z.string()) }),
  'POST /api/v1/me/passkeys/options': z.object({ transaction: z.string(), options: passkeyCreationOptions }),
  'POST /api/v1/me/passkeys': passkey,
  'PUT /api/v1/me/devices/:id/pin': z.object({ deviceId: z.string(), expiresAt: iso.nullable() }),
};
