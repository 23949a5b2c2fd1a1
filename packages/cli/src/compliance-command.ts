import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printJson, printTable } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

export interface AssignOptions { includeGroup?: string[]; excludeGroup?: string[]; allDevices?: boolean; allUsers?: boolean }

/** Graph `assign` body from the command-line options (exclusions win on the server). */
export function assignmentBody(o: AssignOptions): { assignments: { target: Record<string, string> }[] } {
  const t = (type: string, groupId?: string) => ({ target: { '@odata.type': `#microsoft.graph.${type}`, ...(groupId ? { groupId } : {}) } });
  return {
    assignments: [
      ...(o.includeGroup ?? []).map((g) => t('groupAssignmentTarget', g)),
      ...(o.excludeGroup ?? []).map((g) => t('exclusionGroupAssignmentTarget', g)),
      ...(o.allDevices ? [t('allDevicesAssignmentTarget')] : []),
      ...(o.allUsers ? [t('allLicensedUsersAssignmentTarget')] : []),
    ],
  };
}

interface DeviceCompliance {
  deviceId: string; state: string; evaluatedAt: string | null; graceEndsAt: string | null; reasons: { code: string; message: string }[];
  policies: { displayName: string; state: string; settings: { setting: string; state: string; reason: string; remediation: string }[]; notEvaluated: { setting: string; reason: string }[] }[];
  actions: { actionType: string; status: string; runAt: string }[];
}

/** Human rendering of a device's compliance: state, reasons, each failing setting with its fix, actions. */
export function formatDeviceCompliance(c: DeviceCompliance): string[] {
  const lines = [`Device ${c.deviceId}: ${c.state}${c.graceEndsAt && c.state === 'inGracePeriod' ? ` (grace period ends ${c.graceEndsAt})` : ''}`];
  for (const r of c.reasons) lines.push(`  ${r.code}: ${r.message}`);
  for (const p of c.policies) {
    lines.push(`Policy "${p.displayName}": ${p.state}`);
    for (const s of p.settings) if (s.state !== 'compliant' && s.state !== 'notApplicable') lines.push(`  ${s.state.padEnd(13)} ${s.setting}: ${s.reason} Fix: ${s.remediation}`);
    for (const n of p.notEvaluated) lines.push(`  ${'notEvaluated'.padEnd(13)} ${n.setting}: ${n.reason}`);
  }
  if (c.actions.length > 0) {
    lines.push('Actions:');
    for (const a of c.actions) lines.push(`  ${a.status.padEnd(10)} ${a.actionType.padEnd(17)} ${a.runAt}`);
  }
  return lines;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `verity compliance ...`: policies, assignments, tenant settings, a device's compliance. */
export function registerComplianceCommand(program: Command, client: () => Api): void {
  const c = program.command('compliance').description('Compliance policies, assignments, tenant settings and device compliance (import with `verity import`).');
  c.command('policies').description('List compliance policies.').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    const api = client();
    const res = await api.call<{ items: Record<string, unknown>[] }>('GET', '/api/v1/compliance-policies');
    if (o.json) printJson(res.items);
    else printTable(res.items.map((p) => ({ ...p, notEvaluated: (p.notEvaluated as unknown[]).length, settings: (p.settings as unknown[]).length })), ['id', 'displayName', 'kind', 'platform', 'version', 'settings', 'notEvaluated']);
    api.close();
  });
  c.command('assign <policyId>').description('Replace a policy\'s assignments (exclusions win).')
    .option('--include-group <groupId>', 'include a user or device group (repeatable)', collect)
    .option('--exclude-group <groupId>', 'exclude a group (repeatable)', collect)
    .option('--all-devices', 'assign to every device').option('--all-users', 'assign to every licensed user\'s devices').option('--json', 'print JSON')
    .action(async (policyId: string, o: AssignOptions & { json?: boolean }) => {
      const api = client();
      const res = await api.call<{ value: { id: string; target: Record<string, string> }[] }>('POST', `/api/v1/compliance-policies/${encodeURIComponent(policyId)}/assignments`, assignmentBody(o));
      if (o.json) printJson(res.value); else printTable(res.value.map((a) => ({ id: a.id, target: a.target['@odata.type']?.replace('#microsoft.graph.', ''), groupId: a.target.groupId })), ['id', 'target', 'groupId']);
      api.close();
    });
  c.command('unassign <policyId>').description('Remove every assignment of a policy; its pending noncompliance actions are cancelled and its devices re-evaluated.').option('--json', 'print JSON')
    .action(async (policyId: string, o: { json?: boolean }) => {
      const api = client();
      try {
        const res = await api.call<{ removed: number; cancelledActions: number }>('DELETE', `/api/v1/compliance-policies/${encodeURIComponent(policyId)}/assignments`);
        if (o.json) printJson(res); else console.log(`unassigned ${policyId}: ${res.removed} assignment(s) removed, ${res.cancelledActions} pending action(s) cancelled`);
      } finally {
        api.close();
      }
    });
  c.command('delete <policyId>').description('Delete an unassigned policy (an assigned one is refused: unassign it first); its devices are re-evaluated.')
    .action(async (policyId: string) => {
      const api = client();
      try {
        await api.call('DELETE', `/api/v1/compliance-policies/${encodeURIComponent(policyId)}`);
        console.log(`deleted ${policyId}`);
      } finally {
        api.close();
      }
    });
  c.command('export <policyId>').description('Export a policy as Graph JSON (re-importable with `verity import`).').option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (policyId: string, o: { output?: string }) => {
      const api = client();
      try {
        const doc = await api.call<Record<string, unknown>>('GET', `/api/v1/compliance-policies/${encodeURIComponent(policyId)}/export`);
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (o.output) writeFileSync(o.output, text); else process.stdout.write(text);
      } finally {
        api.close();
      }
    });
  c.command('settings').description('Show or change tenant compliance settings.')
    .option('--unassigned-state <compliant|noncompliant>', 'mark devices with no policy assigned as').option('--validity-days <days>', 'compliance status validity period').option('--json', 'print JSON')
    .action(async (o: { unassignedState?: string; validityDays?: string; json?: boolean }) => {
      const api = client();
      const patch = { ...(o.unassignedState ? { noPolicyAssignedState: o.unassignedState } : {}), ...(o.validityDays ? { validityPeriodDays: Number(o.validityDays) } : {}) };
      const res = Object.keys(patch).length > 0 ? await api.call<Record<string, unknown>>('PATCH', '/api/v1/compliance-settings', patch) : await api.call<Record<string, unknown>>('GET', '/api/v1/compliance-settings');
      if (o.json) printJson(res); else console.log(`no policy assigned: ${String(res.noPolicyAssignedState)}; validity period: ${String(res.validityPeriodDays)} days`);
      api.close();
    });
  c.command('device <deviceId>').description('A device\'s compliance: each failing setting, how to fix it, and the noncompliance actions.').option('--json', 'print JSON')
    .action(async (deviceId: string, o: { json?: boolean }) => {
      const api = client();
      const res = await api.call<DeviceCompliance>('GET', `/api/v1/devices/${encodeURIComponent(deviceId)}/compliance`);
      if (o.json) printJson(res); else for (const line of formatDeviceCompliance(res)) console.log(line);
      api.close();
    });
}
