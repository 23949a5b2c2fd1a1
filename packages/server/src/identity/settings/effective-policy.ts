import { effectivePinPolicy, type EffectivePinPolicy, type PinPolicySettings } from '@verity/core';
import type { Store } from '@verity/store';
import { loadIdentitySettings, type IdentitySettings } from './identity-settings.js';

/** The PIN and passkey policy in force for a user (and optionally one of their devices), with where each value comes from. */
export interface EffectivePolicy {
  userId: string;
  deviceId: string | null;
  pin: EffectivePinPolicy;
  /** The account protection profiles that apply (through the user's or the device's groups). */
  profiles: { id: string; displayName: string; viaGroupIds: string[] }[];
  password: IdentitySettings['password'];
  passkeys: IdentitySettings['passkeys'];
}

/**
 * Layer the tenant-wide policy and the profiles assigned to the user's groups (and the device's
 * groups, when a device is named): see core `effectivePinPolicy` for precedence and conflicts.
 */
export async function effectivePolicyFor(store: Store, tenantId: string, userId: string, deviceId: string | null = null): Promise<EffectivePolicy> {
  const [settings, userGroups, deviceGroups, profiles] = await Promise.all([
    loadIdentitySettings(store, tenantId),
    store.groups.groupsOfMember(tenantId, userId),
    deviceId ? store.groups.groupsOfMember(tenantId, deviceId) : Promise.resolve([] as string[]),
    store.protectionProfiles.list(tenantId, { limit: 500 }),
  ]);
  const groups = new Set([...userGroups, ...deviceGroups]);
  const applying = profiles
    .map((p) => ({ p, via: p.groupIds.filter((g) => groups.has(g)) }))
    .filter((x) => x.via.length > 0);
  const pin = effectivePinPolicy(settings.pinPolicy as Partial<PinPolicySettings>, applying.map(({ p }) => ({ id: p.id, displayName: p.displayName, settings: p.settings as Partial<PinPolicySettings> })));
  return {
    userId, deviceId, pin,
    profiles: applying.map(({ p, via }) => ({ id: p.id, displayName: p.displayName, viaGroupIds: via })),
    password: settings.password, passkeys: settings.passkeys,
  };
}
