/** The inventory's public view of a device (what the API and CLI show). */
export function deviceView(d: {
  id: string; displayName: string; hostname: string | null; platform: string; ownership: string; joinType: string; status: string;
  enrollmentProfileId: string | null; groupTag: string | null; primaryUserId: string | null; osName: string | null; osVersion: string | null;
  model: string | null; manufacturer: string | null; serialNumber: string | null; agentVersion: string | null; complianceState: string;
  noncompliantSince: string | null; riskLevel: string; scopeTags: readonly string[]; extensionAttributes: Record<string, unknown>;
  enrolledAt: string; lastCheckinAt: string | null; updatedAt: string; category?: string | null;
  hardwareProductUuidHash?: string | null; hardwareMachineIdHash?: string | null; replacedByDeviceId?: string | null;
}) {
  return {
    id: d.id, displayName: d.displayName, hostname: d.hostname, platform: d.platform, ownership: d.ownership, joinType: d.joinType, status: d.status,
    enrollmentProfileId: d.enrollmentProfileId, groupTag: d.groupTag, primaryUserId: d.primaryUserId, osName: d.osName, osVersion: d.osVersion,
    model: d.model, manufacturer: d.manufacturer, serialNumber: d.serialNumber, agentVersion: d.agentVersion, complianceState: d.complianceState,
    noncompliantSince: d.noncompliantSince, riskLevel: d.riskLevel, scopeTags: d.scopeTags, category: d.category ?? null, extensionAttributes: d.extensionAttributes,
    enrolledAt: d.enrolledAt, lastCheckinAt: d.lastCheckinAt, updatedAt: d.updatedAt,
    // How re-enrollment recognises the machine (keyed hashes, never the raw ids), and the record that replaced this one.
    hardwareIdentity: { productUuidHash: d.hardwareProductUuidHash ?? null, machineIdHash: d.hardwareMachineIdHash ?? null },
    replacedByDeviceId: d.replacedByDeviceId ?? null,
  };
}
