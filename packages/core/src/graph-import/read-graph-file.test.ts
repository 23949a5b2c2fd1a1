import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVerityError, type VerityError } from '../errors/verity-error.js';
import { GRAPH_IMPORT_ERROR_CODES } from './graph-import-errors.js';
import { classifyGraphDocument } from './graph-kinds.js';
import { MAX_GRAPH_JSON_DEPTH } from './parse-graph-json.js';
import { MAX_GRAPH_FILE_BYTES, readGraphFile } from './read-graph-file.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let o = 0;
  if (bom) { out[o++] = littleEndian ? 0xff : 0xfe; out[o++] = littleEndian ? 0xfe : 0xff; }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[o++] = littleEndian ? c & 0xff : c >> 8;
    out[o++] = littleEndian ? c >> 8 : c & 0xff;
  }
  return out;
}
const ENCODERS: Record<string, (s: string) => Uint8Array> = {
  'utf-8': utf8,
  'utf-8-bom': (s) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]),
  'utf-16le-bom': (s) => utf16(s, true, true),
  'utf-16be-bom': (s) => utf16(s, false, true),
  'utf-16le': (s) => utf16(s, true, false),
  'utf-16be': (s) => utf16(s, false, false),
};

function refusal(bytes: Uint8Array): VerityError {
  try {
    readGraphFile(bytes);
  } catch (err) {
    if (isVerityError(err)) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

const POLICY = '{\r\n    "displayName":  "Block legacy",\r\n    "conditions":  { "users": { "includeUsers": [ "All" ] }, "applications": { "includeApplications": [ "All" ] } },\r\n    "grantControls":  { "operator": "OR", "builtInControls": [ "block" ] }\r\n}\r\n';

describe('readGraphFile: encodings', () => {
  it.each(Object.keys(ENCODERS))('reads %s (CRLF, PowerShell spacing) to the same document', (encoding) => {
    const file = readGraphFile(ENCODERS[encoding]!(POLICY));
    expect(file.encoding).toBe(encoding);
    expect(file.container).toBe('object');
    expect(file.documents).toEqual([{ path: '$', document: JSON.parse(POLICY), notes: [] }]);
  });

  it('decodes any JSON value written in any of the encodings back to that value', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(...Object.keys(ENCODERS)), (value, encoding) => {
      const text = JSON.stringify({ value: [value] });
      fc.pre(!text.includes('"__proto__"'));
      const file = readGraphFile(ENCODERS[encoding]!(text));
      expect(file.documents.map((d) => d.document)).toEqual(JSON.parse(text).value);
    }), { numRuns: 300 });
  });
});

describe('readGraphFile: containers', () => {
  it('splits a Graph collection, keeps its @odata.context for the elements, and tells mixed kinds apart', () => {
    const text = JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/namedLocations', '@microsoft.graph.tips': 'Use $select',
      value: [{ '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'a', ipRanges: [] }, { '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'b', countriesAndRegions: [] }],
    });
    const file = readGraphFile(utf8(text));
    expect(file.container).toBe('collection');
    expect(file.documents.map((d) => [d.path, d.element, classifyGraphDocument(d.document, d.context).kind])).toEqual([['$.value[0]', 0, 'ipNamedLocation'], ['$.value[1]', 1, 'countryNamedLocation']]);
  });

  it('reads PowerShell\'s { value, Count } wrapper and a top-level array', () => {
    expect(readGraphFile(utf8('{"value":[{"a":1}],"Count":1}')).documents.map((d) => d.path)).toEqual(['$.value[0]']);
    expect(readGraphFile(utf8('[{"definition@odata.bind":"x"},{"definition@odata.bind":"y"}]')).documents.map((d) => d.path)).toEqual(['$[0]', '$[1]']);
  });

  it('unwraps a JSON string holding JSON, and rebuilds a PowerShell hashtable, with notes', () => {
    const inner = JSON.stringify({ IsReadOnly: false, Keys: ['displayName', 'settingsDelta'], Values: ['Baseline', []] });
    const file = readGraphFile(utf8(JSON.stringify({ value: [inner, 'plain text'] })));
    expect(file.documents[0]!.document).toEqual({ displayName: 'Baseline', settingsDelta: [] });
    expect(file.documents[0]!.notes.map((n) => n.code)).toEqual(['json-string-unwrapped', 'powershell-hashtable-rebuilt']);
    expect(file.documents[1]!.document).toBe('plain text');
    expect(classifyGraphDocument(file.documents[1]!.document)).toMatchObject({ kind: 'unknown', target: null });
  });
});

