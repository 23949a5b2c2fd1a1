/**
 * Data-driven decision table (OPA style): each row is a what-if sign-in against the fixture
 * policy set (Microsoft templates) and the wanted decision, missing controls, applied policies
 * and reason codes.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_IDS as ID, loadAccessFixtures } from '../../test/fixtures/graph/access/load-fixtures.js';
import { importConditionalAccessPolicy, type ConditionalAccessPolicy } from './conditional-access-policy.js';
import { evaluateAccess } from './evaluate-access.js';
import { importNamedLocation } from './named-location.js';
import { compilePolicySet } from './policy-set.js';
import { parseWhatIfRequest } from './sign-in-context.js';

const fixtures = loadAccessFixtures();
const nameById = new Map<string, string>();
const policies: ConditionalAccessPolicy[] = [...fixtures.policies].map(([name, json]) => {
  const { policy } = importConditionalAccessPolicy(json);
  nameById.set(policy.id!, name);
  return policy;
});
const namedLocations = [...fixtures.namedLocations.values()].map((j) => importNamedLocation(j).location);
const appGroups = { Office365: [ID.sharePointApp, ID.exchangeApp] };
// A stand-in IP-to-country table: documentation ranges are "GB", 175.45.176.0/22 is North Korea, 100.64/10 is unknown.
const countryOf = (ip: string): string | null => (ip.startsWith('175.45.') ? 'KP' : ip.startsWith('100.64.') ? null : 'GB');
const set = compilePolicySet({ policies, namedLocations, appGroups, countryOf });

const MFA = { mfa: true };
const COMPLIANT = { id: 'd1', isCompliant: true, trustType: 'AzureAD' };
const CORP_IP = '203.0.113.10';
const HOME_IP = '192.0.2.200';

interface Row {
  name: string;
  signIn: Record<string, unknown>;
  result: 'grant' | 'block' | 'controlsRequired';
  missing?: string[];
  /** Enforced policies that applied, by fixture name (order-free). */
  applied?: string[];
  reasons?: string[];
  session?: Record<string, unknown>;
}

const member = { id: 'u-alice' };
const admin = { id: 'u-root', roleIds: [ID.globalAdministratorRole] };
const engineer = { id: 'u-eng', groupIds: [ID.engineeringGroup] };
const web = (extra: Record<string, unknown>) => ({ appId: ID.sharePointApp, clientAppType: 'browser', platform: 'windows', ip: CORP_IP, ...extra });

