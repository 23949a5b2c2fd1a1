// Differential test of conditional access: random policy sets and sign-ins, decided by our engine and
// by Cedar (the translation the PDP bench uses, bench/cedar-translation.ts), must agree on grant or
// not. Cedar is an independent oracle: a different engine, written by others, given the policies in
// its own language; a disagreement is a bug in one of them (or in the translation) and fast-check
// shrinks it to a small policy set and sign-in.
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePolicySet, evaluateAccess, importConditionalAccessPolicy, importNamedLocation, type SignInContext,
} from '../packages/core/src/index.js';
import { policySetToCedar, RULES_IN_CEDAR, signInToCedar } from '../bench/cedar-translation.js';

const USERS = ['u0', 'u1', 'u2', 'u3'];
const GROUPS = ['g0', 'g1', 'g2'];
const ROLES = ['62e90394-69f5-4237-9190-012177145e10', '194ae4cb-b126-40b2-bd5b-6091b380977d'];
const APPS = ['app-0', 'app-1', 'app-2'];
const PLATFORMS = ['windows', 'macOS', 'iOS', 'android', 'linux'] as const;
const CLIENT_APPS = ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'] as const;
const RISKS = ['none', 'low', 'medium', 'high'] as const;
const CONTROLS = ['mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication'] as const;
const LOCATIONS = [
  { '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'loc-0', displayName: 'HQ', isTrusted: true, ipRanges: [{ cidrAddress: '10.0.0.0/16' }] },
  { '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'loc-1', displayName: 'Branch', isTrusted: false, ipRanges: [{ cidrAddress: '10.1.0.0/16' }, { cidrAddress: '192.0.2.0/24' }] },
  { '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'loc-2', displayName: 'Lab', isTrusted: true, ipRanges: [{ cidrAddress: '10.2.0.0/16' }] },
];
const namedLocations = LOCATIONS.map((l) => importNamedLocation(l).location);

const subset = <T>(xs: readonly T[], min = 0) => fc.subarray([...xs], { minLength: min });

/** A Graph conditionalAccessPolicy within what the translation covers. */
const policyArb = (i: number) => fc.record({
  state: fc.constantFrom('enabled', 'enabled', 'enabled', 'enabledForReportingButNotEnforced', 'disabled'),
  users: fc.oneof(
    fc.record({ includeUsers: fc.constant(['All']), excludeUsers: subset(USERS), excludeGroups: subset(GROUPS) }),
    fc.record({ includeUsers: subset(USERS), includeGroups: subset(GROUPS), includeRoles: subset(ROLES), excludeUsers: subset(USERS), excludeGroups: subset(GROUPS) })
      .filter((u) => u.includeUsers.length + u.includeGroups.length + u.includeRoles.length > 0),
  ),
  applications: fc.oneof(fc.constant({ includeApplications: ['All'] }), subset(APPS, 1).map((a) => ({ includeApplications: a }))),
  clientAppTypes: fc.option(fc.oneof(fc.constant(['all']), subset(CLIENT_APPS, 1)), { nil: undefined }),
  platforms: fc.option(fc.record({ includePlatforms: fc.oneof(fc.constant(['all']), subset(PLATFORMS, 1)), excludePlatforms: subset(PLATFORMS) }), { nil: undefined }),
  locations: fc.option(fc.record({
    includeLocations: fc.oneof(fc.constant(['All']), subset(LOCATIONS.map((l) => l.id), 1)),
    excludeLocations: fc.constantFrom([], ['AllTrusted']),
  }), { nil: undefined }),
  deviceFilter: fc.option(fc.record({ mode: fc.constantFrom('include', 'exclude'), rule: fc.constantFrom(...Object.keys(RULES_IN_CEDAR)) }), { nil: undefined }),
  signInRiskLevels: fc.option(subset(RISKS, 1), { nil: undefined }),
  grant: fc.oneof(
    fc.constant({ operator: 'OR', builtInControls: ['block'] }),
    fc.record({ operator: fc.constantFrom('AND', 'OR'), builtInControls: subset(CONTROLS, 1) }),
  ),
}).map((p) => ({
  id: `p${i}`, displayName: `Policy ${i}`, state: p.state,
  conditions: {
    users: p.users, applications: p.applications,
    ...(p.clientAppTypes ? { clientAppTypes: p.clientAppTypes } : {}),
    ...(p.platforms ? { platforms: p.platforms } : {}),
    ...(p.locations ? { locations: p.locations } : {}),
    ...(p.deviceFilter ? { devices: { deviceFilter: p.deviceFilter } } : {}),
    ...(p.signInRiskLevels ? { signInRiskLevels: p.signInRiskLevels } : {}),
  },
  grantControls: p.grant,
}));

const policySetArb = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(i))));

