import type { RuleValue } from '@verity/core';

/** Entra's operatingSystem names for Verity platforms (device filters compare against these). */
const OPERATING_SYSTEM: Record<string, string> = { windows: 'Windows', macos: 'macOS', linux: 'Linux', ios: 'iOS', android: 'Android', iot: 'IoT' };

interface DeviceLike {
  id: string; tenantId: string; displayName: string; platform: string; ownership: string; joinType: string; groupTag: string | null;
  osVersion: string | null; model: string | null; manufacturer: string | null; complianceState: string; riskLevel: string;
  agentVersion: string | null; scopeTags: readonly string[]; extensionAttributes: Record<string, unknown>; enrollmentProfileId: string | null;
  category?: string | null;
}
interface UserLike {
  id: string; userPrincipalName: string; displayName: string; status: string; userType: string; department: string | null; jobTitle: string | null;
  attributes: Record<string, unknown>;
}

/**
 * A device as the rule language sees it: Entra's device-filter property names (so policies
 * pasted from Entra work) plus Verity's own attributes.
 */
export function deviceRuleAttributes(d: DeviceLike): Record<string, RuleValue | undefined> {
  const attrs: Record<string, RuleValue | undefined> = {
    deviceId: d.id,
    displayName: d.displayName,
    operatingSystem: OPERATING_SYSTEM[d.platform] ?? d.platform,
    operatingSystemVersion: d.osVersion,
    // One mapping everywhere (filters, dynamic groups, conditional access): a Verity corporate join is
    // what Entra calls ServerAD (hybrid joined, the trust domainJoinedDevice asks for); a personal
    // registration is Workplace (registered).
    trustType: d.joinType === 'joined' ? 'ServerAD' : 'Workplace',
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

/** A user as the rule language sees it (Entra user properties plus Verity's status). */
export function userRuleAttributes(u: UserLike): Record<string, RuleValue | undefined> {
  const attrs: Record<string, RuleValue | undefined> = {
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    accountEnabled: u.status === 'enabled',
    status: u.status,
    userType: u.userType === 'guest' ? 'Guest' : 'Member',
    department: u.department,
    jobTitle: u.jobTitle,
    mail: u.userPrincipalName,
  };
  for (const [k, v] of Object.entries(u.attributes)) {
    if (!(k in attrs) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)) attrs[k] = v;
  }
  return attrs;
}
