import { describe, expect, it } from 'vitest';
import { importConditionalAccessPolicy } from './conditional-access-policy.js';
import { evaluateAccess } from './evaluate-access.js';
import { importNamedLocation } from './named-location.js';
import { compilePolicySet } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
const policy = (id: string, conditions: Record<string, unknown>) => importConditionalAccessPolicy({
  id, displayName: id, state: 'enabled',
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'], ...conditions },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
}).policy;
const signIn = (over: Partial<SignInContext> = {}): SignInContext => ({
  user: { id: 'u-alice', groupIds: new Set(['g-break-glass']), roleIds: new Set(), userType: 'member' }, appId: SHAREPOINT, clientAppType: 'browser',
  platform: 'windows', ip: '192.0.2.7', device: null, signInRisk: 'none', userRisk: 'none',
  satisfied: { mfa: false, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false }, ...over,
});
const names = {
  users: new Map([['u-alice', 'Alice (alice@contoso.example)']]),
  groups: new Map([['g-finance', 'Finance'], ['g-break-glass', 'Break glass']]),
  roles: new Map([['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator']]),
};

describe('explanations name users, groups, roles, apps and locations', () => {
  const set = compilePolicySet({
    policies: [
      policy('finance-only', { users: { includeGroups: ['g-finance'], includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] } }),
      policy('all-but-break-glass', { users: { includeUsers: ['All'], excludeGroups: ['g-break-glass'] } }),
      policy('not-sharepoint', { applications: { includeApplications: ['All'], excludeApplications: [SHAREPOINT] } }),
      policy('office-only', { locations: { includeLocations: ['loc-office'] } }),
    ],
    namedLocations: [importNamedLocation({ id: 'loc-office', displayName: 'Head office', isTrusted: true, ipRanges: [{ cidrAddress: '203.0.113.0/24' }] }).location],
  });
  const byId = (d: ReturnType<typeof evaluateAccess>) => new Map(d.policies.map((p) => [p.policyId, p.decidedBy]));

  it('with names, the sentences read names; the codes and ids in the result are unchanged', () => {
    const d = byId(evaluateAccess(set, signIn(), { explain: true, names }));
    expect(d.get('finance-only')).toMatchObject({ code: 'user-not-included' });
    expect(d.get('finance-only')!.message).toContain('Alice (alice@contoso.example)');
    expect(d.get('finance-only')!.message).toContain('Finance');
    expect(d.get('finance-only')!.message).toContain('Global Administrator');
    expect(d.get('all-but-break-glass')).toMatchObject({ code: 'user-excluded' });
    expect(d.get('all-but-break-glass')!.message).toContain('member of group Break glass');
    expect(d.get('not-sharepoint')!.message).toContain('Office 365 SharePoint Online');
    expect(d.get('office-only')!.message).toContain('Head office');
    for (const m of [...d.values()].map((x) => x.message)) expect(m).not.toContain('u-alice');
  });

  it('without names, the ids stand in (nothing is guessed)', () => {
    const d = byId(evaluateAccess(set, signIn(), { explain: true }));
    expect(d.get('finance-only')!.message).toContain('u-alice');
    expect(d.get('finance-only')!.message).toContain('g-finance');
  });
});
