import { z } from 'zod';
import { DEFAULT_PASSWORD_POLICY, DEFAULT_THROTTLE_POLICY, VerityError, type PasswordPolicy, type PinPolicySettings, type ThrottlePolicy } from '@verity/core';
import type { Store } from '@verity/store';
import { idSchema } from '../../shared/wire.js';
import { IDENTITY_ERRORS } from '../identity-errors.js';
import { jsonPath } from '../../http/problem.js';

/** The tenant-wide PIN and passkey policy (Graph `deviceEnrollmentWindowsHelloForBusinessConfiguration` names); every setting optional. */
export const pinPolicySchema = z.strictObject({
  pinMinimumLength: z.number().int().min(4).max(127).optional(),
  pinMaximumLength: z.number().int().min(4).max(127).optional(),
  pinUppercaseCharactersUsage: z.enum(['allowed', 'required', 'disallowed']).optional(),
  pinLowercaseCharactersUsage: z.enum(['allowed', 'required', 'disallowed']).optional(),
  pinSpecialCharactersUsage: z.enum(['allowed', 'required', 'disallowed']).optional(),
  pinExpirationInDays: z.number().int().min(0).max(730).optional(),
  pinPreviousBlockCount: z.number().int().min(0).max(50).optional(),
  securityDeviceRequired: z.boolean().optional(),
  securityKeyRequired: z.boolean().optional(),
  unlockWithBiometricsEnabled: z.boolean().optional(),
}).refine((p) => p.pinMinimumLength === undefined || p.pinMaximumLength === undefined || p.pinMinimumLength <= p.pinMaximumLength, { message: 'pinMinimumLength must not exceed pinMaximumLength', path: ['pinMinimumLength'] });

const aaguid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'expected an AAGUID (lower-case UUID)');

/** A tenant's identity settings; every member has a default, so a tenant that never set them gets these. */
export const identitySettingsSchema = z.strictObject({
  /** Emergency access accounts: never throttled or locked out; the policy-set analysis flags every policy covering them. */
  breakGlassUserIds: z.array(idSchema).max(20).default([]),
  password: z.strictObject({
    minimumLength: z.number().int().min(8).max(256).default(DEFAULT_PASSWORD_POLICY.minimumLength),
    historyCount: z.number().int().min(0).max(24).default(DEFAULT_PASSWORD_POLICY.historyCount),
  }).default(DEFAULT_PASSWORD_POLICY),
  throttle: z.strictObject({
    freeAttempts: z.number().int().min(1).max(100).default(DEFAULT_THROTTLE_POLICY.freeAttempts),
    baseDelaySeconds: z.number().int().min(1).max(3600).default(DEFAULT_THROTTLE_POLICY.baseDelaySeconds),
    maxDelaySeconds: z.number().int().min(1).max(86_400).default(DEFAULT_THROTTLE_POLICY.maxDelaySeconds),
    resetAfterSeconds: z.number().int().min(60).max(30 * 86_400).default(DEFAULT_THROTTLE_POLICY.resetAfterSeconds),
  }).default(DEFAULT_THROTTLE_POLICY),
  /** The tenant-wide PIN and passkey policy, applied to every device at enrollment. */
  pinPolicy: pinPolicySchema.default({}),
  passkeys: z.strictObject({
    /** Authenticator models allowed to register (empty: any). */
    allowedAaguids: z.array(aaguid).max(500).default([]),
    /** `direct` asks authenticators for attestation (needed to trust the AAGUID); `none` accepts any. */
    attestation: z.enum(['none', 'direct']).default('none'),
  }).default({ allowedAaguids: [], attestation: 'none' }),
  /** How long a portal or console session lasts. */
  sessionHours: z.number().int().min(1).max(24 * 30).default(12),
});
export type IdentitySettings = z.infer<typeof identitySettingsSchema>;

/** The stored settings with defaults filled in (a stored document that no longer validates falls back to defaults, never to nothing). */
export async function loadIdentitySettings(store: Store, tenantId: string): Promise<IdentitySettings> {
  const stored = await store.identitySettings.get(tenantId);
  const parsed = identitySettingsSchema.safeParse(stored?.settings ?? {});
  return parsed.success ? parsed.data : identitySettingsSchema.parse({});
}

/** Validate a settings document at the edge; 400 naming each path. */
export function parseIdentitySettings(json: unknown): IdentitySettings {
  const parsed = identitySettingsSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 50).map((i) => ({ path: jsonPath('$', i.path), message: i.message }));
    throw new VerityError(IDENTITY_ERRORS.settingsInvalid, 'The identity settings are invalid.', { status: 400, details });
  }
  return parsed.data;
}

/** The password, throttle and tenant PIN policy parts in the engine's shapes. */
export function policiesOf(s: IdentitySettings): { password: PasswordPolicy; throttle: ThrottlePolicy; tenantPin: Partial<PinPolicySettings> } {
  return { password: s.password, throttle: s.throttle, tenantPin: s.pinPolicy as Partial<PinPolicySettings> };
}
