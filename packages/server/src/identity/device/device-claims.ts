import { deviceForAccess } from '@verity/core';
import type { Device } from '@verity/store';

/**
 * The device as identity tokens see it. Whether a device counts at all is core's one rule
 * (`deviceForAccess`): a revoked, retired or deleted device gives no device claims.
 */
export interface SignInDevice {
  id: string;
  trustType: 'ServerAD' | 'Workplace';
  isCompliant: boolean;
  riskLevel: string;
}

/** An active device as the identity provider sees it; null for a revoked or retired device (it gives no device claims). */
export function activeDeviceOf(device: Device | undefined | null): SignInDevice | null {
  if (!device) return null;
  const seen = deviceForAccess(device.id, device).device;
  if (!seen) return null;
  return { id: seen.id, trustType: seen.trustType === 'ServerAD' ? 'ServerAD' : 'Workplace', isCompliant: seen.isCompliant, riskLevel: device.riskLevel };
}

/** The device claims tokens carry (`device_id`, `trust_type`, `is_compliant`, `device_risk_level`); none without an active device. */
export function deviceClaimsOf(device: SignInDevice | null): Record<string, string | boolean> {
  if (!device) return {};
  return { device_id: device.id, trust_type: device.trustType, is_compliant: device.isCompliant, device_risk_level: device.riskLevel };
}
