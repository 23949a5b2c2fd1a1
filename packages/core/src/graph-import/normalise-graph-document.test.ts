import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONDITIONAL_ACCESS_SHAPE } from '../access/conditional-access-shape.js';
import { importConditionalAccessPolicy } from '../access/conditional-access-policy.js';
import { isVerityError } from '../errors/verity-error.js';
import { normaliseGraphDocument } from './normalise-graph-document.js';

/** Conditional access-like documents: the shape's own names and values in random case, plus noise. */
const caseOf = (s: string) => fc.constantFrom(s, s.toLowerCase(), s.toUpperCase());
const policyLike = fc.record({
  displayName: fc.string({ maxLength: 20 }),
  state: fc.oneof(caseOf('enabled'), caseOf('disabled'), fc.constant(null)),
  conditions: fc.record({
    users: fc.record({ includeUsers: fc.array(fc.oneof(caseOf('All'), fc.uuid()), { maxLength: 3 }), excludeGroups: fc.oneof(fc.constant(null), fc.array(fc.uuid(), { maxLength: 2 })) }),
    applications: fc.record({ includeApplications: fc.array(fc.oneof(caseOf('All'), caseOf('Office365'), fc.uuid()), { maxLength: 3 }) }),
    clientAppTypes: fc.array(fc.oneof(caseOf('browser'), caseOf('all'), fc.string({ maxLength: 8 })), { maxLength: 3 }),
    locations: fc.oneof(fc.constant([]), fc.constant(null), fc.record({ includeLocations: fc.array(caseOf('AllTrusted'), { maxLength: 2 }) })),
    platforms: fc.oneof(fc.constant([]), fc.record({ includePlatforms: fc.array(fc.oneof(caseOf('iOS'), caseOf('linux')), { maxLength: 2 }) })),
  }),
  grantControls: fc.oneof(fc.constant({}), fc.record({ operator: fc.oneof(caseOf('OR'), caseOf('AND')), builtInControls: fc.array(caseOf('mfa'), { maxLength: 2 }) })),
});

describe('normaliseGraphDocument', () => {
  it('never throws, never changes its input, and normalising twice changes nothing more', () => {
    fc.assert(fc.property(fc.oneof(policyLike, fc.jsonValue()), (doc) => {
      const before = JSON.stringify(doc);
      const once = normaliseGraphDocument(doc, CONDITIONAL_ACCESS_SHAPE);
      expect(JSON.stringify(doc)).toBe(before);
      const twice = normaliseGraphDocument(once.document, CONDITIONAL_ACCESS_SHAPE);
      expect(twice.document).toEqual(once.document);
      expect(twice.notes).toEqual([]);
    }), { numRuns: 500 });
  });

  it('makes the import answer a policy or a VerityError naming JSON paths, whatever the case of its values', () => {
    fc.assert(fc.property(policyLike, (doc) => {
      try {
        const { policy, report } = importConditionalAccessPolicy(doc);
        expect(['enabled', 'disabled', 'enabledForReportingButNotEnforced']).toContain(policy.state);
        for (const n of report.normalised) expect(n.path.startsWith('$')).toBe(true);
      } catch (err) {
        expect(isVerityError(err)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
