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
import { isOsBoundSetting, planFor } from './platform-plan.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Rank per COMPLIANCE_STATE_ORDER (higher is worse); comparisons of interned strings, most frequent first, for the hot loop. */
function rankOf(state: SettingState): number {
  return state === 'compliant' ? 1 : state === 'noncompliant' ? 3 : state === 'unknown' ? 2 : state === 'notApplicable' ? 0 : state === 'error' ? 5 : 4;
}
const BY_RANK: readonly SettingState[] = ['notApplicable', 'compliant', 'unknown', 'noncompliant', 'conflict', 'error'];
const DEVICE_RANK: Record<DeviceComplianceState, number> = {
  error: 6, conflict: 5, noncompliant: 4, inGracePeriod: 3, unknown: 2, notEvaluated: 1, compliant: 0,
};

export interface EvaluateDeviceComplianceInput {
  readonly device: ComplianceDevice;
  /** Treated as immutable: per-platform planning is memoised per array (pass the same array for a whole fleet). */
  readonly policies: readonly CompiledCompliancePolicy[];
  readonly settings: TenantComplianceSettings;
  /** When the current noncompliance episode began, or null if the device was not noncompliant. */
  readonly noncompliantSince: Date | null;
  readonly now: Date;
}

type Reason = { code: DeviceComplianceReasonCode; message: string };

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

  const { applicable, conflict } = planFor(input.policies, device.platform);

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
    const episodeStart = (input.noncompliantSince ?? now).getTime();
    let worst = 0;
    let allNoncompliantInGrace = true;
    let earliestGraceEnd = Infinity;
    for (const p of applicable) {
      const settingResults: SettingResult[] = new Array(p.checks.length);
      let policyWorst = 0;
      for (let i = 0; i < p.checks.length; i++) {
        let r: SettingResult;
        try {
          r = p.checks[i]!(device);
        } catch {
          r = p.errorResults[i]!;
        }
        if (conflict && isOsBoundSetting(r.setting)) r = asConflict(r);
        settingResults[i] = r;
        const rank = rankOf(r.state);
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
      if (policyState !== 'compliant') reasons.push(p.reasons[policyState as keyof CompiledCompliancePolicy['reasons']]);
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
