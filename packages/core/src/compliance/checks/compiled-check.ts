import type { ComplianceDevice, ComplianceSettingRule, SettingResult } from '../compliance-types.js';

/** A rule compiled to a closure: device in, one setting result out. */
export type CompiledCheck = (device: ComplianceDevice) => SettingResult;

/** Compiles one rule (of a given check id) for one policy. */
export type CheckCompiler = (rule: ComplianceSettingRule, policyId: string) => CompiledCheck;
