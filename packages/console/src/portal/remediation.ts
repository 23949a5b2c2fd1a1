// What the portal tells a user to fix: every failing setting of every policy, once per setting
// and policy, with the engine's reason and remediation text. Pure, unit-tested.

interface ComplianceLike {
  policies: { policyId: string; displayName: string; settings: { setting: string; state: string; reason: string; remediation: string; code: string }[] }[];
}
export interface FailingSetting { policyId: string; policyName: string; setting: string; code: string; reason: string; remediation: string }

const PASSING = new Set(['compliant', 'notApplicable']);

/** The settings a user has to fix, in policy order. */
export function failingSettings(compliance: ComplianceLike): FailingSetting[] {
  return compliance.policies.flatMap((p) => p.settings.filter((s) => !PASSING.has(s.state)).map((s) => ({
    policyId: p.policyId, policyName: p.displayName, setting: s.setting, code: s.code, reason: s.reason, remediation: s.remediation,
  })));
}
