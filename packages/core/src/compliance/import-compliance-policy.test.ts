import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVerityError, type VerityError } from '../errors/verity-error.js';
import { exportCompliancePolicy } from './export-compliance-policy.js';
import { importCompliancePolicy } from './import-compliance-policy.js';
import { classifyGraphDocument } from '../graph-import/graph-kinds.js';
import { corpusEntries, corpusSkipReason, readCorpusFile } from '../../test/shared-corpus.js';
import { titled } from '../../../../test/skip-reason.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtureDir = path.join(repoRoot, 'packages/core/test/fixtures/graph/compliance');
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort();
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(fixtureDir, name), 'utf8'));

function importError(json: unknown): VerityError {
  try {
    importCompliancePolicy(json);
  } catch (e) {
    if (isVerityError(e)) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}

describe('importCompliancePolicy: fixtures', () => {
  it('has at least two fixtures per kind', () => {
    const kinds = fixtures.map((f) => importCompliancePolicy(load(f)).policy.kind);
    for (const k of ['windows10', 'macOS', 'ios', 'androidWorkProfile', 'androidDeviceOwner', 'linux']) {
      expect(kinds.filter((x) => x === k).length, k).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(fixtures)('%s imports, every property is accounted for, and export round-trips', (f) => {
    const json = load(f);
    const { policy, report } = importCompliancePolicy(json);
    expect(policy.settings.length).toBeGreaterThan(0);
    expect(exportCompliancePolicy(policy)).toEqual(json);
    if (policy.kind !== 'linux') {
      // Honest report: each top-level property lands in exactly one list.
      const listed = [
        ...report.evaluated,
        ...report.notEvaluated.map((n) => n.setting),
        ...report.ignored.map((i) => i.property),
        ...report.notConfigured,
      ];
      expect(new Set(listed).size).toBe(listed.length);
      expect([...listed].sort()).toEqual(Object.keys(json).sort());
    }
  });

  it.each([
    ['windows10-baseline.json', {
      evaluated: ['passwordRequired', 'passwordRequiredToUnlockFromIdle', 'passwordMinutesOfInactivityBeforeLock', 'passwordMinimumLength',
        'passwordRequiredType', 'osMinimumVersion', 'bitLockerEnabled', 'secureBootEnabled', 'codeIntegrityEnabled', 'storageRequireEncryption',
        'activeFirewallRequired', 'defenderEnabled', 'signatureOutOfDate', 'rtpEnabled', 'antivirusRequired', 'antiSpywareRequired',
        'deviceThreatProtectionRequiredSecurityLevel', 'tpmRequired'],
      notEvaluated: ['passwordBlockSimple'],
    }],
    ['windows10-build-ranges.json', {
      evaluated: ['osMinimumVersion', 'osMaximumVersion', 'secureBootEnabled', 'activeFirewallRequired', 'antivirusRequired',
        'deviceThreatProtectionRequiredSecurityLevel', 'validOperatingSystemBuildRanges'],
      notEvaluated: ['passwordMinimumLength', 'requireHealthyDeviceReport', 'earlyLaunchAntiMalwareDriverEnabled', 'defenderVersion'],
    }],
    ['macos-baseline.json', {
      evaluated: ['passwordRequired', 'passwordExpirationDays', 'passwordMinimumLength', 'passwordMinutesOfInactivityBeforeLock',
        'passwordRequiredType', 'osMinimumVersion', 'storageRequireEncryption', 'firewallEnabled'],
      notEvaluated: ['passwordBlockSimple', 'passwordPreviousPasswordBlockCount', 'systemIntegrityProtectionEnabled', 'gatekeeperAllowedAppSource', 'firewallEnableStealthMode'],
    }],
    ['ios-restricted-apps.json', {
      evaluated: ['passcodeExpirationDays', 'passcodeMinimumLength', 'passcodeMinutesOfInactivityBeforeLock', 'passcodeRequiredType',
        'passcodeRequired', 'osMinimumVersion', 'osMaximumVersion', 'osMinimumBuildVersion', 'securityBlockJailbrokenDevices',
        'advancedThreatProtectionRequiredSecurityLevel'],
      notEvaluated: ['passcodeBlockSimple', 'passcodePreviousPasscodeBlockCount', 'passcodeMinimumCharacterSetCount', 'managedEmailProfileRequired', 'restrictedApps'],
    }],
    ['android-work-profile-baseline.json', {
      evaluated: ['passwordRequired', 'passwordMinimumLength', 'passwordRequiredType', 'passwordMinutesOfInactivityBeforeLock',
        'deviceThreatProtectionRequiredSecurityLevel', 'securityBlockJailbrokenDevices', 'osMinimumVersion', 'storageRequireEncryption'],
      notEvaluated: ['minAndroidSecurityPatchLevel', 'securityRequireSafetyNetAttestationBasicIntegrity', 'securityRequireSafetyNetAttestationCertifiedDevice',
        'securityRequireGooglePlayServices', 'securityRequireCompanyPortalAppIntegrity'],
    }],
    ['android-device-owner-baseline.json', {
      evaluated: ['deviceThreatProtectionRequiredSecurityLevel', 'osMinimumVersion', 'passwordRequired', 'passwordMinimumLength', 'passwordRequiredType',
        'passwordMinutesOfInactivityBeforeLock', 'passwordExpirationDays', 'storageRequireEncryption', 'requireNoPendingSystemUpdates'],
      notEvaluated: ['securityRequireSafetyNetAttestationBasicIntegrity', 'minAndroidSecurityPatchLevel', 'passwordPreviousPasswordCountToBlock'],
    }],
    ['linux-verity-extended.json', {
      evaluated: ['linux_distribution_alloweddistros', 'linux_deviceencryption_required', 'verity_linux_firewall_required', 'verity_linux_secureboot_required',
        'verity_linux_automaticupdates_required', 'verity_linux_pendingsecurityupdates_maximum', 'verity_linux_agent_minimumversion'],
      notEvaluated: ['linux_customcompliance_required'],
    }],
    ['linux-ubuntu-rhel.json', {
      evaluated: ['linux_distribution_alloweddistros', 'linux_deviceencryption_required', 'linux_passwordpolicy_minimumlength'],
      notEvaluated: ['linux_passwordpolicy_minimumdigits'],
    }],
  ])('%s reports exactly what is and is not evaluated', (f, want) => {
    const { report } = importCompliancePolicy(load(f));
    expect(report.evaluated).toEqual(want.evaluated);
    expect(report.notEvaluated.map((n) => n.setting)).toEqual(want.notEvaluated);
    for (const n of report.notEvaluated) expect(n.reason.length).toBeGreaterThan(10);
  });

  it('normalises Linux allowed distributions and scheduled actions', () => {
    const { policy } = importCompliancePolicy(load('linux-ubuntu-rhel.json'));
    expect(policy.settings[0]).toMatchObject({
      check: 'linux-allowed-distributions',
      expected: [{ distribution: 'ubuntu', minimumVersion: '22.04', maximumVersion: '24.04' }, { distribution: 'rhel', minimumVersion: '8.8' }],
    });
    expect(policy.scheduledActions.map((a) => a.actionType)).toEqual(['block', 'notification']);
    expect(policy.scheduledActions[1]!.notificationTemplateId).toBe('e7c4a2b1-9f3d-4c5e-8a6b-1d2e3f4a5b6c');
    expect(policy.scheduledActions[0]!.notificationTemplateId).toBeUndefined();
  });

  it('export writes back an edited name and description', () => {
    const { policy } = importCompliancePolicy(load('linux-ubuntu-rhel.json'));
    const out = exportCompliancePolicy({ ...policy, displayName: 'Renamed', description: 'New' });
    expect(out.name).toBe('Renamed');
    expect(out.description).toBe('New');
    const win = importCompliancePolicy(load('windows10-baseline.json')).policy;
    expect(exportCompliancePolicy({ ...win, displayName: 'W' }, { version: 8 })).toMatchObject({ displayName: 'W', version: 8 });
  });

  it('keeps and reports unknown properties instead of dropping them', () => {
    const json = { ...load('macos-baseline.json'), someFutureSetting: true };
    const { policy, report } = importCompliancePolicy(json);
    expect(report.notEvaluated.map((n) => n.setting)).toContain('someFutureSetting');
    expect(policy.notEvaluated.map((n) => n.setting)).toContain('someFutureSetting');
    expect(exportCompliancePolicy(policy).someFutureSetting).toBe(true);
  });
});

describe('importCompliancePolicy: shared corpus', () => {
  const entries = corpusEntries();
  it.skipIf(corpusSkipReason() !== null)(titled('imports every compliance policy of ../shared/corpus/graph as verity import reads it', corpusSkipReason()), () => {
    let imported = 0;
    for (const entry of entries) {
      const file = readCorpusFile(entry);
      if ('error' in file) continue;
      for (const d of file.documents) {
        if (classifyGraphDocument(d.document, d.context).target !== 'compliancePolicy') continue;
        expect(() => importCompliancePolicy(d.document), `${entry.path} ${d.path}`).not.toThrow();
        imported++;
      }
    }
    // 51 classic policies and 3 Linux settings-catalog ones (README of the corpus).
    expect(imported).toBe(54);
  });
});

describe('importCompliancePolicy: bad input', () => {
  const win = () => load('windows10-baseline.json');
  const linux = () => load('linux-ubuntu-rhel.json');
  /** Set one value deep inside a fixture (the path must exist), for bad-input cases. */
  const setAt = (root: unknown, path: readonly (string | number)[], value: unknown): unknown => {
    let node = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path[path.length - 1]!] = value;
    return root;
  };
  const distroGroup0 = '$.settings[0].settingInstance.groupSettingCollectionValue[0].children';

  it.each<[string, () => unknown, string, string[]]>([
    ['not an object', () => 'hello', 'VERITY_COMPLIANCE_POLICY_INVALID', ['$']],
    ['an array', () => [win()], 'VERITY_COMPLIANCE_POLICY_INVALID', ['$']],
    ['null', () => null, 'VERITY_COMPLIANCE_POLICY_INVALID', ['$']],
    ['missing @odata.type', () => ({ displayName: 'x' }), 'VERITY_COMPLIANCE_POLICY_INVALID', ["$['@odata.type']"]],
    ['unknown @odata.type', () => ({ ...win(), '@odata.type': '#microsoft.graph.windows81CompliancePolicy' }), 'VERITY_COMPLIANCE_POLICY_UNSUPPORTED_TYPE', ["$['@odata.type']"]],
    ['wrong type', () => ({ ...win(), passwordMinimumLength: '12' }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.passwordMinimumLength']],
    ['out of range', () => ({ ...win(), passwordMinimumLength: 1000 }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.passwordMinimumLength']],
    ['not an integer', () => ({ ...win(), passwordExpirationDays: 1.5 }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.passwordExpirationDays']],
    ['bad enum', () => ({ ...win(), deviceThreatProtectionRequiredSecurityLevel: 'severe' }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.deviceThreatProtectionRequiredSecurityLevel']],
    ['not a version', () => ({ ...win(), osMinimumVersion: 'latest' }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.osMinimumVersion']],
    ['all problems at once', () => ({ ...win(), displayName: '', passwordMinimumLength: -1, bitLockerEnabled: 'yes' }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.displayName', '$.passwordMinimumLength', '$.bitLockerEnabled']],
    ['huge string in a known field', () => ({ ...win(), displayName: 'x'.repeat(10_000) }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.displayName']],
    ['huge string anywhere', () => ({ ...win(), somethingElse: 'x'.repeat(300_000) }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.somethingElse']],
    ['huge array', () => ({ ...win(), roleScopeTagIds: Array.from({ length: 5000 }, () => '0') }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.roleScopeTagIds']],
    ['bad action type', () => ({ ...win(), scheduledActionsForRule: [{ scheduledActionConfigurations: [{ actionType: 'explode', gracePeriodHours: 0 }] }] }), 'VERITY_COMPLIANCE_POLICY_INVALID',
      ['$.scheduledActionsForRule[0].scheduledActionConfigurations[0].actionType']],
    ['grace period out of range', () => ({ ...win(), scheduledActionsForRule: [{ scheduledActionConfigurations: [{ actionType: 'block', gracePeriodHours: 9000 }] }] }), 'VERITY_COMPLIANCE_POLICY_INVALID',
      ['$.scheduledActionsForRule[0].scheduledActionConfigurations[0].gracePeriodHours']],
    ['linux: not linux', () => ({ ...linux(), platforms: 'windows10' }), 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.platforms']],
    ['linux: bad choice', () => {
      return setAt(linux(), ['settings', 1, 'settingInstance', 'choiceSettingValue', 'value'], 'yes');
    }, 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.settings[1].settingInstance.choiceSettingValue.value']],
    ['linux: length wrong type', () => {
      return setAt(linux(), ['settings', 2, 'settingInstance', 'simpleSettingValue', 'value'], 'twelve');
    }, 'VERITY_COMPLIANCE_POLICY_INVALID', ['$.settings[2].settingInstance.simpleSettingValue.value']],
    ['linux: unknown instance type', () => {
      return setAt(linux(), ['settings', 1, 'settingInstance', '@odata.type'], '#microsoft.graph.somethingElse');
    }, 'VERITY_COMPLIANCE_POLICY_INVALID', ["$.settings[1].settingInstance['@odata.type']"]],
  ])('%s', (_name, make, code, paths) => {
    const e = importError(make());
    expect(e.code).toBe(code);
    expect(e.status).toBe(400);
    expect(e.details.map((d) => d.path).sort()).toEqual([...paths].sort());
  });

  it.each<[string, () => unknown, string]>([
    ['min above max', () => ({ ...win(), osMinimumVersion: '10.0.26100.1', osMaximumVersion: '10.0.19045.1' }), '$.osMinimumVersion'],
    ['build range inverted', () => ({ ...win(), validOperatingSystemBuildRanges: [{ lowestVersion: '10.0.22631.1', highestVersion: '10.0.22621.1' }] }), '$.validOperatingSystemBuildRanges[0].lowestVersion'],
    ['linux: distro min above max', () => setAt(linux(), ['settings', 0, 'settingInstance', 'groupSettingCollectionValue', 0, 'children', 1, 'simpleSettingValue', 'value'], '25.04'),
      `${distroGroup0}[1].simpleSettingValue.value`],
  ])('%s: Intune accepts it, so it imports with a can-never-be-met warning', (_name, make, path) => {
    const { report } = importCompliancePolicy(make());
    expect(report.normalised.map((n) => [n.code, n.path])).toEqual([['can-never-be-met', path]]);
  });

  it('reads enum values in any case, with a note', () => {
    const { policy, report } = importCompliancePolicy({ ...win(), passwordRequiredType: 'AlphaNumeric' });
    expect(policy.graph.passwordRequiredType).toBe('alphanumeric');
    expect(report.normalised).toEqual([expect.objectContaining({ path: '$.passwordRequiredType', code: 'enum-case-normalised' })]);
  });

  it('never throws anything but a VerityError on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      try {
        importCompliancePolicy(v);
      } catch (e) {
        expect(isVerityError(e)).toBe(true);
        expect((e as VerityError).status).toBe(400);
      }
    }), { numRuns: 300 });
  });

  it('never throws anything but a VerityError when fixture properties are mutated', () => {
    const base = fixtures.map(load);
    fc.assert(fc.property(fc.nat(base.length - 1), fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 }), (i, key, value) => {
      const doc = structuredClone(base[i]!);
      const keys = Object.keys(doc);
      const k = keys[key.length % keys.length]!;
      doc[key.length % 2 === 0 ? k : key] = value;
      try {
        const { report } = importCompliancePolicy(doc);
        expect(Array.isArray(report.evaluated)).toBe(true);
      } catch (e) {
        expect(isVerityError(e)).toBe(true);
        for (const d of (e as VerityError).details) expect(d.path.startsWith('$')).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
