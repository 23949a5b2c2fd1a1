import type { PostureFactName } from '../../posture/posture-report.js';
import type { ComplianceReasonCode, SettingResult } from '../compliance-types.js';
import { compareVersions } from '../version-compare.js';
import { COMPLIANT, NONCOMPLIANT, type CheckCompiler } from './compiled-check.js';
import { factMissingRank, factMissingResult, knownValue } from './fact-access.js';
import { settingResultFactory } from './setting-result-factory.js';

/** A lower or upper version bound on one fact (OS version, OS build, agent version). */
function versionBound(
  fact: PostureFactName,
  bound: 'minimum' | 'maximum',
  label: string,
  code: ComplianceReasonCode,
  remediation: string,
): CheckCompiler {
  return (rule, policyId) => {
    const expected = String(rule.expected);
    const r = settingResultFactory(policyId, rule, `${label} is within the required ${bound} ${expected}.`);
    // A fleet reports few distinct versions: remember the outcome per version string, skip the comparison.
    const memo = new Map<string, SettingResult>();
    const evaluate = (v: string): SettingResult => {
      const c = compareVersions(v, expected);
      if (bound === 'minimum' ? c >= 0 : c <= 0) return r.ok(v);
      return r.fail(
        v,
        code,
        (x) => `${label} ${x} is ${bound === 'minimum' ? 'below the minimum' : 'above the maximum'} ${expected}.`,
        remediation,
      );
    };
    const stateMemo = new Map<string, number>();
    return {
      result: (device) => {
        const v = knownValue<string>(device, fact);
        if (typeof v !== 'string') return factMissingResult(device, fact, r);
        let result = memo.get(v);
        if (result === undefined) {
          result = evaluate(v);
          if (memo.size < 512) memo.set(v, result);
        }
        return result;
      },
      state: (device) => {
        const v = knownValue<string>(device, fact);
        if (typeof v !== 'string') return factMissingRank(device, fact);
        let state = stateMemo.get(v);
        if (state === undefined) {
          const c = compareVersions(v, expected);
          state = (bound === 'minimum' ? c >= 0 : c <= 0) ? COMPLIANT : NONCOMPLIANT;
          if (stateMemo.size < 512) stateMemo.set(v, state);
        }
        return state;
      },
    };
  };
}

/** Graph osMinimumVersion / passcode equivalents: os.version >= expected. */
export const osMinimumVersion = versionBound('os.version', 'minimum', 'The OS version', 'os-version-too-low',
  'Update your operating system to the latest version, then sync your device.');
/** Graph osMaximumVersion: os.version <= expected. */
export const osMaximumVersion = versionBound('os.version', 'maximum', 'The OS version', 'os-version-too-high',
  'This OS version is not yet approved by your organization; contact your IT department.');
/** Graph osMinimumBuildVersion (macOS/iOS): os.build >= expected. */
export const osMinimumBuild = versionBound('os.build', 'minimum', 'The OS build', 'os-build-too-low',
  'Install the latest software update, then sync your device.');
/** Graph osMaximumBuildVersion (macOS/iOS): os.build <= expected. */
export const osMaximumBuild = versionBound('os.build', 'maximum', 'The OS build', 'os-build-too-high',
  'This OS build is not yet approved by your organization; contact your IT department.');
/** Verity extension: minimum Verity agent version. */
export const agentMinimumVersion = versionBound('agent.version', 'minimum', 'The Verity agent version', 'agent-version-too-low',
  'Update the Verity agent to the latest version.');

/** One entry of Graph validOperatingSystemBuildRanges (operatingSystemVersionRange). */
export interface OsBuildRange {
  readonly description?: string;
  readonly lowestVersion: string;
  readonly highestVersion: string;
}

/** Graph validOperatingSystemBuildRanges (Windows): os.version must fall in at least one range. */
export const osBuildRanges: CheckCompiler = (rule, policyId) => {
  const ranges = rule.expected as readonly OsBuildRange[];
  const r = settingResultFactory(policyId, rule, 'The OS version is inside an allowed build range.');
  const inRange = (v: string) => {
    for (const range of ranges) {
      if (compareVersions(v, range.lowestVersion) >= 0 && compareVersions(v, range.highestVersion) <= 0) return true;
    }
    return false;
  };
  const stateMemo = new Map<string, number>();
  return {
    result: (device) => {
      const v = knownValue<string>(device, 'os.version');
      if (typeof v !== 'string') return factMissingResult(device, 'os.version', r);
      return inRange(v) ? r.ok(v) : r.fail(v, 'os-build-not-in-allowed-ranges', (x) => `The OS version ${x} is outside every allowed build range.`,
        'Update your operating system to a supported build, then sync your device.');
    },
    state: (device) => {
      const v = knownValue<string>(device, 'os.version');
      if (typeof v !== 'string') return factMissingRank(device, 'os.version');
      let state = stateMemo.get(v);
      if (state === undefined) {
        state = inRange(v) ? COMPLIANT : NONCOMPLIANT;
        if (stateMemo.size < 512) stateMemo.set(v, state);
      }
      return state;
    },
  };
};