const signInArb = fc.record({
  user: fc.constantFrom(...USERS),
  groups: subset(GROUPS),
  roles: subset(ROLES),
  appId: fc.constantFrom(...APPS),
  clientAppType: fc.constantFrom(...CLIENT_APPS),
  platform: fc.option(fc.constantFrom(...PLATFORMS), { nil: null }),
  ip: fc.constantFrom('10.0.4.2', '10.1.9.9', '192.0.2.77', '10.2.0.1', '198.51.100.3'),
  device: fc.option(fc.record({
    isCompliant: fc.boolean(),
    trustType: fc.constantFrom('AzureAD', 'ServerAD', 'Workplace') as fc.Arbitrary<'AzureAD' | 'ServerAD' | 'Workplace'>,
    extensionAttribute1: fc.constantFrom('kiosk', 'standard'),
    operatingSystem: fc.constantFrom('Windows', 'MacOS', 'Linux'),
  }), { nil: null }),
  signInRisk: fc.constantFrom(...RISKS),
  mfa: fc.boolean(), approvedApplication: fc.boolean(), compliantApplication: fc.boolean(),
}).map((r): SignInContext => ({
  user: { id: r.user, groupIds: new Set(r.groups), roleIds: new Set(r.roles), userType: 'member' },
  appId: r.appId, clientAppType: r.clientAppType, platform: r.platform, ip: r.ip,
  device: r.device ? { id: 'd1', isCompliant: r.device.isCompliant, trustType: r.device.trustType, attributes: { extensionAttribute1: r.device.extensionAttribute1, operatingSystem: r.device.operatingSystem } } : null,
  signInRisk: r.signInRisk, userRisk: 'none',
  satisfied: { mfa: r.mfa, authenticationStrength: null, passwordChanged: false, approvedApplication: r.approvedApplication, compliantApplication: r.compliantApplication },
}));

describe('conditional access agrees with Cedar on random policy sets and sign-ins', () => {
  it('grants exactly when Cedar allows', () => {
    let sets = 0;
    const outcomes = { grant: 0, refused: 0 };
    fc.assert(fc.property(policySetArb, fc.array(signInArb, { minLength: 1, maxLength: 8 }), (graphPolicies, signIns) => {
      const policies = graphPolicies.map((p) => importConditionalAccessPolicy(p).policy);
      const compiled = compilePolicySet({ policies, namedLocations });
      const id = `set-${sets++}`;
      const parsed = cedar.preparsePolicySet(id, { staticPolicies: policySetToCedar(policies, namedLocations) });
      if (parsed.type !== 'success') throw new Error(`the Cedar translation does not parse: ${JSON.stringify(parsed.errors.slice(0, 1))}`);
      for (const signIn of signIns) {
        const ours = evaluateAccess(compiled, signIn).result === 'grant';
        outcomes[ours ? 'grant' : 'refused']++;
        const answer = cedar.statefulIsAuthorized(signInToCedar(signIn, id));
        if (answer.type !== 'success') throw new Error(`Cedar failed: ${JSON.stringify(answer.errors.slice(0, 1))}`);
        expect(ours, JSON.stringify({ graphPolicies, signIn: { ...signIn, user: { ...signIn.user, groupIds: [...signIn.user.groupIds], roleIds: [...signIn.user.roleIds] } } })).toBe(answer.response.decision === 'allow');
      }
    }), { numRuns: 400 });
    // Both answers are common: the comparison is not one-sided.
    expect(outcomes.grant).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  });
});
