import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, visit, type JSONPath } from 'jsonc-parser';
import { toJsonPath } from '../access/json-path.js';
import type { DecodedGraphText } from './decode-graph-text.js';
import { GRAPH_IMPORT_ERROR_CODES, fileError } from './graph-import-errors.js';
import type { ImportNote } from './import-notes.js';

/** Deeper than any Graph export nests (settings catalog children reach about 20 levels). */
export const MAX_GRAPH_JSON_DEPTH = 100;

const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'an unexpected character', InvalidNumberFormat: 'a malformed number', PropertyNameExpected: 'a property name was expected',
  ValueExpected: 'a value was expected', ColonExpected: 'a colon was expected', CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace was expected', CloseBracketExpected: 'a closing bracket was expected', EndOfFileExpected: 'the text goes on after the JSON value',
  InvalidCommentToken: 'a comment (JSON has none)', UnexpectedEndOfComment: 'an unterminated comment', UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number', InvalidUnicode: 'an invalid \\u escape', InvalidEscapeCharacter: 'an invalid escape', InvalidCharacter: 'a control character inside a string',
};

/** One-based line and column of a character offset (only computed for an error). */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The nesting depth check, before any recursive parser sees the text: one pass over the
 * characters outside strings (a 10,000-deep document must be refused, not overflow the stack).
 */
function tooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_GRAPH_JSON_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/**
 * Parse decoded text as strict JSON (RFC 8259: no comments, no trailing commas). Refused text
 * throws VERITY_IMPORT_INVALID_JSON with the byte offset, line and column of the first fault;
 * nesting deeper than MAX_GRAPH_JSON_DEPTH throws VERITY_IMPORT_TOO_DEEP. An object naming a
 * property twice throws VERITY_IMPORT_DUPLICATE_KEY at its JSON path (JSON.parse would silently
 * keep the last one, and which one was meant is unknowable), unless the values agree or all but
 * one are null (real exports write `"sessionControls": null` and the object later): that one is
 * kept, with a note. jsonc-parser finds the faults and their positions; JSON.parse builds the
 * value (several times faster than building it from the visitor).
 */
export function parseGraphJson(decoded: DecodedGraphText): { value: unknown; notes: ImportNote[] } {
  const { text } = decoded;
  const where = (offset: number) => ({ offset: decoded.byteOffsetOf(offset), ...lineAndColumn(text, offset) });
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const at = where(deep);
    const message = `The JSON nests deeper than ${MAX_GRAPH_JSON_DEPTH} levels (line ${at.line}, column ${at.column}).`;
    throw fileError(GRAPH_IMPORT_ERROR_CODES.tooDeep, message, { path: '$', message, ...at });
  }
  let syntax: { code: string; offset: number } | null = null;
  const duplicates: { path: JSONPath; key: string; offset: number }[] = [];
  let forbidden: { path: JSONPath; key: string; offset: number } | null = null;
  const keys: (Set<string> | null)[] = [];
  visit(text, {
    onObjectBegin: () => { keys.push(new Set()); },
    onObjectEnd: () => { keys.pop(); },
    onArrayBegin: () => { keys.push(null); },
    onArrayEnd: () => { keys.pop(); },
    onObjectProperty: (property, offset, _length, _line, _character, pathSupplier) => {
      const seen = keys[keys.length - 1];
      if (!seen) return;
      if (seen.has(property) && duplicates.length < 100) duplicates.push({ path: pathSupplier(), key: property, offset });
      seen.add(property);
      // The same prototype-poisoning keys the API's JSON parser refuses (secure-json-parse).
      if (property === '__proto__' || (property === 'prototype' && pathSupplier().at(-1) === 'constructor')) forbidden ??= { path: [...pathSupplier(), property], key: property, offset };
    },
    onError: (error, offset) => { syntax ??= { code: printParseErrorCode(error), offset }; },
  }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const s = syntax as { code: string; offset: number } | null;
  if (s !== null) {
    const at = where(s.offset);
    const message = `Not valid JSON: ${SYNTAX[s.code] ?? s.code} at line ${at.line}, column ${at.column} (byte ${at.offset}).`;
    throw fileError(GRAPH_IMPORT_ERROR_CODES.invalidJson, message, { path: '$', message, ...at });
  }
  const f = forbidden as { path: JSONPath; key: string; offset: number } | null;
  if (f !== null) {
    const at = where(f.offset);
    const message = `Property "${f.key}" is a forbidden property name (line ${at.line}, column ${at.column}).`;
    throw fileError(GRAPH_IMPORT_ERROR_CODES.invalidJson, message, { path: toJsonPath(f.path), message, ...at });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // jsonc-parser accepted what JSON.parse refuses: say so rather than guess a position.
    const message = `Not valid JSON: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}.`;
    throw fileError(GRAPH_IMPORT_ERROR_CODES.invalidJson, message, { path: '$', message });
  }
  const notes = duplicates.length === 0 ? [] : resolveDuplicates(text, value, duplicates, where);
  return { value, notes };
}

/** Keep the one meaningful value of each duplicated property (see parseGraphJson), or throw naming the first ambiguous one. */
function resolveDuplicates(
  text: string, value: unknown, duplicates: readonly { path: JSONPath; key: string; offset: number }[],
  where: (offset: number) => { offset: number; line: number; column: number },
): ImportNote[] {
  const root = parseTree(text);
  const notes: ImportNote[] = [];
  const done = new Set<string>();
  for (const d of duplicates) {
    const path = toJsonPath([...d.path, d.key]);
    if (done.has(path)) continue;
    done.add(path);
    const parent = root ? findNodeAtLocation(root, d.path) : undefined;
    const values = (parent?.children ?? []).filter((p) => p.children?.[0]?.value === d.key).map((p) => (p.children?.[1] ? getNodeValue(p.children[1]) : undefined));
    const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
    const meaningful = distinct.filter((v) => v !== 'null');
    if (distinct.length > 1 && meaningful.length > 1) {
      const at = where(d.offset);
      const message = `Property "${d.key.slice(0, 100)}" appears twice in the same object with different values (line ${at.line}, column ${at.column}).`;
      throw fileError(GRAPH_IMPORT_ERROR_CODES.duplicateKey, message, { path, message, ...at });
    }
    const kept = meaningful.length === 1 ? JSON.parse(meaningful[0]!) : null;
    let target = value as Record<string, unknown>;
    for (const k of d.path) target = (target as Record<string | number, unknown>)[k] as Record<string, unknown>;
    target[d.key] = kept;
    notes.push({ path, code: 'duplicate-property-resolved', message: `Property "${d.key.slice(0, 100)}" appears ${values.length} times; ${distinct.length === 1 ? 'the values agree' : 'all but one are null'}, so that value is kept.` });
  }
  return notes;
}
