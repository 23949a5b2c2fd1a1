// The check-in load generator's HTTP/1.1 response parser (bench/http1-response-parser.ts): framing by
// Content-Length and chunked transfer coding, responses split across any chunks, malformed input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Http1ParseError, Http1ResponseParser, type Http1Response } from '../bench/http1-response-parser.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

/** Feeds the chunks in order and returns every response, with the parser for further checks. */
function parse(chunks: Buffer[]): { responses: Http1Response[]; parser: Http1ResponseParser } {
  const parser = new Http1ResponseParser();
  const responses: Http1Response[] = [];
  for (const c of chunks) responses.push(...parser.feed(c));
  return { responses, parser };
}

interface Parsed { status: number; headers: Record<string, string>; body: string; trailers: Record<string, string>; keepAlive: boolean }

/** Plain objects for comparison: bodies as text, headers without the null prototype. */
const plain = (rs: Http1Response[]): Parsed[] => rs.map((r) => ({ status: r.status, headers: { ...r.headers }, body: r.body.toString('latin1'), trailers: { ...r.trailers }, keepAlive: r.keepAlive }));

/** Every way of cutting the wire in two, plus one byte at a time: all must give the same responses. */
function expectSameAtEverySplit(wire: Buffer, expected: Parsed[]): void {
  for (let i = 0; i <= wire.length; i++) {
    const { responses, parser } = parse([wire.subarray(0, i), wire.subarray(i)]);
    expect(plain(responses), `split at ${i}`).toEqual(expected);
    expect(parser.idle).toBe(true);
  }
  const byByte = parse(Array.from(wire, (b) => Buffer.from([b])));
  expect(plain(byByte.responses)).toEqual(expected);
  expect(byByte.parser.idle).toBe(true);
}

const contentLength = bytes('HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 27\r\nX-Dup: a\r\nx-dup:  b \r\n\r\n{"status":"ok","n":[1,2,3]}');
const contentLengthParsed: Parsed = {
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '27', 'x-dup': 'a, b' },
  body: '{"status":"ok","n":[1,2,3]}', trailers: {}, keepAlive: true,
};
const chunked = bytes('HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n'
  + '5;name=value\r\nhello\r\n'
  + '7 ; a="b;c" ; d\r\n, world\r\n'
  + 'A\r\n0123456789\r\n'
  + '0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n');
const chunkedParsed: Parsed = {
  status: 201, headers: { 'transfer-encoding': 'chunked' },
  body: 'hello, world0123456789', trailers: { 'x-checksum': 'abc', 'x-other': '1' }, keepAlive: true,
};

