import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { delayAfterFailure, delayAfterSuccess, MAX_BACKOFF_SECONDS } from './checkin-schedule.js';

describe('check-in schedule', () => {
  it('jitters the interval by at most ±10%', () => {
    expect(delayAfterSuccess(900, () => 0)).toBe(810_000);
    expect(delayAfterSuccess(900, () => 0.5)).toBe(900_000);
    expect(delayAfterSuccess(900, () => 0.999999)).toBeCloseTo(990_000, -2);
  });

  it('backs off exponentially from 30 s', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => delayAfterFailure(n, mid))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('never exceeds 15 minutes, whatever the failure count and randomness', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (n, r) => {
      const d = delayAfterFailure(n, () => r);
      return d <= MAX_BACKOFF_SECONDS * 1000 && d >= 27_000;
    }));
    expect(delayAfterFailure(100, () => 0.5)).toBe(900_000);
  });
});
