import { describe, expect, it } from 'vitest';
import type { PostureFacts } from '../posture/posture-report.js';
import { compileCompliancePolicy } from './compile-compliance-policy.js';
import type { ComplianceDevice, ComplianceReasonCode, SettingState, TenantComplianceSettings } from './compliance-types.js';
import { evaluateDeviceCompliance } from './evaluate-device-compliance.js';
import { importCompliancePolicy } from './import-compliance-policy.js';
import { unknownFactRemediation } from './checks/fact-access.js';
import { asSentence, joinSentences } from './sentence.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const TENANT: TenantComplianceSettings = { noPolicyAssignedState: 'noncompliant', validityPeriodDays: 30 };
const k = <T>(value: T) => ({ state: 'known' as const, value, source: 'test' });
const unknown = { state: 'unknown' as const, reason: 'permission denied' };

const device = (platform: ComplianceDevice['platform'], facts: PostureFacts, extra: Partial<ComplianceDevice> = {}): ComplianceDevice => ({
  id: 'd1', platform, facts, lastCheckInAt: new Date('2026-03-01T11:00:00Z'), riskLevel: 'none', ...extra,
});

/** Build a one-setting classic policy of a kind. */
const classic = (odata: string, props: Record<string, unknown>, actions: unknown[] = [{ actionType: 'block', gracePeriodHours: 0 }]) =>
  compileCompliancePolicy(importCompliancePolicy({
    '@odata.type': `#microsoft.graph.${odata}`, id: 'p1', displayName: 'P1', ...props,
    scheduledActionsForRule: [{ ruleName: null, scheduledActionConfigurations: actions }],
  }).policy);

const linuxPolicy = (settings: unknown[]) => compileCompliancePolicy(importCompliancePolicy({
  '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy', id: 'l1', name: 'L1', platforms: 'linux', technologies: 'linuxMdm', settings,
}).policy);
const choice = (id: string, on = true) => ({ settingInstance: {
  '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id,
  choiceSettingValue: { value: `${id}_${on}`, children: [] } } });
