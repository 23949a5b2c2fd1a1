import type { SignInContext, SnapshotDevice } from '@verity/core';

/**
 * THE place where a device record becomes the device the conditional access engine sees.
 * A revoked or retired device satisfies no device control: it is no device at all (the engine
 * then sees a sign-in without a device). The device lifecycle work (issue 11) adds one pure
 * function in `@verity/core` for exactly this mapping; when it lands, this function becomes a
 * call to it.
 */
export function engineDevice(d: SnapshotDevice | undefined): SignInContext['device'] {
  if (!d || d.status !== 'active') return null;
  return {
    id: d.id,
    isCompliant: d.complianceState === 'compliant',
    // The same trust type the control plane's device filters see: corporate join = ServerAD (hybrid joined).
    trustType: d.joinType === 'joined' ? 'ServerAD' : 'Workplace',
    attributes: d.attributes,
  };
}
