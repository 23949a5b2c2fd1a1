import type { Fact, Platform, PostureFactName } from '../../posture/posture-report.js';
import type { ComplianceDevice, SettingResult } from '../compliance-types.js';
import type { SettingResultFactory } from './setting-result-factory.js';
import { ERROR, NOT_APPLICABLE, UNKNOWN } from './compiled-check.js';

/**
 * Reading posture facts for a check. The posture contract says an ABSENT fact means "the
 * platform has no such concept" and `{state:'unknown'}` means "could not be read". Verity
 * honours the first only where the platform really lacks the concept (table below); any
 * other absent fact is `unknown` (not reported), because a device must never become
 * compliant by not sending a fact (deny by default).
 */
const ABSENT_CONCEPTS: Record<Platform, ReadonlySet<PostureFactName>> = {
  windows: new Set(['jailbroken', 'os.distribution']),
  macos: new Set(['jailbroken', 'os.distribution', 'codeIntegrity.enabled', 'defender.enabled', 'defender.realTimeProtection']),
  linux: new Set(['jailbroken', 'codeIntegrity.enabled', 'defender.enabled', 'defender.realTimeProtection']),
  ios: new Set(['secureBoot.enabled', 'codeIntegrity.enabled', 'tpm.present', 'firewall.enabled', 'defender.enabled', 'defender.realTimeProtection', 'os.distribution']),
  android: new Set(['secureBoot.enabled', 'codeIntegrity.enabled', 'tpm.present', 'firewall.enabled', 'defender.enabled', 'defender.realTimeProtection', 'os.distribution']),
  iot: new Set(['jailbroken']),
};

const UNKNOWN_REMEDIATION = 'Make sure the Verity agent is installed, running and up to date, then sync your device.';

/** Known fact value, or undefined when the fact is absent or unknown (then use `factMissingResult`). */
export function knownValue<T>(device: ComplianceDevice, name: PostureFactName): T | undefined {
  const f = device.facts[name] as Fact<T> | undefined;
  return f !== undefined && f.state === 'known' ? f.value : undefined;
}

/** The unknown / not-applicable result for a fact that is absent or could not be read. */
export function factMissingResult(
  device: ComplianceDevice,
  name: PostureFactName,
  results: SettingResultFactory,
): SettingResult {
  const f = device.facts[name] as Fact<unknown> | undefined;
  if (f === undefined) {
    if (ABSENT_CONCEPTS[device.platform]?.has(name)) {
      return results.other(
        'notApplicable',
        null,
        'fact-not-applicable',
        `The ${device.platform} platform has no "${name}"; the setting does not apply.`,
        '',
      );
    }
    return results.other('unknown', null, 'fact-not-reported', `The device did not report "${name}".`, UNKNOWN_REMEDIATION);
  }
  if (f.state === 'unknown') {
    return results.other('unknown', null, 'fact-unknown', `The agent could not read "${name}": ${f.reason}`, UNKNOWN_REMEDIATION);
  }
  return results.other('error', f.value, 'fact-malformed', `The reported "${name}" has an unexpected shape.`, UNKNOWN_REMEDIATION);
}

/** State rank of `factMissingResult` for the same device and fact, without building the result. */
export function factMissingRank(device: ComplianceDevice, name: PostureFactName): number {
  const f = device.facts[name] as Fact<unknown> | undefined;
  if (f === undefined) return ABSENT_CONCEPTS[device.platform]?.has(name) ? NOT_APPLICABLE : UNKNOWN;
  return f.state === 'unknown' ? UNKNOWN : ERROR;
}
