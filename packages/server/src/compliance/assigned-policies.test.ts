import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAssignedPolicyIds, type AssignmentTarget } from './assigned-policies.js';

const policies = [{ id: 'lin', platform: 'linux' }, { id: 'win', platform: 'windows' }, { id: 'lin2', platform: 'linux' }];
const inc = (policyId: string, groupId: string): AssignmentTarget => ({ policyId, targetType: 'group', groupId, mode: 'include' });
const exc = (policyId: string, groupId: string): AssignmentTarget => ({ policyId, targetType: 'group', groupId, mode: 'exclude' });
const subject = (groups: string[], hasPrimaryUser = true) => ({ platform: 'linux', groupIds: new Set(groups), hasPrimaryUser });

describe('resolveAssignedPolicyIds', () => {
  it('includes a policy assigned to one of the device or user groups, for the device platform only', () => {
    expect(resolveAssignedPolicyIds(policies, [inc('lin', 'g1'), inc('win', 'g1'), inc('lin2', 'g9')], subject(['g1']))).toEqual(['lin']);
  });
  it('lets exclusion win over inclusion', () => {
    expect(resolveAssignedPolicyIds(policies, [inc('lin', 'g1'), exc('lin', 'g2')], subject(['g1', 'g2']))).toEqual([]);
    expect(resolveAssignedPolicyIds(policies, [{ policyId: 'lin', targetType: 'allDevices', groupId: null, mode: 'include' }, exc('lin', 'g2')], subject(['g2']))).toEqual([]);
  });
  it('reaches devices through all devices, and through all users only when the device has a primary user', () => {
    const all: AssignmentTarget[] = [{ policyId: 'lin', targetType: 'allDevices', groupId: null, mode: 'include' }, { policyId: 'lin2', targetType: 'allUsers', groupId: null, mode: 'include' }];
    expect(resolveAssignedPolicyIds(policies, all, subject([], true))).toEqual(['lin', 'lin2']);
    expect(resolveAssignedPolicyIds(policies, all, subject([], false))).toEqual(['lin']);
  });
  it('never returns an excluded policy or one of another platform (property)', () => {
    const target = fc.record({
      policyId: fc.constantFrom('lin', 'win', 'lin2'),
      targetType: fc.constantFrom('group' as const, 'allUsers' as const, 'allDevices' as const),
      groupId: fc.constantFrom('g1', 'g2', 'g3', null),
      mode: fc.constantFrom('include' as const, 'exclude' as const),
    });
    fc.assert(fc.property(fc.array(target, { maxLength: 12 }), fc.subarray(['g1', 'g2', 'g3']), fc.boolean(), (assignments, groups, hasUser) => {
      const s = subject(groups, hasUser);
      const out = resolveAssignedPolicyIds(policies, assignments, s);
      for (const id of out) {
        expect(policies.find((p) => p.id === id)?.platform).toBe('linux');
        const excludedHit = assignments.some((a) => a.policyId === id && a.mode === 'exclude' && a.targetType === 'group' && a.groupId !== null && s.groupIds.has(a.groupId));
        expect(excludedHit).toBe(false);
      }
    }));
  });
});
