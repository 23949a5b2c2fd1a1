import { describe, expect, it } from 'vitest';
import { isVerityError, type VerityError } from '../errors/verity-error.js';
import { loadAccessFixtures } from '../../test/fixtures/graph/access/load-fixtures.js';
import { exportConditionalAccessPolicy, importConditionalAccessPolicy } from './conditional-access-policy.js';
import { exportNamedLocation, importNamedLocation } from './named-location.js';
import { classifyGraphDocument } from '../graph-import/graph-kinds.js';
import { corpusEntries, corpusSkipReason, readCorpusFile } from '../../test/shared-corpus.js';
import { titled } from '../../../../test/skip-reason.js';

const fixtures = loadAccessFixtures();

function rejection(fn: () => unknown): VerityError {
  try {
    fn();
  } catch (err) {
    if (isVerityError(err)) return err;
    throw err;
  }
  throw new Error('expected a VerityError');
}

const base = (): Record<string, any> => structuredClone(fixtures.policies.get('require-mfa-for-admins')) as Record<string, any>;

describe('importConditionalAccessPolicy: fixtures (Microsoft templates)', () => {
  for (const [name, json] of fixtures.policies)
    it(`imports and exports ${name} faithfully`, () => {
      const { policy, report } = importConditionalAccessPolicy(json);
      expect(report.evaluated).toContain('$.conditions.users');
      expect(exportConditionalAccessPolicy(policy)).toEqual(json);
      // Export then import again is a fixed point.
      expect(importConditionalAccessPolicy(exportConditionalAccessPolicy(policy)).policy).toEqual(policy);
    });

  it('reports terms of use, Defender for Cloud Apps and CAE as unsupported, and keeps them', () => {
    const json = fixtures.policies.get('terms-of-use-disabled');
    const { policy, report } = importConditionalAccessPolicy(json);
    expect(report.unsupported.map((u) => u.path).sort()).toEqual(['$.grantControls.termsOfUse', '$.sessionControls.cloudAppSecurity', '$.sessionControls.continuousAccessEvaluation']);
    expect(exportConditionalAccessPolicy(policy)).toEqual(json);
  });

  it('evaluates built-in authentication strengths and reports custom ones', () => {
    expect(importConditionalAccessPolicy(fixtures.policies.get('phishing-resistant-mfa-for-admins')).report.evaluated).toContain('$.grantControls.authenticationStrength');
    const custom = base();
    custom.grantControls = { operator: 'OR', builtInControls: [], authenticationStrength: { id: '7c8a0b2d-1111-4444-8888-000000000001' } };
    expect(importConditionalAccessPolicy(custom).report.unsupported).toEqual([{ path: '$.grantControls.authenticationStrength.id', reason: 'custom-authentication-strength-never-satisfied' }]);
  });

  it('reports unknown properties, authentication contexts, workload identities and legacy device states', () => {
    const p = base();
    p.futureThing = { a: 1 };
    p.conditions.users.includeAgents = ['x'];
    p.conditions.applications = { includeApplications: [], includeAuthenticationContextClassReferences: ['c1'] };
    p.conditions.servicePrincipalRiskLevels = ['high'];
    p.conditions.devices = { includeDeviceStates: ['All'], excludeDeviceStates: ['Compliant'] };
    p.grantControls.builtInControls = ['mfa', 'riskRemediation'];
    const { report, policy } = importConditionalAccessPolicy(p);
    expect(report.unsupported.map((u) => u.reason).sort()).toEqual(
      [
        'unknown-property',
        'unknown-property',
        'authentication-context-not-evaluated',
        'workload-identities-not-supported',
        'legacy-device-state-use-device-filter',
        'legacy-device-state-use-device-filter',
        'control-not-supported-never-satisfied',
      ].sort(),
    );
    expect(report.unsupported.find((u) => u.reason === 'control-not-supported-never-satisfied')?.path).toBe('$.grantControls.builtInControls[1]');
    expect(exportConditionalAccessPolicy(policy)).toEqual(p);
  });
});

interface BadCase {
  name: string;
  edit: (p: Record<string, any>) => unknown;
  path: string;
  position?: boolean;
}

