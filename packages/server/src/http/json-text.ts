// A request body's JSON text: parsed as the app's JSON parser does, and where a member's value sits in it.
//
// A hot route can reuse the agent's own bytes instead of serialising the parsed value again: to
// digest a part of the body, or to store it as sent. Hand-written: jsonc-parser can give offsets,
// but it builds a node for every value (80 µs for a 2.3 KB check-in body against 14 µs for the
// JSON.stringify this replaces; this walk takes ~8 µs). It runs only on text JSON.parse has
// already accepted, and bails out (undefined) wherever the span would be ambiguous, so a caller
// always has a slow path.

import secureJson from 'secure-json-parse';
import { VerityError } from '@verity/core';
import { emptyJsonBody, invalidJsonBody } from './problem.js';

/** Fastify's own message for a body JSON.parse refuses (its parser's error, which clients already see). */
const NOT_JSON = "Body is not valid JSON but content-type is set to 'application/json'";

/**
 * A request body's JSON text parsed exactly as the app's JSON parser does (Fastify's: secure-json-parse,
 * refusing __proto__ and constructor.prototype keys), with the same errors: for routes that take
 * their body as text (RouteDef.jsonBodyText) and parse it where it suits them.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw emptyJsonBody();
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw invalidJsonBody(NOT_JSON);
  }
}

/** Deepest nesting of arrays and objects a request body may have (Graph documents nest under 10). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text nests arrays and objects deeper than `max`, told from the text alone before
 * anything parses it: everything downstream (merge-patch, export, row mapping, zod) may recurse, and
 * a few thousand levels overflow the stack. One pass over the characters; strings are skipped.
 */
export function nestedDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = skipString(text, i);
      if (end < 0) return false; // not JSON: the parser reports it
      i = end - 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** The error for a body nested deeper than MAX_JSON_DEPTH. */
export function tooDeepJsonBody(): VerityError {
  return new VerityError('VERITY_REQUEST_TOO_DEEP', `The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`, { status: 400, details: [{ path: '$', message: `nesting deeper than ${MAX_JSON_DEPTH} levels` }] });
}

/** Half-open character range [start, end) of one JSON value inside a text. */
export interface JsonSpan { readonly start: number; readonly end: number }

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** From the opening quote of a string to just past its closing quote (-1 if unterminated). */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    // The quote is escaped when an odd number of backslashes precedes it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** From the first character of a value to just past it (-1 if the text ends first). */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // number, true, false, null: runs to the next delimiter.
    let j = i;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === 32 || c === 10 || c === 13 || c === 9) break;
    }
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length;) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = skipString(text, j);
      if (j < 0) return -1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return j + 1;
    j++;
  }
  return -1;
}

/**
 * Walks the object whose value starts at `at` and returns the index just past it, or -1 when a
 * span would be ambiguous: a key of `path` that appears twice (JSON.parse keeps the last; we do
 * not guess) or any key written with escapes (it could spell one of `path`). The member named
 * path[depth] is walked the same way one level down, and its span recorded in spans[depth]:
 * every character is looked at once.
 */
function walkObject(text: string, at: number, path: readonly string[], depth: number, spans: JsonSpan[]): number {
  let i = skipWhitespace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_OBJECT) return i + 1;
  const key = path[depth]!;
  let found = false;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return -1;
    for (let j = i + 1; j < keyEnd - 1; j++) if (text.charCodeAt(j) === BACKSLASH) return -1;
    const isKey = keyEnd - i - 2 === key.length && text.startsWith(key, i + 1);
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return -1;
    const start = skipWhitespace(text, i + 1);
    let end: number;
    if (isKey) {
      if (found) return -1;
      found = true;
      end = depth + 1 < path.length && text.charCodeAt(start) === OPEN_OBJECT ? walkObject(text, start, path, depth + 1, spans) : skipValue(text, start);
      spans[depth] = { start, end };
    } else {
      end = skipValue(text, start);
    }
    if (end < 0) return -1;
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_OBJECT) return i + 1;
    if (c !== COMMA) return -1;
    i = skipWhitespace(text, i + 1);
  }
}

/**
 * Where the values along `path` (object keys from the top) sit in `text`, a JSON text that
 * JSON.parse accepts: one span per key, and JSON.parse of each span equals the parsed value at
 * that point of the path. Undefined when that cannot be told for certain (see walkObject), or a
 * key is missing; the caller then serialises the parsed value.
 */
export function jsonValueSpans(text: string, path: readonly string[]): JsonSpan[] | undefined {
  const start = skipWhitespace(text, 0);
  if (path.length === 0 || text.charCodeAt(start) !== OPEN_OBJECT) return undefined;
  const spans: JsonSpan[] = [];
  if (walkObject(text, start, path, 0, spans) < 0 || spans.length < path.length) return undefined;
  return spans;
}
