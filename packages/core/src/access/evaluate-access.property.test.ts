/**
 * Properties of the decision, as the issue states them: evaluation is deterministic and never
 * throws; enabling one more policy never grants what was refused; adding an exclusion never
 * adds a requirement; an applicable block policy always wins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConditionalAccessPolicy, type ConditionalAccessPolicy } from './conditional-access-policy.js';
import { evaluateAccess, type AccessDecision } from './evaluate-access.js';
import { importNamedLocation, type NamedLocation } from './named-location.js';
import { compilePolicySet } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

const USERS = ['u0', 'u1', 'u2', 'u3'];
const GROUPS = ['g0', 'g1', 'g2'];
const ROLES = ['r0', 'r1'];
const APPS = ['a0', 'a1', 'a2'];
const PLATFORMS = ['android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone'] as const;
const RISKS = ['none', 'low', 'medium', 'high'] as const;
const RULES = ['device.isCompliant -eq True', 'device.trustType -eq "ServerAD"', 'device.operatingSystem -startsWith "Win"', 'device.extensionAttribute1 -eq "kiosk" -or device.model -contains "Surface"'];

const LOCATIONS: NamedLocation[] = [
  importNamedLocation({ id: 'L0', displayName: 'office', isTrusted: true, ipRanges: [{ cidrAddress: '203.0.113.0/24' }, { cidrAddress: '2001:db8::/32' }] }).location,
  importNamedLocation({ id: 'L1', displayName: 'branch', isTrusted: false, ipRanges: [{ cidrAddress: '198.51.100.0/24' }] }).location,
  importNamedLocation({ id: 'L2', displayName: 'countries', countriesAndRegions: ['KP'], includeUnknownCountriesAndRegions: true }).location,
];
const countryOf = (ip: string): string | null => (ip.startsWith('198.') ? 'KP' : ip.startsWith('10.') ? null : 'GB');

const sub = <T>(xs: readonly T[]) => fc.subarray([...xs]);
/** Mostly empty (condition not configured), so that generated policies apply often enough to matter. */
const rarely = <T>(xs: readonly T[]) => fc.oneof({ weight: 3, arbitrary: fc.constant([] as T[]) }, { weight: 1, arbitrary: sub(xs) });

const policyArb: fc.Arbitrary<ConditionalAccessPolicy> = fc
  .record({
    state: fc.constantFrom('enabled', 'enabled', 'enabledForReportingButNotEnforced', 'disabled'),
    includeUsers: fc.oneof(fc.constant<string[]>(['All']), sub(['All', ...USERS, 'GuestsOrExternalUsers'])),
    excludeUsers: rarely(USERS),
    includeGroups: sub(GROUPS),
    excludeGroups: rarely(GROUPS),
    includeRoles: sub(ROLES),
    excludeRoles: rarely(ROLES),
    guests: fc.option(fc.constantFrom('internalGuest', 'b2bCollaborationGuest,otherExternalUser'), { nil: undefined }),
    apps: fc.oneof({ weight: 9, arbitrary: fc.oneof(fc.constant<string[]>(['All']), sub(['All', ...APPS])).map((a) => ({ includeApplications: a })) }, { weight: 1, arbitrary: fc.constant({ includeUserActions: ['urn:user:registersecurityinfo'] }) }),
    excludeApplications: rarely(APPS),
    clientAppTypes: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>(['all']) }, { weight: 1, arbitrary: sub(['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']) }),
    platforms: fc.option(fc.record({ includePlatforms: sub(['all', ...PLATFORMS]), excludePlatforms: rarely(PLATFORMS) }), { nil: null, freq: 2 }),
    locations: fc.option(fc.record({ includeLocations: sub(['All', 'AllTrusted', 'L0', 'L1', 'L2']), excludeLocations: rarely(['AllTrusted', 'L0', 'L1', 'L2']) }), { nil: null, freq: 2 }),
    filter: fc.option(fc.record({ mode: fc.constantFrom('include', 'exclude'), rule: fc.constantFrom(...RULES) }), { nil: null, freq: 2 }),
    signInRiskLevels: rarely(['low', 'medium', 'high', 'none']),
    userRiskLevels: rarely(['low', 'medium', 'high']),
    grant: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ operator: 'OR', builtInControls: ['block'] }) },
      {
        weight: 4,
        arbitrary: fc.record({
          operator: fc.constantFrom('AND', 'OR'),
          builtInControls: sub(['mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange']),
        }),
      },
    ),
    strength: fc.option(fc.constantFrom('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000004'), { nil: undefined }),
    session: fc.option(fc.record({ signInFrequency: fc.record({ isEnabled: fc.constant(true), type: fc.constant('hours'), value: fc.integer({ min: 1, max: 24 }) }) }), { nil: null }),
  })
  .map((r) => {
    const grantControls: Record<string, unknown> = { ...r.grant };
    if (r.strength && !r.grant.builtInControls.includes('block')) grantControls.authenticationStrength = { id: r.strength };
    const json = {
      id: 'generated',
      displayName: 'generated',
      state: r.state,
      conditions: {
        users: {
          includeUsers: r.includeUsers,
          excludeUsers: r.excludeUsers,
          includeGroups: r.includeGroups,
          excludeGroups: r.excludeGroups,
          includeRoles: r.includeRoles,
          excludeRoles: r.excludeRoles,
          includeGuestsOrExternalUsers: r.guests ? { guestOrExternalUserTypes: r.guests, externalTenants: { membershipKind: 'all' } } : null,
        },
        applications: { ...r.apps, excludeApplications: r.excludeApplications },
        clientAppTypes: r.clientAppTypes,
        platforms: r.platforms,
        locations: r.locations,
        devices: r.filter ? { deviceFilter: r.filter } : null,
        signInRiskLevels: r.signInRiskLevels,
        userRiskLevels: r.userRiskLevels,
      },
      grantControls,
      sessionControls: r.session,
    };
    return importConditionalAccessPolicy(json).policy;
  });

