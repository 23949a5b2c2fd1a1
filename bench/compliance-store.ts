/**
 * The `store_100k_seconds` figure of the compliance benchmark: re-evaluate N devices (default
 * 100,000) through the control plane's evaluation service over a file-backed SQLite store,
 * i.e. what a policy change costs end to end: read the policy snapshot, page the devices, read
 * each device's groups and latest posture, evaluate, write the result, the device state and
 * the noncompliance jobs. Devices and posture are bulk-inserted first (not timed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { importCompliancePolicy, type CompliancePolicy } from '@verity/core';
import { openStore, type NewDevice } from '@verity/store';
import { createInProcessEventBus } from '../packages/server/src/events/event-bus.js';
import { complianceEvaluationService } from '../packages/server/src/compliance/compliance-evaluation-service.js';
import type { ServerContext } from '../packages/server/src/context.js';

const k = <T>(value: T, source = 'agent') => ({ state: 'known' as const, value, source });

function linuxPolicyDoc() {
  const choice = (id: string) => ({ settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id, choiceSettingValue: { value: `${id}_true` } } });
  return {
    '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy', name: 'Linux baseline', platforms: 'linux', technologies: 'linuxMdm',
    settings: [
      { settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance', settingDefinitionId: 'linux_distribution_alloweddistros', groupSettingCollectionValue: [{ children: [
        { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_$type', choiceSettingValue: { value: 'linux_distribution_alloweddistros_item_$type_ubuntu' } },
        { '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_minimumversion', simpleSettingValue: { value: '22.04' } },
      ] }] } },
      choice('linux_deviceencryption_required'), choice('verity_linux_firewall_required'), choice('verity_linux_secureboot_required'),
    ],
    scheduledActionsForRule: [{ ruleName: 'r', scheduledActionConfigurations: [{ actionType: 'block', gracePeriodHours: 72 }, { actionType: 'notification', gracePeriodHours: 24 }] }],
  };
}
const windowsPolicyDoc = {
  '@odata.type': '#microsoft.graph.windows10CompliancePolicy', displayName: 'Windows baseline', osMinimumVersion: '10.0.19045', bitLockerEnabled: true,
  secureBootEnabled: true, activeFirewallRequired: true, defenderEnabled: true, rtpEnabled: true, passwordRequired: true, passwordMinimumLength: 12,
  scheduledActionsForRule: [{ ruleName: 'r', scheduledActionConfigurations: [{ actionType: 'block', gracePeriodHours: 72 }] }],
};

/** Bulk-load a fleet into SQLite and time one full re-evaluation through the evaluation service; seconds (wall). */
export async function storeReevaluationSeconds(devices: number): Promise<{ seconds: number; cpuSeconds: number; evaluated: number; changed: number; perDeviceMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'verity-bench-store-'));
  const store = await openStore({ dataDir: dir });
  try {
    const now = new Date('2026-03-01T12:00:00Z');
    const tenant = await store.tenants.create({ name: 'Bench', domain: 'bench.example' });
    const fleet: NewDevice[] = [];
    for (let i = 0; i < devices; i++) {
      const linux = i % 3 === 0;
      fleet.push({ id: `dev-${i}`, displayName: `host-${i}`, platform: linux ? 'linux' : 'windows', ownership: 'corporate', joinType: 'joined', lastCheckinAt: new Date(now.getTime() - (i % 48) * 3_600_000), complianceState: 'compliant' });
    }
    await store.devices.insertMany(tenant.id, fleet);
    await store.transaction(async (tx) => {
      for (let i = 0; i < devices; i++) {
        const linux = i % 3 === 0;
        const healthy = i % 10 !== 0;
        const facts = linux
          ? { 'os.name': k('Ubuntu'), 'os.version': k(i % 7 === 0 ? '20.04' : '22.04'), 'os.distribution': k('ubuntu'), 'encryption.volumes': k([{ mountPoint: '/', device: '/dev/dm-0', encrypted: healthy, method: healthy ? 'luks2' : 'none', system: true }]), 'firewall.enabled': k(true), 'secureBoot.enabled': k(true) }
          : { 'os.version': k('10.0.22631.4460'), 'encryption.volumes': k([{ mountPoint: 'C:', device: 'disk0', encrypted: healthy, method: 'bitlocker', system: true }]), 'secureBoot.enabled': k(true), 'firewall.enabled': k(true), 'defender.enabled': k(true), 'defender.realTimeProtection': k(true), 'password.required': k(true), 'password.minLength': k(14) };
        await tx.posture.add(tenant.id, { deviceId: `dev-${i}`, collectedAt: now, receivedAt: now, report: { schemaVersion: 1, collectedAt: now.toISOString(), platform: linux ? 'linux' : 'windows', agentVersion: '0.1.0', facts } });
      }
    });
    for (const doc of [linuxPolicyDoc(), windowsPolicyDoc]) {
      const { policy } = importCompliancePolicy(doc);
      const { graph, id: _id, ...normalized } = policy as CompliancePolicy;
      const r = await store.compliancePolicies.create(tenant.id, { displayName: policy.displayName, kind: policy.kind, platform: policy.platform, graph, normalized });
      await store.assignments.add(tenant.id, { policyType: 'compliance', policyId: r.id, targetType: 'allDevices' });
    }
    // The service needs only these parts of the server context.
    const ctx = { store, events: createInProcessEventBus(() => undefined), log: pino({ level: 'silent' }), now: () => now, newId: () => crypto.randomUUID() } as unknown as ServerContext;
    const evaluator = complianceEvaluationService(() => ctx);
    const before = new Map(store.timings().map((t) => [t.operation, t.totalMs]));
    const cpu = process.cpuUsage();
    const started = performance.now();
    const r = await evaluator.evaluateTenant(tenant.id, now);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (process.env.BENCH_VERBOSE) {
      const top = store.timings().map((t) => ({ op: t.operation, ms: Math.round(t.totalMs - (before.get(t.operation) ?? 0)), calls: t.count })).sort((a, b) => b.ms - a.ms).slice(0, 8);
      console.log(JSON.stringify(top));
    }
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, ...r, perDeviceMs: (seconds * 1000) / Math.max(1, r.evaluated) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/compliance-store.ts 10000` prints the figure alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(JSON.stringify(await storeReevaluationSeconds(n)));
}
