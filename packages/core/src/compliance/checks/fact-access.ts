import type { Fact, Platform, PostureFactName, UnknownCause } from '../../posture/posture-report.js';
import { asSentence } from '../sentence.js';
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

/** What to install when a fact's software is missing, for the facts where the answer is specific. */
const INSTALL: Partial<Record<PostureFactName, string>> = {
  'firewall.enabled': 'No firewall is installed. Install one and turn it on (for example "sudo apt install ufw && sudo ufw enable", or firewalld), then sync your device.',
  'firewall.product': 'No firewall is installed. Install one and turn it on (for example "sudo apt install ufw && sudo ufw enable", or firewalld), then sync your device.',
  'encryption.volumes': 'The disk tools the check reads (lsblk, from util-linux) are not installed. Install them, then sync your device.',
  'updates.automaticSecurity': 'The package tools the check reads are not installed. Install automatic security updates (for example unattended-upgrades or dnf-automatic), then sync your device.',
  'updates.pendingSecurity': 'The package manager the check asks is not installed or not usable. Ask your IT department.',
};

/**
 * The remediation for a fact the agent could not read, by its cause: install the missing
 * software, give the agent the rights it needs, or (the host cannot report it) ask IT whether the
 * policy fits the device. Without a cause, the agent itself is what to check.
 */
export function unknownFactRemediation(name: PostureFactName, cause: UnknownCause | undefined): string {
  switch (cause) {
    case 'not-installed':
      return INSTALL[name] ?? 'The software this check reads is not installed on your device. Install it or ask your IT department, then sync your device.';
    case 'needs-admin':
      return 'The Verity agent needs administrator (root) rights to check this. Run it as a service with those rights (see the agent guide) or ask your IT department, then sync your device.';
    case 'not-supported':
      return 'Your device cannot report this setting. Ask your IT department whether this policy should apply to your device.';
    default:
      return UNKNOWN_REMEDIATION;
  }
}

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
    return results.other('unknown', null, 'fact-unknown', asSentence(`The agent could not read "${name}": ${f.reason}`), unknownFactRemediation(name, f.cause));
  }
  return results.other('error', f.value, 'fact-malformed', `The reported "${name}" has an unexpected shape.`, UNKNOWN_REMEDIATION);
}

/** State rank of `factMissingResult` for the same device and fact, without building the result. */
export function factMissingRank(device: ComplianceDevice, name: PostureFactName): number {
  const f = device.facts[name] as Fact<unknown> | undefined;
  if (f === undefined) return ABSENT_CONCEPTS[device.platform]?.has(name) ? NOT_APPLICABLE : UNKNOWN;
  return f.state === 'unknown' ? UNKNOWN : ERROR;
}
