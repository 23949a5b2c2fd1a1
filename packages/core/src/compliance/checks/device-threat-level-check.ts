import { COMPLIANT, NONCOMPLIANT, UNKNOWN, type CheckCompiler } from './compiled-check.js';
import { settingResultFactory } from './setting-result-factory.js';

/**
 * Graph deviceThreatProtectionRequiredSecurityLevel / advancedThreatProtectionRequiredSecurityLevel
 * (deviceThreatProtectionLevel): the device risk must be at or under the level. `secured`
 * means no threats (risk `none`); `unavailable`/`notSet` never reach here (not configured).
 */
const LEVEL_MAX: Record<string, number> = { secured: 0, low: 1, medium: 2, high: 3 };
const RISK_RANK: Record<string, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** Device risk at or under the required level. */
export const deviceThreatLevel: CheckCompiler = (rule, policyId) => {
  const level = String(rule.expected);
  const max = LEVEL_MAX[level] ?? 0;
  const r = settingResultFactory(policyId, rule, `The device risk is at or under "${level}".`);
  return {
    result: (device) => {
      const risk = device.riskLevel;
      const rank = RISK_RANK[risk];
      if (rank === undefined) {
        return r.other('unknown', risk, 'device-risk-unknown', 'The device risk level is not known.',
          'Make sure the threat protection agent is running on your device, then sync it.');
      }
      return rank <= max ? r.ok(risk) : r.fail(risk, 'device-risk-too-high',
        (x) => `The device risk "${x}" is above the allowed "${level}".`,
        'Threats were detected on your device; open your security app, remove the threats, then sync your device.');
    },
    state: (device) => {
      const rank = RISK_RANK[device.riskLevel];
      if (rank === undefined) return UNKNOWN;
      return rank <= max ? COMPLIANT : NONCOMPLIANT;
    },
  };
};
