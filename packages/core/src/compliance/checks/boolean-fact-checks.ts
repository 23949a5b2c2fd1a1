import type { PostureFactName } from '../../posture/posture-report.js';
import type { ComplianceReasonCode } from '../compliance-types.js';
import type { CheckCompiler } from './compiled-check.js';
import { COMPLIANT, NONCOMPLIANT } from './compiled-check.js';
import { factMissingRank, factMissingResult, knownValue } from './fact-access.js';
import { settingResultFactory } from './setting-result-factory.js';

/** A setting that requires one boolean fact to have a given value. */
function booleanFact(
  fact: PostureFactName,
  want: boolean,
  okSentence: string,
  failSentence: string,
  code: ComplianceReasonCode,
  remediation: string,
): CheckCompiler {
  return (rule, policyId) => {
    const r = settingResultFactory(policyId, rule, okSentence);
    const reasonOf = () => failSentence;
    return {
      result: (device) => {
        const v = knownValue<boolean>(device, fact);
        if (typeof v !== 'boolean') return factMissingResult(device, fact, r);
        return v === want ? r.ok(v) : r.fail(v, code, reasonOf, remediation);
      },
      state: (device) => {
        const v = knownValue<boolean>(device, fact);
        if (typeof v !== 'boolean') return factMissingRank(device, fact);
        return v === want ? COMPLIANT : NONCOMPLIANT;
      },
    };
  };
}

/** secureBootEnabled / Linux extension: Secure Boot on. */
export const secureBoot = booleanFact('secureBoot.enabled', true, 'Secure Boot is enabled.', 'Secure Boot is disabled.',
  'secure-boot-disabled', 'Turn on Secure Boot in your device firmware (UEFI) settings; a device that starts in legacy BIOS mode must first be switched to UEFI boot. Ask your IT department for help.');
/** codeIntegrityEnabled: Windows code integrity on. */
export const codeIntegrity = booleanFact('codeIntegrity.enabled', true, 'Code integrity is enabled.', 'Code integrity is disabled.',
  'code-integrity-disabled', 'Your device integrity protection is off; contact your IT department.');
/** tpmRequired: a TPM is present. */
export const tpm = booleanFact('tpm.present', true, 'A TPM is present.', 'No TPM was found.',
  'tpm-missing', 'Enable the TPM (security chip) in your device firmware settings, or contact your IT department.');
/** activeFirewallRequired / firewallEnabled / Linux extension: firewall on. */
export const firewall = booleanFact('firewall.enabled', true, 'The firewall is on.', 'The firewall is off.',
  'firewall-disabled', 'Turn on your firewall.');
/** antivirusRequired: an antivirus is on. */
export const antivirus = booleanFact('antivirus.enabled', true, 'Antivirus is on.', 'No antivirus is on.',
  'antivirus-disabled', 'Turn on your antivirus (for example Microsoft Defender Antivirus).');
/** antiSpywareRequired: an antispyware is on. */
export const antispyware = booleanFact('antispyware.enabled', true, 'Antispyware is on.', 'No antispyware is on.',
  'antispyware-disabled', 'Turn on your antispyware protection.');
/** defenderEnabled: Microsoft Defender Antimalware on. */
export const defender = booleanFact('defender.enabled', true, 'Microsoft Defender is on.', 'Microsoft Defender is off.',
  'defender-disabled', 'Turn on Microsoft Defender Antivirus in Windows Security.');
/** rtpEnabled: Defender real-time protection on. */
export const defenderRealTimeProtection = booleanFact('defender.realTimeProtection', true,
  'Real-time protection is on.', 'Real-time protection is off.', 'defender-real-time-protection-disabled',
  'Turn on real-time protection in Windows Security > Virus & threat protection.');
/** signatureOutOfDate: antivirus signatures must be current. */
export const antivirusSignaturesUpToDate = booleanFact('antivirus.signatureUpToDate', true,
  'Antivirus signatures are up to date.', 'Antivirus signatures are out of date.', 'antivirus-signatures-out-of-date',
  'Update your antivirus definitions (Windows Security > Check for updates).');
/** securityBlockJailbrokenDevices: the device must not be jailbroken/rooted. */
export const notJailbroken = booleanFact('jailbroken', false, 'The device is not jailbroken or rooted.',
  'The device is jailbroken or rooted.', 'device-jailbroken',
  'Jailbroken or rooted devices cannot access company resources; restore the original operating system.');
/** Linux extension: automatic security updates on. */
export const automaticSecurityUpdates = booleanFact('updates.automaticSecurity', true,
  'Automatic security updates are on.', 'Automatic security updates are off.', 'automatic-updates-disabled',
  'Turn on automatic security updates (for example unattended-upgrades or dnf-automatic).');

/** Linux extension / requireNoPendingSystemUpdates: pending security updates <= expected. */
export const maximumPendingSecurityUpdates: CheckCompiler = (rule, policyId) => {
  const max = rule.expected as number;
  const r = settingResultFactory(policyId, rule, `At most ${max} security updates are pending.`);
  return {
    result: (device) => {
      const v = knownValue<number>(device, 'updates.pendingSecurity');
      if (typeof v !== 'number') return factMissingResult(device, 'updates.pendingSecurity', r);
      return v <= max ? r.ok(v) : r.fail(v, 'too-many-pending-security-updates',
        (n) => `${n} security updates are pending, more than ${max}.`, 'Install the pending security updates and restart if asked.');
    },
    state: (device) => {
      const v = knownValue<number>(device, 'updates.pendingSecurity');
      if (typeof v !== 'number') return factMissingRank(device, 'updates.pendingSecurity');
      return v <= max ? COMPLIANT : NONCOMPLIANT;
    },
  };
};
