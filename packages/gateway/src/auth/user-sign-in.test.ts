import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookieValue, safeReturn } from './user-sign-in.js';

describe('gateway sign-in helpers', () => {
  it('reads one cookie out of a Cookie header', () => {
    expect(cookieValue('a=1; __Host-verity-session=tok.en.x; b=2', '__Host-verity-session')).toBe('tok.en.x');
    expect(cookieValue('x__Host-verity-session=nope', '__Host-verity-session')).toBeUndefined();
    expect(cookieValue(undefined, 'a')).toBeUndefined();
  });

  it('property: a cookie set among others is read back exactly', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_.-]{1,60}$/);
    const name = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(fc.property(fc.array(fc.tuple(name, token), { maxLength: 5 }), token, (others, value) => {
      const header = [...others.map(([n, v]) => `${n}=${v}`), `__Host-verity-session=${value}`].join('; ');
      expect(cookieValue(header, '__Host-verity-session')).toBe(value);
    }));
  });

  it('never sends the browser to another origin or a gateway path after sign-in', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', '/.verity/sign-out', null, '', 'relative']) expect(safeReturn(bad)).toBe('/');
    expect(safeReturn('/wiki/page?x=1')).toBe('/wiki/page?x=1');
    fc.assert(fc.property(fc.string(), (s) => {
      const r = safeReturn(s);
      expect(r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/\\')).toBe(true);
    }));
  });
});
