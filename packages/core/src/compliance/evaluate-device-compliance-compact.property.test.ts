import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PostureFacts } from '../posture/posture-report.js';
import { compileCompliancePolicy, type CompiledCompliancePolicy } from './compile-compliance-policy.js';
import { CHECK_COMPILERS } from './checks/check-registry.js';
import { settingStateRank } from './compliance-state-order.js';
import type { ComplianceDevice, DeviceComplianceState } from './compliance-types.js';
import { evaluateDeviceCompliance } from './evaluate-device-compliance.js';
import { createComplianceScratch, evaluateDeviceComplianceCompact } from './evaluate-device-compliance-compact.js';
import { importCompliancePolicy } from './import-compliance-policy.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;

// Facts: known, unknown, absent, and malformed (wrong type, null) so every branch of the checks is reached.
const fact = <T>(value: fc.Arbitrary<T>) =>
  fc.option(fc.oneof(
    { weight: 8, arbitrary: value.map((v) => ({ state: 'known' as const, value: v, source: 'p' })) },
    { weight: 1, arbitrary: fc.constant({ state: 'unknown' as const, reason: 'r' }) },
    { weight: 1, arbitrary: fc.constantFrom({ state: 'known' as const, value: 'garbage', source: 'p' }, { state: 'known' as const, value: 7, source: 'p' }, null) },
  ), { nil: undefined, freq: 6 });
const version = fc.array(fc.constantFrom(0, 1, 8, 10, 12, 14, 15, 17, 18, 22, 24, 19045, 22631), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
const build = fc.constantFrom('22G830', '23A344', '23C71', '24B83', '21F90');
const volumes = fc.array(fc.record({
  mountPoint: fc.constantFrom('/', 'C:', '/data'), device: fc.constant('d'), encrypted: fc.boolean(),
  method: fc.constantFrom('bitlocker', 'BitLocker', 'luks2', 'filevault', 'none'), system: fc.boolean(),
}), { maxLength: 3 });

const factsArb = fc.record({
  'os.version': fact(version), 'os.build': fact(build),
  'os.distribution': fact(fc.constantFrom('ubuntu', 'Ubuntu', 'rhel', 'debian', 'fedora')),
  'encryption.volumes': fact(volumes), 'firewall.enabled': fact(fc.boolean()), 'secureBoot.enabled': fact(fc.boolean()),
  'codeIntegrity.enabled': fact(fc.boolean()), 'tpm.present': fact(fc.boolean()), 'defender.enabled': fact(fc.boolean()),
  'defender.realTimeProtection': fact(fc.boolean()), 'antivirus.enabled': fact(fc.boolean()), 'antispyware.enabled': fact(fc.boolean()),
  'antivirus.signatureUpToDate': fact(fc.boolean()), jailbroken: fact(fc.boolean()), 'password.required': fact(fc.boolean()),
  'password.minLength': fact(fc.nat(20)), 'password.type': fact(fc.constantFrom('none', 'numeric', 'alphanumeric', 'complex')),
  'password.maxAgeDays': fact(fc.nat(400)), 'screenLock.enabled': fact(fc.boolean()), 'screenLock.idleSeconds': fact(fc.nat(3600)),
  'updates.automaticSecurity': fact(fc.boolean()), 'updates.pendingSecurity': fact(fc.nat(20)), 'agent.version': fact(version),
}, { requiredKeys: [] }) as unknown as fc.Arbitrary<PostureFacts>;

/** A mostly healthy fact: the good value, sometimes a bad one, unknown or absent (so `unknown` and grace periods are reached too). */
const mostly = <T>(good: T, bad: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 16, arbitrary: fc.constant({ state: 'known' as const, value: good, source: 'p' }) },
    { weight: 1, arbitrary: bad.map((v) => ({ state: 'known' as const, value: v, source: 'p' })) },
    { weight: 1, arbitrary: fc.constant({ state: 'unknown' as const, reason: 'r' }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const healthyFactsArb = fc.record({
  'os.version': mostly('19045.22631', version), 'os.build': mostly('23C71', build), 'os.distribution': mostly('ubuntu', fc.constantFrom('rhel', 'fedora')),
  'encryption.volumes': mostly([{ mountPoint: '/', device: 'd', encrypted: true, method: 'bitlocker', system: true }], volumes),
  'firewall.enabled': mostly(true, fc.boolean()), 'secureBoot.enabled': mostly(true, fc.boolean()), 'codeIntegrity.enabled': mostly(true, fc.boolean()),
  'tpm.present': mostly(true, fc.boolean()), 'defender.enabled': mostly(true, fc.boolean()), 'defender.realTimeProtection': mostly(true, fc.boolean()),
  'antivirus.enabled': mostly(true, fc.boolean()), 'antispyware.enabled': mostly(true, fc.boolean()), 'antivirus.signatureUpToDate': mostly(true, fc.boolean()),
  jailbroken: mostly(false, fc.boolean()), 'password.required': mostly(true, fc.boolean()), 'password.minLength': mostly(16, fc.nat(20)),
  'password.type': mostly('complex', fc.constantFrom('none', 'numeric', 'alphanumeric')), 'password.maxAgeDays': mostly(20, fc.nat(400)),
  'screenLock.enabled': mostly(true, fc.boolean()), 'screenLock.idleSeconds': mostly(30, fc.nat(3600)), 'updates.automaticSecurity': mostly(true, fc.boolean()),
  'updates.pendingSecurity': mostly(0, fc.nat(20)), 'agent.version': mostly('24', version),
}).map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))) as unknown as fc.Arbitrary<PostureFacts>;

