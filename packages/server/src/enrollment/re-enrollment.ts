import { hasHardwareIdentity, replacesOnEnrollment, type HardwareIdentity } from '@verity/core';
import type { Device, Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';

/** A device's hardware identity as core's rules read it. */
export function hardwareOf(d: Pick<Device, 'hardwareProductUuidHash' | 'hardwareMachineIdHash'>): HardwareIdentity {
  return { productUuidHash: d.hardwareProductUuidHash, machineIdHash: d.hardwareMachineIdHash };
}

/**
 * Re-enrollment of the same machine: inside the enrollment's transaction, retire the active
 * record(s) the new one replaces (core's `replacesOnEnrollment`: same hardware, same kind, for a
 * personal device the same user). Retiring, not deleting, keeps the old record's history for
 * audit; its certificates are revoked and its pending actions cancelled at once, and it points at
 * its successor. The identity lock makes two concurrent enrollments of one machine take turns, so
 * the later one retires the earlier: one active record, whoever commits last wins.
 */
export async function retireReplacedDevices(tx: Store, input: {
  tenantId: string; newDeviceId: string; ownership: 'corporate' | 'personal'; primaryUserId: string | null; hardware: HardwareIdentity;
  actor: Principal | null; now: Date;
}): Promise<string[]> {
  const { tenantId, hardware, now } = input;
  if (!hasHardwareIdentity(hardware)) return [];
  await tx.devices.lockHardwareIdentity(tenantId, hardware);
  const candidates = await tx.devices.activeWithHardware(tenantId, hardware);
  const newer = { ownership: input.ownership, primaryUserId: input.primaryUserId, hardware };
  const replaced: string[] = [];
  for (const old of candidates) {
    if (old.id === input.newDeviceId || !replacesOnEnrollment(newer, { ...old, hardware: hardwareOf(old) })) continue;
    if (!(await tx.devices.retireReplaced(tenantId, old.id, input.newDeviceId))) continue;
    await tx.certificates.revokeAllForDevice(tenantId, old.id, now.toISOString());
    await tx.jobs.cancelForDevice(tenantId, old.id);
    await recordAudit(tx, tenantId, input.actor, {
      action: 'device.retire', targetType: 'device', targetId: old.id,
      details: { reason: 're-enrolled', replacedBy: input.newDeviceId, previousStatus: old.status, hostname: old.hostname },
    }, now);
    replaced.push(old.id);
  }
  return replaced;
}

/** After commit: tell the gateway and other listeners that the replaced records are retired. */
export function announceReplaced(ctx: ServerContext, tenantId: string, replaced: readonly string[], newDeviceId: string, now: Date): void {
  for (const deviceId of replaced)
    ctx.events.publish({ topic: 'device.status', tenantId, payload: { deviceId, action: 'retire', reason: 're-enrolled', replacedBy: newDeviceId }, at: now.toISOString() });
}
