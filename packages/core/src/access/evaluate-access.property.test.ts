/**
 * Properties of the decision, as the issue states them: evaluation is deterministic and never
 * throws; enabling one more policy never grants what was refused; adding an exclusion never
 * adds a requirement; an applicable block policy always wins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPS, GROUPS, LOCATIONS, PLATFORMS, ROLES, USERS, atLeastAsStrict, countryOf, decide, policiesArb, policyArb, signInArb } from '../../test/access-arbitraries.js';
import { importConditionalAccessPolicy, type ConditionalAccessPolicy } from './conditional-access-policy.js';
import { evaluateAccess } from './evaluate-access.js';
import { compilePolicySet } from './policy-set.js';

const RUNS = { numRuns: 200 };

describe('evaluateAccess properties', () => {
  it('is deterministic, and explain changes only the explanation', () => {
    fc.assert(
      fc.property(policiesArb, signInArb, (ps, s) => {
        const set = compilePolicySet({ policies: ps, namedLocations: LOCATIONS, countryOf });
        const a = evaluateAccess(set, s);
        expect(evaluateAccess(set, s)).toEqual(a);
        expect(decide(ps, s)).toEqual(a);
        const e = evaluateAccess(set, s, { explain: true });
        expect(e.result).toBe(a.result);
        expect(e.missingControls).toEqual(a.missingControls);
        expect(e.sessionControls).toEqual(a.sessionControls);
        expect(e.policies.filter((p) => p.applied).map((p) => [p.policyId, p.result])).toEqual(a.policies.map((p) => [p.policyId, p.result]));
      }),
      RUNS,
    );
  });

  it('the fast path decides as the explained one, decision after decision on one compiled set', () => {
    // 300 decisions per set: the per-set marks (which wrap every 255 decisions) and memoised results carry over between them.
    fc.assert(
      fc.property(policiesArb, fc.array(signInArb, { minLength: 1, maxLength: 40 }), (ps, signIns) => {
        const set = compilePolicySet({ policies: ps, namedLocations: LOCATIONS, countryOf });
        for (let k = 0; k < 300; k++) {
          const s = signIns[k % signIns.length]!;
          const fast = evaluateAccess(set, s);
          const e = evaluateAccess(set, s, { explain: true });
          expect(fast.result).toBe(e.result);
          expect(fast.missingControls).toEqual(e.missingControls);
          expect(fast.sessionControls).toEqual(e.sessionControls);
          expect(fast.reasons.map((r) => r.code)).toEqual(e.reasons.map((r) => r.code));
          const applied = e.policies.filter((p) => p.applied);
          expect(fast.policies.map((p) => [p.policyId, p.state, p.result, p.missingControls, p.reportOnlyResult, p.decidedBy.code])).toEqual(
            applied.map((p) => [p.policyId, p.state, p.result, p.missingControls, p.reportOnlyResult, p.decidedBy.code]),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never throws, whatever the sign-in holds', () => {
    fc.assert(
      fc.property(policiesArb, signInArb, fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), (ps, s, ip, app) => {
        const set = compilePolicySet({ policies: ps, namedLocations: LOCATIONS, countryOf });
        evaluateAccess(set, { ...s, ip, appId: app }, { explain: true });
        evaluateAccess(set, { ...s, ip }, { explain: false });
      }),
      RUNS,
    );
  });

  it('enabling one more policy never grants anything that was refused before', () => {
    fc.assert(
      fc.property(policiesArb, policyArb, signInArb, (ps, extra, s) => {
        const before = decide(ps, s);
        const after = decide([...ps, { ...extra, id: 'extra', state: 'enabled' }], s);
        expect(atLeastAsStrict(after, before)).toBe(true);
        // Switching a report-only or disabled policy to enabled is the same kind of change.
        const i = ps.findIndex((p) => p.state !== 'enabled');
        if (i >= 0) expect(atLeastAsStrict(decide(ps.map((p, j) => (j === i ? { ...p, state: 'enabled' as const } : p)), s), before)).toBe(true);
      }),
      RUNS,
    );
  });

  const exclusionArb = fc.oneof(
    fc.constantFrom(...USERS).map((u) => ['excludeUsers', u] as const),
    fc.constant(['excludeUsers', 'GuestsOrExternalUsers'] as const),
    fc.constantFrom(...GROUPS).map((g) => ['excludeGroups', g] as const),
    fc.constantFrom(...ROLES).map((r) => ['excludeRoles', r] as const),
    fc.constantFrom(...APPS).map((a) => ['excludeApplications', a] as const),
    fc.constantFrom(...PLATFORMS).map((p) => ['excludePlatforms', p] as const),
    fc.constantFrom('AllTrusted', 'L0', 'L1', 'L2').map((l) => ['excludeLocations', l] as const),
  );

  function withExclusion(p: ConditionalAccessPolicy, [kind, value]: readonly [string, string]): ConditionalAccessPolicy {
    const q = structuredClone(p);
    const c = q.conditions;
    const add = (xs: string[] | undefined) => [...(xs ?? []), value];
    if (kind === 'excludeUsers' || kind === 'excludeGroups' || kind === 'excludeRoles') c.users[kind] = add(c.users[kind]);
    else if (kind === 'excludeApplications') c.applications.excludeApplications = add(c.applications.excludeApplications);
    // A missing platform or location condition means "all": make that explicit before excluding.
    else if (kind === 'excludePlatforms') c.platforms = { includePlatforms: c.platforms?.includePlatforms ?? ['all'], excludePlatforms: add(c.platforms?.excludePlatforms) as never };
    else c.locations = { includeLocations: c.locations?.includeLocations ?? ['All'], excludeLocations: add(c.locations?.excludeLocations) };
    return importConditionalAccessPolicy(q).policy;
  }

  it('adding an exclusion never adds a requirement for anyone', () => {
    fc.assert(
      fc.property(policiesArb.filter((ps) => ps.length > 0), fc.nat(), exclusionArb, signInArb, (ps, n, exclusion, s) => {
        const i = n % ps.length;
        const before = decide(ps, s);
        const after = decide(
          ps.map((p, j) => (j === i ? withExclusion(p, exclusion) : p)),
          s,
        );
        expect(atLeastAsStrict(before, after)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a block policy that applies always wins', () => {
    fc.assert(
      fc.property(policiesArb, signInArb, (ps, s) => {
        const d = decide(ps, s, true);
        const applies = d.policies.some((p) => p.state === 'enabled' && p.applied && p.result === 'block');
        expect(d.result === 'block').toBe(applies);
        if (applies) expect(d.missingControls).toEqual([]);
        // A block-everyone policy added anywhere in the set wins for every app sign-in.
        const blockAll = importConditionalAccessPolicy({
          id: 'block-all',
          displayName: 'block all',
          state: 'enabled',
          conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
          grantControls: { operator: 'OR', builtInControls: ['block'] },
        }).policy;
        if (s.userAction === undefined) expect(decide([...ps.slice(0, 2), blockAll, ...ps.slice(2)], s).result).toBe('block');
      }),
      RUNS,
    );
  });
});
