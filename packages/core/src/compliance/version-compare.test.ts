import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions } from './version-compare.js';

describe('compareVersions', () => {
  it.each([
    ['10.0.19045.3803', '10.0.19045.3803', 0],
    ['10.0.19045.3803', '10.0.19045.4000', -1],
    ['10.0.22621.1', '10.0.19045.9999', 1],
    ['22.04', '22.4', 0],
    ['22.04', '22.04.0', 0],
    ['22.04.3', '22.04', 1],
    ['14.2.1', '14.10', -1],
    ['17.5', '17.5.1', -1],
    ['23C71', '23A344', 1],
    ['23A344', '24A335', -1],
    ['1.0-rc1', '1.0', -1],
    ['1.0.1', '1.0.beta', 1],
    ['8.10', '8.8', 1],
    ['12', '11.9', 1],
    ['99999999999999999999', '99999999999999999998', 1],
  ] as const)('%s vs %s → %i', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
    expect(compareVersions(b, a)).toBe(-want === 0 ? 0 : -want);
  });

  const version = fc.array(fc.oneof(fc.nat(30000).map(String), fc.constantFrom('rc', 'beta', 'A', 'C')), { minLength: 1, maxLength: 5 }).map((p) => p.join('.'));

  it('is reflexive and antisymmetric', () => {
    fc.assert(fc.property(version, version, (a, b) => {
      expect(compareVersions(a, a)).toBe(0);
      expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
    }));
  });

  it('is transitive', () => {
    fc.assert(fc.property(version, version, version, (a, b, c) => {
      if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
    }));
  });
});
