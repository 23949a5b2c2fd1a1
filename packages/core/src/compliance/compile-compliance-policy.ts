import type { Platform } from '../posture/posture-report.js';
import type { ComplianceDevice, CompliancePolicy, SettingResult } from './compliance-types.js';
import { CHECK_COMPILERS } from './checks/check-registry.js';
import type { CompiledCheck } from './checks/compiled-check.js';

/** A policy compiled to closures, ready for repeated evaluation across a fleet. */
export interface CompiledCompliancePolicy {
  readonly policy: CompliancePolicy;
  readonly policyId: string;
  readonly displayName: string;
  readonly platform: Platform;
  readonly checks: readonly CompiledCheck[];
  /** Grace period of the 'block' (mark noncompliant) action; 0 when the policy has none. */
  readonly blockGraceHours: number;
  /** Graph OS bounds of this policy, used to detect policies no device can satisfy together. */
  readonly osMinimumVersion?: string;
  readonly osMaximumVersion?: string;
}

/** Wrap a check so a thrown exception becomes an `error` result instead of aborting the decision (Cedar-style). */
function guarded(check: CompiledCheck, policyId: string, setting: string, expected: unknown): CompiledCheck {
  return (device: ComplianceDevice): SettingResult => {
    try {
      return check(device);
    } catch {
      return {
        policyId,
        setting,
        state: 'error',
        observed: null,
        expected,
        reason: `Evaluating ${setting} failed.`,
        remediation: 'Contact your IT department.',
        code: 'evaluation-error',
      };
    }
  };
}

/** Compile for fast repeated evaluation (closures; no per-device allocation beyond results). */
export function compileCompliancePolicy(policy: CompliancePolicy): CompiledCompliancePolicy {
  const policyId = policy.id ?? policy.displayName;
  const checks = policy.settings.map((rule) =>
    guarded(CHECK_COMPILERS[rule.check](rule, policyId), policyId, rule.setting, rule.expected),
  );
  const blocks = policy.scheduledActions.filter((a) => a.actionType === 'block');
  const blockGraceHours = blocks.length === 0 ? 0 : Math.min(...blocks.map((a) => a.gracePeriodHours));
  const min = policy.settings.find((r) => r.check === 'os-minimum-version')?.expected;
  const max = policy.settings.find((r) => r.check === 'os-maximum-version')?.expected;
  return {
    policy,
    policyId,
    displayName: policy.displayName,
    platform: policy.platform,
    checks,
    blockGraceHours,
    ...(typeof min === 'string' ? { osMinimumVersion: min } : {}),
    ...(typeof max === 'string' ? { osMaximumVersion: max } : {}),
  };
}
