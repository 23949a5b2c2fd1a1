import { parseIp, type SignInPlatform } from '@verity/core';
import type { ServerContext } from '../context.js';
import { decideSignIn, refuseUnlessGranted } from '../access/decide-sign-in.js';

/** Verity device platforms as conditional access platforms (Graph `conditionalAccessDevicePlatform`). */
const CA_PLATFORM: Record<string, SignInPlatform> = { windows: 'windows', macos: 'macOS', linux: 'linux', ios: 'iOS', android: 'android' };

/**
 * Registering a personal device is the Entra user action `urn:user:registerdevice`: conditional
 * access decides it like a sign-in (policies targeting that action apply, e.g. "require MFA for
 * device registration"), the decision is written to the sign-in log, and a refusal carries the same
 * problem codes as a refused password sign-in (VERITY_ACCESS_BLOCKED, VERITY_ACCESS_CONTROLS_REQUIRED).
 * Password only, from the agent (a desktop client); report-only policies never refuse.
 */
export async function enforceDeviceRegistration(ctx: ServerContext, input: { tenantId: string; userId: string; ip: string | null; platform: string }): Promise<string> {
  const { decision, signInId } = await decideSignIn(ctx, {
    tenantId: input.tenantId, user: input.userId, userAction: 'urn:user:registerdevice',
    ip: input.ip !== null && parseIp(input.ip) !== null ? input.ip : null,
    clientAppType: 'mobileAppsAndDesktopClients', platform: CA_PLATFORM[input.platform] ?? null,
    satisfied: { mfa: false, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false },
  });
  refuseUnlessGranted(decision, signInId);
  return signInId;
}
