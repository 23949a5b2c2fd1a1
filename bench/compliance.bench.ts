/**
 * Compliance engine benchmark: re-evaluate a fleet of 1,000,000 synthetic devices (mixed
 * platforms, realistic posture) against 50 assigned policies after a policy change (one Windows
 * policy raises its minimum OS), end to end in the pure engine: import + compile the 50
 * policies, the overall state of every device with `evaluateDeviceComplianceCompact` (no result
 * objects; identical checks across policies run once), compared with the stored state, and the
 * full `evaluateDeviceCompliance` explanation for every device whose state changed.
 * `value` is the CPU time of that, single thread, median of 5 runs. Also reported: the same split
 * across 2 worker threads (wall and CPU), the full path per device, and json-rules-engine with
 * the same rules on the same devices (a sample, extrapolated linearly: it is ~500x slower).
 *
 * Env: COMPLIANCE_BENCH_DEVICES (default 1_000_000), COMPLIANCE_BENCH_BASELINE_SAMPLE (20_000),
 * COMPLIANCE_BENCH_WORKERS (2; 0 = skip), COMPLIANCE_BENCH_STORE_DEVICES (100_000; 0 = skip).
 */
import { Worker } from 'node:worker_threads';
import { Engine } from 'json-rules-engine';
import {
  compareVersions,
  compileCompliancePolicy,
  createComplianceScratch,
  evaluateDeviceCompliance,
  evaluateDeviceComplianceCompact,
  type CompiledCompliancePolicy,
  importCompliancePolicy,
  type ComplianceDevice,
  type CompliancePolicy,
  type DeviceComplianceState,
  type PostureFacts,
} from '@verity/core';
import { storeReevaluationSeconds } from './compliance-store.js';

const DEVICES = Number(process.env.COMPLIANCE_BENCH_DEVICES ?? 1_000_000);
const BASELINE_SAMPLE = Number(process.env.COMPLIANCE_BENCH_BASELINE_SAMPLE ?? 20_000);
// CPU times are of this process (user + system, GC threads included); medians of several runs.
const NOW = new Date('2026-03-01T12:00:00Z');
const TENANT = { noPolicyAssignedState: 'noncompliant' as const, validityPeriodDays: 30 };

/** mulberry32: small seeded PRNG so every run sees the same fleet. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20260301);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number) => rnd() < p;

// Facts repeat heavily across a fleet; interning them keeps 1M devices in a few hundred MB.
const internPool = new Map<string, unknown>();
function known<T>(value: T, source: string) {
  const key = `${source}|${JSON.stringify(value)}`;
  let f = internPool.get(key);
  if (f === undefined) internPool.set(key, (f = { state: 'known', value, source }));
  return f as { state: 'known'; value: T; source: string };
}
const UNKNOWN = { state: 'unknown' as const, reason: 'The collector timed out.' };
const maybe = <T>(value: T, source: string) => (chance(0.002) ? UNKNOWN : known(value, source));
/** Healthy fleets fail any one check rarely: divide the failure rate of a raw survey figure by 8. */
const good = (p: number) => chance(1 - (1 - p) / 8);
const vol = (mount: string, encrypted: boolean, method: string) => [{ mountPoint: mount, device: 'disk0', encrypted, method: encrypted ? method : 'none', system: true }];

