import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PostureFacts } from '../posture/posture-report.js';
import { compileCompliancePolicy, type CompiledCompliancePolicy } from './compile-compliance-policy.js';
import { COMPLIANCE_STATE_ORDER } from './compliance-state-order.js';
import type { ComplianceDevice, SettingState } from './compliance-types.js';
import { evaluateDeviceCompliance } from './evaluate-device-compliance.js';
import { importCompliancePolicy } from './import-compliance-policy.js';

const NOW = new Date('2026-03-01T12:00:00Z');

const fact = <T>(value: fc.Arbitrary<T>) =>
  fc.option(fc.oneof(
    value.map((v) => ({ state: 'known' as const, value: v, source: 'p' })),
    fc.constant({ state: 'unknown' as const, reason: 'r' }),
  ), { nil: undefined });
const version = fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
const volumes = fc.array(fc.record({
  mountPoint: fc.constantFrom('/', 'C:', '/data'), device: fc.constant('d'), encrypted: fc.boolean(),
  method: fc.constantFrom('bitlocker', 'luks2', 'filevault', 'none'), system: fc.boolean(),
}), { maxLength: 3 });

const factsArb: fc.Arbitrary<PostureFacts> = fc.record({
  'os.version': fact(version), 'os.build': fact(fc.constantFrom('23A344', '23C71', '24B83')),
  'os.distribution': fact(fc.constantFrom('ubuntu', 'rhel', 'debian', 'fedora')),
  'encryption.volumes': fact(volumes), 'firewall.enabled': fact(fc.boolean()), 'secureBoot.enabled': fact(fc.boolean()),
  'codeIntegrity.enabled': fact(fc.boolean()), 'tpm.present': fact(fc.boolean()), 'defender.enabled': fact(fc.boolean()),
  'defender.realTimeProtection': fact(fc.boolean()), 'antivirus.enabled': fact(fc.boolean()), 'antispyware.enabled': fact(fc.boolean()),
  'antivirus.signatureUpToDate': fact(fc.boolean()), jailbroken: fact(fc.boolean()), 'password.required': fact(fc.boolean()),
  'password.minLength': fact(fc.nat(20)), 'password.type': fact(fc.constantFrom('none', 'numeric', 'alphanumeric', 'complex') as fc.Arbitrary<'none'>),
  'password.maxAgeDays': fact(fc.nat(400)), 'screenLock.enabled': fact(fc.boolean()), 'screenLock.idleSeconds': fact(fc.nat(3600)),
  'updates.automaticSecurity': fact(fc.boolean()), 'updates.pendingSecurity': fact(fc.nat(20)), 'agent.version': fact(version),
}, { requiredKeys: [] }) as fc.Arbitrary<PostureFacts>;

const deviceArb: fc.Arbitrary<ComplianceDevice> = fc.record({
  id: fc.constant('d'),
  platform: fc.constantFrom('windows', 'macos', 'ios', 'android', 'linux') as fc.Arbitrary<ComplianceDevice['platform']>,
  facts: factsArb,
  lastCheckInAt: fc.constant(new Date('2026-03-01T11:00:00Z')),
  riskLevel: fc.constantFrom('none', 'low', 'medium', 'high', 'unknown') as fc.Arbitrary<ComplianceDevice['riskLevel']>,
});

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const actions = fc.array(fc.record({ actionType: fc.constantFrom('block', 'notification', 'retire'), gracePeriodHours: fc.nat(72) }), { maxLength: 3 })
  .map((a) => [{ scheduledActionConfigurations: a }]);
const classicArb = fc.record({
  '@odata.type': fc.constantFrom('windows10', 'macOS', 'ios', 'androidWorkProfile', 'androidDeviceOwner').map((k) => `#microsoft.graph.${k}CompliancePolicy`),
  displayName: fc.string({ minLength: 1, maxLength: 20 }),
  osMinimumVersion: opt(version), passwordRequired: opt(fc.boolean()), passcodeRequired: opt(fc.boolean()),
  passwordMinimumLength: opt(fc.integer({ min: 4, max: 14 })), passcodeMinimumLength: opt(fc.integer({ min: 4, max: 14 })),
  storageRequireEncryption: opt(fc.boolean()), securityBlockJailbrokenDevices: opt(fc.boolean()),
  deviceThreatProtectionRequiredSecurityLevel: opt(fc.constantFrom('secured', 'low', 'medium', 'high', 'unavailable')),
  verityAgentMinimumVersion: opt(version), scheduledActionsForRule: actions,
}, { requiredKeys: ['@odata.type', 'displayName', 'scheduledActionsForRule'] });
const choice = (id: string) => ({ settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id, choiceSettingValue: { value: `${id}_true`, children: [] } } });
const linuxArb = fc.subarray(['linux_deviceencryption_required', 'verity_linux_firewall_required', 'verity_linux_secureboot_required', 'verity_linux_automaticupdates_required'])
  .map((ids) => ({ '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy', name: 'L', platforms: 'linux', settings: ids.map(choice) }));

/** Random valid policies; an import that rejects (e.g. min > max) is simply dropped. */
const policiesArb: fc.Arbitrary<CompiledCompliancePolicy[]> = fc.array(fc.oneof(classicArb, linuxArb), { maxLength: 4 }).map((docs) =>
  docs.flatMap((d, i) => {
    try {
      return [compileCompliancePolicy({ ...importCompliancePolicy(d).policy, id: `p${i}` })];
    } catch {
      return [];
    }
  }));

const rank = (s: SettingState) => COMPLIANCE_STATE_ORDER.length - COMPLIANCE_STATE_ORDER.indexOf(s);

describe('evaluateDeviceCompliance properties', () => {
  it('is deterministic, never throws, and the overall state is the worst per-setting state', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(deviceArb, policiesArb, fc.option(fc.date({ min: new Date('2026-02-25T00:00:00Z'), max: NOW, noInvalidDate: true }), { nil: null }),
      (device, policies, since) => {
        const input = { device, policies, settings: { noPolicyAssignedState: 'noncompliant' as const, validityPeriodDays: 30 }, noncompliantSince: since, now: NOW };
        const a = evaluateDeviceCompliance(input);
        const b = evaluateDeviceCompliance(input);
        expect(b).toEqual(a);
        const applicable = policies.filter((p) => p.platform === device.platform);
        if (applicable.length === 0) {
          expect(a.state).toBe('noncompliant');
          return;
        }
        const all = a.policies.flatMap((p) => p.settings);
        const worst = all.reduce<SettingState>((w, s) => (rank(s.state) > rank(w) ? s.state : w), 'notApplicable');
        seen.add(a.state);
        if (worst === 'noncompliant') expect(['noncompliant', 'inGracePeriod']).toContain(a.state);
        else if (worst === 'compliant' || worst === 'notApplicable') expect(a.state).toBe('compliant');
        else expect(a.state).toBe(worst);
        for (const s of all) {
          expect(typeof s.reason).toBe('string');
          expect(s.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
        }
      }), { numRuns: 400 });
    // The generators must actually reach the interesting states, or the property proves little.
    for (const s of ['compliant', 'noncompliant', 'unknown']) expect(seen.has(s), s).toBe(true);
  });
});
