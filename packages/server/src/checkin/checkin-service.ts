import type { z } from 'zod';
import type { ServerContext } from '../context.js';
import type { DevicePrincipal } from '../auth/principal.js';
import { shouldRenew } from '../device-ca/index.js';
import { refreshDeviceGroups } from '../groups/dynamic-membership.js';
import type { checkinBody } from './checkin-schemas.js';

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
 * One check-in: store the posture report in history, refresh the inventory fields it carries,
 * record command results and hand out pending commands, all in one transaction. Compliance
 * and group re-evaluation run after commit (they read what was just written).
 */
export async function checkIn(ctx: ServerContext, device: DevicePrincipal, body: z.infer<typeof checkinBody>): Promise<CheckinResponse> {
  const now = ctx.now();
  const at = now.toISOString();
  const { report } = body;
  const f = report.facts;
  const { commands, changedInventory, after } = await ctx.store.transaction(async (tx) => {
    const before = await tx.devices.get(device.tenantId, device.deviceId);
    await tx.posture.add(device.tenantId, { id: ctx.newId(), deviceId: device.deviceId, collectedAt: report.collectedAt, receivedAt: at, report });
    const fields = {
      hostname: known(f['device.hostname']) ?? before?.hostname ?? null,
      osName: known(f['os.name']) ?? before?.osName ?? null,
      osVersion: known(f['os.version']) ?? before?.osVersion ?? null,
      model: known(f['device.model']) ?? before?.model ?? null,
      manufacturer: known(f['device.manufacturer']) ?? before?.manufacturer ?? null,
      serialNumber: known(f['device.serialNumber']) ?? before?.serialNumber ?? null,
      agentVersion: report.agentVersion,
    };
    const after = await tx.devices.recordCheckin(device.tenantId, device.deviceId, fields, at);
    for (const r of body.commandResults) {
      await tx.commands.complete(device.tenantId, device.deviceId, r.commandId, r.status, r.detail ?? null, at);
    }
    const pending = await tx.commands.pendingFor(device.tenantId, device.deviceId, at);
    const changed = !before || before.osVersion !== fields.osVersion || before.hostname !== fields.hostname || before.model !== fields.model || before.agentVersion !== fields.agentVersion;
    return { commands: pending, changedInventory: changed, after };
  });
  ctx.metrics.checkins.inc();
  if (changedInventory) await refreshDeviceGroups(ctx, device.tenantId, device.deviceId);
  // Evaluate the facts just received; the agent sends buffered reports oldest first, so its newest report decides.
  const complianceState = await ctx.compliance.evaluateAfterCheckin(device.tenantId, device.deviceId, now, after ? { device: after, facts: report.facts } : undefined);
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
