import { checkPin, describeSource, pinPolicyValues, VerityError } from '@verity/core';
import type { Store } from '@verity/store';
import type { ServerContext } from '../../context.js';
import { hashPassword, verifyPassword } from '../../auth/secrets.js';
import { effectivePolicyFor } from '../settings/effective-policy.js';
import { IDENTITY_ERRORS, policyViolation } from '../identity-errors.js';

/** Whether the device reported a TPM in its latest posture (hardware-backed keys). */
async function deviceHasTpm(store: Store, tenantId: string, deviceId: string): Promise<boolean> {
  const latest = await store.posture.latest(tenantId, deviceId);
  const fact = (latest?.report as { facts?: Record<string, { state?: string; value?: unknown }> } | undefined)?.facts?.['tpm.present'];
  return fact?.state === 'known' && fact.value === true;
}

/**
 * Set the user's Verity PIN on one of their enrolled, active devices, enforcing the effective
 * PIN policy for that user and device: complexity and length, no reuse of the last
 * `pinPreviousBlockCount` PINs, and a TPM on the device when hardware-backed keys are required.
 * Every violation names its rule and where the rule comes from (tenant-wide or a profile).
 */
export async function setDevicePin(ctx: ServerContext, tenantId: string, userId: string, deviceId: string, pin: string): Promise<{ expiresAt: string | null }> {
  const policy = await effectivePolicyFor(ctx.store, tenantId, userId, deviceId);
  const values = pinPolicyValues(policy.pin);
  const details: { path: string; message: string; expected: string }[] = checkPin(pin, policy.pin).map((v) => ({ path: '$.pin', message: v.message, expected: v.code }));
  if (values.securityDeviceRequired && !(await deviceHasTpm(ctx.store, tenantId, deviceId)))
    details.push({ path: '$.deviceId', message: `This device has no TPM, and hardware-backed keys are required (${describeSource(policy.pin.securityDeviceRequired.source)}).`, expected: 'hardware-key-required' });
  const current = await ctx.store.signInFactors.devicePin(tenantId, userId, deviceId);
  const previous = current ? [current.pinHash, ...current.history] : [];
  if (values.pinPreviousBlockCount > 0) {
    for (const h of previous.slice(0, values.pinPreviousBlockCount)) {
      if (await verifyPassword(pin, h)) {
        details.push({ path: '$.pin', message: `The PIN must differ from your last ${values.pinPreviousBlockCount} PINs (${describeSource(policy.pin.pinPreviousBlockCount.source)}).`, expected: 'pin-reused' });
        break;
      }
    }
  }
  if (details.length > 0) throw policyViolation(IDENTITY_ERRORS.pinPolicy, 'PIN', details);
  const expiresAt = values.pinExpirationInDays > 0 ? new Date(ctx.now().getTime() + values.pinExpirationInDays * 86_400_000).toISOString() : null;
  await ctx.store.signInFactors.putDevicePin(tenantId, userId, deviceId, await hashPassword(pin), previous.slice(0, 50), expiresAt);
  return { expiresAt };
}

/** Why a device PIN was refused at sign-in (closed list, logged). */
export type DevicePinRefusal = 'no-pin' | 'wrong-pin' | 'pin-expired';

/**
 * Check the user's PIN on a proven device. A correct PIN that no longer meets the current policy
 * (made stricter since it was set), or has expired, is refused with the reason, so the user sets a new one.
 */
export async function verifyDevicePin(ctx: ServerContext, tenantId: string, userId: string, deviceId: string, pin: string): Promise<DevicePinRefusal | null> {
  const stored = await ctx.store.signInFactors.devicePin(tenantId, userId, deviceId);
  const ok = await verifyPassword(pin, stored?.pinHash);
  if (!stored) return 'no-pin';
  if (!ok) return 'wrong-pin';
  if (stored.expiresAt !== null && stored.expiresAt <= ctx.now().toISOString()) return 'pin-expired';
  const policy = await effectivePolicyFor(ctx.store, tenantId, userId, deviceId);
  const violations = checkPin(pin, policy.pin);
  if (violations.length > 0) {
    throw new VerityError(IDENTITY_ERRORS.pinPolicy, `Your PIN no longer meets the policy; set a new one. ${violations.map((v) => v.message).join(' ')}`, {
      status: 403, details: violations.map((v) => ({ path: '$.pin', message: v.message, expected: v.code })),
    });
  }
  return null;
}