const deviceArb: fc.Arbitrary<ComplianceDevice> = fc.record({
  id: fc.constant('d'),
  platform: fc.constantFrom('windows', 'macos', 'ios', 'android', 'linux') as fc.Arbitrary<ComplianceDevice['platform']>,
  facts: fc.oneof(factsArb, healthyFactsArb),
  lastCheckInAt: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 20 * 60 }).map((m) => new Date(NOW.getTime() - m * 60_000)) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 60 }).map((d) => new Date(NOW.getTime() - d * DAY)) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  riskLevel: fc.constantFrom('none', 'low', 'medium', 'high', 'unknown') as fc.Arbitrary<ComplianceDevice['riskLevel']>,
});

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const actions = fc.array(fc.record({ actionType: fc.constantFrom('block', 'notification', 'retire'), gracePeriodHours: fc.constantFrom(0, 1, 24, 72, 400) }), { maxLength: 3 })
  .map((a) => [{ scheduledActionConfigurations: a }]);
// Lower bounds all sit below upper bounds, so a policy is not rejected as contradictory; conflicts come from conflictPairArb.
const low = fc.constantFrom('1', '8', '10.0.19045', '12.1', '14');
const high = fc.constantFrom('15', '17.5', '18.2', '24', '19045.22631');
const common = {
  displayName: fc.constantFrom('A', 'B'), osMinimumVersion: opt(low), osMaximumVersion: opt(high),
  deviceThreatProtectionRequiredSecurityLevel: opt(fc.constantFrom('secured', 'low', 'medium', 'high', 'unavailable')),
  verityAgentMinimumVersion: opt(version), scheduledActionsForRule: actions,
};
const pw = { passwordRequired: opt(fc.boolean()), passwordMinimumLength: opt(fc.integer({ min: 4, max: 14 })), passwordMinutesOfInactivityBeforeLock: opt(fc.constantFrom(1, 5, 15)) };
const windowsArb = fc.record({
  '@odata.type': fc.constant('#microsoft.graph.windows10CompliancePolicy'), ...common, ...pw,
  passwordRequiredType: opt(fc.constantFrom('alphanumeric', 'numeric', 'deviceDefault')), passwordExpirationDays: opt(fc.constantFrom(30, 90)),
  passwordRequiredToUnlockFromIdle: opt(fc.boolean()), bitLockerEnabled: opt(fc.boolean()), secureBootEnabled: opt(fc.boolean()),
  codeIntegrityEnabled: opt(fc.boolean()), storageRequireEncryption: opt(fc.boolean()), activeFirewallRequired: opt(fc.boolean()),
  defenderEnabled: opt(fc.boolean()), signatureOutOfDate: opt(fc.boolean()), rtpEnabled: opt(fc.boolean()), antivirusRequired: opt(fc.boolean()),
  antiSpywareRequired: opt(fc.boolean()), tpmRequired: opt(fc.boolean()),
  validOperatingSystemBuildRanges: opt(fc.array(fc.record({ lowestVersion: low, highestVersion: high }), { minLength: 1, maxLength: 2 })),
}, { requiredKeys: ['@odata.type', 'displayName', 'scheduledActionsForRule'] });
const macArb = fc.record({
  '@odata.type': fc.constant('#microsoft.graph.macOSCompliancePolicy'), ...common, ...pw,
  osMinimumBuildVersion: opt(fc.constantFrom('22G830', '23A344')), osMaximumBuildVersion: opt(fc.constantFrom('23C71', '24B83')), storageRequireEncryption: opt(fc.boolean()), firewallEnabled: opt(fc.boolean()),
}, { requiredKeys: ['@odata.type', 'displayName', 'scheduledActionsForRule'] });
const iosArb = fc.record({
  '@odata.type': fc.constant('#microsoft.graph.iosCompliancePolicy'), ...common,
  passcodeRequired: opt(fc.boolean()), passcodeMinimumLength: opt(fc.integer({ min: 4, max: 14 })), passcodeRequiredType: opt(fc.constantFrom('numeric', 'alphanumeric')),
  passcodeExpirationDays: opt(fc.constantFrom(30, 90)), securityBlockJailbrokenDevices: opt(fc.boolean()),
}, { requiredKeys: ['@odata.type', 'displayName', 'scheduledActionsForRule'] });
const androidArb = fc.record({
  '@odata.type': fc.constantFrom('#microsoft.graph.androidWorkProfileCompliancePolicy', '#microsoft.graph.androidDeviceOwnerCompliancePolicy'), ...common, ...pw,
  passwordExpirationDays: opt(fc.constantFrom(30, 90)), storageRequireEncryption: opt(fc.boolean()), securityBlockJailbrokenDevices: opt(fc.boolean()),
  requireNoPendingSystemUpdates: opt(fc.boolean()),
}, { requiredKeys: ['@odata.type', 'displayName', 'scheduledActionsForRule'] });