function windowsFacts(): PostureFacts {
  return {
    'os.version': maybe(pick(['10.0.19045.4529', '10.0.22621.3880', '10.0.22631.4460', '10.0.22631.4751', '10.0.26100.2314', '10.0.26100.2605']), 'wmi'),
    'encryption.volumes': maybe(vol('C:', good(0.9), 'bitlocker'), 'manage-bde'),
    'firewall.enabled': maybe(good(0.97), 'netsh'),
    'secureBoot.enabled': maybe(good(0.92), 'Confirm-SecureBootUEFI'),
    'codeIntegrity.enabled': maybe(good(0.95), 'wmi'),
    'tpm.present': maybe(good(0.98), 'Get-Tpm'),
    'defender.enabled': maybe(good(0.95), 'Get-MpComputerStatus'),
    'defender.realTimeProtection': maybe(good(0.94), 'Get-MpComputerStatus'),
    'antivirus.enabled': maybe(good(0.97), 'SecurityCenter2'),
    'antispyware.enabled': maybe(good(0.97), 'SecurityCenter2'),
    'antivirus.signatureUpToDate': maybe(good(0.9), 'Get-MpComputerStatus'),
    'password.required': maybe(good(0.99), 'net accounts'),
    'password.minLength': maybe(pick([12, 12, 14, 16]), 'net accounts'),
    'password.type': maybe(pick(['alphanumeric', 'complex', 'complex'] as const), 'secedit'),
    'screenLock.enabled': maybe(good(0.96), 'registry'),
    'screenLock.idleSeconds': maybe(pick([300, 600, 900, 1800]), 'registry'),
    'agent.version': known(pick(['0.3.0', '0.3.1', '0.3.1']), 'agent'),
  };
}
function macFacts(): PostureFacts {
  return {
    'os.version': maybe(pick(['14.4.1', '14.7', '15.1', '15.2', '15.2']), 'sw_vers'),
    'os.build': maybe(pick(['22G830', '23E224', '23H124', '24B83', '24C101']), 'sw_vers'),
    'encryption.volumes': maybe(vol('/', good(0.93), 'filevault'), 'fdesetup'),
    'firewall.enabled': maybe(good(0.7), 'socketfilterfw'),
    'password.required': maybe(good(0.99), 'pwpolicy'),
    'password.minLength': maybe(pick([10, 12, 12]), 'pwpolicy'),
    'password.type': maybe(pick(['alphanumeric', 'complex'] as const), 'pwpolicy'),
    'password.maxAgeDays': maybe(pick([90, 365]), 'pwpolicy'),
    'screenLock.enabled': maybe(good(0.95), 'sysadminctl'),
    'screenLock.idleSeconds': maybe(pick([120, 300, 300]), 'pmset'),
    'agent.version': known(pick(['0.3.0', '0.3.1', '0.3.1']), 'agent'),
  };
}
function iosFacts(): PostureFacts {
  return {
    'os.version': maybe(pick(['17.5.1', '17.7', '18.1', '18.2', '18.2']), 'mdm'),
    'os.build': maybe(pick(['20H350', '21F90', '21H16', '22B83', '22C152']), 'mdm'),
    jailbroken: maybe(chance(0.005), 'mdm'),
    'password.required': maybe(good(0.98), 'mdm'),
    'password.minLength': maybe(pick([6, 6, 8]), 'mdm'),
    'password.type': maybe(pick(['numeric', 'numeric', 'alphanumeric'] as const), 'mdm'),
    'screenLock.enabled': maybe(true, 'mdm'),
    'screenLock.idleSeconds': maybe(pick([30, 60]), 'mdm'),
    'agent.version': known(pick(['0.3.0', '0.3.1']), 'agent'),
  };
}
function androidFacts(): PostureFacts {
  return {
    'os.version': maybe(pick(['14', '14', '15', '15', '13']), 'android'),
    jailbroken: maybe(chance(0.01), 'android'),
    'encryption.volumes': maybe(vol('/data', good(0.97), 'fbe'), 'android'),
    'password.required': maybe(good(0.97), 'android'),
    'password.minLength': maybe(pick([8, 8, 10]), 'android'),
    'password.type': maybe(pick(['alphanumeric', 'complex'] as const), 'android'),
    'password.maxAgeDays': maybe(pick([30, 90]), 'android'),
    'screenLock.enabled': maybe(good(0.99), 'android'),
    'screenLock.idleSeconds': maybe(pick([30, 60, 120]), 'android'),
    'updates.pendingSecurity': maybe(pick([0, 0, 0, 0, 1]), 'android'),
    'agent.version': known(pick(['0.3.0', '0.3.1']), 'agent'),
  };
}
function linuxFacts(): PostureFacts {
  const distro = pick(['ubuntu', 'ubuntu', 'ubuntu', 'ubuntu', 'rhel', 'rhel', 'debian', 'fedora']);
  const versions: Record<string, string[]> = { ubuntu: ['22.04', '24.04', '24.04'], rhel: ['8.8', '8.10', '9.4'], debian: ['11', '12'], fedora: ['40', '41'] };
  return {
    'os.distribution': known(distro, '/etc/os-release'),
    'os.version': maybe(pick(versions[distro]!), '/etc/os-release'),
    'encryption.volumes': maybe(vol('/', good(0.8), 'luks2'), 'lsblk'),
    'firewall.enabled': maybe(good(0.75), 'nft'),
    'secureBoot.enabled': maybe(good(0.7), 'mokutil'),
    'updates.automaticSecurity': maybe(chance(0.65), 'apt-config'),
    'updates.pendingSecurity': maybe(pick([0, 0, 0, 1, 3, 12]), 'apt'),
    'password.minLength': maybe(pick([12, 14]), 'pwquality'),
    'agent.version': known(pick(['0.3.0', '0.3.1', '0.3.1']), 'agent'),
  };
}