describe('readGraphFile: bad input', () => {
  it('refuses a truncated UTF-16 file at its last byte', () => {
    const bytes = ENCODERS['utf-16le-bom']!(POLICY).slice(0, 41);
    const e = refusal(bytes);
    expect(e.code).toBe(GRAPH_IMPORT_ERROR_CODES.encodingInvalid);
    expect(e.details[0]).toMatchObject({ path: '$', offset: 40 });
  });

  it('refuses a lone surrogate at its byte offset', () => {
    const bytes = ENCODERS['utf-16le-bom']!('{"a":"x\ud800y"}');
    expect(refusal(bytes).details[0]).toMatchObject({ offset: 2 + 2 * 7 });
    expect(refusal(ENCODERS['utf-16be-bom']!('{"a":"\udc00"}')).code).toBe(GRAPH_IMPORT_ERROR_CODES.encodingInvalid);
  });

  it('refuses bytes that are not UTF-8 at their offset', () => {
    const bytes = new Uint8Array([...utf8('{"a":"'), 0xc3, 0x28, ...utf8('"}')]);
    expect(refusal(bytes).details[0]).toMatchObject({ offset: 6 });
  });

  it('refuses text that is not JSON with the byte offset, line and column of the fault', () => {
    const text = '{\r\n  "a": 1,\r\n  "b": ,\r\n}';
    for (const encoding of ['utf-8', 'utf-16le-bom']) {
      const e = refusal(ENCODERS[encoding]!(text));
      expect(e.code).toBe(GRAPH_IMPORT_ERROR_CODES.invalidJson);
      const charOffset = text.indexOf(',\r\n}');
      expect(e.details[0]).toMatchObject({ line: 3, column: 8, offset: encoding === 'utf-8' ? charOffset : 2 + 2 * charOffset });
    }
    expect(refusal(utf8('{"a": 1} // comment')).code).toBe(GRAPH_IMPORT_ERROR_CODES.invalidJson);
    expect(refusal(utf8('{"a": [1,]}')).code).toBe(GRAPH_IMPORT_ERROR_CODES.invalidJson);
    expect(refusal(utf8('')).code).toBe(GRAPH_IMPORT_ERROR_CODES.invalidJson);
  });

  it('refuses 10,000-deep nesting without overflowing the stack', () => {
    const e = refusal(utf8('['.repeat(10_000) + ']'.repeat(10_000)));
    expect(e.code).toBe(GRAPH_IMPORT_ERROR_CODES.tooDeep);
    expect(e.details[0]).toMatchObject({ offset: MAX_GRAPH_JSON_DEPTH, line: 1, column: MAX_GRAPH_JSON_DEPTH + 1 });
  });

  it('refuses a file over the size limit before decoding it', () => {
    expect(refusal(new Uint8Array(MAX_GRAPH_FILE_BYTES + 1)).code).toBe(GRAPH_IMPORT_ERROR_CODES.fileTooLarge);
  });

  it('refuses duplicate keys with different values at their JSON path, and keeps the one value of a key written null first', () => {
    const e = refusal(utf8('{"value":[{"a":1},{"x":{"state":"enabled","state":"disabled"}}]}'));
    expect(e.code).toBe(GRAPH_IMPORT_ERROR_CODES.duplicateKey);
    expect(e.details[0]).toMatchObject({ path: '$.value[1].x.state', line: 1 });
    const file = readGraphFile(utf8('{"sessionControls": {"a": 1}, "x": 1, "sessionControls": null}'));
    expect(file.documents[0]!.document).toEqual({ sessionControls: { a: 1 }, x: 1 });
    expect(file.documents[0]!.notes).toEqual([expect.objectContaining({ path: '$.sessionControls', code: 'duplicate-property-resolved' })]);
  });

  it('refuses prototype-poisoning keys as the API does', () => {
    expect(refusal(utf8('{"__proto__": {"admin": true}}')).details[0]!.path).toBe("$.__proto__");
  });

  it('answers any bytes with documents or a VerityError of the catalog, never anything else', () => {
    const codes: string[] = Object.values(GRAPH_IMPORT_ERROR_CODES);
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string().map(utf8), fc.jsonValue().map((v) => utf16(JSON.stringify(v), true, true).slice(0, 50))), (bytes) => {
      try {
        const file = readGraphFile(bytes);
        // Only an empty collection or array holds no document.
        if (file.documents.length === 0) expect(file.container === 'collection' || file.container === 'array' || file.container === 'jsonString').toBe(true);
      } catch (err) {
        expect(isVerityError(err) && codes.includes(err.code)).toBe(true);
        expect((err as VerityError).status).toBe(400);
      }
    }), { numRuns: 500 });
  });
});
