import type { CompiledCompliancePolicy } from './compile-compliance-policy.js';
import type { CompiledStateCheck } from './checks/compiled-check.js';
import { compareVersions } from './version-compare.js';

/**
 * Per (policies array, platform) work done once for a whole fleet: which policies apply,
 * whether their OS bounds conflict, and (for the compact path) the deduplicated checks.
 */
export interface PlatformPlan {
  readonly applicable: readonly CompiledCompliancePolicy[];
  readonly conflict: boolean;
  /** Built on first use by the compact path. */
  compact?: CompactPlan;
}

/**
 * The applicable policies' checks, deduplicated: identical checks (same check id and expected
 * value, e.g. "firewall on" in 12 Windows policies) are evaluated once per device and their
 * state shared. Flat typed arrays keep the per-device loop free of allocation.
 */
export interface CompactPlan {
  /** Distinct state checks; a device's states go to `scratch.states[i]`. */
  readonly unique: readonly CompiledStateCheck[];
  /** Unique-check index of every policy's slots, policy after policy. */
  readonly slots: Uint32Array;
  /** Per applicable policy: its slots are `slots[slotStart[p] .. slotStart[p + 1])`. */
  readonly slotStart: Uint32Array;
  /** Per applicable policy: the rank its settings start from (conflict when its OS bounds are forced to conflict). */
  readonly baseRank: Uint8Array;
  /** The largest `baseRank`. */
  readonly maxBaseRank: number;
  /** Per applicable policy: the 'block' action grace period in ms. */
  readonly graceMs: Float64Array;
}

const HOUR_MS = 3_600_000;
/** Rank of `conflict` in COMPLIANCE_STATE_ORDER terms (see checks/compiled-check.ts). */
const CONFLICT_RANK = 4;

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

/** Settings whose results turn into `conflict` when the applicable OS bounds conflict. */
export function isOsBoundSetting(setting: string): boolean {
  return setting === 'osMinimumVersion' || setting === 'osMaximumVersion';
}

// Fleet re-evaluation passes the same policies array for every device: plan once per array.
const plans = new WeakMap<readonly CompiledCompliancePolicy[], Map<string, PlatformPlan>>();

/** The memoised plan of a policies array for one platform (the array is treated as immutable). */
export function planFor(policies: readonly CompiledCompliancePolicy[], platform: string): PlatformPlan {
  let byPlatform = plans.get(policies);
  if (byPlatform === undefined) plans.set(policies, (byPlatform = new Map()));
  let plan = byPlatform.get(platform);
  if (plan === undefined) {
    const applicable = policies.filter((p) => p.platform === platform);
    plan = { applicable, conflict: applicable.length > 1 && conflictingOsBounds(applicable) };
    byPlatform.set(platform, plan);
  }
  return plan;
}

/** The compact (deduplicated) form of a platform plan, built once. */
export function compactPlanOf(plan: PlatformPlan): CompactPlan {
  if (plan.compact !== undefined) return plan.compact;
  const index = new Map<string, number>();
  const unique: CompiledStateCheck[] = [];
  const slots: number[] = [];
  const n = plan.applicable.length;
  const slotStart = new Uint32Array(n + 1);
  const baseRank = new Uint8Array(n);
  const graceMs = new Float64Array(n);
  plan.applicable.forEach((p, pi) => {
    slotStart[pi] = slots.length;
    graceMs[pi] = p.blockGraceHours * HOUR_MS;
    p.checkKeys.forEach((key, i) => {
      // The full path turns these results into `conflict` whatever the check says (even an error).
      if (plan.conflict && isOsBoundSetting(p.policy.settings[i]!.setting)) {
        baseRank[pi] = CONFLICT_RANK;
        return;
      }
      let u = index.get(key);
      if (u === undefined) {
        u = unique.length;
        index.set(key, u);
        unique.push(p.stateChecks[i]!);
      }
      slots.push(u);
    });
  });
  slotStart[n] = slots.length;
  plan.compact = { unique, slots: Uint32Array.from(slots), slotStart, baseRank, maxBaseRank: Math.max(0, ...baseRank), graceMs };
  return plan.compact;
}
