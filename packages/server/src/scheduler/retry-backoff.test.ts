import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-backoff.js';

describe('retryDelayMs', () => {
  it('doubles from 30 s and caps at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(50)).toBe(3_600_000);
  });
  it('never decreases with more attempts (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
      expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
    }));
  });
});