const PLATFORM_MIX: readonly [ComplianceDevice['platform'], number, () => PostureFacts][] = [
  ['windows', 0.45, windowsFacts], ['macos', 0.2, macFacts], ['ios', 0.15, iosFacts], ['android', 0.12, androidFacts], ['linux', 0.08, linuxFacts],
];
export function makeDevice(i: number): ComplianceDevice {
  let r = rnd();
  let entry = PLATFORM_MIX[0]!;
  for (const e of PLATFORM_MIX) { entry = e; if ((r -= e[1]) < 0) break; }
  const risk = rnd();
  return {
    id: `dev-${i}`,
    platform: entry[0],
    facts: entry[2](),
    lastCheckInAt: new Date(NOW.getTime() - (chance(0.02) ? 31 + Math.floor(rnd() * 60) : Math.floor(rnd() * 7)) * 86_400_000),
    riskLevel: risk < 0.95 ? 'none' : risk < 0.985 ? 'low' : risk < 0.995 ? 'medium' : risk < 0.998 ? 'high' : 'unknown',
  };
}

const actions = () => [{ ruleName: null, scheduledActionConfigurations: [
  { gracePeriodHours: pick([0, 24, 72]), actionType: 'block', notificationTemplateId: '', notificationMessageCCList: [] },
  { gracePeriodHours: 0, actionType: 'notification', notificationTemplateId: 'e7c4a2b1-9f3d-4c5e-8a6b-1d2e3f4a5b6c', notificationMessageCCList: [] },
] }];
const maybeProp = (p: number, v: unknown) => (chance(p) ? v : null);

