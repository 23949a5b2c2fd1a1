import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { assignmentBody, formatDeviceCompliance, registerComplianceCommand } from './compliance-command.js';

describe('verity compliance', () => {
  it('builds the Graph assign body from options', () => {
    expect(assignmentBody({ includeGroup: ['g1'], excludeGroup: ['g2'], allDevices: true }).assignments.map((a) => a.target)).toEqual([
      { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g1' },
      { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: 'g2' },
      { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
    ]);
    expect(assignmentBody({}).assignments).toEqual([]);
  });
  it('renders failing settings with their fix and skips compliant ones', () => {
    const lines = formatDeviceCompliance({
      deviceId: 'd1', state: 'inGracePeriod', evaluatedAt: null, graceEndsAt: '2026-01-02T00:00:00.000Z', reasons: [{ code: 'in-grace-period', message: 'x' }],
      policies: [{ displayName: 'Linux', state: 'inGracePeriod', settings: [{ setting: 'fw', state: 'noncompliant', reason: 'Firewall off.', remediation: 'Turn it on.' }, { setting: 'enc', state: 'compliant', reason: 'ok', remediation: '' }], notEvaluated: [{ setting: 'digits', reason: 'not reported' }] }],
      actions: [{ actionType: 'notification', status: 'pending', runAt: '2026-01-02T00:00:00.000Z' }],
    });
    expect(lines[0]).toContain('grace period ends');
    expect(lines.some((l) => l.includes('fw: Firewall off. Fix: Turn it on.'))).toBe(true);
    expect(lines.some((l) => l.includes('enc'))).toBe(false);
    expect(lines.some((l) => l.includes('notEvaluated') && l.includes('digits'))).toBe(true);
  });
  it('sends the settings patch the options describe', async () => {
    const calls: unknown[][] = [];
    const program = new Command().exitOverride();
    registerComplianceCommand(program, () => ({ call: async <T>(...a: unknown[]) => { calls.push(a); return { noPolicyAssignedState: 'noncompliant', validityPeriodDays: 7 } as T; }, close() {} }));
    await program.parseAsync(['node', 'verity', 'compliance', 'settings', '--unassigned-state', 'noncompliant', '--validity-days', '7', '--json']);
    expect(calls).toEqual([['PATCH', '/api/v1/compliance-settings', { noPolicyAssignedState: 'noncompliant', validityPeriodDays: 7 }]]);
    await program.parseAsync(['node', 'verity', 'compliance', 'settings', '--json']);
    expect(calls[1]).toEqual(['GET', '/api/v1/compliance-settings']);
  });
});
