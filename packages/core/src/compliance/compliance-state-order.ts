import type { DeviceComplianceState, SettingState } from './compliance-types.js';

/**
 * Documented order for "worst state", worst first.
 *
 * Follows Intune's severity order (Error > NonCompliant > Compliant > NotApplicable) with two
 * deliberate changes: `conflict` (two assigned policies that no device can satisfy together)
 * ranks just below `error`, and `unknown` (no data) ranks ABOVE `compliant`, because Verity
 * is deny-by-default: a device is never compliant because a fact could not be read.
 */
export const COMPLIANCE_STATE_ORDER: readonly SettingState[] = [
  'error',
  'conflict',
  'noncompliant',
  'unknown',
  'compliant',
  'notApplicable',
];

/**
 * Device-level order, worst first. `inGracePeriod` is a noncompliant device whose 'block'
 * action grace period is still running; `notEvaluated` means the device never checked in.
 */
export const DEVICE_COMPLIANCE_STATE_ORDER: readonly DeviceComplianceState[] = [
  'error',
  'conflict',
  'noncompliant',
  'inGracePeriod',
  'unknown',
  'notEvaluated',
  'compliant',
];

const SETTING_RANK: Record<SettingState, number> = {
  error: 5,
  conflict: 4,
  noncompliant: 3,
  unknown: 2,
  compliant: 1,
  notApplicable: 0,
};

/** Severity rank of a setting state (higher is worse). */
export function settingStateRank(state: SettingState): number {
  return SETTING_RANK[state];
}

/** The worse of two setting states per COMPLIANCE_STATE_ORDER. */
export function worseSettingState(a: SettingState, b: SettingState): SettingState {
  return SETTING_RANK[a] >= SETTING_RANK[b] ? a : b;
}
