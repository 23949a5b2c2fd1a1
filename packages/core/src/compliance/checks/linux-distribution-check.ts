import { compareVersions } from '../version-compare.js';
import { COMPLIANT, NONCOMPLIANT, type CheckCompiler } from './compiled-check.js';
import { factMissingRank, factMissingResult, knownValue } from './fact-access.js';
import { settingResultFactory } from './setting-result-factory.js';

/** One allowed distribution of linux_distribution_alloweddistros (a group setting collection item). */
export interface AllowedDistribution {
  /** os-release ID as Intune spells it in the choice value suffix (`ubuntu`, `rhel`). */
  readonly distribution: string;
  readonly minimumVersion?: string;
  readonly maximumVersion?: string;
}

/** linux_distribution_alloweddistros: the device's distribution and version match one allowed entry. */
export const linuxAllowedDistributions: CheckCompiler = (rule, policyId) => {
  const allowed = rule.expected as readonly AllowedDistribution[];
  const names = allowed.map((a) => a.distribution).join(', ');
  const r = settingResultFactory(policyId, rule, 'The Linux distribution and version are allowed.');
  return {
    result: (device) => {
      const distro = knownValue<string>(device, 'os.distribution');
      if (typeof distro !== 'string') return factMissingResult(device, 'os.distribution', r);
      const id = distro.toLowerCase();
      const matching = allowed.filter((a) => a.distribution === id);
      if (matching.length === 0) {
        return r.fail(distro, 'distribution-not-allowed', (d) => `The distribution "${d}" is not one of: ${names}.`,
          'Your Linux distribution is not supported by your organization; contact your IT department.');
      }
      const version = knownValue<string>(device, 'os.version');
      if (typeof version !== 'string') return factMissingResult(device, 'os.version', r);
      let tooLow: string | undefined;
      let tooHigh: string | undefined;
      for (const a of matching) {
        if (a.minimumVersion !== undefined && compareVersions(version, a.minimumVersion) < 0) { tooLow = a.minimumVersion; continue; }
        if (a.maximumVersion !== undefined && compareVersions(version, a.maximumVersion) > 0) { tooHigh = a.maximumVersion; continue; }
        return r.ok({ distribution: distro, version });
      }
      const observed = { distribution: distro, version };
      return tooLow !== undefined
        ? r.fail(observed, 'distribution-version-too-low', () => `${distro} ${version} is below the minimum ${tooLow}.`,
            `Upgrade ${distro} to version ${tooLow} or later.`)
        : r.fail(observed, 'distribution-version-too-high', () => `${distro} ${version} is above the maximum ${String(tooHigh)}.`,
            'This distribution version is not yet approved by your organization; contact your IT department.');
    },
    state: (device) => {
      const distro = knownValue<string>(device, 'os.distribution');
      if (typeof distro !== 'string') return factMissingRank(device, 'os.distribution');
      const id = distro.toLowerCase();
      let matched = false;
      for (const a of allowed) if (a.distribution === id) { matched = true; break; }
      if (!matched) return NONCOMPLIANT;
      const version = knownValue<string>(device, 'os.version');
      if (typeof version !== 'string') return factMissingRank(device, 'os.version');
      for (const a of allowed) {
        if (a.distribution !== id) continue;
        if (a.minimumVersion !== undefined && compareVersions(version, a.minimumVersion) < 0) continue;
        if (a.maximumVersion !== undefined && compareVersions(version, a.maximumVersion) > 0) continue;
        return COMPLIANT;
      }
      return NONCOMPLIANT;
    },
  };
};
