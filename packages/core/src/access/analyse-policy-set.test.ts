import { describe, expect, it } from 'vitest';
import { FIXTURE_IDS as ID, loadAccessFixtures } from '../../test/fixtures/graph/access/load-fixtures.js';
import { analysePolicySet, type AnalysisFinding } from './analyse-policy-set.js';
import { importConditionalAccessPolicy, type ConditionalAccessPolicy } from './conditional-access-policy.js';
import { importNamedLocation } from './named-location.js';

const fixtures = loadAccessFixtures();
const templates = [...fixtures.policies.values()].map((j) => importConditionalAccessPolicy(j).policy);
const namedLocations = [...fixtures.namedLocations.values()].map((j) => importNamedLocation(j).location);
const admins = [
  { userId: 'root', roleIds: [ID.globalAdministratorRole], groupIds: [] },
  { userId: 'ops', roleIds: ['e8611ab8-c189-46e8-94e1-60213ab1f814'], groupIds: ['ops'] },
];
const base = { namedLocations, admins, breakGlassUserIds: [ID.breakGlass], knownAppIds: [ID.sharePointApp, ID.azureManagementApp], appGroups: { Office365: [ID.sharePointApp] } };

const policy = (id: string, over: Record<string, unknown>): ConditionalAccessPolicy =>
  importConditionalAccessPolicy({
    id,
    displayName: id,
    state: 'enabled',
    conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
    grantControls: { operator: 'OR', builtInControls: ['block'] },
    ...over,
  }).policy;
const codes = (fs: AnalysisFinding[]) => fs.map((f) => `${f.code}${f.policyId ? `:${f.policyId}` : ''}${f.userId ? `@${f.userId}` : ''}${f.appId ? `>${f.appId}` : ''}`).sort();

describe('analysePolicySet', () => {
  it('finds nothing alarming in the Microsoft templates', () => {
    const { findings } = analysePolicySet({ ...base, policies: templates });
    expect(findings.filter((f) => f.severity === 'high')).toEqual([]);
    expect(codes(findings)).toEqual(['country-lookup-unavailable:3c6c3a2e-6f57-4c3f-9b1a-2b7f0a9e100a']);
  });

  it('flags a block-everyone policy as locking out all admins and the break-glass account', () => {
    const { findings } = analysePolicySet({ ...base, policies: [...templates, policy('block-all', {})] });
    expect(codes(findings)).toEqual(
      expect.arrayContaining(['locks-out-all-admins:block-all', `locks-out-break-glass@${ID.breakGlass}`, `break-glass-not-excluded:block-all@${ID.breakGlass}`]),
    );
  });

  it('does not flag lockout when one admin can still get in, nor when the policy is report-only', () => {
    const excludesOps = policy('block-but-ops', { conditions: { users: { includeUsers: ['All'], excludeGroups: ['ops'] }, applications: { includeApplications: ['All'] } } });
    expect(codes(analysePolicySet({ ...base, policies: [excludesOps] }).findings)).not.toContain('locks-out-all-admins:block-but-ops');
    const reportOnly = policy('report-only-block', { state: 'enabledForReportingButNotEnforced' });
    expect(codes(analysePolicySet({ ...base, policies: [reportOnly] }).findings).filter((c) => c.startsWith('locks-out'))).toEqual([]);
  });

  it('counts controls Verity can never satisfy as a lockout', () => {
    const tou = policy('terms', { grantControls: { operator: 'AND', builtInControls: ['mfa'], termsOfUse: ['t'] } });
    expect(codes(analysePolicySet({ ...base, policies: [tou] }).findings)).toContain('locks-out-all-admins:terms');
  });

  it('treats a block outside trusted locations as survivable (admins can sign in from the office)', () => {
    const outside = policy('outside', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } } });
    expect(codes(analysePolicySet({ ...base, policies: [outside] }).findings).filter((c) => c.startsWith('locks-out'))).toEqual([]);
  });

  it('flags applications no enabled policy covers', () => {
    const only = policy('azure-only', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [ID.azureManagementApp] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } });
    expect(codes(analysePolicySet({ ...base, policies: [only] }).findings)).toContain(`app-not-covered>${ID.sharePointApp}`);
  });

  it('flags policies that can never apply', () => {
    const never = [
      policy('no-users', { conditions: { users: { includeUsers: ['None'] }, applications: { includeApplications: ['All'] } } }),
      policy('self-excluded', { conditions: { users: { includeUsers: ['u1'], excludeUsers: ['u1'] }, applications: { includeApplications: ['All'] } } }),
      policy('no-apps', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [] } } }),
      policy('app-self-excluded', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['a'], excludeApplications: ['a'] } } }),
      policy('no-platform', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, platforms: { includePlatforms: ['iOS'], excludePlatforms: ['iOS'] } } }),
      policy('nowhere', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['All'], excludeLocations: ['All'] } } }),
      policy('auth-context', { conditions: { users: { includeUsers: ['All'] }, applications: { includeAuthenticationContextClassReferences: ['c1'] } } }),
    ];
    const found = codes(analysePolicySet({ ...base, policies: never }).findings).filter((c) => c.startsWith('policy-never-applies'));
    expect(found).toEqual(never.map((p) => `policy-never-applies:${p.id}`).sort());
  });

  it('passes compile diagnostics through', () => {
    const p = policy('bad-location', { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['gone'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } });
    expect(codes(analysePolicySet({ ...base, policies: [p] }).findings)).toContain('unknown-named-location:bad-location');
  });
});