const TABLE: readonly Row[] = [
  {
    name: 'member on an unmanaged device without MFA must do one of MFA / compliant / hybrid',
    signIn: web({ user: member }),
    result: 'controlsRequired',
    missing: ['anyOf(compliantDevice,domainJoinedDevice,mfa)'],
    applied: ['require-compliant-or-hybrid-device-or-mfa', 'no-persistent-browser-unmanaged-devices', 'office365-app-enforced-restrictions'],
    reasons: ['controls-required'],
    session: { persistentBrowser: 'never', signInFrequencyHours: 1, applicationEnforcedRestrictions: true },
  },
  { name: 'member with MFA is granted', signIn: web({ user: member, satisfied: MFA }), result: 'grant', reasons: ['all-controls-satisfied'] },
  {
    name: 'compliant device satisfies the OR policy and escapes the unmanaged-browser policy',
    signIn: web({ user: member, device: COMPLIANT }),
    result: 'grant',
    applied: ['require-compliant-or-hybrid-device-or-mfa', 'office365-app-enforced-restrictions'],
    session: { persistentBrowser: null, signInFrequencyHours: null, applicationEnforcedRestrictions: true },
  },
  { name: 'corporate-joined device satisfies domainJoinedDevice', signIn: web({ user: member, device: { id: 'd2', isCompliant: false, trustType: 'ServerAD' } }), result: 'grant' },
  { name: 'legacy "other" client is blocked', signIn: web({ user: member, clientAppType: 'other', satisfied: MFA }), result: 'block', reasons: ['blocked-by-policy'] },
  { name: 'Exchange ActiveSync is blocked', signIn: web({ user: member, clientAppType: 'exchangeActiveSync', platform: 'iOS', satisfied: MFA }), result: 'block' },
  {
    name: 'two block policies apply: still a block, and both are listed',
    signIn: web({ user: member, platform: null, clientAppType: 'other' }),
    result: 'block',
    missing: [],
    applied: ['block-legacy-authentication', 'block-unknown-platforms', 'require-compliant-or-hybrid-device-or-mfa'],
    reasons: ['blocked-by-policy'],
  },
  { name: 'unknown platform is blocked', signIn: web({ user: member, platform: null, satisfied: MFA }), result: 'block' },
  { name: 'Windows Phone is blocked (not in the supported list)', signIn: web({ user: member, platform: 'windowsPhone', satisfied: MFA }), result: 'block' },
  {
    name: 'break-glass account is excluded from every policy',
    signIn: web({ user: { id: ID.breakGlass, roleIds: [ID.globalAdministratorRole] }, platform: null, clientAppType: 'other', appId: ID.azureManagementApp }),
    result: 'grant',
    applied: [],
    reasons: ['no-policy-applies'],
  },
  {
    name: 'admin without MFA needs MFA; report-only phishing-resistant policy would require more',
    signIn: web({ user: admin, device: COMPLIANT }),
    result: 'controlsRequired',
    missing: ['mfa'],
    reasons: ['controls-required', 'report-only-would-require-controls'],
  },
  { name: 'admin with MFA is granted; report-only strength not met is only logged', signIn: web({ user: admin, satisfied: MFA }), result: 'grant', reasons: ['all-controls-satisfied', 'report-only-would-require-controls'] },
  { name: 'admin with phishing-resistant MFA meets everything', signIn: web({ user: admin, satisfied: { authenticationStrength: 'phishingResistant' } }), result: 'grant', reasons: ['all-controls-satisfied'] },
  { name: 'Azure management needs MFA even from a compliant device', signIn: web({ user: member, appId: ID.azureManagementApp, device: COMPLIANT }), result: 'controlsRequired', missing: ['mfa'] },
  {
    name: 'medium sign-in risk requires MFA every time',
    signIn: web({ user: member, device: COMPLIANT, signInRisk: 'medium' }),
    result: 'controlsRequired',
    missing: ['mfa'],
    session: { signInFrequencyHours: 0, persistentBrowser: null, applicationEnforcedRestrictions: true },
  },
  { name: 'low sign-in risk does not trigger the risk policy', signIn: web({ user: member, device: COMPLIANT, signInRisk: 'low' }), result: 'grant' },
  { name: 'high user risk requires MFA and a password change (AND)', signIn: web({ user: member, device: COMPLIANT, userRisk: 'high' }), result: 'controlsRequired', missing: ['mfa', 'passwordChange'] },
  { name: 'high user risk after MFA still needs the password change', signIn: web({ user: member, userRisk: 'high', satisfied: MFA }), result: 'controlsRequired', missing: ['passwordChange'] },
  { name: 'high user risk with MFA and password change is granted', signIn: web({ user: member, userRisk: 'high', satisfied: { mfa: true, passwordChanged: true } }), result: 'grant' },
  { name: 'B2B guest needs MFA even on a compliant device', signIn: web({ user: { id: 'g1', userType: 'guest', externalUserType: 'b2bCollaborationGuest' }, device: COMPLIANT }), result: 'controlsRequired', missing: ['mfa'] },
  { name: 'guest of unknown type is included (fail closed)', signIn: web({ user: { id: 'g2', userType: 'guest' }, device: COMPLIANT }), result: 'controlsRequired', missing: ['mfa'] },
  { name: 'security info registration from home needs MFA', signIn: { user: member, appId: null, userAction: 'urn:user:registersecurityinfo', ip: HOME_IP, platform: 'windows' }, result: 'controlsRequired', missing: ['mfa'], applied: ['secure-security-info-registration'] },
  { name: 'security info registration from the trusted corporate network', signIn: { user: member, appId: null, userAction: 'urn:user:registersecurityinfo', ip: CORP_IP, platform: 'windows' }, result: 'grant', reasons: ['no-policy-applies'] },
  { name: 'security info registration from trusted IPv6', signIn: { user: member, appId: null, userAction: 'urn:user:registersecurityinfo', ip: '2001:db8:1234:5::1', platform: 'windows' }, result: 'grant' },
  { name: 'security info registration from an untrusted branch office', signIn: { user: member, appId: null, userAction: 'urn:user:registersecurityinfo', ip: '192.0.2.5', platform: 'windows' }, result: 'controlsRequired', missing: ['mfa'] },
  { name: 'security info registration without an IP fails closed', signIn: { user: member, appId: null, userAction: 'urn:user:registersecurityinfo', ip: null, platform: 'windows' }, result: 'controlsRequired', missing: ['mfa'] },
  { name: 'security info registration by a global admin (role excluded)', signIn: { user: admin, appId: null, userAction: 'urn:user:registersecurityinfo', ip: HOME_IP, platform: 'windows' }, result: 'grant' },
  { name: 'device registration needs MFA', signIn: { user: member, appId: null, userAction: 'urn:user:registerdevice', platform: 'android' }, result: 'controlsRequired', missing: ['mfa'] },
  { name: 'engineering on macOS needs a compliant device (AND) even after MFA', signIn: web({ user: engineer, platform: 'macOS', satisfied: MFA }), result: 'controlsRequired', missing: ['compliantDevice'] },
  { name: 'engineering on Linux is outside the platform condition', signIn: web({ user: engineer, platform: 'linux', satisfied: MFA }), result: 'grant' },
  { name: 'engineering reaching the excluded app', signIn: web({ user: engineer, platform: 'macOS', appId: ID.excludedFromEngineeringApp, satisfied: MFA }), result: 'grant' },
  { name: 'engineering through Exchange ActiveSync is blocked before anything else', signIn: web({ user: engineer, platform: 'macOS', clientAppType: 'exchangeActiveSync' }), result: 'block', missing: [] },
  { name: 'sign-in from a restricted country: report-only would block', signIn: web({ user: member, ip: '175.45.176.3', satisfied: MFA }), result: 'grant', reasons: ['all-controls-satisfied', 'report-only-would-block'] },
  { name: 'sign-in from an unknown country: report-only would block (includes unknown)', signIn: web({ user: member, ip: '100.64.0.1', satisfied: MFA }), result: 'grant', reasons: ['all-controls-satisfied', 'report-only-would-block'] },
  { name: 'app outside every app group and policy target', signIn: web({ user: member, appId: 'app-not-targeted', clientAppType: 'mobileAppsAndDesktopClients', device: COMPLIANT }), result: 'grant', applied: ['require-compliant-or-hybrid-device-or-mfa'] },
];

