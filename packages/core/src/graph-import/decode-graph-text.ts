import { GRAPH_IMPORT_ERROR_CODES, fileError } from './graph-import-errors.js';

/**
 * How Windows tools write JSON: IntuneManagement and Windows PowerShell 5 (`Out-File`,
 * `Set-Content -Encoding Unicode`) write UTF-16 LE with a byte-order mark, PowerShell 7 and
 * Graph Explorer UTF-8 with or without one. RFC 8259 §8.1 asks for UTF-8 but says a parser may
 * ignore a BOM; RFC 4627 §3 tells UTF-16 without a BOM from the zero bytes around the first
 * (ASCII) characters, which is unambiguous for JSON text.
 */
export type GraphTextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le' | 'utf-16be';

/** Decoded text, its encoding and how to map a character offset back to the file's bytes. */
export interface DecodedGraphText {
  readonly text: string;
  readonly encoding: GraphTextEncoding;
  /** Byte offset in the file of character `charOffset` of `text`. */
  byteOffsetOf(charOffset: number): number;
}

const invalid = (message: string, offset: number) => fileError(GRAPH_IMPORT_ERROR_CODES.encodingInvalid, message, { path: '$', message, offset });

/** UTF-8 bytes of `text` before character `end` (the file offset of a UTF-8 file's character). */
function utf8Length(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Offset of the first byte that is not well-formed UTF-8 (WHATWG / Unicode table 3-7), or -1. Only run once the fast decoder refused. */
function firstInvalidUtf8(b: Uint8Array, from: number): number {
  let i = from;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined) return i;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Offset of the first unpaired surrogate of UTF-16 bytes, or -1. */
function firstLoneSurrogate(b: Uint8Array, from: number, littleEndian: boolean): number {
  const unit = (i: number) => (littleEndian ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  for (let i = from; i + 1 < b.length; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= b.length) return i;
      const next = unit(i + 2);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return -1;
}

function decodeUtf16(bytes: Uint8Array, bom: number, littleEndian: boolean, encoding: GraphTextEncoding): DecodedGraphText {
  if ((bytes.length - bom) % 2 !== 0) throw invalid(`The file is ${encoding.toUpperCase()} but ends in the middle of a character (an odd number of bytes): it is truncated.`, bytes.length - 1);
  const lone = firstLoneSurrogate(bytes, bom, littleEndian);
  if (lone >= 0) throw invalid(`Byte ${lone} holds a lone UTF-16 surrogate: the text is not valid ${encoding.toUpperCase()}.`, lone);
  const text = new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  return { text, encoding, byteOffsetOf: (charOffset) => bom + 2 * charOffset };
}

/**
 * Decode a file's bytes as Windows tools write JSON: by byte-order mark, else UTF-16 when the
 * zero bytes say so, else UTF-8. Strict: a malformed byte, a lone surrogate or a truncated UTF-16
 * file throws VERITY_IMPORT_ENCODING_INVALID naming the byte offset, never a silent U+FFFD.
 */
export function decodeGraphText(bytes: Uint8Array): DecodedGraphText {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return decodeUtf8(bytes, 3, 'utf-8-bom');
  if (b0 === 0xff && b1 === 0xfe) {
    if (b2 === 0 && b3 === 0 && bytes.length >= 4) throw invalid('The file is UTF-32 (byte-order mark FF FE 00 00); save it as UTF-8 or UTF-16.', 0);
    return decodeUtf16(bytes, 2, true, 'utf-16le-bom');
  }
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes, 2, false, 'utf-16be-bom');
  if (bytes.length >= 4 && b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) throw invalid('The file is UTF-32; save it as UTF-8 or UTF-16.', 0);
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) throw invalid('The file is UTF-32; save it as UTF-8 or UTF-16.', 0);
  // JSON text starts with an ASCII character, so a zero byte beside it can only be UTF-16.
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return decodeUtf16(bytes, 0, false, 'utf-16be');
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return decodeUtf16(bytes, 0, true, 'utf-16le');
  return decodeUtf8(bytes, 0, 'utf-8');
}

function decodeUtf8(bytes: Uint8Array, bom: number, encoding: GraphTextEncoding): DecodedGraphText {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    const at = firstInvalidUtf8(bytes, bom);
    throw invalid(`Byte ${at} is not valid UTF-8 (a file written in another encoding, or truncated).`, at < 0 ? bytes.length : at);
  }
  return { text, encoding, byteOffsetOf: (charOffset) => bom + utf8Length(text, charOffset) };
}