const BAD_POLICIES: readonly BadCase[] = [
  { name: 'not an object', edit: () => 'policy', path: '$' },
  { name: 'array', edit: () => [], path: '$' },
  { name: 'missing displayName', edit: (p) => (delete p.displayName, p), path: '$.displayName' },
  { name: 'empty displayName', edit: (p) => ((p.displayName = ''), p), path: '$.displayName' },
  { name: 'overlong displayName', edit: (p) => ((p.displayName = 'x'.repeat(257)), p), path: '$.displayName' },
  { name: 'unknown state', edit: (p) => ((p.state = 'on'), p), path: '$.state' },
  { name: 'missing conditions', edit: (p) => (delete p.conditions, p), path: '$.conditions' },
  { name: 'missing users', edit: (p) => (delete p.conditions.users, p), path: '$.conditions.users' },
  { name: 'user id not a string', edit: (p) => ((p.conditions.users.includeUsers = ['a', 'b', 3]), p), path: '$.conditions.users.includeUsers[2]' },
  { name: 'overlong user id', edit: (p) => ((p.conditions.users.excludeUsers = ['x'.repeat(300)]), p), path: '$.conditions.users.excludeUsers[0]' },
  { name: 'too many groups', edit: (p) => ((p.conditions.users.includeGroups = Array.from({ length: 5001 }, (_, i) => `g${i}`)), p), path: '$.conditions.users.includeGroups' },
  { name: 'bad guest membership kind', edit: (p) => ((p.conditions.users.includeGuestsOrExternalUsers = { guestOrExternalUserTypes: 'internalGuest', externalTenants: { membershipKind: 'some' } }), p), path: '$.conditions.users.includeGuestsOrExternalUsers.externalTenants.membershipKind' },
  { name: 'unknown platform', edit: (p) => ((p.conditions.platforms = { includePlatforms: ['windows', 'beos'] }), p), path: '$.conditions.platforms.includePlatforms[1]' },
  { name: 'unknown client app type', edit: (p) => ((p.conditions.clientAppTypes = ['fax']), p), path: '$.conditions.clientAppTypes[0]' },
  { name: 'unknown risk level', edit: (p) => ((p.conditions.signInRiskLevels = ['extreme']), p), path: '$.conditions.signInRiskLevels[0]' },
  { name: 'location id not a string', edit: (p) => ((p.conditions.locations = { includeLocations: [null] }), p), path: '$.conditions.locations.includeLocations[0]' },
  { name: 'bad device filter mode', edit: (p) => ((p.conditions.devices = { deviceFilter: { mode: 'maybe', rule: 'device.isCompliant -eq True' } }), p), path: '$.conditions.devices.deviceFilter.mode' },
  { name: 'overlong device filter', edit: (p) => ((p.conditions.devices = { deviceFilter: { mode: 'include', rule: 'x'.repeat(3073) } }), p), path: '$.conditions.devices.deviceFilter.rule' },
  { name: 'device filter syntax error', edit: (p) => ((p.conditions.devices = { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "ServerAD" -and (' } }), p), path: '$.conditions.devices.deviceFilter.rule', position: true },
  { name: 'device filter unknown property', edit: (p) => ((p.conditions.devices = { deviceFilter: { mode: 'exclude', rule: 'device.colour -eq "red"' } }), p), path: '$.conditions.devices.deviceFilter.rule', position: true },
  { name: 'device filter on user properties', edit: (p) => ((p.conditions.devices = { deviceFilter: { mode: 'exclude', rule: 'user.department -eq "Sales"' } }), p), path: '$.conditions.devices.deviceFilter.rule', position: true },
  { name: 'apps and user actions together', edit: (p) => ((p.conditions.applications = { includeApplications: ['All'], includeUserActions: ['urn:user:registerdevice'] }), p), path: '$.conditions.applications' },
  { name: 'unknown grant operator', edit: (p) => ((p.grantControls.operator = 'XOR'), p), path: '$.grantControls.operator' },
  { name: 'block with other controls', edit: (p) => ((p.grantControls.builtInControls = ['block', 'mfa']), p), path: '$.grantControls.builtInControls' },
  { name: 'authentication strength without id', edit: (p) => ((p.grantControls.authenticationStrength = { displayName: 'MFA' }), p), path: '$.grantControls.authenticationStrength.id' },
  { name: 'sign-in frequency of zero', edit: (p) => ((p.sessionControls = { signInFrequency: { isEnabled: true, type: 'hours', value: 0 } }), p), path: '$.sessionControls.signInFrequency.value' },
  { name: 'persistent browser mode', edit: (p) => ((p.sessionControls = { persistentBrowser: { isEnabled: true, mode: 'sometimes' } }), p), path: '$.sessionControls.persistentBrowser.mode' },
];

describe('importConditionalAccessPolicy: bad input', () => {
  for (const c of BAD_POLICIES)
    it(`rejects ${c.name} at ${c.path}`, () => {
      const err = rejection(() => importConditionalAccessPolicy(c.edit(base())));
      expect(err.code).toBe('VERITY_ACCESS_POLICY_INVALID');
      expect(err.status).toBe(400);
      expect(err.details.map((d) => d.path)).toContain(c.path);
      if (c.position) expect(typeof err.details.find((d) => d.path === c.path)?.position).toBe('number');
    });
});

describe('importNamedLocation', () => {
  for (const [name, json] of fixtures.namedLocations)
    it(`imports and exports ${name} faithfully`, () => {
      const { location, report } = importNamedLocation(json);
      expect(report.unsupported).toEqual([]);
      expect(exportNamedLocation(location)).toEqual(json);
    });

  it('infers the kind without @odata.type', () => {
    expect(importNamedLocation({ displayName: 'x', ipRanges: [{ cidrAddress: '10.0.0.0/8' }] }).location.kind).toBe('ip');
    expect(importNamedLocation({ displayName: 'x', countriesAndRegions: ['FR'] }).location.kind).toBe('country');
  });

  it('reads lower-case country codes and property names in another case, with a note for each', () => {
    const { location, report } = importNamedLocation({ displayname: 'x', countriesAndRegions: ['fr', 'DE'] });
    expect(location).toMatchObject({ kind: 'country', displayName: 'x', countriesAndRegions: ['FR', 'DE'] });
    expect(report.normalised.map((n) => [n.path, n.code])).toEqual([['$.displayName', 'property-name-case-normalised'], ['$.countriesAndRegions[0]', 'enum-case-normalised']]);
  });

  it('imports a compliant network location and reports it as not evaluated', () => {
    const { location, report } = importNamedLocation({ '@odata.type': '#microsoft.graph.compliantNetworkNamedLocation', displayName: 'GSA', compliantNetworkType: 'allTenantCompliantNetworks' });
    expect(location.kind).toBe('compliantNetwork');
    expect(report.unsupported).toEqual([{ path: '$.compliantNetworkType', reason: 'compliant-network-not-evaluated' }]);
    expect(exportNamedLocation(location)['@odata.type']).toBe('#microsoft.graph.compliantNetworkNamedLocation');
  });

  it('reports GPS country lookup as unsupported', () => {
    const { report } = importNamedLocation({ displayName: 'x', countriesAndRegions: ['FR'], countryLookupMethod: 'authenticatorAppGps' });
    expect(report.unsupported.map((u) => u.reason)).toEqual(['gps-lookup-not-supported-location-unknown']);
  });

  const BAD: readonly [string, unknown, string][] = [
    ['not an object', 42, '$'],
    ['unknown type', { '@odata.type': '#microsoft.graph.somethingNamedLocation', displayName: 'x' }, "$['@odata.type']"],
    ['no ranges or countries', { displayName: 'x' }, '$'],
    ['empty ranges', { displayName: 'x', ipRanges: [] }, '$.ipRanges'],
    ['prefix too long', { displayName: 'x', ipRanges: [{ cidrAddress: '10.0.0.0/8' }, { cidrAddress: '10.0.0.0/33' }] }, '$.ipRanges[1].cidrAddress'],
    ['short IPv4 form', { displayName: 'x', ipRanges: [{ cidrAddress: '10.1/8' }] }, '$.ipRanges[0].cidrAddress'],
    ['no prefix', { displayName: 'x', ipRanges: [{ cidrAddress: '10.1.2.3' }] }, '$.ipRanges[0].cidrAddress'],
    ['bad IPv6', { displayName: 'x', ipRanges: [{ cidrAddress: '2001:db8:::1/64' }] }, '$.ipRanges[0].cidrAddress'],
    ['missing cidrAddress', { displayName: 'x', ipRanges: [{}] }, '$.ipRanges[0].cidrAddress'],
    ['not a country code', { displayName: 'x', countriesAndRegions: ['fra'] }, '$.countriesAndRegions[0]'],
    ['isTrusted not boolean', { displayName: 'x', isTrusted: 'yes', ipRanges: [{ cidrAddress: '10.0.0.0/8' }] }, '$.isTrusted'],
  ];
  for (const [name, json, path] of BAD)
    it(`rejects ${name} at ${path}`, () => {
      const err = rejection(() => importNamedLocation(json));
      expect(err.code).toBe('VERITY_ACCESS_NAMED_LOCATION_INVALID');
      expect(err.status).toBe(400);
      expect(err.details.map((d) => d.path)).toContain(path);
    });
});

describe('importConditionalAccessPolicy: real exports', () => {
  const base = () => ({
    displayName: 'p',
    conditions: { users: { includeUsers: ['all'] }, applications: { includeApplications: ['ALL'] }, clientAppTypes: ['All', 'Browser'], locations: [], platforms: [] },
    grantControls: { operator: 'or', builtInControls: ['MFA'] },
  });

  it('normalises enum case and PowerShell empty arrays, and imports a policy without a state as disabled, noting each change', () => {
    const { policy, report } = importConditionalAccessPolicy(base());
    expect(policy.state).toBe('disabled');
    expect(policy.conditions.users.includeUsers).toEqual(['All']);
    expect(policy.conditions.applications.includeApplications).toEqual(['All']);
    expect(policy.conditions.clientAppTypes).toEqual(['all', 'browser']);
    expect(policy.conditions.locations).toBeUndefined();
    expect(policy.conditions.platforms).toBeUndefined();
    expect(policy.grantControls).toMatchObject({ operator: 'OR', builtInControls: ['mfa'] });
    expect(report.normalised.map((n) => `${n.code} ${n.path}`).sort()).toEqual([
      'empty-array-as-absent $.conditions.locations',
      'empty-array-as-absent $.conditions.platforms',
      'enum-case-normalised $.conditions.applications.includeApplications[0]',
      'enum-case-normalised $.conditions.clientAppTypes[0]',
      'enum-case-normalised $.conditions.clientAppTypes[1]',
      'enum-case-normalised $.conditions.users.includeUsers[0]',
      'enum-case-normalised $.grantControls.builtInControls[0]',
      'enum-case-normalised $.grantControls.operator',
      'state-missing-imported-disabled $.state',
    ]);
  });

  it('treats a null state as missing, an empty grantControls object as absent, and metadata as metadata', () => {
    const { policy, report } = importConditionalAccessPolicy({
      ...base(), state: null, GrantControls: {}, grantControls: undefined, id: 'x', deletedDateTime: null, partialEnablementStrategy: null, '#microsoft.graph.restore': {}, 'createdDateTime@odata.type': '#DateTimeOffset',
    });
    expect(policy.state).toBe('disabled');
    expect(policy.grantControls).toBeUndefined();
    expect(report.unsupported).toEqual([]);
  });

  it('still refuses what is wrong in any case', () => {
    const err = rejection(() => importConditionalAccessPolicy({ ...base(), state: 'on' }));
    expect(err.code).toBe('VERITY_ACCESS_POLICY_INVALID');
    expect(err.details.map((d) => d.path)).toEqual(['$.state']);
  });
});

describe('shared Graph corpus (../shared/corpus/graph)', () => {
  const entries = corpusEntries();
  it.skipIf(corpusSkipReason() !== null)(titled('imports every conditional access policy and named location as verity import reads them', corpusSkipReason()), () => {
    const counts = { conditionalAccessPolicy: 0, namedLocation: 0 };
    const refused: string[] = [];
    for (const entry of entries) {
      const file = readCorpusFile(entry);
      if ('error' in file) continue;
      for (const d of file.documents) {
        const { target } = classifyGraphDocument(d.document, d.context);
        if (target !== 'conditionalAccessPolicy' && target !== 'namedLocation') continue;
        counts[target]++;
        try {
          if (target === 'namedLocation') importNamedLocation(d.document);
          else importConditionalAccessPolicy(d.document);
        } catch (err) {
          refused.push(`${entry.path} ${d.path}: ${(err as VerityError).details?.[0]?.path ?? ''}`);
        }
      }
    }
    // The one template placeholder (`xx.xx.xxx.xx/32`) is rightly refused; nothing else is.
    expect(refused).toEqual(['denis-beuermann__ConditionalAccess/templates/locations/MyDatacenterPublicEndpoints.json $: $.ipRanges[0].cidrAddress']);
    expect(counts).toEqual({ conditionalAccessPolicy: 993, namedLocation: 957 });
  });
});