describe('evaluateAccess: decision table on the Microsoft templates', () => {
  for (const row of TABLE)
    it(row.name, () => {
      const signIn = parseWhatIfRequest(row.signIn);
      const d = evaluateAccess(set, signIn);
      expect(d.result).toBe(row.result);
      if (row.missing) expect(d.missingControls.map((m) => m.control).sort()).toEqual([...row.missing].sort());
      if (row.applied)
        expect(
          d.policies
            .filter((p) => p.applied && p.state === 'enabled')
            .map((p) => nameById.get(p.policyId))
            .sort(),
        ).toEqual([...row.applied].sort());
      if (row.reasons) expect(d.reasons.map((r) => r.code)).toEqual(row.reasons);
      if (row.session) expect(d.sessionControls).toEqual(row.session);
      // The explained decision is the same decision, with every policy listed.
      const e = evaluateAccess(set, signIn, { explain: true });
      expect({ result: e.result, missing: e.missingControls, reasons: e.reasons.map((r) => r.code) }).toEqual({ result: d.result, missing: d.missingControls, reasons: d.reasons.map((r) => r.code) });
      expect(e.policies).toHaveLength(set.policies.length);
    });
});

describe('evaluateAccess: explanations', () => {
  it('names the condition that kept each policy out', () => {
    const e = evaluateAccess(set, parseWhatIfRequest(web({ user: member, satisfied: MFA })), { explain: true });
    const by = (name: string) => e.policies.find((p) => nameById.get(p.policyId) === name)!;
    expect(by('block-legacy-authentication').decidedBy).toMatchObject({ condition: 'clientAppTypes', code: 'client-app-not-included' });
    expect(by('block-unknown-platforms').decidedBy).toMatchObject({ condition: 'platforms', code: 'platform-excluded' });
    expect(by('require-mfa-for-admins').decidedBy).toMatchObject({ condition: 'users', code: 'user-not-included' });
    expect(by('require-mfa-azure-management').decidedBy).toMatchObject({ condition: 'applications', code: 'app-not-included' });
    expect(by('sign-in-risk-based-mfa').decidedBy).toMatchObject({ condition: 'signInRiskLevels', code: 'sign-in-risk-not-included' });
    expect(by('require-compliant-or-hybrid-device-or-mfa')).toMatchObject({ applied: true, result: 'grant', decidedBy: { code: 'all-conditions-met' } });
    expect(by('block-countries-report-only')).toMatchObject({ state: 'enabledForReportingButNotEnforced', reportOnlyResult: 'notApplied', decidedBy: { code: 'location-not-included' } });
    expect(e.policies.map((p) => nameById.get(p.policyId))).not.toContain('terms-of-use-disabled');
  });

  it('reports a device filter exclusion', () => {
    const e = evaluateAccess(set, parseWhatIfRequest(web({ user: member, device: COMPLIANT })), { explain: true });
    expect(e.policies.find((p) => nameById.get(p.policyId) === 'no-persistent-browser-unmanaged-devices')?.decidedBy.code).toBe('device-filter-excluded');
  });

  it('without an IP-to-country table, country locations are unknown and apply (fail closed)', () => {
    const noCountries = compilePolicySet({ policies, namedLocations, appGroups });
    expect(noCountries.diagnostics.map((d) => d.code)).toContain('country-lookup-unavailable');
    const d = evaluateAccess(noCountries, parseWhatIfRequest(web({ user: member, satisfied: MFA })));
    expect(d.reasons.map((r) => r.code)).toContain('report-only-would-block');
  });
});

