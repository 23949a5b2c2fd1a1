/**
 * Tokenizer of the rule language. Hand-written rather than generated (chevrotain, nearley):
 * the grammar is a handful of tokens, we need exact character offsets and precise "expected"
 * texts, and it runs once per rule, never on the evaluation path.
 */
import { RULE_ERROR_CODES, ruleError } from './rule-errors.js';

/** Kinds of token. `dashWord` is `-eq`, `-and`…; `word` is a bare identifier such as `device.trustType`, `true`, `and`. */
export type RuleTokenKind = 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'string' | 'number' | 'dashWord' | 'word' | 'eof';

/** One token with its zero-based start offset in the rule text. */
export interface RuleToken {
  readonly kind: RuleTokenKind;
  /** Raw text; for `string` the unescaped value, for `dashWord` the word without the hyphen. */
  readonly text: string;
  readonly start: number;
  /** For `number` tokens. */
  readonly number?: number;
}

const PUNCTUATION: Readonly<Record<string, RuleTokenKind>> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', ',': 'comma' };
// Entra's own pages print operators with an en dash (`–eq`) that admins paste; treat it as a hyphen.
const isDash = (c: string): boolean => c === '-' || c === '\u2013';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_$]/.test(c);
const isWordPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$.]/.test(c);
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const syntax = (message: string, position: number, expected: string) => ruleError(RULE_ERROR_CODES.syntax, message, position, expected);

/** Split rule text into tokens; throws VERITY_RULE_SYNTAX on a character that starts no token. */
export function tokenizeRule(source: string): RuleToken[] {
  const tokens: RuleToken[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const punctuation = PUNCTUATION[c];
    if (punctuation !== undefined) {
      tokens.push({ kind: punctuation, text: c, start: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', text: value, start: i });
      i = end;
      continue;
    }
    if (isDigit(c) || (isDash(c) && isDigit(source[i + 1]))) {
      const negative = isDash(c);
      NUMBER.lastIndex = negative ? i + 1 : i;
      const digits = (NUMBER.exec(source) as RegExpExecArray)[0];
      const text = negative ? `-${digits}` : digits;
      const end = i + text.length;
      if (isWordPart(source[end])) throw syntax('Malformed number', i, 'a number such as 42 or 1.5');
      tokens.push({ kind: 'number', text, start: i, number: Number(text) });
      i = end;
      continue;
    }
    if (isDash(c)) {
      let end = i + 1;
      while (end < source.length && /[A-Za-z]/.test(source[end] as string)) end++;
      if (end === i + 1) throw syntax(`Unexpected "${c}"`, i, 'an operator such as -eq, -and, -or or -not');
      tokens.push({ kind: 'dashWord', text: source.slice(i + 1, end), start: i });
      i = end;
      continue;
    }
    if (isWordStart(c)) {
      let end = i + 1;
      while (isWordPart(source[end])) end++;
      tokens.push({ kind: 'word', text: source.slice(i, end), start: i });
      i = end;
      continue;
    }
    throw syntax(`Unexpected character ${JSON.stringify(c)}`, i, 'a property, an operator, a value, "(" or ")"');
  }
  tokens.push({ kind: 'eof', text: '', start: source.length });
  return tokens;
}

/**
 * Read a quoted string starting at `start`.
 * Double-quoted: Entra documents the backtick as the escape (`` `" `` is a quote); we also accept
 * `\"` for a quote because admins write it, and `` `` `` / `` `\ `` for a literal backtick or
 * backslash. Any other backslash is literal, so regexes like `"^\d+"` need no doubling.
 * Single-quoted: a quote is written twice (`'O''Brien'`), as Entra documents.
 */
function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start] as string;
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (quote === "'") {
      if (c === "'") {
        if (next === "'") {
          value += "'";
          i += 2;
          continue;
        }
        return { value, end: i + 1 };
      }
    } else {
      if (c === '"') return { value, end: i + 1 };
      if (c === '`' && (next === '"' || next === '`' || next === '\\')) {
        value += next;
        i += 2;
        continue;
      }
      if (c === '\\' && next === '"') {
        value += '"';
        i += 2;
        continue;
      }
    }
    value += c;
    i++;
  }
  throw syntax('Unterminated string', source.length, `closing ${quote} for the string starting at position ${start}`);
}