describe('Http1ResponseParser', () => {
  it('reads a Content-Length response, split at every byte boundary and byte by byte', () => {
    expectSameAtEverySplit(contentLength, [contentLengthParsed]);
  });

  it('reads a chunked response with chunk extensions and trailers, split anywhere', () => {
    expectSameAtEverySplit(chunked, [chunkedParsed]);
  });

  it('reads a chunked response without trailers', () => {
    const { responses } = parse([bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n')]);
    expect(plain(responses)).toEqual([{ status: 200, headers: { 'transfer-encoding': 'gzip, chunked' }, body: 'abc', trailers: {}, keepAlive: true }]);
  });

  it('reads two responses back to back in one chunk, and split anywhere', () => {
    const wire = Buffer.concat([contentLength, chunked]);
    const { responses } = parse([wire]);
    expect(plain(responses)).toEqual([contentLengthParsed, chunkedParsed]);
    expectSameAtEverySplit(wire, [contentLengthParsed, chunkedParsed]);
  });

  it('reads responses with an empty body: Content-Length: 0, 204 and 304, without eating the next response', () => {
    const wire = bytes('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'
      + 'HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n'
      + 'HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n'
      + 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const expected: Parsed[] = [
      { status: 200, headers: { 'content-length': '0' }, body: '', trailers: {}, keepAlive: true },
      { status: 204, headers: { 'x-a': '1' }, body: '', trailers: {}, keepAlive: true },
      { status: 304, headers: { 'content-length': '99' }, body: '', trailers: {}, keepAlive: true },
      { status: 200, headers: { 'content-length': '2' }, body: 'ok', trailers: {}, keepAlive: true },
    ];
    expectSameAtEverySplit(wire, expected);
    expect(parse([wire]).responses[1]!.body.length).toBe(0);
  });

  it('skips interim 1xx responses', () => {
    const { responses } = parse([bytes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx')]);
    expect(plain(responses)).toEqual([{ status: 200, headers: { 'content-length': '1' }, body: 'x', trailers: {}, keepAlive: true }]);
  });

  it('tells whether the connection stays open', () => {
    const keepAlive = (head: string) => parse([bytes(`${head}\r\nContent-Length: 0\r\n\r\n`)]).responses[0]!.keepAlive;
    expect(keepAlive('HTTP/1.1 200 OK')).toBe(true);
    expect(keepAlive('HTTP/1.1 200 OK\r\nConnection: close')).toBe(false);
    expect(keepAlive('HTTP/1.1 400 Bad Request\r\nConnection: Keep-Alive, Close')).toBe(false);
    expect(keepAlive('HTTP/1.0 200 OK')).toBe(false);
    expect(keepAlive('HTTP/1.0 200 OK\r\nConnection: keep-alive')).toBe(true);
  });

  it('reads a body delimited by the end of the connection', () => {
    const parser = new Http1ResponseParser();
    expect(parser.feed(bytes('HTTP/1.1 500 Internal Server Error\r\nX: y\r\n\r\nsome'))).toEqual([]);
    expect(parser.feed(bytes(' text'))).toEqual([]);
    const res = parser.end()!;
    expect(plain([res])).toEqual([{ status: 500, headers: { x: 'y' }, body: 'some text', trailers: {}, keepAlive: false }]);
  });

  it('end(): null between responses, an error inside one', () => {
    const between = new Http1ResponseParser();
    between.feed(contentLength);
    expect(between.end()).toBeNull();
    for (const cut of [5, contentLength.length - 1]) {
      const inside = new Http1ResponseParser();
      inside.feed(contentLength.subarray(0, cut));
      expect(() => inside.end()).toThrow(Http1ParseError);
    }
  });

  it('treats field names as plain keys', () => {
    const { responses } = parse([bytes('HTTP/1.1 200 OK\r\nConstructor: a\r\n__proto__: b\r\nContent-Length: 0\r\n\r\n')]);
    expect(responses[0]!.headers['constructor']).toBe('a');
    expect(responses[0]!.headers['__proto__']).toBe('b');
  });

  it('accepts a repeated Content-Length only when the values agree', () => {
    expect(parse([bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok')]).responses[0]!.body.toString()).toBe('ok');
    expect(() => parse([bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok')])).toThrow(Http1ParseError);
  });

  describe('rejects malformed input', () => {
    const malformed: Record<string, string> = {
      'not HTTP': 'HTTX/1.1 200 OK\r\n\r\n',
      'garbage status line': 'hello world\r\n\r\n',
      'non-numeric status': 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n',
      'two-digit status': 'HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n',
      'unsupported version': 'HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n',
      'missing status': 'HTTP/1.1\r\nContent-Length: 0\r\n\r\n',
      'header without colon': 'HTTP/1.1 200 OK\r\nContent-Length 0\r\n\r\n',
      'space in a header name': 'HTTP/1.1 200 OK\r\nContent Length: 0\r\n\r\n',
      'folded header': 'HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n',
      'bare LF in a header value': 'HTTP/1.1 200 OK\r\nX: a\nb\r\nContent-Length: 0\r\n\r\n',
      'non-numeric content-length': 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n',
      'content-length with trailing junk': 'HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n',
      'negative content-length': 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'empty content-length': 'HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n',
      'huge content-length': 'HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'non-hex chunk size': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'empty chunk size': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n',
      'negative chunk size': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n',
      '0x chunk size': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n',
      'huge chunk size': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n',
      // Skipping any two bytes after the data would parse this as "abcz".
      'chunk data not followed by CRLF': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY1\r\nz\r\n0\r\n\r\n',
      'bad trailer': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a field\r\n\r\n',
      '101 Switching Protocols': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
    };
    for (const [name, text] of Object.entries(malformed)) {
      it(name, () => {
        const wire = bytes(text);
        expect(() => parse([wire])).toThrow(Http1ParseError);
        expect(() => parse(Array.from(wire, (b) => Buffer.from([b])))).toThrow(Http1ParseError);
      });
    }

    it('stays failed after an error', () => {
      const parser = new Http1ResponseParser();
      expect(() => parser.feed(bytes('nonsense\r\n\r\n'))).toThrow(Http1ParseError);
      expect(() => parser.feed(contentLength)).toThrow(Http1ParseError);
      expect(() => parser.end()).toThrow(Http1ParseError);
    });

    it('bounds the head it buffers', () => {
      const parser = new Http1ResponseParser();
      parser.feed(bytes('HTTP/1.1 200 OK\r\n'));
      expect(() => { for (let i = 0; i < 2000; i++) parser.feed(bytes(`X-Filler-${i}: ${'x'.repeat(40)}\r\n`)); }).toThrow(/too large/);
    });
  });

  it('property: any list of responses, serialised and split at random points, parses back to the same list', () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,15}$/);
    const fieldValue = fc.stringMatching(/^([!-~\x80-\xff]([ \t!-~\x80-\xff]{0,30}[!-~\x80-\xff])?)?$/);
    const reserved = new Set(['content-length', 'transfer-encoding', 'connection']);
    const fieldList = (max: number) => fc.uniqueArray(fc.tuple(token, fieldValue), { maxLength: max, selector: ([n]) => n.toLowerCase() })
      .map((fs) => fs.filter(([n]) => !reserved.has(n.toLowerCase())));
    const response = fc.record({
      status: fc.integer({ min: 200, max: 599 }),
      reason: fc.stringMatching(/^[ !-~]{0,20}$/),
      fields: fieldList(6),
      body: fc.uint8Array({ maxLength: 300 }),
      framing: fc.oneof(
        fc.constant({ kind: 'length' as const }),
        fc.record({
          kind: fc.constant('chunked' as const),
          cuts: fc.array(fc.nat(), { maxLength: 5 }),
          extension: fc.constantFrom('', ';a=b', ' ; x="y;z"', ';e'),
          upperHex: fc.boolean(),
          trailers: fieldList(3),
        }),
      ),
    });
    fc.assert(fc.property(fc.array(response, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 12 }), (list, rawCuts) => {
      const wire: Buffer[] = [];
      const expected = list.map((r) => {
        const noBody = r.status === 204 || r.status === 304;
        const body = noBody ? Buffer.alloc(0) : Buffer.from(r.body);
        const headers: Record<string, string> = {};
        let head = `HTTP/1.1 ${r.status}${r.reason ? ` ${r.reason}` : ''}\r\n`;
        for (const [n, v] of r.fields) {
          head += `${n}:${v ? ` ${v}` : ''}\r\n`;
          headers[n.toLowerCase()] = v;
        }
        const trailers: Record<string, string> = {};
        const f = r.framing;
        if (f.kind === 'chunked' && !noBody) {
          head += 'Transfer-Encoding: chunked\r\n';
          headers['transfer-encoding'] = 'chunked';
          wire.push(bytes(head + '\r\n'));
          const points = [...new Set(f.cuts.map((c) => c % (body.length + 1)))].filter((c) => c > 0 && c < body.length).sort((a, b) => a - b);
          const bounds = body.length ? [0, ...points, body.length] : [0];
          const hex = (n: number) => (f.upperHex ? n.toString(16).toUpperCase() : n.toString(16));
          for (let k = 0; k + 1 < bounds.length; k++) {
            const piece = body.subarray(bounds[k], bounds[k + 1]);
            wire.push(bytes(`${hex(piece.length)}${f.extension}\r\n`), piece, bytes('\r\n'));
          }
          let last = `0${f.extension}\r\n`;
          for (const [n, v] of f.trailers) {
            last += `${n}: ${v}\r\n`;
            trailers[n.toLowerCase()] = v;
          }
          wire.push(bytes(last + '\r\n'));
        } else {
          head += `Content-Length: ${body.length}\r\n`;
          headers['content-length'] = String(body.length);
          wire.push(bytes(head + '\r\n'), body);
        }
        return { status: r.status, headers, body: body.toString('latin1'), trailers, keepAlive: true };
      });
      const all = Buffer.concat(wire);
      const cuts = [...new Set(rawCuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...cuts, all.length].slice(1).map((end, k, ends) => all.subarray(k === 0 ? 0 : ends[k - 1], end));
      const { responses, parser } = parse(chunks);
      expect(plain(responses)).toEqual(expected);
      expect(parser.idle).toBe(true);
    }), { numRuns: 500 });
  });
});
