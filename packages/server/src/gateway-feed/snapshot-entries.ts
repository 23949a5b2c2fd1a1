import type { SnapshotApp, SnapshotDevice, SnapshotUser } from '@verity/core';
import type { Device, GatewayAppRecord, Store, User } from '@verity/store';
import { conditionalAccessPlatform } from '../access/sign-in-facts.js';
import { directoryRoleIds } from '../access/directory-roles.js';
import { deviceRuleAttributes } from '../groups/rule-attributes.js';
import type { DeviceComplianceView } from '../compliance/compliance-compute.js';

/**
 * The snapshot's entities, built from store records: one function per entity, used by the full
 * snapshot and by the deltas alike, so the two can never describe an entity differently.
 */

/** An append-only table of ids sent as integers (the snapshot's `groupIds` / `roleIds`). */
export class IdTable {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  /** The integer of an id, appending it when new. */
  of(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }
}

/** A user as gateways see it: enabled or not, groups and directory roles as integers. */
export function userEntry(user: User, groupIds: readonly string[], roles: readonly string[], groups: IdTable, roleTable: IdTable): SnapshotUser {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    enabled: user.status === 'enabled',
    userType: user.userType === 'guest' ? 'guest' : 'member',
    groups: groupIds.map((g) => groups.of(g)),
    roles: directoryRoleIds(roles).map((r) => roleTable.of(r)),
  };
}

const NOT_FAILING = new Set(['compliant', 'notApplicable']);
// Compliance reasons that are not a setting (the device stopped reporting): shown like a failing setting.
const REPORTING_REASONS = new Set(['check-in-expired', 'never-checked-in']);

/** The failing settings of a compliance result, with the fix each names (what the gateway's refusal page lists). */
export function remediationOf(view: DeviceComplianceView | undefined): SnapshotDevice['remediation'] {
  if (!view) return [];
  const out: SnapshotDevice['remediation'] = [];
  for (const r of view.reasons) {
    if (REPORTING_REASONS.has(r.code)) out.push({ policy: 'Compliance status', setting: r.code, reason: r.message.slice(0, 1024), remediation: 'Start the Verity agent on this device so that it checks in, then reload this page.' });
  }
  for (const p of view.policies) {
    for (const s of p.settings) {
      if (NOT_FAILING.has(s.state)) continue;
      out.push({ policy: p.displayName.slice(0, 1024), setting: s.setting.slice(0, 256), reason: s.reason.slice(0, 1024), remediation: s.remediation.slice(0, 2048) });
    }
  }
  return out.slice(0, 50);
}

/** A device as gateways see it: status, compliance, trust, filter attributes, and what to fix. */
export function deviceEntry(device: Device, compliance: DeviceComplianceView | undefined): SnapshotDevice {
  const attributes: SnapshotDevice['attributes'] = {};
  for (const [k, v] of Object.entries(deviceRuleAttributes(device))) if (v !== undefined) attributes[k] = Array.isArray(v) ? [...v] : (v as string | number | boolean | null);
  return {
    id: device.id,
    displayName: device.displayName,
    status: device.status,
    complianceState: device.complianceState,
    joinType: device.joinType,
    platform: conditionalAccessPlatform(device.platform),
    riskLevel: device.riskLevel,
    primaryUserId: device.primaryUserId,
    attributes,
    remediation: device.complianceState === 'compliant' ? [] : remediationOf(compliance),
  };
}

/** An app route as gateways see it. */
export function appEntry(a: GatewayAppRecord): SnapshotApp {
  return { id: a.id, displayName: a.displayName, appId: a.appId, hosts: a.hosts, pathPrefix: a.pathPrefix, upstreamUrl: a.upstreamUrl, enabled: a.enabled };
}

/** One device's entry read from the store, undefined when the device no longer exists. */
export async function readDeviceEntry(store: Store, tenantId: string, deviceId: string): Promise<SnapshotDevice | undefined> {
  const device = await store.devices.get(tenantId, deviceId);
  if (!device) return undefined;
  const compliance = device.complianceState === 'compliant' ? undefined : (await store.deviceCompliance.get<DeviceComplianceView>(tenantId, deviceId))?.result;
  return deviceEntry(device, compliance);
}

/** One user's entry read from the store, undefined when the user no longer exists. */
export async function readUserEntry(store: Store, tenantId: string, userId: string, groups: IdTable, roles: IdTable): Promise<SnapshotUser | undefined> {
  const user = await store.users.get(tenantId, userId);
  if (!user) return undefined;
  const [groupIds, assignments] = await Promise.all([store.groups.groupsOfMember(tenantId, userId), store.roles.list(tenantId, { userId, limit: 500 })]);
  return userEntry(user, groupIds, assignments.map((a) => a.role), groups, roles);
}
