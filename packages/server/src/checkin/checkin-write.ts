import { VerityError } from '@verity/core';
import type { CheckinWrite, Device } from '@verity/store';
import { factsDigest, reportJson, type CheckinBody } from './checkin-schemas.js';

// What the store writes for a check-in, from its validated body: on the event loop, or on the
// store's writer thread (checkin-pipeline.ts). No I/O, no server context: it runs in both.

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
 * How far ahead of the server's clock a report's collectedAt may be. Device clocks drift; a report
 * from further in the future would stay the device's "latest" posture and shadow every real one.
 */
export const MAX_COLLECTED_AHEAD_MS = 15 * 60_000;

/**
 * The store write for one check-in of `device` with this body, received `at`; the commands it hands
 * out wait `commandLeaseSeconds` for their results before they are offered again.
 */
export function checkinWrite(body: CheckinBody, device: { deviceId: string; certificateSerial: string }, at: Date, commandLeaseSeconds: number): CheckinWrite {
  const { report } = body;
  if (Date.parse(report.collectedAt) > at.getTime() + MAX_COLLECTED_AHEAD_MS) {
    throw new VerityError('VERITY_POSTURE_FROM_FUTURE', `The report was collected at ${report.collectedAt}, more than ${MAX_COLLECTED_AHEAD_MS / 60_000} minutes after the server's time; check the device clock.`, {
      status: 400, details: [{ path: '$.report.collectedAt', message: 'in the future' }],
    });
  }
  const f = report.facts;
  return {
    deviceId: device.deviceId,
    certificateSerial: device.certificateSerial,
    posture: { collectedAt: report.collectedAt, report, reportJson: reportJson(report), fingerprint: postureFingerprint(report) },
    inventory: {
      hostname: known(f['device.hostname']), osName: known(f['os.name']), osVersion: known(f['os.version']), model: known(f['device.model']),
      manufacturer: known(f['device.manufacturer']), serialNumber: known(f['device.serialNumber']), agentVersion: report.agentVersion,
    },
    commandResults: body.commandResults.map((r) => ({ commandId: r.commandId, status: r.status, detail: r.detail ?? null })),
    commandLeaseUntil: new Date(at.getTime() + commandLeaseSeconds * 1000).toISOString(),
    at, // a Date: the store need not parse it back
  };
}

/** Whether a check-in changed what dynamic group rules read of the inventory (then its groups are re-resolved). */
export function groupInventoryChanged(before: Device, after: Device): boolean {
  return before.osVersion !== after.osVersion || before.hostname !== after.hostname || before.model !== after.model || before.agentVersion !== after.agentVersion;
}
