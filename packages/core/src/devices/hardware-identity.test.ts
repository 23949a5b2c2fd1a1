import { describe, expect, it } from 'vitest';
import { duplicateGroups, replacesOnEnrollment, sameHardware, type EnrolledHardware, type HardwareIdentity } from './hardware-identity.js';

const hw = (productUuidHash: string | null, machineIdHash: string | null): HardwareIdentity => ({ productUuidHash, machineIdHash });
const rec = (id: string, hardware: HardwareIdentity, extra: Partial<EnrolledHardware> = {}): EnrolledHardware => ({ id, status: 'active', ownership: 'corporate', primaryUserId: null, hardware, ...extra });

describe('sameHardware', () => {
  // Expected answers written by hand: [a, b, same?, why]
  it.each<[HardwareIdentity, HardwareIdentity, boolean, string]>([
    [hw('U1', 'M1'), hw('U1', 'M2'), true, 'same firmware UUID, OS reinstalled (new machine-id)'],
    [hw('U1', 'M1'), hw('U2', 'M1'), false, 'cloned VM image: same machine-id, different firmware UUID'],
    [hw(null, 'M1'), hw('U1', 'M1'), true, 'agent not root once: no UUID on one side, the machine-ids decide'],
    [hw(null, 'M1'), hw(null, 'M2'), false, 'different machine-ids, no UUIDs'],
    [hw(null, null), hw(null, null), false, 'nothing to compare'],
    [hw('U1', null), hw(null, 'M1'), false, 'no identifier in common'],
  ])('%o vs %o -> %s (%s)', (a, b, same) => {
    expect(sameHardware(a, b)).toBe(same);
    expect(sameHardware(b, a)).toBe(same);
  });
});

describe('replacesOnEnrollment', () => {
  const machine = hw('U1', 'M1');
  it('a corporate join replaces the active corporate record of the same machine, not a retired or personal one', () => {
    const newer = { ownership: 'corporate', primaryUserId: null, hardware: machine };
    expect(replacesOnEnrollment(newer, rec('old', machine))).toBe(true);
    expect(replacesOnEnrollment(newer, rec('old', machine, { status: 'retired' }))).toBe(false);
    expect(replacesOnEnrollment(newer, rec('old', machine, { status: 'revoked' }))).toBe(false);
    expect(replacesOnEnrollment(newer, rec('old', machine, { ownership: 'personal', primaryUserId: 'alice' }))).toBe(false);
    expect(replacesOnEnrollment(newer, rec('other', hw('U2', 'M1')))).toBe(false);
  });

  it('a personal registration replaces only the same user\'s personal record', () => {
    const alice = { ownership: 'personal', primaryUserId: 'alice', hardware: machine };
    expect(replacesOnEnrollment(alice, rec('old', machine, { ownership: 'personal', primaryUserId: 'alice' }))).toBe(true);
    expect(replacesOnEnrollment(alice, rec('bob', machine, { ownership: 'personal', primaryUserId: 'bob' }))).toBe(false);
    expect(replacesOnEnrollment(alice, rec('corp', machine))).toBe(false);
  });
});

describe('duplicateGroups', () => {
  it('groups the active records of one machine and leaves singletons, retired records and identity-less records out', () => {
    const groups = duplicateGroups([
      rec('a', hw('U1', 'M1')),
      rec('b', hw(null, 'M9')),
      rec('c', hw('U1', 'M2'), { ownership: 'personal', primaryUserId: 'alice' }),
      rec('d', hw('U1', 'M3'), { status: 'retired' }),
      rec('e', hw(null, null)),
      rec('f', hw(null, null)),
      rec('g', hw('U5', 'M9')),
    ]);
    expect(groups.map((g) => g.map((d) => d.id))).toEqual([['a', 'c'], ['b', 'g']]);
  });
});
