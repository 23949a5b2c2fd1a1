import type { RuleValue } from '../rules/rule-types.js';
import type { SignInContext } from './sign-in-context.js';

/** The device of a sign-in as the engine sees it (null: unregistered). */
export type SignInDevice = NonNullable<SignInContext['device']>;

/**
 * A device record as the control plane stores it (and the gateway's snapshot holds it): the
 * fields conditional access reads. Structural, so the store's `Device` fits without a copy.
 */
export interface DeviceRecordForAccess {
  readonly id: string;
  readonly tenantId: string;
  /** `active`, `revoked` or `retired`; anything but `active` satisfies no device control. */
  readonly status: string;
  readonly displayName: string;
  readonly platform: string;
  readonly ownership: string;
  readonly joinType: string;
  readonly groupTag: string | null;
  readonly osVersion: string | null;
  readonly model: string | null;
  readonly manufacturer: string | null;
  readonly complianceState: string;
  readonly riskLevel: string;
  readonly agentVersion: string | null;
  readonly scopeTags: readonly string[];
  readonly extensionAttributes: Readonly<Record<string, unknown>>;
  readonly enrollmentProfileId: string | null;
  /** Admin-set device category (Entra `deviceCategory`); absent or null when none is set. */
  readonly category?: string | null;
}

/** Why a named device counts as no device at all. */
export type DeviceRefusalReason = 'device-revoked' | 'device-retired' | 'device-deleted' | 'device-not-active';

/**
 * A device the sign-in named but that conditional access does not trust: it satisfies no device
 * control. `lastKnown` holds its last properties (null once deleted) so that device filters which
 * targeted it still do: revoking a device never lifts a policy that applied to it.
 */
export interface DeviceRefusal {
  readonly deviceId: string;
  readonly reason: DeviceRefusalReason;
  /** One sentence naming the device, for explanations and the sign-in log. */
  readonly message: string;
  readonly lastKnown: SignInDevice | null;
}

/** What a sign-in carries about its device: the trusted device (or null) and, when one was refused, why. */
export interface DeviceForAccess {
  readonly device: SignInDevice | null;
  readonly deviceRefusal: DeviceRefusal | null;
}

/** Entra's operatingSystem names for Verity platforms (device filters compare against these). */
const OPERATING_SYSTEM: Record<string, string> = { windows: 'Windows', macos: 'macOS', linux: 'Linux', ios: 'iOS', android: 'Android', iot: 'IoT' };

/**
 * A device as the rule language sees it: Entra's device-filter property names (so policies
 * pasted from Entra work) plus Verity's own attributes. Dynamic groups read the same view.
 */
export function deviceRuleAttributes(d: Omit<DeviceRecordForAccess, 'status'>): Record<string, RuleValue | undefined> {
  const attrs: Record<string, RuleValue | undefined> = {
    deviceId: d.id,
    displayName: d.displayName,
    operatingSystem: OPERATING_SYSTEM[d.platform] ?? d.platform,
    operatingSystemVersion: d.osVersion,
    // One mapping everywhere (filters, dynamic groups, conditional access): a Verity corporate join is
    // what Entra calls ServerAD (hybrid joined, the trust domainJoinedDevice asks for); a personal
    // registration is Workplace (registered).
    trustType: trustTypeOf(d.joinType),
    isCompliant: d.complianceState === 'compliant',
    model: d.model,
    manufacturer: d.manufacturer,
    mdmAppId: 'verity',
    deviceOwnership: d.ownership === 'corporate' ? 'Company' : 'Personal',
    enrollmentProfileName: d.enrollmentProfileId,
    // Entra's admin-set device category (dynamic device groups: device.deviceCategory).
    deviceCategory: d.category ?? null,
    platform: d.platform,
    ownership: d.ownership,
    joinType: d.joinType,
    groupTag: d.groupTag,
    riskLevel: d.riskLevel,
    complianceState: d.complianceState,
    osVersion: d.osVersion,
    agentVersion: d.agentVersion,
    scopeTags: [...d.scopeTags],
    tenantId: d.tenantId,
  };
  for (let i = 1; i <= 15; i++) {
    const v = d.extensionAttributes[`extensionAttribute${i}`];
    attrs[`extensionAttribute${i}`] = typeof v === 'string' ? v : null;
  }
  return attrs;
}

/** Entra's trust type for a Verity join type: a corporate join is ServerAD (what domainJoinedDevice asks for), a registration Workplace. */
export function trustTypeOf(joinType: string): SignInDevice['trustType'] {
  return joinType === 'joined' ? 'ServerAD' : joinType === 'registered' ? 'Workplace' : null;
}

const REFUSAL_OF_STATUS: Record<string, DeviceRefusalReason> = { revoked: 'device-revoked', retired: 'device-retired' };

/**
 * The one rule for every caller of conditional access (what-if, the decision API, the sign-in
 * log, the gateway on its snapshot): a device record becomes the device the engine sees. An
 * active device is itself; a revoked, retired or deleted one (`record` undefined) is no device:
 * every property null, as for a sign-in without one, with the refusal saying why. Any status
 * other than `active` is refused (fail closed), whatever its last compliance state said.
 */
export function deviceForAccess(deviceId: string, record: DeviceRecordForAccess | null | undefined): DeviceForAccess {
  if (record === null || record === undefined) {
    return {
      device: null,
      deviceRefusal: { deviceId, reason: 'device-deleted', message: `Device ${deviceId} is not in the inventory (deleted or never enrolled); it counts as an unregistered device.`, lastKnown: null },
    };
  }
  const seen: SignInDevice = {
    id: record.id,
    isCompliant: record.complianceState === 'compliant',
    trustType: trustTypeOf(record.joinType),
    attributes: deviceRuleAttributes(record),
  };
  return deviceOfStatus(record.status, seen);
}

/**
 * The same rule for a device already mapped to what the engine sees (the gateway's snapshot
 * carries device attributes precomputed): active is itself, any other status is no device, with
 * its last known properties kept for device filters.
 */
export function deviceOfStatus(status: string, seen: SignInDevice): DeviceForAccess {
  if (status === 'active') return { device: seen, deviceRefusal: null };
  const reason = REFUSAL_OF_STATUS[status] ?? 'device-not-active';
  return {
    device: null,
    deviceRefusal: { deviceId: seen.id, reason, message: `Device ${seen.id} is ${status}; it counts as an unregistered device and satisfies no device control.`, lastKnown: seen },
  };
}