const choice = (id: string) => ({ settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id, choiceSettingValue: { value: `${id}_true`, children: [] } } });
const simple = (id: string, value: string | number) => ({ '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: id, simpleSettingValue: { value } });
const distro = fc.record({ type: fc.constantFrom('ubuntu', 'rhel', 'debian'), min: opt(low), max: opt(high) }).map(({ type, min, max }) => ({ children: [
  { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_$type', choiceSettingValue: { value: `linux_distribution_alloweddistros_item_$type_${type}`, children: [] } },
  ...(min ? [simple('linux_distribution_alloweddistros_item_minimumversion', min)] : []),
  ...(max ? [simple('linux_distribution_alloweddistros_item_maximumversion', max)] : []),
] }));
const linuxArb = fc.record({
  choices: fc.subarray(['linux_deviceencryption_required', 'verity_linux_firewall_required', 'verity_linux_secureboot_required', 'verity_linux_automaticupdates_required']),
  distros: fc.array(distro, { maxLength: 3 }), pending: opt(fc.nat(5)), minLength: opt(fc.integer({ min: 4, max: 16 })), actions,
}).map(({ choices, distros, pending, minLength, actions: a }) => ({
  '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy', name: 'L', platforms: 'linux', technologies: 'linuxMdm', scheduledActionsForRule: a,
  settings: [
    ...choices.map(choice),
    ...(distros.length ? [{ settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance', settingDefinitionId: 'linux_distribution_alloweddistros', groupSettingCollectionValue: distros } }] : []),
    ...(pending !== undefined ? [{ settingInstance: simple('verity_linux_pendingsecurityupdates_maximum', pending) }] : []),
    ...(minLength !== undefined ? [{ settingInstance: simple('linux_passwordpolicy_minimumlength', minLength) }] : []),
  ],
}));

/** Two policies of one kind whose OS bounds cannot both hold (the `conflict` state). */
const conflictPairArb = fc.constantFrom('windows10', 'macOS', 'ios', 'androidWorkProfile', 'androidDeviceOwner').chain((kind) =>
  actions.map((a) => [
    { '@odata.type': `#microsoft.graph.${kind}CompliancePolicy`, displayName: 'Min', osMinimumVersion: '15', scheduledActionsForRule: a },
    { '@odata.type': `#microsoft.graph.${kind}CompliancePolicy`, displayName: 'Max', osMaximumVersion: '12.1', passwordRequired: true, scheduledActionsForRule: a },
  ]));

/** Random valid policies (several per platform, so duplicates and OS-bound conflicts occur); rejected imports are dropped. */
const policiesArb: fc.Arbitrary<CompiledCompliancePolicy[]> = fc.tuple(
  fc.array(fc.oneof(windowsArb, macArb, iosArb, androidArb, linuxArb), { maxLength: 8 }),
  fc.option(conflictPairArb, { nil: [], freq: 2 }),
).map(([random, pair]) => [...random, ...pair].flatMap((d, i) => {
  try {
    // Absent optional settings come out of fc.record as `undefined`, which is not JSON: drop them.
    const json = JSON.parse(JSON.stringify(d)) as unknown;
    return [compileCompliancePolicy({ ...importCompliancePolicy(json).policy, id: `p${i}` })];
  } catch {
    return [];
  }
}));
const sinceArb = fc.option(fc.integer({ min: 0, max: 30 * 24 }).map((h) => new Date(NOW.getTime() - h * 3_600_000)), { nil: null });
const tenantArb = fc.record({ noPolicyAssignedState: fc.constantFrom('compliant', 'noncompliant') as fc.Arbitrary<'compliant'>, validityPeriodDays: fc.constantFrom(1, 30) });

/** A check's state rank, or the error rank when it throws (as both evaluation paths do). */
const guarded = (f: () => number) => {
  try {
    return f();
  } catch {
    return settingStateRank('error');
  }
};

describe('evaluateDeviceComplianceCompact', () => {
  it('gives the state and grace end of concrete cases', () => {
    const win = (id: string, props: Record<string, unknown>, grace: number) => compileCompliancePolicy({ ...importCompliancePolicy({
      '@odata.type': '#microsoft.graph.windows10CompliancePolicy', displayName: id, ...props,
      scheduledActionsForRule: [{ scheduledActionConfigurations: [{ actionType: 'block', gracePeriodHours: grace }] }],
    }).policy, id });
    const k = <T>(value: T) => ({ state: 'known' as const, value, source: 't' });
    const device = (facts: PostureFacts): ComplianceDevice => ({ id: 'd', platform: 'windows', facts, lastCheckInAt: new Date(NOW.getTime() - 3_600_000), riskLevel: 'none' });
    const settings = { noPolicyAssignedState: 'noncompliant' as const, validityPeriodDays: 30 };
    const since = new Date(NOW.getTime() - 2 * 3_600_000);
    const scratch = createComplianceScratch();
    const firewall = [win('a', { activeFirewallRequired: true }, 24), win('b', { activeFirewallRequired: true, osMinimumVersion: '10.0.19045' }, 72)];
    const off = device({ 'firewall.enabled': k(false), 'os.version': k('10.0.22631.4460') });
    expect(evaluateDeviceComplianceCompact({ device: off, policies: firewall, settings, noncompliantSince: since, now: NOW }, scratch)).toBe('inGracePeriod');
    expect(scratch.graceEndsAtMs).toBe(since.getTime() + 24 * 3_600_000); // the earliest grace end of the failing policies
    const on = device({ 'firewall.enabled': k(true), 'os.version': k('10.0.22631.4460') });
    expect(evaluateDeviceComplianceCompact({ device: on, policies: firewall, settings, noncompliantSince: null, now: NOW }, scratch)).toBe('compliant');
    expect(scratch.graceEndsAtMs).toBeNaN();
    const conflicting = [win('min', { osMinimumVersion: '10.0.26100' }, 0), win('max', { osMaximumVersion: '10.0.22631' }, 0)];
    expect(evaluateDeviceComplianceCompact({ device: on, policies: conflicting, settings, noncompliantSince: null, now: NOW }, scratch)).toBe('conflict');
    expect(evaluateDeviceComplianceCompact({ device: on, policies: [], settings, noncompliantSince: null, now: NOW }, scratch)).toBe('noncompliant');
  });

  it('agrees with the full evaluation: every state check with its result check, the overall state and graceEndsAt', () => {
    const scratch = createComplianceScratch();
    const seen = new Set<DeviceComplianceState>();
    const checked = new Set<string>();
    fc.assert(fc.property(deviceArb, policiesArb, sinceArb, tenantArb, (device, policies, since, settings) => {
      const input = { device, policies, settings, noncompliantSince: since, now: NOW };
      for (const p of policies) {
        p.stateChecks.forEach((state, i) => {
          checked.add(p.policy.settings[i]!.check);
          expect(guarded(() => state(device)), `${p.policy.settings[i]!.setting}`).toBe(guarded(() => settingStateRank(p.checks[i]!(device).state)));
        });
      }
      const full = evaluateDeviceCompliance(input);
      const compact = evaluateDeviceComplianceCompact(input, scratch);
      expect(compact).toBe(full.state);
      expect(scratch.graceEndsAtMs).toEqual(full.graceEndsAt === null ? Number.NaN : full.graceEndsAt.getTime());
      seen.add(compact);
    }), { numRuns: 1000 });
    // The generators must reach every device state, or the agreement proves little.
    for (const s of ['compliant', 'noncompliant', 'inGracePeriod', 'unknown', 'error', 'conflict', 'notEvaluated'] as const) expect(seen.has(s), s).toBe(true);
    expect([...checked].sort()).toEqual(Object.keys(CHECK_COMPILERS).sort());
  }, 60_000); // a generous limit: the machine is shared, and this is not a timing assertion

  it('reuses the scratch across platforms and policy sets (a fleet loop)', () => {
    const scratch = createComplianceScratch();
    fc.assert(fc.property(fc.array(fc.tuple(deviceArb, sinceArb), { minLength: 1, maxLength: 20 }), policiesArb, (devices, policies) => {
      const settings = { noPolicyAssignedState: 'noncompliant' as const, validityPeriodDays: 30 };
      for (const [device, since] of devices) {
        const input = { device, policies, settings, noncompliantSince: since, now: NOW };
        expect(evaluateDeviceComplianceCompact(input, scratch)).toBe(evaluateDeviceCompliance(input).state);
      }
    }), { numRuns: 200 });
  }, 60_000);
});
