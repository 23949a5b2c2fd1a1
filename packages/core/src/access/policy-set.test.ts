import { describe, expect, it } from 'vitest';
import { importConditionalAccessPolicy } from './conditional-access-policy.js';
import { evaluateAccess } from './evaluate-access.js';
import { compilePolicySet, refFilterSlot } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

// Deterministic GUID-like ids (the fast path's filter keys on the last characters).
const hex = (i: number, salt: number): string => {
  const h = (Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${(h ^ 0x5bd1e995).toString(16).padStart(12, '0')}`;
};
const groups = Array.from({ length: 3000 }, (_, i) => hex(i, 1));
const users = Array.from({ length: 50 }, (_, i) => hex(i, 2));

// 300 policies, each including/excluding a few of 3000 groups: enough references for filter collisions.
const policies = Array.from({ length: 300 }, (_, i) => {
  const all = i % 5 === 0;
  return importConditionalAccessPolicy({
    id: `p${i}`,
    displayName: `P${i}`,
    state: 'enabled',
    conditions: {
      users: all
        ? { includeUsers: ['All'], excludeGroups: [groups[(i * 7) % groups.length]!], excludeUsers: [users[i % users.length]!] }
        : { includeGroups: [groups[(i * 13) % groups.length]!, groups[(i * 29 + 1) % groups.length]!], excludeGroups: i % 3 === 0 ? [groups[(i * 31 + 2) % groups.length]!] : [] },
      applications: { includeApplications: ['All'] },
    },
    grantControls: { operator: 'OR', builtInControls: [i % 2 === 0 ? 'mfa' : 'compliantDevice'] },
  }).policy;
});

/** A browser sign-in to 'app' from Windows by a member user in these groups. */
const browserSignIn = (userId: string, groupIds: Iterable<string>, mfa: boolean): SignInContext => ({
  user: { id: userId, groupIds: new Set(groupIds), roleIds: new Set(), userType: 'member' },
  appId: 'app',
  clientAppType: 'browser',
  platform: 'windows',
  ip: null,
  device: null,
  signInRisk: 'none',
  userRisk: 'none',
  satisfied: { mfa, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false },
});

describe('compiled policy set fast index', () => {
  const set = compilePolicySet({ policies, namedLocations: [] });

  it('sets the filter bit of every referenced user and group id (a clear bit must prove "not referenced")', () => {
    const keys = [...set.fastIndex.userRefs.keys(), ...set.fastIndex.groupRefs.keys(), ...set.fastIndex.roleRefs.keys()];
    expect(keys.length).toBeGreaterThan(500);
    for (const k of keys) {
      const slot = refFilterSlot(k);
      expect(set.fastIndex.refFilter[slot >>> 5]! & (1 << (slot & 31))).not.toBe(0);
    }
  });

  it('decides like the explained (general) path for users in many groups, over more decisions than the marks have generations', () => {
    for (let k = 0; k < 6 * users.length; k++) {
      const u = k % users.length;
      const member = Array.from({ length: 40 }, (_, k) => groups[(u * 97 + k * 61) % groups.length]!);
      const signIn = browserSignIn(users[u]!, member, u % 2 === 0);
      const fast = evaluateAccess(set, signIn);
      const explained = evaluateAccess(set, signIn, { explain: true });
      expect(fast.result).toBe(explained.result);
      expect(fast.missingControls).toEqual(explained.missingControls);
      expect(fast.policies.map((p) => p.policyId)).toEqual(explained.policies.filter((p) => p.applied).map((p) => p.policyId));
    }
  });

  it('never lets the marks of an earlier decision leak into a later one, across the wrap of their generations', () => {
    const block = (id: string, group: string) =>
      importConditionalAccessPolicy({
        id,
        displayName: id,
        state: 'enabled',
        conditions: { users: { includeGroups: [group] }, applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }).policy;
    const mfa = importConditionalAccessPolicy({
      id: 'mfa',
      displayName: 'mfa',
      state: 'enabled',
      conditions: { users: { includeGroups: ['gy'] }, applications: { includeApplications: ['All'] } },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    }).policy;
    const s = compilePolicySet({ policies: [block('x', 'gx'), mfa], namedLocations: [] });
    const signIn = (groupIds: string[]) => browserSignIn('u', groupIds, false);
    expect(evaluateAccess(s, signIn(['gx'])).result).toBe('block');
    for (let k = 0; k < 600; k++) expect(evaluateAccess(s, signIn(['gy'])).result).toBe('controlsRequired');
  });
});
