import { deviceOfStatus, trustTypeOf, type DeviceForAccess, type SnapshotDevice } from '@verity/core';

/**
 * The device the conditional access engine sees for a request: core's one rule (a revoked or
 * retired device satisfies no device control and counts as no device, its last properties kept
 * for device filters) applied to the snapshot's device. No certificate: no device.
 */
export function engineDevice(d: SnapshotDevice | undefined): DeviceForAccess {
  if (!d) return { device: null, deviceRefusal: null };
  return deviceOfStatus(d.status, { id: d.id, isCompliant: d.complianceState === 'compliant', trustType: trustTypeOf(d.joinType), attributes: d.attributes });
}
