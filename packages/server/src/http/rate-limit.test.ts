import { describe, expect, it } from 'vitest';
import { rateLimiter, sourceKey } from './rate-limit.js';

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

  it('fails closed past its key bound: 2 million distinct sources are limited as one, known keys keep their budget', () => {
    const now = 1_000_000;
    const limiter = rateLimiter(60, 60_000, () => now, 100_000);
    expect(limiter.take('ip:agent')).toBe(59);
    let allowed = 0;
    for (let i = 0; i < 2_000_000; i++) {
      if (limiter.take(`ip:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}#${i >> 24}`) >= 0) allowed++;
    }
    // 99,999 keys fit under the bound (one request each); the other 1,900,001 share one budget of 60.
    expect(allowed).toBe(99_999 + 60);
    expect(limiter.take('ip:agent')).toBe(58);
  });
});

describe('sourceKey', () => {
  it('keys IPv6 by /64, IPv4-mapped IPv6 as IPv4, IPv4 as is', () => {
    expect(sourceKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0db8:0001:0002:ffff::')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(sourceKey('64:ff9b::192.0.2.7')).toBe('64:ff9b:0:0::/64');
    expect(sourceKey('192.0.2.7')).toBe('192.0.2.7');
  });

  it('gives every address of one /64 the same budget', () => {
    const limiter = rateLimiter(2, 60_000, () => 0);
    const hosts = ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:1234::9'];
    expect(hosts.map((h) => limiter.take(`ip:${sourceKey(h)}`))).toEqual([1, 0, -1]);
    expect(limiter.take(`ip:${sourceKey('2001:db8:5:7::1')}`)).toBe(1);
  });
});
