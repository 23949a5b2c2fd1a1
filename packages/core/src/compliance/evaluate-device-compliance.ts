import type { CompiledCompliancePolicy } from './compile-compliance-policy.js';
import type {
  ComplianceDevice,
  DeviceComplianceReasonCode,
  DeviceComplianceResult,
  DeviceComplianceState,
  PolicyComplianceResult,
  SettingResult,
  SettingState,
  TenantComplianceSettings,
} from './compliance-types.js';
import { compareVersions } from './version-compare.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// Ranks per COMPLIANCE_STATE_ORDER (higher is worse); inlined for the hot loop.
const RANK: Record<SettingState, number> = { error: 5, conflict: 4, noncompliant: 3, unknown: 2, compliant: 1, notApplicable: 0 };
const BY_RANK: readonly SettingState[] = ['notApplicable', 'compliant', 'unknown', 'noncompliant', 'conflict', 'error'];
const DEVICE_RANK: Record<DeviceComplianceState, number> = {
  error: 6, conflict: 5, noncompliant: 4, inGracePeriod: 3, unknown: 2, notEvaluated: 1, compliant: 0,
};

export interface EvaluateDeviceComplianceInput {
  readonly device: ComplianceDevice;
  readonly policies: readonly CompiledCompliancePolicy[];
  readonly settings: TenantComplianceSettings;
  /** When the current noncompliance episode began, or null if the device was not noncompliant. */
  readonly noncompliantSince: Date | null;
  readonly now: Date;
}

type Reason = { code: DeviceComplianceReasonCode; message: string };

/**
 * Two applicable policies whose OS bounds cannot both hold (one's minimum above the other's
 * maximum): every device fails one of them whatever it does, so those settings are `conflict`
 * (an admin problem) rather than `noncompliant` (a user problem).
 */
function conflictingOsBounds(policies: readonly CompiledCompliancePolicy[]): boolean {
  let maxOfMins: string | undefined;
  let minOfMaxes: string | undefined;
  for (const p of policies) {
    if (p.osMinimumVersion !== undefined && (maxOfMins === undefined || compareVersions(p.osMinimumVersion, maxOfMins) > 0)) maxOfMins = p.osMinimumVersion;
    if (p.osMaximumVersion !== undefined && (minOfMaxes === undefined || compareVersions(p.osMaximumVersion, minOfMaxes) < 0)) minOfMaxes = p.osMaximumVersion;
  }
  return maxOfMins !== undefined && minOfMaxes !== undefined && compareVersions(maxOfMins, minOfMaxes) > 0;
}

function asConflict(r: SettingResult): SettingResult {
  return {
    ...r,
    state: 'conflict',
    code: 'policies-conflict',
    reason: `Assigned policies set OS version bounds that no device can meet together (${r.setting} ${String(r.expected)}).`,
    remediation: 'Your organization’s policies conflict; contact your IT department.',
  };
}

/**
 * Pure evaluation of one device: every platform-matching policy × setting → results, the
 * overall state (worst setting per COMPLIANCE_STATE_ORDER, then the 'block' grace period
 * turns noncompliant into inGracePeriod) and reasons. Tenant settings apply on top: no
 * applicable policy → noPolicyAssignedState; no check-in within validityPeriodDays →
 * noncompliant; never checked in → notEvaluated.
 */
export function evaluateDeviceCompliance(input: EvaluateDeviceComplianceInput): DeviceComplianceResult {
  const { device, settings, now } = input;
  const nowMs = now.getTime();
  const reasons: Reason[] = [];

  if (device.lastCheckInAt === null) {
    return {
      state: 'notEvaluated',
      policies: [],
      reasons: [{ code: 'never-checked-in', message: 'The device has never checked in, so it has not been evaluated.' }],
      graceEndsAt: null,
    };
  }

  const applicable: CompiledCompliancePolicy[] = [];
  for (const p of input.policies) if (p.platform === device.platform) applicable.push(p);

  let state: DeviceComplianceState;
  let graceEndsAt: Date | null = null;
  const results: PolicyComplianceResult[] = [];

  if (applicable.length === 0) {
    state = settings.noPolicyAssignedState;
    reasons.push({
      code: 'no-policy-assigned',
      message: `No compliance policy applies to this ${device.platform} device; the tenant marks such devices ${state}.`,
    });
  } else {
    const conflict = applicable.length > 1 && conflictingOsBounds(applicable);
    const episodeStart = (input.noncompliantSince ?? now).getTime();
    let worst = 0;
    let allNoncompliantInGrace = true;
    let earliestGraceEnd = Infinity;
    for (const p of applicable) {
      const settingResults: SettingResult[] = new Array(p.checks.length);
      let policyWorst = 0;
      for (let i = 0; i < p.checks.length; i++) {
        let r = p.checks[i]!(device);
        if (conflict && (r.setting === 'osMinimumVersion' || r.setting === 'osMaximumVersion')) r = asConflict(r);
        settingResults[i] = r;
        const rank = RANK[r.state];
        if (rank > policyWorst) policyWorst = rank;
      }
      let policyState: DeviceComplianceState = policyWorst <= 1 ? 'compliant' : (BY_RANK[policyWorst] as DeviceComplianceState);
      if (policyState === 'noncompliant') {
        const graceEnd = episodeStart + p.blockGraceHours * HOUR_MS;
        if (graceEnd < earliestGraceEnd) earliestGraceEnd = graceEnd;
        if (graceEnd > nowMs) policyState = 'inGracePeriod';
        else allNoncompliantInGrace = false;
      }
      if (policyWorst > worst) worst = policyWorst;
      if (policyState !== 'compliant') {
        reasons.push({ code: policyReasonCode(policyState), message: `Policy "${p.displayName}" is ${policyState}.` });
      }
      results.push({ policyId: p.policyId, displayName: p.displayName, state: policyState, settings: settingResults, notEvaluated: p.policy.notEvaluated });
    }
    const worstState = BY_RANK[worst] as SettingState;
    if (worstState === 'noncompliant') {
      graceEndsAt = new Date(earliestGraceEnd);
      state = allNoncompliantInGrace ? 'inGracePeriod' : 'noncompliant';
    } else {
      state = worst <= 1 ? 'compliant' : (worstState as DeviceComplianceState);
    }
    if (state === 'compliant') reasons.push({ code: 'all-policies-compliant', message: 'Every applicable policy is compliant.' });
  }

  // "Compliance status validity period": a device silent for longer is noncompliant.
  const validityMs = settings.validityPeriodDays * DAY_MS;
  if (nowMs - device.lastCheckInAt.getTime() > validityMs && DEVICE_RANK[state] < DEVICE_RANK.noncompliant) {
    state = 'noncompliant';
    reasons.push({
      code: 'check-in-expired',
      message: `The device has not checked in within the ${settings.validityPeriodDays}-day compliance status validity period.`,
    });
  }
  return { state, policies: results, reasons, graceEndsAt };
}

function policyReasonCode(state: DeviceComplianceState): DeviceComplianceReasonCode {
  switch (state) {
    case 'inGracePeriod':
      return 'in-grace-period';
    case 'error':
      return 'policy-error';
    case 'conflict':
      return 'policy-conflict';
    case 'unknown':
      return 'policy-unknown';
    default:
      return 'policy-noncompliant';
  }
}
