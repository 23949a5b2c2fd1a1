import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { ipInRange, ipv4Part, parseCidr, parseIPv4Number, parseIp } from './ip-range.js';

describe('ip ranges', () => {
  const CASES: readonly [string, string, boolean][] = [
    ['203.0.113.0/24', '203.0.113.255', true],
    ['203.0.113.0/24', '203.0.114.0', false],
    ['198.51.100.64/26', '198.51.100.127', true],
    ['198.51.100.64/26', '198.51.100.128', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['10.0.0.1/32', '10.0.0.1', true],
    ['10.0.0.1/32', '10.0.0.2', false],
    ['2001:db8:1234::/48', '2001:db8:1234:ffff::1', true],
    ['2001:db8:1234::/48', '2001:db8:1235::1', false],
    ['2001:db8:1234::/48', '203.0.113.1', false],
    ['203.0.113.0/24', '::ffff:203.0.113.9', true],
    ['::/0', '10.0.0.1', true],
  ];
  for (const [cidr, ip, want] of CASES)
    it(`${ip} in ${cidr} is ${want}`, () => {
      expect(ipInRange(parseIp(ip)!, parseCidr(cidr)!)).toBe(want);
    });

  it('rejects malformed addresses and ranges', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '010.1.1.1x', 'example.com', '::g', '1.2.3.4/8']) expect(parseIp(bad)).toBeNull();
    for (const bad of ['1.2.3.4', '1.2.3.4/33', '1.2.3.4/-1', '1.2/16', '::/129', 'x/8', '1.2.3.4/8/8']) expect(parseCidr(bad)).toBeNull();
  });

  it('agrees with ipaddr.js match on random IPv4 ranges', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, net, prefix) => {
        const want = ipaddr.parse(ip).match(ipaddr.parseCIDR(`${net}/${prefix}`));
        expect(ipInRange(parseIp(ip)!, parseCidr(`${net}/${prefix}`)!)).toBe(want);
      }),
    );
  });

  it('agrees with ipaddr.js match on random IPv6 ranges', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, net, prefix) => {
        const a = ipaddr.parse(ip);
        const r = ipaddr.parseCIDR(`${net}/${prefix}`);
        // ipaddr.js parses IPv4-mapped text as IPv6 too, so both sides are IPv6 here.
        expect(ipInRange(parseIp(ip)!, parseCidr(`${net}/${prefix}`)!)).toBe(a.kind() === r[0].kind() && a.match(r));
      }),
    );
  });

  it('parses dotted quads exactly as ipaddr.js does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV4Extended(), fc.stringMatching(/^[0-9.]{0,18}$/)), (s) => {
        const ours = parseIp(s);
        if (!ipaddr.IPv4.isValidFourPartDecimal(s)) expect(ours).toBeNull();
        else expect(Array.from(ours!)).toEqual(ipaddr.IPv4.parse(s).toIPv4MappedAddress().toByteArray());
      }),
    );
  });

  it('tests IPv4 addresses as numbers exactly as ipInRange does, for IPv4 and IPv6 ranges', () => {
    const rangeArb = fc.oneof(
      fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([net, prefix]) => `${net}/${prefix}`),
      fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([net, prefix]) => `${net}/${prefix}`),
      fc.tuple(fc.ipV4(), fc.integer({ min: 80, max: 128 })).map(([net, prefix]) => `::ffff:${net}/${prefix}`),
      fc.constantFrom('::/0', '::/1', '::ffff:0:0/96', '::fffe:0:0/95', '::ffff:0:0/95', '8000::/1'),
    );
    fc.assert(
      fc.property(fc.ipV4(), rangeArb, (ip, cidr) => {
        const range = parseCidr(cidr);
        if (range === null) return;
        const part = ipv4Part(range);
        const n = parseIPv4Number(ip);
        const inside = part !== null && ((n & part.mask) >>> 0) === part.network;
        expect(inside).toBe(ipInRange(parseIp(ip)!, range));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        parseIp(s);
        parseCidr(s);
      }),
    );
  });
});