// Ids must be unique within a set but stable for a given run: number them after generation.
const policiesArb = fc.array(policyArb, { maxLength: 8 }).map((ps) => ps.map((p, i) => ({ ...p, id: `p${i}` })));

const signInArb: fc.Arbitrary<SignInContext> = fc.record({
  user: fc.record({
    id: fc.constantFrom(...USERS, 'u-other'),
    groupIds: sub(GROUPS).map((g) => new Set(g) as ReadonlySet<string>),
    roleIds: sub(ROLES).map((r) => new Set(r) as ReadonlySet<string>),
    userType: fc.constantFrom('member', 'member', 'guest') as fc.Arbitrary<'member' | 'guest'>,
  }),
  appId: fc.constantFrom(...APPS, 'a-other', null),
  clientAppType: fc.constantFrom('browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'),
  platform: fc.constantFrom(...PLATFORMS, null),
  ip: fc.oneof(fc.constantFrom('203.0.113.7', '198.51.100.9', '10.1.2.3', '2001:db8::5', '8.8.8.8', null, 'garbage', ''), fc.ipV4()),
  device: fc.option(
    fc.record({
      id: fc.constant('d'),
      isCompliant: fc.boolean(),
      trustType: fc.constantFrom('AzureAD', 'ServerAD', 'Workplace', null),
      attributes: fc.record({ operatingSystem: fc.constantFrom('Windows', 'MacOS'), extensionAttribute1: fc.constantFrom('kiosk', ''), model: fc.constantFrom('Surface Pro', 'ThinkPad') }),
    }),
    { nil: null },
  ),
  signInRisk: fc.constantFrom(...RISKS),
  userRisk: fc.constantFrom(...RISKS),
  satisfied: fc.record({
    mfa: fc.boolean(),
    authenticationStrength: fc.constantFrom('mfa', 'passwordless', 'phishingResistant', null),
    passwordChanged: fc.boolean(),
    approvedApplication: fc.boolean(),
    compliantApplication: fc.boolean(),
  }),
}).chain((s) => (s.appId === null ? fc.constantFrom<SignInContext>(s, { ...s, userAction: 'urn:user:registersecurityinfo' }) : fc.constant(s)));

const decide = (policies: readonly ConditionalAccessPolicy[], s: SignInContext, explain = false): AccessDecision =>
  evaluateAccess(compilePolicySet({ policies, namedLocations: LOCATIONS, countryOf }), s, { explain });
const RANK = { grant: 0, controlsRequired: 1, block: 2 } as const;
const missingKeys = (d: AccessDecision) => new Set(d.missingControls.map((m) => m.control));
const isSubset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

/** `after` asks at least as much as `before`: a higher or equal rank, and at the same rank a superset of missing controls. */
function atLeastAsStrict(after: AccessDecision, before: AccessDecision): boolean {
  if (RANK[after.result] !== RANK[before.result]) return RANK[after.result] > RANK[before.result];
  return after.result !== 'controlsRequired' || isSubset(missingKeys(before), missingKeys(after));
}

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
