import type { ComplianceDevice, ComplianceSettingRule, SettingResult } from '../compliance-types.js';

/** A rule compiled to a closure: device in, one setting result out. */
export type CompiledCheck = (device: ComplianceDevice) => SettingResult;

/**
 * State-only twin of a CompiledCheck for fleet re-evaluation: returns the rank of the setting
 * state (STATE_RANK) and allocates nothing. It mirrors the result closure branch for branch
 * (and throws where it throws); a property test holds the two together.
 */
export type CompiledStateCheck = (device: ComplianceDevice) => number;

/** Both closures of one rule. `state` does not depend on the policy, so it can be shared across policies. */
export interface CompiledRule {
  readonly result: CompiledCheck;
  readonly state: CompiledStateCheck;
}

/** Compiles one rule (of a given check id) for one policy. */
export type CheckCompiler = (rule: ComplianceSettingRule, policyId: string) => CompiledRule;

/** Setting-state ranks (higher is worse), the numeric form of COMPLIANCE_STATE_ORDER. */
export const NOT_APPLICABLE = 0;
export const COMPLIANT = 1;
export const UNKNOWN = 2;
export const NONCOMPLIANT = 3;
export const CONFLICT = 4;
export const ERROR = 5;
