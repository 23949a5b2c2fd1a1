import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonValueSpans, type JsonSpan } from './json-text.js';

const jsonValueSpan = (text: string, path: readonly string[]): JsonSpan | undefined => jsonValueSpans(text, path)?.at(-1);

// A JSON value as written: objects as entry lists, so that a key may appear twice (JSON.parse keeps the last).
type Written = null | boolean | number | string | Written[] | { entries: [string, Written][] };

const key = fc.oneof(fc.constantFrom('report', 'facts', 'a', '', 'rep"ort', 'fa\\cts', 'facts ', 'é', '\u2028'), fc.string({ maxLength: 6 }));
const written: fc.Arbitrary<Written> = fc.letrec<{ value: Written }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(),
    fc.string({ maxLength: 12 }), fc.constantFrom('"', '\\', '\\"', '}', ']', '{"facts":1}', ',', '\n'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.record({ entries: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }) }),
  ),
})).value;

/** Serialises with the given whitespace and escaping choices: every way a client may legally write the value. */
function write(value: Written, choices: () => number): string {
  const ws = () => [' ', '', '\n\t', '\r\n  ', ''][choices() % 5]!;
  const str = (s: string) => {
    if (choices() % 3 !== 0) return JSON.stringify(s);
    // Every character as a \u escape: the same string, different text.
    return `"${[...s].map((ch) => [...ch].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')).join('')}"`;
  };
  const go = (v: Written): string => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'string') return str(v);
      if (typeof v === 'number' && choices() % 4 === 0 && Number.isSafeInteger(v) && v >= 0) return `${v}e0`;
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => go(x) + ws()).join(`,${ws()}`)}]`;
    return `{${ws()}${v.entries.map(([k, x]) => `${str(k)}${ws()}:${ws()}${go(x)}${ws()}`).join(`,${ws()}`)}}`;
  };
  return `${ws()}${go(value)}${ws()}`;
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

const paths: string[][] = [['report'], ['facts'], ['report', 'facts'], ['a', 'a']];

describe('jsonValueSpans', () => {
  it('finds what JSON.parse finds, or says it cannot tell, for any way of writing any value', () => {
    fc.assert(fc.property(
      fc.oneof(written, written.map((facts): Written => ({ entries: [['x', 1], ['report', { entries: [['facts', facts], ['y', null]] }]] }))),
      fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), fc.constantFrom(...paths),
      (value, seed, path) => {
        let n = 0;
        const text = write(value, () => seed[n++ % seed.length]! + n);
        const parsed: unknown = JSON.parse(text);
        const span = jsonValueSpan(text, path);
        if (span) expect(JSON.parse(text.slice(span.start, span.end))).toEqual(at(parsed, path));
        // Every span along the path is the value at that point of it.
        const spans = jsonValueSpans(text, path);
        spans?.forEach((s, i) => expect(JSON.parse(text.slice(s.start, s.end))).toEqual(at(parsed, path.slice(0, i + 1))));
      },
    ), { numRuns: 3000 });
  });

  it('finds the member in what clients send (compact or pretty JSON)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), fc.constantFrom(undefined, 2), (facts, other, indent) => {
      const text = JSON.stringify({ before: other, report: { schemaVersion: 1, facts, after: other } }, null, indent);
      const span = jsonValueSpan(text, ['report', 'facts']);
      expect(span).toBeDefined();
      expect(JSON.parse(text.slice(span!.start, span!.end))).toEqual(JSON.parse(JSON.stringify(facts)));
    }));
  });

  it('declines ambiguous texts: duplicate or escaped keys, missing members, non-objects', () => {
    expect(jsonValueSpan('{"report":{"facts":1,"facts":2}}', ['report', 'facts'])).toBeUndefined();
    expect(jsonValueSpan('{"report":{"f\\u0061cts":1}}', ['report', 'facts'])).toBeUndefined();
    expect(jsonValueSpan('{"report":{"x\\"":1,"facts":2}}', ['report', 'facts'])).toBeUndefined();
    expect(jsonValueSpan('{"report":{}}', ['report', 'facts'])).toBeUndefined();
    expect(jsonValueSpan('{"report":[{"facts":1}]}', ['report', 'facts'])).toBeUndefined();
    expect(jsonValueSpan('[1]', ['report'])).toBeUndefined();
    const text = ' { "report" : { "facts" : { "a" : "}\\"" } , "z" : [ ] } } ';
    const span = jsonValueSpan(text, ['report', 'facts'])!;
    expect(text.slice(span.start, span.end)).toBe('{ "a" : "}\\"" }');
  });
});
