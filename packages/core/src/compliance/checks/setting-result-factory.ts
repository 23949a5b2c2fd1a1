import type {
  ComplianceReasonCode,
  ComplianceSettingRule,
  SettingResult,
  SettingState,
} from '../compliance-types.js';

/** Builds the results of one rule; the compliant sentence is fixed at compile time so a passing check allocates only its result. */
export interface SettingResultFactory {
  ok(observed: unknown): SettingResult;
  fail(observed: unknown, code: ComplianceReasonCode, reason: string, remediation: string): SettingResult;
  other(state: SettingState, observed: unknown, code: ComplianceReasonCode, reason: string, remediation: string): SettingResult;
}

/** Create the result factory of a rule for one policy. */
export function settingResultFactory(
  policyId: string,
  rule: ComplianceSettingRule,
  compliantReason: string,
): SettingResultFactory {
  const { setting, expected } = rule;
  return {
    ok: (observed) => ({
      policyId,
      setting,
      state: 'compliant',
      observed,
      expected,
      reason: compliantReason,
      remediation: '',
      code: 'requirement-met',
    }),
    fail: (observed, code, reason, remediation) => ({
      policyId,
      setting,
      state: 'noncompliant',
      observed,
      expected,
      reason,
      remediation,
      code,
    }),
    other: (state, observed, code, reason, remediation) => ({
      policyId,
      setting,
      state,
      observed,
      expected,
      reason,
      remediation,
      code,
    }),
  };
}
