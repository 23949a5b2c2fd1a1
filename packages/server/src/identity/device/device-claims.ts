import type { Device } from '@verity/store';

/**
 * The device as identity tokens and sign-in decisions see it. THE ONE PLACE that maps a device
 * record for the identity provider: issue 11 adds a pure core function in
 * `packages/core/src/access/` mapping a device record to the device the engine sees (revoked and
 * retired devices included); when it lands, `activeDeviceOf` below calls it instead.
 */
export interface SignInDevice {
  id: string;
  trustType: 'ServerAD' | 'Workplace';
  isCompliant: boolean;
  riskLevel: string;
}

/** An active device as the identity provider sees it; null for a revoked or retired device (it gives no device claims). */
export function activeDeviceOf(device: Device | undefined | null): SignInDevice | null {
  if (!device || device.status !== 'active') return null;
  return {
    id: device.id,
    // Same mapping as sign-in-facts.ts and the device filters: corporate join = ServerAD (hybrid joined), registration = Workplace.
    trustType: device.joinType === 'joined' ? 'ServerAD' : 'Workplace',
    isCompliant: device.complianceState === 'compliant',
    riskLevel: device.riskLevel,
  };
}

/** The device claims tokens carry (`device_id`, `trust_type`, `is_compliant`, `device_risk_level`); none without an active device. */
export function deviceClaimsOf(device: SignInDevice | null): Record<string, string | boolean> {
  if (!device) return {};
  return { device_id: device.id, trust_type: device.trustType, is_compliant: device.isCompliant, device_risk_level: device.riskLevel };
}
