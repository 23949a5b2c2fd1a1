/**
 * fast-check generators for conditional access: policies, policy sets and sign-ins over a small
 * universe of users, groups, roles, apps, locations and device filters, so that generated policies
 * apply often enough to matter. Shared by the engine's property tests.
 */
import fc from 'fast-check';
import { importConditionalAccessPolicy, type ConditionalAccessPolicy } from '../src/access/conditional-access-policy.js';
import { evaluateAccess, type AccessDecision } from '../src/access/evaluate-access.js';
import { importNamedLocation, type NamedLocation } from '../src/access/named-location.js';
import { compilePolicySet } from '../src/access/policy-set.js';
import type { SignInContext } from '../src/access/sign-in-context.js';

export const USERS = ['u0', 'u1', 'u2', 'u3'];
export const GROUPS = ['g0', 'g1', 'g2'];
export const ROLES = ['r0', 'r1'];
export const APPS = ['a0', 'a1', 'a2'];
export const PLATFORMS = ['android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone'] as const;
const RISKS = ['none', 'low', 'medium', 'high'] as const;
const RULES = ['device.isCompliant -eq True', 'device.trustType -eq "ServerAD"', 'device.operatingSystem -startsWith "Win"', 'device.extensionAttribute1 -eq "kiosk" -or device.model -contains "Surface"'];

export const LOCATIONS: NamedLocation[] = [
  importNamedLocation({ id: 'L0', displayName: 'office', isTrusted: true, ipRanges: [{ cidrAddress: '203.0.113.0/24' }, { cidrAddress: '2001:db8::/32' }] }).location,
  importNamedLocation({ id: 'L1', displayName: 'branch', isTrusted: false, ipRanges: [{ cidrAddress: '198.51.100.0/24' }] }).location,
  importNamedLocation({ id: 'L2', displayName: 'countries', countriesAndRegions: ['KP'], includeUnknownCountriesAndRegions: true }).location,
];
export const countryOf = (ip: string): string | null => (ip.startsWith('198.') ? 'KP' : ip.startsWith('10.') ? null : 'GB');

const sub = <T>(xs: readonly T[]) => fc.subarray([...xs]);
/** Mostly empty (condition not configured), so that generated policies apply often enough to matter. */
const rarely = <T>(xs: readonly T[]) => fc.oneof({ weight: 3, arbitrary: fc.constant([] as T[]) }, { weight: 1, arbitrary: sub(xs) });

export const policyArb: fc.Arbitrary<ConditionalAccessPolicy> = fc
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
export const policiesArb = fc.array(policyArb, { maxLength: 8 }).map((ps) => ps.map((p, i) => ({ ...p, id: `p${i}` })));

export const signInArb: fc.Arbitrary<SignInContext> = fc.record({
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

/** Decide a sign-in against a freshly compiled set of these policies. */
export const decide = (policies: readonly ConditionalAccessPolicy[], s: SignInContext, explain = false): AccessDecision =>
  evaluateAccess(compilePolicySet({ policies, namedLocations: LOCATIONS, countryOf }), s, { explain });
const RANK = { grant: 0, controlsRequired: 1, block: 2 } as const;
const missingKeys = (d: AccessDecision) => new Set(d.missingControls.map((m) => m.control));
const isSubset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

/** `after` asks at least as much as `before`: a higher or equal rank, and at the same rank a superset of missing controls. */
export function atLeastAsStrict(after: AccessDecision, before: AccessDecision): boolean {
  if (RANK[after.result] !== RANK[before.result]) return RANK[after.result] > RANK[before.result];
  return after.result !== 'controlsRequired' || isSubset(missingKeys(before), missingKeys(after));
}