const simple = (id: string, value: string | number) => ({ settingInstance: {
  '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: id, simpleSettingValue: { value } } });
const distros = (...items: [string, string?, string?][]) => ({ settingInstance: {
  '@odata.type': '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance', settingDefinitionId: 'linux_distribution_alloweddistros',
  groupSettingCollectionValue: items.map(([type, min, max]) => ({ children: [
    { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_$type',
      choiceSettingValue: { value: `linux_distribution_alloweddistros_item_$type_${type}`, children: [] } },
    ...(min ? [simple('linux_distribution_alloweddistros_item_minimumversion', min).settingInstance] : []),
    ...(max ? [simple('linux_distribution_alloweddistros_item_maximumversion', max).settingInstance] : []),
  ] })) } });

const volume = (encrypted: boolean, method: string) => [{ mountPoint: '/', device: '/dev/sda2', encrypted, method, system: true }];

interface Case {
  name: string;
  odata?: string;
  props?: Record<string, unknown>;
  linux?: unknown[];
  platform: ComplianceDevice['platform'];
  facts: PostureFacts;
  risk?: ComplianceDevice['riskLevel'];
  want: [state: SettingState, code: ComplianceReasonCode][];
}

// Data-driven cases (OPA style): device facts + policy → per-setting states and codes.
const CASES: Case[] = [
  { name: 'win os version ok', odata: 'windows10CompliancePolicy', props: { osMinimumVersion: '10.0.19045.3803' }, platform: 'windows',
    facts: { 'os.version': k('10.0.22631.4460') }, want: [['compliant', 'requirement-met']] },
  { name: 'win os version too low', odata: 'windows10CompliancePolicy', props: { osMinimumVersion: '10.0.19045.3803' }, platform: 'windows',
    facts: { 'os.version': k('10.0.19045.2965') }, want: [['noncompliant', 'os-version-too-low']] },
  { name: 'win os version too high', odata: 'windows10CompliancePolicy', props: { osMaximumVersion: '10.0.22631.9999' }, platform: 'windows',
    facts: { 'os.version': k('10.0.26100.1') }, want: [['noncompliant', 'os-version-too-high']] },
  { name: 'os version unknown', odata: 'windows10CompliancePolicy', props: { osMinimumVersion: '10.0.1' }, platform: 'windows',
    facts: { 'os.version': unknown }, want: [['unknown', 'fact-unknown']] },
  { name: 'os version not reported', odata: 'windows10CompliancePolicy', props: { osMinimumVersion: '10.0.1' }, platform: 'windows',
    facts: {}, want: [['unknown', 'fact-not-reported']] },
  { name: 'build ranges', odata: 'windows10CompliancePolicy', props: { validOperatingSystemBuildRanges: [{ lowestVersion: '10.0.22621.0', highestVersion: '10.0.22631.9999' }] },
    platform: 'windows', facts: { 'os.version': k('10.0.19045.1') }, want: [['noncompliant', 'os-build-not-in-allowed-ranges']] },
  { name: 'bitlocker on', odata: 'windows10CompliancePolicy', props: { bitLockerEnabled: true }, platform: 'windows',
    facts: { 'encryption.volumes': k(volume(true, 'bitlocker')) }, want: [['compliant', 'requirement-met']] },
  { name: 'bitlocker: other method', odata: 'windows10CompliancePolicy', props: { bitLockerEnabled: true }, platform: 'windows',
    facts: { 'encryption.volumes': k(volume(true, 'veracrypt')) }, want: [['noncompliant', 'bitlocker-not-enabled']] },
  { name: 'storage encryption: no system volume', odata: 'windows10CompliancePolicy', props: { storageRequireEncryption: true }, platform: 'windows',
    facts: { 'encryption.volumes': k([]) }, want: [['unknown', 'fact-unknown']] },
  { name: 'firewall, secure boot, code integrity, tpm', odata: 'windows10CompliancePolicy',
    props: { activeFirewallRequired: true, secureBootEnabled: true, codeIntegrityEnabled: true, tpmRequired: true }, platform: 'windows',
    facts: { 'firewall.enabled': k(false), 'secureBoot.enabled': k(true), 'codeIntegrity.enabled': unknown, 'tpm.present': k(false) },
    want: [['noncompliant', 'firewall-disabled'], ['compliant', 'requirement-met'], ['unknown', 'fact-unknown'], ['noncompliant', 'tpm-missing']] },
  { name: 'defender family', odata: 'windows10CompliancePolicy',
    props: { defenderEnabled: true, rtpEnabled: true, signatureOutOfDate: true, antivirusRequired: true, antiSpywareRequired: true }, platform: 'windows',
    facts: { 'defender.enabled': k(true), 'defender.realTimeProtection': k(false), 'antivirus.signatureUpToDate': k(false), 'antivirus.enabled': k(true), 'antispyware.enabled': k(false) },
    want: [['compliant', 'requirement-met'], ['noncompliant', 'defender-real-time-protection-disabled'], ['noncompliant', 'antivirus-signatures-out-of-date'],
      ['compliant', 'requirement-met'], ['noncompliant', 'antispyware-disabled']] },
  { name: 'password rules', odata: 'windows10CompliancePolicy',
    props: { passwordRequired: true, passwordMinimumLength: 12, passwordRequiredType: 'alphanumeric', passwordMinutesOfInactivityBeforeLock: 15, passwordExpirationDays: 90 },
    platform: 'windows',
    facts: { 'password.required': k(true), 'password.minLength': k(8), 'password.type': k('numeric'), 'screenLock.enabled': k(true), 'screenLock.idleSeconds': k(600), 'password.maxAgeDays': k(0) },
    want: [['compliant', 'requirement-met'], ['noncompliant', 'password-too-short'], ['noncompliant', 'password-too-simple'], ['compliant', 'requirement-met'],
      ['noncompliant', 'password-expiry-too-long']] },
  { name: 'screen lock too late', odata: 'macOSCompliancePolicy', props: { passwordRequired: true, passwordMinutesOfInactivityBeforeLock: 5 }, platform: 'macos',
    facts: { 'password.required': k(true), 'screenLock.enabled': k(true), 'screenLock.idleSeconds': k(900) },
    want: [['compliant', 'requirement-met'], ['noncompliant', 'screen-lock-too-late']] },
  { name: 'macOS build', odata: 'macOSCompliancePolicy', props: { osMinimumBuildVersion: '23C71' }, platform: 'macos',
    facts: { 'os.build': k('23A344') }, want: [['noncompliant', 'os-build-too-low']] },
  { name: 'macOS FileVault + firewall', odata: 'macOSCompliancePolicy', props: { storageRequireEncryption: true, firewallEnabled: true }, platform: 'macos',
    facts: { 'encryption.volumes': k(volume(true, 'filevault')), 'firewall.enabled': k(true) }, want: [['compliant', 'requirement-met'], ['compliant', 'requirement-met']] },
  { name: 'iOS jailbroken', odata: 'iosCompliancePolicy', props: { securityBlockJailbrokenDevices: true }, platform: 'ios',
    facts: { jailbroken: k(true) }, want: [['noncompliant', 'device-jailbroken']] },
  { name: 'iOS passcode', odata: 'iosCompliancePolicy', props: { passcodeRequired: true, passcodeMinimumLength: 6, passcodeRequiredType: 'numeric' }, platform: 'ios',
    facts: { 'password.required': k(true), 'password.minLength': k(6), 'password.type': k('numeric') },
    want: [['compliant', 'requirement-met'], ['compliant', 'requirement-met'], ['compliant', 'requirement-met']] },
  { name: 'threat level secured vs low risk', odata: 'iosCompliancePolicy', props: { deviceThreatProtectionRequiredSecurityLevel: 'secured' }, platform: 'ios',
    facts: {}, risk: 'low', want: [['noncompliant', 'device-risk-too-high']] },
  { name: 'threat level medium vs medium risk', odata: 'androidWorkProfileCompliancePolicy', props: { deviceThreatProtectionRequiredSecurityLevel: 'medium' }, platform: 'android',
    facts: {}, risk: 'medium', want: [['compliant', 'requirement-met']] },
  { name: 'threat level unknown risk', odata: 'androidDeviceOwnerCompliancePolicy', props: { deviceThreatProtectionRequiredSecurityLevel: 'high' }, platform: 'android',
    facts: {}, risk: 'unknown', want: [['unknown', 'device-risk-unknown']] },
  { name: 'android rooted + alphanumericWithSymbols', odata: 'androidWorkProfileCompliancePolicy',
    props: { securityBlockJailbrokenDevices: true, passwordRequired: true, passwordRequiredType: 'alphanumericWithSymbols' }, platform: 'android',
    facts: { jailbroken: k(false), 'password.required': k(true), 'password.type': k('alphanumeric') },
    want: [['compliant', 'requirement-met'], ['compliant', 'requirement-met'], ['noncompliant', 'password-too-simple']] },
  { name: 'android device owner pending updates', odata: 'androidDeviceOwnerCompliancePolicy', props: { requireNoPendingSystemUpdates: true }, platform: 'android',
    facts: { 'updates.pendingSecurity': k(2) }, want: [['noncompliant', 'too-many-pending-security-updates']] },
  { name: 'agent minimum version', odata: 'windows10CompliancePolicy', props: { verityAgentMinimumVersion: '0.3.0' }, platform: 'windows',
    facts: { 'agent.version': k('0.2.9') }, want: [['noncompliant', 'agent-version-too-low']] },
  { name: 'linux distribution allowed', linux: [distros(['ubuntu', '22.04', '24.04'], ['rhel', '8.8'])], platform: 'linux',
    facts: { 'os.distribution': k('ubuntu'), 'os.version': k('24.04') }, want: [['compliant', 'requirement-met']] },
  { name: 'linux distribution not allowed', linux: [distros(['ubuntu', '22.04'])], platform: 'linux',
    facts: { 'os.distribution': k('fedora'), 'os.version': k('40') }, want: [['noncompliant', 'distribution-not-allowed']] },
  { name: 'linux distribution too old', linux: [distros(['ubuntu', '22.04'])], platform: 'linux',
    facts: { 'os.distribution': k('ubuntu'), 'os.version': k('20.04') }, want: [['noncompliant', 'distribution-version-too-low']] },
  { name: 'linux distribution too new', linux: [distros(['rhel', '8.8', '9.4'])], platform: 'linux',
    facts: { 'os.distribution': k('rhel'), 'os.version': k('10.0') }, want: [['noncompliant', 'distribution-version-too-high']] },
  { name: 'linux encryption + verity extensions', platform: 'linux',
    linux: [choice('linux_deviceencryption_required'), choice('verity_linux_firewall_required'), choice('verity_linux_secureboot_required'),
      choice('verity_linux_automaticupdates_required'), simple('verity_linux_pendingsecurityupdates_maximum', 3), simple('linux_passwordpolicy_minimumlength', 12)],
    facts: { 'encryption.volumes': k(volume(true, 'luks2')), 'firewall.enabled': k(true), 'secureBoot.enabled': unknown,
      'updates.automaticSecurity': k(false), 'updates.pendingSecurity': k(3), 'password.minLength': k(14) },
    want: [['compliant', 'requirement-met'], ['compliant', 'requirement-met'], ['unknown', 'fact-unknown'],
      ['noncompliant', 'automatic-updates-disabled'], ['compliant', 'requirement-met'], ['compliant', 'requirement-met']] },
  { name: 'jailbreak check on a platform without the concept', odata: 'iosCompliancePolicy', props: { securityBlockJailbrokenDevices: true }, platform: 'ios',
    facts: {}, want: [['unknown', 'fact-not-reported']] },
];

describe('evaluateDeviceCompliance: per-setting cases', () => {
  it.each(CASES)('$name', (c) => {
    const policy = c.linux ? linuxPolicy(c.linux) : classic(c.odata!, c.props!);
    const result = evaluateDeviceCompliance({
      device: device(c.platform, c.facts, c.risk ? { riskLevel: c.risk } : {}),
      policies: [policy], settings: TENANT, noncompliantSince: null, now: NOW,
    });
    const got = result.policies[0]!.settings.map((s) => [s.state, s.code]);
    expect(got).toEqual(c.want);
    for (const s of result.policies[0]!.settings) {
      expect(s.reason.length).toBeGreaterThan(0);
      if (s.state === 'noncompliant' || s.state === 'unknown') expect(s.remediation.length).toBeGreaterThan(0);
    }
  });

  it('marks a setting not applicable when the platform has no such concept', () => {
    const p = linuxPolicy([choice('verity_linux_secureboot_required')]);
    // Force-evaluate a Linux rule on an iOS device to exercise the posture contract.
    const r = p.checks[0]!(device('ios', {}));
    expect([r.state, r.code]).toEqual(['notApplicable', 'fact-not-applicable']);
  });
});

describe('evaluateDeviceCompliance: device level', () => {
  const winPolicy = (grace = 0, id = 'p1', props: Record<string, unknown> = { activeFirewallRequired: true }) => compileCompliancePolicy(importCompliancePolicy({
    '@odata.type': '#microsoft.graph.windows10CompliancePolicy', id, displayName: id, ...props,
    scheduledActionsForRule: [{ scheduledActionConfigurations: [{ actionType: 'block', gracePeriodHours: grace }] }],
  }).policy);
  const good = device('windows', { 'firewall.enabled': k(true), 'os.version': k('10.0.22631.1') });
  const bad = device('windows', { 'firewall.enabled': k(false), 'os.version': k('10.0.22631.1') });
  const run = (d: ComplianceDevice, policies = [winPolicy()], extra: Partial<Parameters<typeof evaluateDeviceCompliance>[0]> = {}) =>
    evaluateDeviceCompliance({ device: d, policies, settings: TENANT, noncompliantSince: null, now: NOW, ...extra });

  it('compliant when every policy is', () => {
    const r = run(good);
    expect(r.state).toBe('compliant');
    expect(r.reasons.map((x) => x.code)).toEqual(['all-policies-compliant']);
  });

  it('noncompliant immediately without grace', () => {
    const r = run(bad);
    expect(r.state).toBe('noncompliant');
    expect(r.graceEndsAt).toEqual(NOW);
  });

  it('in grace period until the block action grace runs out', () => {
    const since = new Date('2026-03-01T00:00:00Z');
    const r = run(bad, [winPolicy(24)], { noncompliantSince: since });
    expect(r.state).toBe('inGracePeriod');
    expect(r.graceEndsAt).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(r.reasons.map((x) => x.code)).toContain('in-grace-period');
    const later = run(bad, [winPolicy(24)], { noncompliantSince: since, now: new Date('2026-03-02T00:00:01Z') });
    expect(later.state).toBe('noncompliant');
  });

  it('ignores policies of other platforms; no policy → tenant default', () => {
    const mac = compileCompliancePolicy(importCompliancePolicy({ '@odata.type': '#microsoft.graph.macOSCompliancePolicy', displayName: 'm', firewallEnabled: true }).policy);
    expect(run(bad, [mac]).state).toBe('noncompliant');
    expect(run(bad, [mac]).reasons[0]!.code).toBe('no-policy-assigned');
    expect(evaluateDeviceCompliance({ device: bad, policies: [mac], settings: { ...TENANT, noPolicyAssignedState: 'compliant' }, noncompliantSince: null, now: NOW }).state).toBe('compliant');
  });

  it('noncompliant when the check-in is older than the validity period', () => {
    const stale = { ...good, lastCheckInAt: new Date('2026-01-01T00:00:00Z') };
    const r = run(stale);
    expect(r.state).toBe('noncompliant');
    expect(r.reasons.map((x) => x.code)).toContain('check-in-expired');
  });

  it('notEvaluated when the device never checked in', () => {
    expect(run({ ...good, lastCheckInAt: null }).state).toBe('notEvaluated');
  });

  it('conflict when two policies set OS bounds no device can meet', () => {
    const a = winPolicy(0, 'a', { osMinimumVersion: '10.0.26100.0' });
    const b = winPolicy(0, 'b', { osMaximumVersion: '10.0.22631.9999' });
    const r = run(good, [a, b]);
    expect(r.state).toBe('conflict');
    expect(r.policies.flatMap((p) => p.settings.map((s) => s.code))).toEqual(['policies-conflict', 'policies-conflict']);
  });

  it('unknown beats compliant (deny by default)', () => {
    const r = run(device('windows', { 'firewall.enabled': unknown }));
    expect(r.state).toBe('unknown');
  });

  it('a throwing check becomes an error result, not an exception', () => {
    const evil = device('windows', { 'encryption.volumes': k(null as never) });
    const p = winPolicy(0, 'e', { storageRequireEncryption: true });
    const r = run(evil, [p]);
    expect(['error', 'unknown']).toContain(r.state);
    const facts = new Proxy({}, { get() { throw new Error('boom'); } }) as PostureFacts;
    const r2 = run({ ...good, facts }, [p]);
    expect(r2.state).toBe('error');
    expect(r2.policies[0]!.settings[0]!.code).toBe('evaluation-error');
  });

  it('lists the policy’s not-evaluated settings on the result', () => {
    const p = winPolicy(0, 'n', { activeFirewallRequired: true, earlyLaunchAntiMalwareDriverEnabled: true });
    expect(run(good, [p]).policies[0]!.notEvaluated.map((n) => n.setting)).toEqual(['earlyLaunchAntiMalwareDriverEnabled']);
  });
});

describe('remediation of a setting whose fact could not be read', () => {
  const firewallPolicy = linuxPolicy([choice('verity_linux_firewall_required')]);
  const firewallSetting = (fact: PostureFacts['firewall.enabled']) =>
    evaluateDeviceCompliance({ device: device('linux', { 'firewall.enabled': fact }), policies: [firewallPolicy], settings: TENANT, noncompliantSince: null, now: NOW }).policies[0]!.settings[0]!;

  it('follows the cause: a missing firewall says to install one, a missing right says to run as root, an unsupported host says to ask IT', () => {
    const byCause = new Map((['not-installed', 'needs-admin', 'not-supported', undefined] as const).map((cause) => {
      const s = firewallSetting({ state: 'unknown', reason: 'no firewall tool (ufw, firewall-cmd, nft, iptables) is installed', ...(cause ? { cause } : {}) });
      expect(s).toMatchObject({ state: 'unknown', code: 'fact-unknown' });
      expect(s.remediation).toBe(unknownFactRemediation('firewall.enabled', cause));
      return [cause, s.remediation] as const;
    }));
    // Four causes, four different instructions: never "is the agent running?" when nothing is installed.
    expect(new Set(byCause.values()).size).toBe(4);
    expect(byCause.get('not-installed')).not.toBe(unknownFactRemediation('firewall.enabled', undefined));
  });

  it('ends the reason as a sentence, so the remediation after it does not run on', () => {
    const s = firewallSetting({ state: 'unknown', reason: 'no firewall tool is installed, so the ruleset cannot be read', cause: 'not-installed' });
    expect(s.reason.endsWith('.')).toBe(true);
    expect(joinSentences(s.reason, s.remediation)).not.toMatch(/read [A-Z]/);
  });
});

describe('asSentence', () => {
  it.each([
    ['cannot be read', 'cannot be read.'],
    ['Secure Boot is disabled.', 'Secure Boot is disabled.'],
    ['  trailing space  ', 'trailing space.'],
    ['(see "x".)', '(see "x".)'],
    ['Is it on?', 'Is it on?'],
    ['', ''],
  ])('%j -> %j', (input, out) => expect(asSentence(input)).toBe(out));
});
