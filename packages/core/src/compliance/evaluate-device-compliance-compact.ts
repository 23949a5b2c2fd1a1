import type { DeviceComplianceState } from './compliance-types.js';
import type { EvaluateDeviceComplianceInput } from './evaluate-device-compliance.js';
import { compactPlanOf, planFor } from './platform-plan.js';

const DAY_MS = 86_400_000;
const NONCOMPLIANT_RANK = 3;
const ERROR_RANK = 5;
const BY_RANK: readonly DeviceComplianceState[] = ['compliant', 'compliant', 'unknown', 'noncompliant', 'conflict', 'error'];

/**
 * Reusable working memory of `evaluateDeviceComplianceCompact`: one per fleet loop (or worker),
 * so evaluating a device allocates nothing.
 */
export interface ComplianceScratch {
  /** Setting-state ranks of the device platform's deduplicated checks (internal; grows as needed). */
  states: Uint8Array;
  /** When the device's grace period ends (ms since epoch), or NaN: `graceEndsAt` of the full result. */
  graceEndsAtMs: number;
}

/** Create the working memory for `evaluateDeviceComplianceCompact`. */
export function createComplianceScratch(): ComplianceScratch {
  return { states: new Uint8Array(256), graceEndsAtMs: Number.NaN };
}

/**
 * Fleet re-evaluation without results: the same overall state as
 * `evaluateDeviceCompliance(input).state` (and its `graceEndsAt`, in `scratch.graceEndsAtMs`),
 * but checks write state ranks into `scratch` instead of building SettingResult objects, and
 * identical checks across the applicable policies run once. Materialise the explanation
 * (settings, observed/expected values, reasons, remediation) with `evaluateDeviceCompliance`
 * on the same input, only for the devices that need it (e.g. whose state changed).
 */
export function evaluateDeviceComplianceCompact(input: EvaluateDeviceComplianceInput, scratch: ComplianceScratch): DeviceComplianceState {
  const { device, settings } = input;
  scratch.graceEndsAtMs = Number.NaN;
  const lastCheckIn = device.lastCheckInAt;
  if (lastCheckIn === null) return 'notEvaluated';
  const nowMs = input.now.getTime();
  const plan = planFor(input.policies, device.platform);

  let state: DeviceComplianceState;
  if (plan.applicable.length === 0) {
    state = settings.noPolicyAssignedState;
  } else {
    const { unique, slots, slotStart, baseRank, maxBaseRank, graceMs } = compactPlanOf(plan);
    if (scratch.states.length < unique.length) scratch.states = new Uint8Array(unique.length * 2);
    const states = scratch.states;
    // Every unique check sits in some policy, so the device's worst rank is known after this loop.
    let worst = maxBaseRank;
    for (let u = 0; u < unique.length; u++) {
      let rank: number;
      try {
        rank = unique[u]!(device);
      } catch {
        rank = ERROR_RANK; // as the full path: a throwing check is an `error` setting
      }
      states[u] = rank;
      if (rank > worst) worst = rank;
    }
    if (worst === NONCOMPLIANT_RANK) {
      // Only a noncompliant device needs the per-policy pass: grace periods are per policy.
      const episodeStart = input.noncompliantSince === null ? nowMs : input.noncompliantSince.getTime();
      let allNoncompliantInGrace = true;
      let earliestGraceEnd = Infinity;
      for (let p = 0; p < baseRank.length; p++) {
        let policyWorst = baseRank[p]!;
        for (let s = slotStart[p]!, end = slotStart[p + 1]!; s < end; s++) {
          const rank = states[slots[s]!]!;
          if (rank > policyWorst) policyWorst = rank;
        }
        if (policyWorst === NONCOMPLIANT_RANK) {
          const graceEnd = episodeStart + graceMs[p]!;
          if (graceEnd < earliestGraceEnd) earliestGraceEnd = graceEnd;
          if (!(graceEnd > nowMs)) allNoncompliantInGrace = false;
        }
      }
      scratch.graceEndsAtMs = earliestGraceEnd;
      state = allNoncompliantInGrace ? 'inGracePeriod' : 'noncompliant';
    } else {
      state = BY_RANK[worst]!;
    }
  }

  // "Compliance status validity period": as the full path, only states better than noncompliant are overridden.
  if (nowMs - lastCheckIn.getTime() > settings.validityPeriodDays * DAY_MS
    && (state === 'compliant' || state === 'notEvaluated' || state === 'unknown' || state === 'inGracePeriod')) {
    state = 'noncompliant';
  }
  return state;
}
