import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, cookiesForUpstream, upstreamPath, upstreamRequestHeaders } from './forward-http.js';

const id = { assertionHeader: 'x-verity-identity', assertion: 'jwt', clientIp: '10.0.0.9', dropAuthorization: true };

describe('what the upstream receives', () => {
  it('drops hop-by-hop fields, fields the Connection header names, the session cookie and the session bearer', () => {
    const out = upstreamRequestHeaders({
      host: 'wiki.example', connection: 'keep-alive, x-secret', 'keep-alive': 'timeout=5', 'x-secret': 'v', te: 'trailers', 'proxy-authorization': 'Basic x',
      authorization: 'Bearer a.b.c', cookie: 'theme=dark; __Host-verity-session=a.b.c', 'x-forwarded-for': '1.2.3.4', accept: 'text/html',
    }, id, false);
    expect(out).toEqual({ host: 'wiki.example', accept: 'text/html', cookie: 'theme=dark', 'x-forwarded-for': '1.2.3.4, 10.0.0.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wiki.example', 'x-verity-identity': 'jwt' });
  });

  it('keeps the upgrade fields for a WebSocket', () => {
    const out = upstreamRequestHeaders({ host: 'h', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' }, id, true);
    expect(out).toMatchObject({ connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' });
  });

  it('property: the session cookie never reaches the upstream, other cookies do', () => {
    const v = fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/);
    fc.assert(fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), v), { maxLength: 5 }), v, fc.nat(5), (others, session, at) => {
      const parts = others.map(([n, x]) => `${n}=${x}`);
      parts.splice(Math.min(at, parts.length), 0, `__Host-verity-session=${session}`);
      const out = cookiesForUpstream(parts.join('; '));
      expect(out ?? '').not.toContain('__Host-verity-session');
      for (const [n, x] of others) expect(out).toContain(`${n}=${x}`);
    }));
  });

  it('appends the request target to the upstream base path unchanged', () => {
    const app = { id: 'a', displayName: 'a', appId: 'a', hosts: ['h'], pathPrefix: '/', enabled: true };
    expect(upstreamPath({ ...app, upstreamUrl: 'http://127.0.0.1:9000' }, '/x?y=1')).toBe('/x?y=1');
    expect(upstreamPath({ ...app, upstreamUrl: 'http://127.0.0.1:9000/base/' }, '/x')).toBe('/base/x');
  });

  it('passes the upstream\'s response fields on without hop-by-hop ones, repeated fields kept apart', () => {
    const raw = ['Content-Type', 'text/event-stream', 'Connection', 'keep-alive', 'Set-Cookie', 'a=1', 'Transfer-Encoding', 'chunked', 'set-cookie', 'b=2', 'Keep-Alive', 'timeout=5'].map((x) => Buffer.from(x, 'latin1'));
    expect(clientResponseHeaders(raw)).toEqual({ headers: ['Content-Type', 'text/event-stream', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2'], contentType: 'text/event-stream' });
  });
});
