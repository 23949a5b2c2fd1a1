import type { ServerContext } from '../context.js';
import type { DevicePrincipal } from '../auth/principal.js';
import { shouldRenew } from '../device-ca/index.js';
import { deviceAccessError } from '../auth/device-auth.js';
import { refreshDeviceGroups } from '../groups/dynamic-membership.js';
import { factsDigest, reportJson, type CheckinBody } from './checkin-schemas.js';

export interface CheckinResponse {
  deviceId: string;
  complianceState: string;
  nextCheckinSeconds: number;
  renewCertificate: boolean;
  commands: { id: string; kind: string; payload: unknown }[];
}

function known<T>(fact: { state: 'known'; value: T } | { state: 'unknown' } | undefined): T | null {
  return fact && fact.state === 'known' ? fact.value : null;
}

/**
 * What a report says, as a fingerprint: two reports with the same facts, platform and agent version
 * are the same posture, whenever they were collected. Built on the facts digest taken when the body
 * was parsed; facts arrive in the agent's fixed order, so a reordering would only cost one history row.
 * Every part but the last has a fixed alphabet without ':' (the digest is 43 base64url characters),
 * so the joined text is unambiguous without hashing it again.
 */
export function postureFingerprint(report: CheckinBody['report']): string {
  return `${report.schemaVersion}:${report.platform}:${factsDigest(report.facts)}:${report.agentVersion}`;
}

/**
 * One check-in: store the posture report in history when it says something new, refresh the inventory fields it carries,
 * record command results and hand out pending commands, all in one transaction. Compliance
 * and group re-evaluation run after commit (they use what the transaction wrote and read).
 */
export async function checkIn(ctx: ServerContext, device: DevicePrincipal, body: CheckinBody): Promise<CheckinResponse> {
  const now = ctx.now();
  const at = now.toISOString();
  const { report } = body;
  const f = report.facts;
  // One store call: it re-checks the certificate and device (a revocation between auth and here
  // still wins) and does the whole write in one transaction.
  const recorded = await ctx.store.checkins.record(device.tenantId, {
    deviceId: device.deviceId,
    certificateSerial: device.certificateSerial,
    posture: { collectedAt: report.collectedAt, report, reportJson: reportJson(report), fingerprint: postureFingerprint(report) },
    inventory: {
      hostname: known(f['device.hostname']), osName: known(f['os.name']), osVersion: known(f['os.version']), model: known(f['device.model']),
      manufacturer: known(f['device.manufacturer']), serialNumber: known(f['device.serialNumber']), agentVersion: report.agentVersion,
    },
    commandResults: body.commandResults.map((r) => ({ commandId: r.commandId, status: r.status, detail: r.detail ?? null })),
    at: now, // a Date: the store need not parse it back
  });
  if (!recorded.ok) throw deviceAccessError(recorded.reason);
  const { before, device: after, commands } = recorded;
  ctx.metrics.checkins.inc();
  const changedInventory = before.osVersion !== after.osVersion || before.hostname !== after.hostname || before.model !== after.model || before.agentVersion !== after.agentVersion;
  // Dynamic groups may change with the inventory; then the groups read in the transaction are stale.
  const groupsChanged = changedInventory && await refreshDeviceGroups(ctx, device.tenantId, device.deviceId);
  // Evaluate the facts just received; the agent sends buffered reports oldest first, so its newest report decides.
  const complianceState = await ctx.compliance.evaluateAfterCheckin(device.tenantId, device.deviceId, now, {
    device: after, facts: report.facts, storedResultJson: recorded.storedComplianceJson, ...(groupsChanged ? {} : { groupIds: recorded.groupIds }),
  });
  ctx.events.publish({ topic: 'device.checkin', tenantId: device.tenantId, payload: { deviceId: device.deviceId, complianceState }, at });
  const interval = ctx.config.checkinIntervalSeconds;
  return {
    deviceId: device.deviceId,
    complianceState,
    nextCheckinSeconds: interval,
    renewCertificate: shouldRenew(device.certificateNotBefore, device.certificateNotAfter, now),
    commands: commands.map((c) => ({ id: c.id, kind: c.kind, payload: c.payload })),
  };
}