/** 50 Graph policies: windows 12, macOS 9, iOS 8, Android work profile 7, device owner 6, Linux 8. */
export function makePolicies(): unknown[] {
  const out: unknown[] = [];
  const base = (type: string, i: number) => ({ '@odata.type': `#microsoft.graph.${type}`, id: `${type}-${i}`, displayName: `${type} ${i}`, version: 1, scheduledActionsForRule: actions() });
  for (let i = 0; i < 12; i++) out.push({ ...base('windows10CompliancePolicy', i),
    passwordRequired: true, passwordMinimumLength: pick([8, 10, 12]), passwordRequiredType: pick(['alphanumeric', 'deviceDefault']),
    passwordMinutesOfInactivityBeforeLock: maybeProp(0.5, 15), osMinimumVersion: pick(['10.0.19045.3803', '10.0.19045.4000', '10.0.19044.0']),
    bitLockerEnabled: chance(0.7), secureBootEnabled: chance(0.6), codeIntegrityEnabled: chance(0.5), activeFirewallRequired: true,
    defenderEnabled: chance(0.5), rtpEnabled: chance(0.5), antivirusRequired: chance(0.6), antiSpywareRequired: chance(0.4), signatureOutOfDate: chance(0.4),
    tpmRequired: chance(0.4), deviceThreatProtectionRequiredSecurityLevel: pick(['unavailable', 'low', 'medium']), earlyLaunchAntiMalwareDriverEnabled: chance(0.2) });
  for (let i = 0; i < 9; i++) out.push({ ...base('macOSCompliancePolicy', i),
    passwordRequired: true, passwordMinimumLength: pick([8, 10]), passwordRequiredType: 'alphanumeric', passwordMinutesOfInactivityBeforeLock: 5,
    passwordExpirationDays: maybeProp(0.3, 365), osMinimumVersion: pick(['14.0', '14.4', '13.6']), osMinimumBuildVersion: maybeProp(0.3, '22G830'),
    storageRequireEncryption: true, firewallEnabled: chance(0.6), systemIntegrityProtectionEnabled: chance(0.5),
    deviceThreatProtectionRequiredSecurityLevel: pick(['unavailable', 'secured', 'low']) });
  for (let i = 0; i < 8; i++) out.push({ ...base('iosCompliancePolicy', i),
    passcodeRequired: true, passcodeMinimumLength: pick([4, 6]), passcodeRequiredType: pick(['numeric', 'deviceDefault']),
    passcodeMinutesOfInactivityBeforeLock: pick([1, 5]), osMinimumVersion: pick(['17.0', '17.5', '16.7']), securityBlockJailbrokenDevices: true,
    deviceThreatProtectionRequiredSecurityLevel: pick(['unavailable', 'low', 'medium']) });
  for (let i = 0; i < 7; i++) out.push({ ...base('androidWorkProfileCompliancePolicy', i),
    passwordRequired: true, passwordMinimumLength: pick([6, 8]), passwordRequiredType: pick(['numericComplex', 'alphanumeric']),
    passwordMinutesOfInactivityBeforeLock: 5, osMinimumVersion: pick(['12.0', '13']), securityBlockJailbrokenDevices: true, storageRequireEncryption: true,
    securityRequireSafetyNetAttestationBasicIntegrity: chance(0.5), deviceThreatProtectionRequiredSecurityLevel: pick(['unavailable', 'medium']) });
  for (let i = 0; i < 6; i++) out.push({ ...base('androidDeviceOwnerCompliancePolicy', i),
    passwordRequired: true, passwordMinimumLength: pick([6, 8]), passwordRequiredType: 'alphanumeric', passwordExpirationDays: maybeProp(0.4, 90),
    osMinimumVersion: pick(['13', '14']), storageRequireEncryption: true, requireNoPendingSystemUpdates: chance(0.5),
    deviceThreatProtectionRequiredSecurityLevel: pick(['unavailable', 'low']) });
  const inst = (id: string, on: boolean) => ({ settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id, choiceSettingValue: { value: `${id}_${on}`, children: [] } } });
  const simple = (id: string, value: string | number) => ({ '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: id, simpleSettingValue: { value } });
  const distro = (type: string, min: string) => ({ children: [
    { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_$type', choiceSettingValue: { value: `linux_distribution_alloweddistros_item_$type_${type}`, children: [] } },
    simple('linux_distribution_alloweddistros_item_minimumversion', min)] });
  for (let i = 0; i < 8; i++) out.push({ '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy', id: `linux-${i}`, name: `linux ${i}`, platforms: 'linux', technologies: 'linuxMdm',
    scheduledActionsForRule: actions(),
    settings: [
      { settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance', settingDefinitionId: 'linux_distribution_alloweddistros',
        groupSettingCollectionValue: [distro('ubuntu', pick(['20.04', '22.04'])), distro('rhel', '8.8'), distro('debian', '12')] } },
      inst('linux_deviceencryption_required', true), inst('verity_linux_firewall_required', chance(0.7)), inst('verity_linux_secureboot_required', chance(0.5)),
      inst('verity_linux_automaticupdates_required', chance(0.6)), { settingInstance: simple('verity_linux_pendingsecurityupdates_maximum', pick([5, 10, 15])) },
      { settingInstance: simple('linux_passwordpolicy_minimumlength', 12) },
    ] });
  return out;
}

// ---- Baseline: the same rules in json-rules-engine -------------------------------------------
type Flat = Record<string, unknown>;
function flatten(d: ComplianceDevice): Flat {
  const out: Flat = { riskRank: ({ none: 0, low: 1, medium: 2, high: 3 } as Record<string, number>)[d.riskLevel] ?? -1 };
  for (const [k, f] of Object.entries(d.facts)) {
    if (!f || f.state !== 'known') continue;
    if (k === 'encryption.volumes') {
      const vols = f.value as { encrypted: boolean; method: string; system: boolean }[];
      out.systemEncrypted = vols.some((v) => v.system) && vols.every((v) => !v.system || v.encrypted);
      out.systemBitlocker = vols.some((v) => v.system) && vols.every((v) => !v.system || (v.encrypted && v.method === 'bitlocker'));
    } else out[k.replace(/\./g, '_')] = f.value;
  }
  return out;
}
const TYPE_RANK: Record<string, number> = { none: 0, numeric: 1, alphanumeric: 2, complex: 3 };
const NEED_RANK: Record<string, number> = { numeric: 1, numericComplex: 1, alphabetic: 2, alphanumeric: 2, alphanumericWithSymbols: 3 };
const LEVEL: Record<string, number> = { secured: 0, low: 1, medium: 2, high: 3 };
function baselineConditions(p: CompliancePolicy): { name: string; conditions: any }[] {
  const c = (fact: string, operator: string, value: unknown) => ({ all: [{ fact, operator, value }] });
  return p.settings.map((r) => {
    const e = r.expected as any;
    switch (r.check) {
      case 'os-minimum-version': return { name: r.setting, conditions: c('os_version', 'versionGte', e) };
      case 'os-maximum-version': return { name: r.setting, conditions: c('os_version', 'versionLte', e) };
      case 'os-minimum-build': return { name: r.setting, conditions: c('os_build', 'versionGte', e) };
      case 'agent-minimum-version': return { name: r.setting, conditions: c('agent_version', 'versionGte', e) };
      case 'password-required': return { name: r.setting, conditions: c('password_required', 'equal', true) };
      case 'password-minimum-length': return { name: r.setting, conditions: c('password_minLength', 'greaterThanInclusive', e) };
      case 'password-required-type': return { name: r.setting, conditions: c('password_type', 'typeAtLeast', NEED_RANK[e] ?? 1) };
      case 'password-expiration-days': return { name: r.setting, conditions: { all: [{ fact: 'password_maxAgeDays', operator: 'greaterThan', value: 0 }, { fact: 'password_maxAgeDays', operator: 'lessThanInclusive', value: e }] } };
      case 'password-inactivity-lock': return { name: r.setting, conditions: { all: [{ fact: 'screenLock_enabled', operator: 'equal', value: true }, { fact: 'screenLock_idleSeconds', operator: 'lessThanInclusive', value: e * 60 }] } };
      case 'screen-lock-required': return { name: r.setting, conditions: c('screenLock_enabled', 'equal', true) };
      case 'storage-encryption': return { name: r.setting, conditions: c('systemEncrypted', 'equal', true) };
      case 'bitlocker': return { name: r.setting, conditions: c('systemBitlocker', 'equal', true) };
      case 'not-jailbroken': return { name: r.setting, conditions: c('jailbroken', 'equal', false) };
      case 'device-threat-level': return { name: r.setting, conditions: { all: [{ fact: 'riskRank', operator: 'greaterThanInclusive', value: 0 }, { fact: 'riskRank', operator: 'lessThanInclusive', value: LEVEL[e] ?? 0 }] } };
      case 'maximum-pending-security-updates': return { name: r.setting, conditions: c('updates_pendingSecurity', 'lessThanInclusive', e) };
      case 'linux-allowed-distributions': return { name: r.setting, conditions: { any: (e as any[]).map((a) => ({ all: [
        { fact: 'os_distribution', operator: 'equal', value: a.distribution }, { fact: 'os_version', operator: 'versionGte', value: a.minimumVersion ?? '0' }] })) } };
      default: {
        const fact: Record<string, string> = { 'secure-boot': 'secureBoot_enabled', 'code-integrity': 'codeIntegrity_enabled', tpm: 'tpm_present', firewall: 'firewall_enabled',
          antivirus: 'antivirus_enabled', antispyware: 'antispyware_enabled', defender: 'defender_enabled', 'defender-real-time-protection': 'defender_realTimeProtection',
          'antivirus-signatures-up-to-date': 'antivirus_signatureUpToDate', 'automatic-security-updates': 'updates_automaticSecurity' };
        return { name: r.setting, conditions: c(fact[r.check] ?? 'missing', 'equal', true) };
      }
    }
  });
}
function baselineEngines(policies: CompliancePolicy[]): Map<string, Engine> {
  const engines = new Map<string, Engine>();
  for (const p of policies) {
    let engine = engines.get(p.platform);
    if (!engine) {
      engine = new Engine([], { allowUndefinedFacts: true });
      engine.addOperator('versionGte', (a: unknown, b: unknown) => typeof a === 'string' && compareVersions(a, String(b)) >= 0);
      engine.addOperator('versionLte', (a: unknown, b: unknown) => typeof a === 'string' && compareVersions(a, String(b)) <= 0);
      engine.addOperator('typeAtLeast', (a: unknown, b: unknown) => typeof a === 'string' && (TYPE_RANK[a] ?? 0) >= Number(b));
      engines.set(p.platform, engine);
    }
    for (const r of baselineConditions(p)) {
      engine.addRule({ name: `${p.id}:${r.name}`, conditions: r.conditions, event: { type: 'compliant', params: { policyId: p.id, setting: r.name } } });
    }
  }
  return engines;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The policy change being rolled out: one Windows policy raises its minimum OS to Windows 11 22H2 (build 22621). */
export function changePolicies(docs: readonly unknown[]): unknown[] {
  return docs.map((d, i) => (i === 0 ? { ...(d as object), osMinimumVersion: '10.0.22621.0', version: 2 } : d));
}

const STATE_CODES: readonly DeviceComplianceState[] = ['compliant', 'noncompliant', 'inGracePeriod', 'unknown', 'error', 'conflict', 'notEvaluated'];
const STATE_CODE = new Map(STATE_CODES.map((s, i) => [s, i]));
const compileAll = (docs: readonly unknown[]) => docs.map((d) => compileCompliancePolicy(importCompliancePolicy(d).policy));
const input = (device: ComplianceDevice, policies: readonly CompiledCompliancePolicy[]) => ({ device, policies, settings: TENANT, noncompliantSince: null, now: NOW });

/** The devices' states before the change (what the control plane has in its device table). */
export function storedStates(docs: readonly unknown[], devices: readonly ComplianceDevice[]): Uint8Array {
  const stored = new Uint8Array(devices.length);
  const scratch = createComplianceScratch();
  const before = compileAll(docs);
  for (let i = 0; i < devices.length; i++) stored[i] = STATE_CODE.get(evaluateDeviceComplianceCompact(input(devices[i]!, before), scratch))!;
  return stored;
}

/**
 * One re-evaluation after the policy change: import + compile the 50 policies, the overall
 * state of every device (compact path: no result objects, identical checks run once), and the
 * full explanation (per-setting results, reasons, remediation) of every device whose state changed.
 */
export function reevaluate(policyDocs: readonly unknown[], devices: readonly ComplianceDevice[], stored: Uint8Array) {
  const compiled = compileAll(policyDocs);
  const scratch = createComplianceScratch();
  const counts = new Uint32Array(STATE_CODES.length);
  let changed = 0;
  let explainedSettings = 0;
  for (let i = 0; i < devices.length; i++) {
    const state = STATE_CODE.get(evaluateDeviceComplianceCompact(input(devices[i]!, compiled), scratch))!;
    counts[state]!++;
    if (state !== stored[i]) {
      changed++;
      const full = evaluateDeviceCompliance(input(devices[i]!, compiled));
      for (const p of full.policies) explainedSettings += p.settings.length;
    }
  }
  return { counts: Object.fromEntries(STATE_CODES.map((s, i) => [s, counts[i]!])), changed, explainedSettings };
}

/** Run the benchmark and print the JSON line. */
export default async function main(): Promise<void> {
  const beforeDocs = makePolicies();
  const policyDocs = changePolicies(beforeDocs);
  const t0 = performance.now();
  const fleet: ComplianceDevice[] = new Array(DEVICES);
  for (let i = 0; i < DEVICES; i++) fleet[i] = makeDevice(i);
  console.log(`generated ${DEVICES} devices in ${((performance.now() - t0) / 1000).toFixed(1)} s (${internPool.size} distinct facts)`);
  const stored = storedStates(beforeDocs, fleet); // not timed

  reevaluate(policyDocs, fleet.slice(0, 50_000), stored); // warm-up (JIT)
  // The bench host is shared (2 cores, other jobs): process CPU time is the robust figure; wall time is printed too.
  const runs: number[] = [];
  const wallRuns: number[] = [];
  let last: ReturnType<typeof reevaluate> | undefined;
  for (let run = 0; run < 5; run++) {
    const c = process.cpuUsage();
    const s = performance.now();
    last = reevaluate(policyDocs, fleet, stored);
    wallRuns.push((performance.now() - s) / 1000);
    const used = process.cpuUsage(c);
    runs.push((used.user + used.system) / 1e6);
    console.log(`verity run ${run + 1}: cpu ${runs[run]!.toFixed(2)} s, wall ${wallRuns[run]!.toFixed(2)} s`, JSON.stringify(last.counts), `${last.changed} changed devices explained (${last.explainedSettings} setting results)`);
  }
  const ours = median(runs);

  // Check: the compact state is the full evaluation's state (first 20,000 devices), and what the full path costs per device.
  const compiled = compileAll(policyDocs);
  const scratch = createComplianceScratch();
  const check = fleet.slice(0, Math.min(20_000, DEVICES));
  for (const d of check) {
    const a = evaluateDeviceComplianceCompact(input(d, compiled), scratch);
    const b = evaluateDeviceCompliance(input(d, compiled)).state;
    if (a !== b) throw new Error(`compact ${a} != full ${b} for ${d.id}`);
  }
  const fullSample = fleet.slice(0, Math.min(100_000, DEVICES));
  const fullRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const c = process.cpuUsage();
    let n = 0;
    for (const d of fullSample) n += evaluateDeviceCompliance(input(d, compiled)).policies.length;
    const used = process.cpuUsage(c);
    fullRuns.push((used.user + used.system) / 1e6);
    if (n < 0) console.log(n);
  }
  const fullPerDeviceUs = (median(fullRuns) / fullSample.length) * 1e6;
  console.log(`full evaluation (all SettingResult objects): ${fullPerDeviceUs.toFixed(2)} us cpu per device, ${((fullPerDeviceUs * DEVICES) / 1e6).toFixed(1)} s per ${DEVICES} devices`);

  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024); // the fleet + the single-thread runs

  // The same re-evaluation split across worker threads, each holding half of the same fleet.
  // Wall time is what an admin waits for; CPU is the whole process (all threads).
  const workerCount = Number(process.env.COMPLIANCE_BENCH_WORKERS ?? 2);
  const workerWall: number[] = [];
  const workerCpu: number[] = [];
  if (workerCount > 1) {
    const per = Math.ceil(DEVICES / workerCount);
    // tsx's `--import` hook does not reach worker threads: the worker registers it itself, then loads the TypeScript entry.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); `
      + `return import(${JSON.stringify(new URL('./compliance-worker.ts', import.meta.url).href)}); });`;
    const workers = Array.from({ length: workerCount }, (_, w) =>
      new Worker(boot, { eval: true, execArgv: [], workerData: { lo: w * per, hi: Math.min(DEVICES, (w + 1) * per) } }));
    const reply = (w: Worker) => new Promise<unknown>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      w.once('error', onError);
      w.once('message', (m) => { w.off('error', onError); resolve(m); });
    });
    try {
      await Promise.all(workers.map(reply)); // each worker built its half of the fleet and warmed up
      for (let run = 0; run < 5; run++) {
        const c = process.cpuUsage();
        const s = performance.now();
        const parts = (await Promise.all(workers.map((w) => { const r = reply(w); w.postMessage('run'); return r; }))) as ReturnType<typeof reevaluate>[];
        workerWall.push((performance.now() - s) / 1000);
        const used = process.cpuUsage(c);
        workerCpu.push((used.user + used.system) / 1e6);
        const changed = parts.reduce((n, p) => n + p.changed, 0);
        const compliant = parts.reduce((n, p) => n + (p.counts.compliant ?? 0), 0);
        if (changed !== last?.changed || compliant !== last.counts.compliant) throw new Error('the workers did not see the same fleet');
        console.log(`${workerCount} workers run ${run + 1}: wall ${workerWall[run]!.toFixed(2)} s, cpu (all threads) ${workerCpu[run]!.toFixed(2)} s`);
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
  const peakRssWithWorkersMb = Math.round(process.resourceUsage().maxRSS / 1024);

  // Baseline on a sample, same rules, same devices; extrapolated linearly to the fleet size.
  const policies = policyDocs.map((d) => importCompliancePolicy(d).policy);
  const sample = fleet.slice(0, Math.min(BASELINE_SAMPLE, DEVICES));
  const runBaseline = async () => {
    const engines = baselineEngines(policies);
    let failures = 0;
    for (const d of sample) {
      const engine = engines.get(d.platform);
      if (!engine) continue;
      const res = await engine.run(flatten(d));
      failures += res.failureEvents.length;
    }
    return failures;
  };
  await runBaseline(); // warm-up
  const baseRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const c = process.cpuUsage();
    const s = performance.now();
    const failures = await runBaseline();
    const used = process.cpuUsage(c);
    baseRuns.push((used.user + used.system) / 1e6);
    console.log(`json-rules-engine run ${run + 1}: cpu ${baseRuns[run]!.toFixed(2)} s, wall ${((performance.now() - s) / 1000).toFixed(2)} s for ${sample.length} devices (${failures} failed settings)`);
  }
  const baselineFleet = median(baseRuns) * (DEVICES / sample.length);

  // The same re-evaluation through the control plane's evaluation service over a SQLite file (bench/compliance-store.ts).
  const storeDevices = Number(process.env.COMPLIANCE_BENCH_STORE_DEVICES ?? 100_000);
  const viaStore = storeDevices > 0 ? await storeReevaluationSeconds(storeDevices) : null;
  if (viaStore) console.log(`through the store: ${viaStore.evaluated} devices in ${viaStore.seconds.toFixed(1)} s wall, ${viaStore.cpuSeconds.toFixed(1)} s cpu (${viaStore.changed} state changes)`);

  console.log(JSON.stringify({
    bench: 'compliance',
    metric: 'fleet_reevaluation_cpu_seconds',
    value_kind: 'cpu seconds of one process (single thread), median of 5 runs; includes import+compile of the 50 policies and full explanation of changed devices',
    value: Number(ours.toFixed(3)),
    unit: 's',
    devices: DEVICES,
    policies: policyDocs.length,
    changed_devices: last?.changed ?? 0,
    explained_setting_results: last?.explainedSettings ?? 0,
    full_path_us_per_device: Number(fullPerDeviceUs.toFixed(2)),
    runs_cpu: runs.map((r) => Number(r.toFixed(3))),
    wall_seconds: Number(median(wallRuns).toFixed(3)),
    baseline: 'json-rules-engine@7 (same rules, same devices, sample extrapolated linearly)',
    baseline_value: Number(baselineFleet.toFixed(3)),
    baseline_sample_devices: sample.length,
    ratio: Number((baselineFleet / ours).toFixed(1)),
    ratio_full_path: Number((baselineFleet / ((fullPerDeviceUs * DEVICES) / 1e6)).toFixed(1)),
    peak_rss_mb: peakRssMb,
    workers: workerCount > 1 ? workerCount : 0,
    workers_wall_seconds: workerWall.length ? Number(median(workerWall).toFixed(3)) : null,
    workers_cpu_seconds: workerCpu.length ? Number(median(workerCpu).toFixed(3)) : null,
    peak_rss_mb_with_workers: peakRssWithWorkersMb,
    store_100k_seconds: viaStore ? Number(viaStore.seconds.toFixed(1)) : null,
    store_devices: viaStore?.evaluated ?? 0,
    store_cpu_seconds: viaStore ? Number(viaStore.cpuSeconds.toFixed(1)) : null,
    node: process.version,
  }));
}
