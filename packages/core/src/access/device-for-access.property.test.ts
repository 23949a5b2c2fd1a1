/**
 * The revocation property the issue states: for any policy set and sign-in, revoking (or
 * retiring, or deleting) the device never turns a refusal into a grant, and never satisfies
 * compliantDevice, domainJoinedDevice or a device filter that a sign-in without a device would not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLeastAsStrict, countryOf, LOCATIONS, policiesArb, signInArb } from '../../test/access-arbitraries.js';
import { deviceForAccess, type DeviceRecordForAccess } from './device-for-access.js';
import { evaluateAccess, type AccessDecision } from './evaluate-access.js';
import { compilePolicySet } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

const recordArb: fc.Arbitrary<DeviceRecordForAccess> = fc.record({
  id: fc.constant('d'),
  tenantId: fc.constant('t'),
  status: fc.constant('active'),
  displayName: fc.constant('laptop'),
  platform: fc.constantFrom('windows', 'macos', 'linux'),
  ownership: fc.constantFrom('corporate', 'personal'),
  joinType: fc.constantFrom('joined', 'registered'),
  groupTag: fc.constant(null),
  osVersion: fc.constantFrom('10.0.22631', '14.4', null),
  model: fc.constantFrom('Surface Pro', 'ThinkPad', null),
  manufacturer: fc.constant(null),
  complianceState: fc.constantFrom('compliant', 'noncompliant', 'inGracePeriod', 'unknown'),
  riskLevel: fc.constant('none'),
  agentVersion: fc.constant('0.1.0'),
  scopeTags: fc.constant([]),
  extensionAttributes: fc.constantFrom({}, { extensionAttribute1: 'kiosk' }),
  enrollmentProfileId: fc.constant(null),
});
const refusedStatusArb = fc.constantFrom('revoked', 'retired', 'lost');

const RANK = { grant: 0, controlsRequired: 1, block: 2 } as const;
const RUNS = { numRuns: 300 };

function decisions(policies: Parameters<typeof compilePolicySet>[0]['policies'], s: SignInContext, record: DeviceRecordForAccess, status: string, explain: boolean) {
  const set = compilePolicySet({ policies, namedLocations: LOCATIONS, countryOf });
  const decide = (device: Pick<SignInContext, 'device' | 'deviceRefusal'>): AccessDecision => evaluateAccess(set, { ...s, ...device }, { explain });
  return {
    active: decide(deviceForAccess(record.id, record)),
    refused: decide(deviceForAccess(record.id, { ...record, status })),
    deleted: decide(deviceForAccess(record.id, undefined)),
    none: decide({ device: null, deviceRefusal: null }),
  };
}

describe('a revoked, retired or deleted device in conditional access', () => {
  it('never turns a refusal into a grant, and asks at least as much as the active device did', () => {
    fc.assert(
      fc.property(policiesArb, signInArb, recordArb, refusedStatusArb, fc.boolean(), (ps, s, record, status, explain) => {
        const d = decisions(ps, s, record, status, explain);
        if (d.active.result !== 'grant') expect(d.refused.result).not.toBe('grant');
        expect(atLeastAsStrict(d.refused, d.active)).toBe(true);
      }),
      RUNS,
    );
  });

  it('satisfies no device control or filter a sign-in without a device would not: every policy that applies without a device applies, at least as strictly', () => {
    fc.assert(
      fc.property(policiesArb, signInArb, recordArb, refusedStatusArb, (ps, s, record, status) => {
        const d = decisions(ps, s, record, status, true);
        expect(atLeastAsStrict(d.refused, d.none)).toBe(true);
        const refusedById = new Map(d.refused.policies.map((p) => [p.policyId, p]));
        for (const p of d.none.policies) {
          if (!p.applied) continue;
          const r = refusedById.get(p.policyId)!;
          expect(r.applied).toBe(true);
          // Same controls met (none of them device controls), so the same result for this policy.
          expect(RANK[r.result as keyof typeof RANK]).toBe(RANK[p.result as keyof typeof RANK]);
          expect(r.missingControls).toEqual(p.missingControls);
        }
        for (const p of d.refused.policies)
          for (const control of p.missingControls) if (control === 'compliantDevice' || control === 'domainJoinedDevice') expect(p.applied).toBe(true);
      }),
      RUNS,
    );
  });

  it('a deleted device decides exactly as no device, and every refusal is named first among the reasons', () => {
    fc.assert(
      fc.property(policiesArb, signInArb, recordArb, refusedStatusArb, fc.boolean(), (ps, s, record, status, explain) => {
        const d = decisions(ps, s, record, status, explain);
        const { reasons: deletedReasons, ...deleted } = d.deleted;
        const { reasons: noneReasons, ...none } = d.none;
        expect(deleted).toEqual(none);
        expect(deletedReasons.slice(1)).toEqual(noneReasons);
        expect(deletedReasons[0]?.code).toBe('device-deleted');
        expect(d.refused.reasons[0]?.code).toBe(status === 'revoked' ? 'device-revoked' : status === 'retired' ? 'device-retired' : 'device-not-active');
        expect(d.active.reasons.map((r) => r.code)).not.toContain('device-revoked');
      }),
      RUNS,
    );
  });
});