describe('evaluateAccess: fail closed', () => {
  const p = (over: Record<string, unknown>): ConditionalAccessPolicy =>
    ({ id: 'p', displayName: 'p', state: 'enabled', conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] }, ...over }) as ConditionalAccessPolicy;
  const signIn = parseWhatIfRequest({ user: { id: 'u' }, appId: 'a', platform: 'windows', ip: '10.0.0.1', satisfied: { mfa: true } });

  it('a policy whose device filter does not compile blocks where it may apply', () => {
    const bad = p({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, devices: { deviceFilter: { mode: 'exclude', rule: 'device.nope -eq 1' } } } });
    const s = compilePolicySet({ policies: [bad], namedLocations: [] });
    expect(s.diagnostics.map((d) => d.code)).toEqual(['policy-compile-error']);
    const d = evaluateAccess(s, signIn, { explain: true });
    expect(d.result).toBe('block');
    expect(d.reasons.map((r) => r.code)).toEqual(['blocked-by-policy', 'policy-error-fail-closed']);
    expect(d.policies[0]?.decidedBy.code).toBe('policy-error');
  });

  it('a policy that is not even an object blocks every sign-in, user actions included', () => {
    const s = compilePolicySet({ policies: [null as unknown as ConditionalAccessPolicy], namedLocations: [] });
    expect(evaluateAccess(s, signIn).result).toBe('block');
    expect(evaluateAccess(s, { ...signIn, appId: null, userAction: 'urn:user:registerdevice' }).result).toBe('block');
  });

  it('a named location the tenant does not have matches no sign-in: an inclusion includes nothing, an exclusion excludes nothing', () => {
    const inc = p({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['missing'] } } });
    const exc = p({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['All'], excludeLocations: ['missing'] } } });
    const noMfa = { ...signIn, satisfied: { ...signIn.satisfied, mfa: false } };
    expect(evaluateAccess(compilePolicySet({ policies: [inc], namedLocations: [] }), noMfa).result).toBe('grant');
    expect(evaluateAccess(compilePolicySet({ policies: [exc], namedLocations: [] }), noMfa).result).toBe('controlsRequired');
    for (const ip of [null, '198.51.100.7']) expect(evaluateAccess(compilePolicySet({ policies: [inc], namedLocations: [] }), { ...noMfa, ip }, { explain: true }).result).toBe('grant');
  });

  it('the what-if explanation names the unresolved references that decided it', () => {
    const pol = p({ id: 'ca1', conditions: { users: { includeUsers: ['All'], excludeGroups: ['g-missing'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['All'], excludeLocations: ['loc-missing'] } } });
    const unresolved = new Map([['ca1', [
      { path: '$.conditions.users.excludeGroups[0]', kind: 'group' as const, id: 'g-missing', mode: 'exclude' as const },
      { path: '$.conditions.locations.excludeLocations[0]', kind: 'namedLocation' as const, id: 'loc-missing', mode: 'exclude' as const },
    ]]]);
    const d = evaluateAccess(compilePolicySet({ policies: [pol], namedLocations: [] }), { ...signIn, satisfied: { ...signIn.satisfied, mfa: false } }, { explain: true, unresolved });
    expect(d.policies[0]!.applied).toBe(true);
    expect(d.policies[0]!.unresolved?.map((r) => r.id)).toEqual(['g-missing', 'loc-missing']);
    expect(d.policies[0]!.decidedBy.message).toContain('group g-missing does not exist in this tenant, so it excludes no one ($.conditions.users.excludeGroups[0])');
    expect(d.policies[0]!.decidedBy.message).toContain('named location loc-missing');
  });

  it('an unknown app group applies the policy to every application', () => {
    const s = compilePolicySet({ policies: [p({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['MicrosoftAdminPortals'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } })], namedLocations: [] });
    expect(s.diagnostics.map((d) => d.code)).toEqual(['unknown-app-group']);
    expect(evaluateAccess(s, signIn).result).toBe('block');
  });

  it('controls Verity cannot satisfy stay missing', () => {
    const s = compilePolicySet({ policies: [p({ grantControls: { operator: 'AND', builtInControls: ['mfa'], termsOfUse: ['t1'] } })], namedLocations: [] });
    expect(evaluateAccess(s, signIn).missingControls.map((m) => m.control)).toEqual(['termsOfUse']);
  });

  it('a sign-in value outside the known ones (even a name like toString) meets only unconfigured conditions', () => {
    const anyClient = p({ grantControls: { operator: 'OR', builtInControls: ['block'] } });
    const browsersOnly = p({ id: 'q', conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['browser'] } });
    const s = compilePolicySet({ policies: [anyClient, browsersOnly], namedLocations: [] });
    for (const odd of ['toString', 'constructor', '__proto__']) {
      const d = evaluateAccess(s, { ...signIn, clientAppType: odd as never, signInRisk: odd as never });
      expect(d.result).toBe('block');
      expect(d.policies.map((r) => r.policyId)).toEqual(['p']);
    }
  });

  it('country locations use the country the caller resolved: known, placed nowhere (unknown country), or not knowable', () => {
    const blockKp = p({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['c'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    const allowOnlyFr = p({ conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['All'], excludeLocations: ['fr'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    const kp = importNamedLocation({ id: 'c', displayName: 'c', countriesAndRegions: ['KP'], includeUnknownCountriesAndRegions: true }).location;
    const fr = importNamedLocation({ id: 'fr', displayName: 'fr', countriesAndRegions: ['FR'] }).location;
    const decide = (policy: typeof blockKp, country: string | null | undefined) =>
      evaluateAccess(compilePolicySet({ policies: [policy], namedLocations: [kp, fr], countryLookup: true }), { ...signIn, ip: '198.51.100.7', ...(country !== undefined ? { country } : {}) }).result;
    expect(decide(blockKp, 'KP')).toBe('block');
    expect(decide(blockKp, 'FR')).toBe('grant');
    expect(decide(blockKp, null)).toBe('block'); // includeUnknownCountriesAndRegions
    expect(decide(blockKp, undefined)).toBe('block'); // cannot be known: inclusions match (fail closed)
    expect(decide(allowOnlyFr, 'FR')).toBe('grant');
    expect(decide(allowOnlyFr, 'DE')).toBe('block');
    expect(decide(allowOnlyFr, undefined)).toBe('block'); // an unknown country never matches an exclusion
  });

  it('a decision nested in another (an IP-to-country callback deciding again) changes neither', () => {
    const byGroup = p({ conditions: { users: { includeGroups: ['g1'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['c'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    const later = p({ id: 'later', conditions: { users: { includeGroups: ['g1'] }, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } });
    const countries = importNamedLocation({ id: 'c', displayName: 'c', countriesAndRegions: ['KP'] }).location;
    const member = { ...signIn, user: { ...signIn.user, groupIds: new Set(['g1']) } };
    const otherMember = { ...member, user: { ...member.user, id: 'v' }, device: null };
    let inner: string | null = null;
    let nested = false;
    const s = compilePolicySet({
      policies: [byGroup, later],
      namedLocations: [countries],
      countryOf: () => {
        if (!nested) {
          nested = true;
          inner = evaluateAccess(s, otherMember).result;
        }
        return 'KP';
      },
    });
    const d = evaluateAccess(s, member);
    expect(inner).toBe('block');
    expect(d.result).toBe('block');
    expect(d.policies.map((r) => r.policyId)).toEqual(['p', 'later']);
  });

  it('results without explain are shared and frozen: one decision cannot alter another', () => {
    const s = compilePolicySet({ policies: [p({})], namedLocations: [] });
    const noMfa = { ...signIn, satisfied: { ...signIn.satisfied, mfa: false } };
    const a = evaluateAccess(s, noMfa);
    expect(Object.isFrozen(a.policies[0])).toBe(true);
    expect(() => {
      (a.policies[0] as { result: string }).result = 'grant';
    }).toThrow(TypeError);
    expect(evaluateAccess(s, noMfa).policies[0]?.result).toBe('controlsRequired');
    a.missingControls[0]?.policyIds.push('tampered');
    expect(evaluateAccess(s, noMfa).missingControls[0]?.policyIds).toEqual(['p']);
  });
});
