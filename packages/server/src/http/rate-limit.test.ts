import { describe, expect, it } from 'vitest';
import { rateLimiter } from './rate-limit.js';

describe('rateLimiter', () => {
  it('allows max requests per key per window, counts keys apart, and starts again with the next window', () => {
    let now = 1_000_000;
    const limiter = rateLimiter(3, 60_000, () => now);
    expect([1, 2, 3, 4, 5].map(() => limiter.take('a'))).toEqual([2, 1, 0, -1, -1]);
    expect(limiter.take('b')).toBe(2);
    now += 59_000;
    expect(limiter.take('a')).toBe(-1);
    expect(limiter.resetSeconds()).toBe(1);
    now += 1_000;
    expect(limiter.take('a')).toBe(2);
    expect(limiter.resetSeconds()).toBe(60);
  });
});
