import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotApp } from '@verity/core';
import { hostOnly, RouteTable } from './route-table.js';

const app = (id: string, hosts: string[], pathPrefix: string, enabled = true): SnapshotApp => ({ id, displayName: id, appId: id, hosts, pathPrefix, upstreamUrl: 'http://127.0.0.1:1', enabled });

describe('route table', () => {
  const table = new RouteTable([app('root', ['wiki.example'], '/'), app('api', ['wiki.example'], '/api'), app('v2', ['wiki.example'], '/api/v2'), app('off', ['off.example'], '/', false)]);
  const cases: [string | undefined, string, string | undefined][] = [
    ['wiki.example', '/', 'root'],
    ['WIKI.example:443', '/page?x=1', 'root'],
    ['wiki.example', '/api', 'api'],
    ['wiki.example', '/api/x', 'api'],
    ['wiki.example', '/apiary', 'root'],
    ['wiki.example', '/api/v2/y?q', 'v2'],
    ['wiki.example', '/api/v22', 'api'],
    ['off.example', '/', undefined],
    ['other.example', '/', undefined],
    [undefined, '/', undefined],
    ['wiki.example:notaport', '/', undefined],
  ];
  for (const [host, target, want] of cases) {
    it(`${host} ${target} -> ${want ?? 'none'}`, () => expect(table.match(host, target)?.id).toBe(want));
  }

  it('hostOnly reads bracketed IPv6 and drops ports', () => {
    expect(hostOnly('[::1]:8443')).toBe('[::1]');
    expect(hostOnly('Example.COM')).toBe('example.com');
    expect(hostOnly('a b')).toBeUndefined();
  });

  it('property: a prefix only matches at a segment boundary, and the longest prefix wins', () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,4}$/);
    fc.assert(fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), fc.array(segment, { maxLength: 5 }), (prefixes, pathSegs) => {
      const apps = prefixes.map((p, i) => app(`a${i}`, ['h.example'], `/${p.join('/')}`));
      const t = new RouteTable(apps);
      const path = `/${pathSegs.join('/')}`;
      const got = t.match('h.example', path);
      const matching = apps.filter((a) => path === a.pathPrefix || path.startsWith(`${a.pathPrefix}/`));
      if (matching.length === 0) expect(got).toBeUndefined();
      else expect(got!.pathPrefix.length).toBe(Math.max(...matching.map((a) => a.pathPrefix.length)));
    }), { numRuns: 300 });
  });
});
