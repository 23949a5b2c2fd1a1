import type { Platform } from '../posture/posture-report.js';
import type { CompliancePolicy, DeviceComplianceReasonCode, SettingResult } from './compliance-types.js';
import { CHECK_COMPILERS } from './checks/check-registry.js';
import type { CompiledCheck, CompiledStateCheck } from './checks/compiled-check.js';

/** A policy compiled to closures, ready for repeated evaluation across a fleet. */
export interface CompiledCompliancePolicy {
  readonly policy: CompliancePolicy;
  readonly policyId: string;
  readonly displayName: string;
  readonly platform: Platform;
  readonly checks: readonly CompiledCheck[];
  /** Per check: its state-only twin (rank, no allocation), for fleet re-evaluation. */
  readonly stateChecks: readonly CompiledStateCheck[];
  /** Per check: identity of what it tests (check id + expected value); equal keys give equal states on any device. */
  readonly checkKeys: readonly string[];
  /** Per check: the `error` result to use if it throws. */
  readonly errorResults: readonly SettingResult[];
  /** Precomputed device-level reason per non-compliant policy state (no per-device strings). */
  readonly reasons: Readonly<Record<'inGracePeriod' | 'noncompliant' | 'unknown' | 'error' | 'conflict', { code: DeviceComplianceReasonCode; message: string }>>;
  /** Grace period of the 'block' (mark noncompliant) action; 0 when the policy has none. */
  readonly blockGraceHours: number;
  /** Graph OS bounds of this policy, used to detect policies no device can satisfy together. */
  readonly osMinimumVersion?: string;
  readonly osMaximumVersion?: string;
}

/** The result used when a check throws: the decision goes on and reports an `error` (Cedar-style). */
function errorResult(policyId: string, setting: string, expected: unknown): SettingResult {
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

/** Compile for fast repeated evaluation (closures; no per-device allocation beyond results). */
export function compileCompliancePolicy(policy: CompliancePolicy): CompiledCompliancePolicy {
  const policyId = policy.id ?? policy.displayName;
  const compiled = policy.settings.map((rule) => CHECK_COMPILERS[rule.check](rule, policyId));
  const checks = compiled.map((c) => c.result);
  const stateChecks = compiled.map((c) => c.state);
  const checkKeys = policy.settings.map((rule) => `${rule.check}\u0000${JSON.stringify(rule.expected) ?? 'undefined'}`);
  const errorResults = policy.settings.map((rule) => errorResult(policyId, rule.setting, rule.expected));
  const reason = (code: DeviceComplianceReasonCode, state: string) => ({ code, message: `Policy "${policy.displayName}" is ${state}.` });
  const reasons = {
    inGracePeriod: reason('in-grace-period', 'in its grace period'),
    noncompliant: reason('policy-noncompliant', 'noncompliant'),
    unknown: reason('policy-unknown', 'unknown (facts missing)'),
    error: reason('policy-error', 'in error'),
    conflict: reason('policy-conflict', 'in conflict with another policy'),
  };
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
    stateChecks,
    checkKeys,
    errorResults,
    reasons,
    blockGraceHours,
    ...(typeof min === 'string' ? { osMinimumVersion: min } : {}),
    ...(typeof max === 'string' ? { osMaximumVersion: max } : {}),
  };
}
