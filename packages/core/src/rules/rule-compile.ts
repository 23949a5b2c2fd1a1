/**
 * Compiles a rule AST into closures for fast, never-throwing evaluation.
 *
 * Semantics (Entra "filter for devices" and "dynamic membership rules"):
 * - String comparisons and -match are case-insensitive.
 * - Null: an absent object or property, null, "", an empty collection, or a value of an
 *   unexpected type (object, NaN) is null. A positive operator on null is false; `-eq null` is
 *   true. Every negative operator is exactly the negation of its positive twin (-ne = not -eq,
 *   -notIn = not -in, …), so a negative operator on null is true. This is Entra's documented
 *   behaviour for unregistered devices: "all device properties are considered as null", and only
 *   negative operators match them.
 * - Booleans and numbers compare through their canonical text (`true`, `42`), so
 *   `device.isCompliant -eq True` matches both `true` and `"True"` subjects.
 * - A collection property (or a subject value that is an array) matches a positive operator when
 *   any element does; `-any`/`-all` apply a predicate on `_` to the elements, and `-all` on an
 *   empty or absent collection is false (a positive operator on null).
 */
import { compileRuleRegex, type RuleRegex } from './rule-regex.js';
import { parseRule } from './rule-parser.js';
import type { CompiledRule, RuleAst, RuleCompareNode, RuleObject, RuleOperator, RuleParseOptions, RuleSubject } from './rule-types.js';

/** Reads the compared value out of the evaluation context (a subject, or a collection element). */
type Getter = (context: unknown) => unknown;
type Predicate = (context: unknown) => boolean;
/** Positive test on the text of one non-null scalar (the original string, or the canonical text of a boolean or number). */
type ScalarTest = (raw: string) => boolean;

const EMPTY_SUBJECT: RuleSubject = {};

/** Parse, validate and compile a rule; throws a 400 VerityError (VERITY_RULE_*) on bad input. */
export function compileRule(source: string, options: RuleParseOptions = {}): CompiledRule {
  const ast = parseRule(source, options);
  const objects = new Set<RuleObject>();
  const properties: string[] = [];
  collectProperties(ast, objects, properties);
  const predicate = compileNode(ast, undefined);
  return {
    source,
    ast,
    objects,
    properties,
    test(subject: RuleSubject): boolean {
      try {
        return predicate(typeof subject === 'object' && subject !== null ? subject : EMPTY_SUBJECT);
      } catch {
        // Only a hostile subject (a throwing getter or proxy) gets here; failing closed means "no match".
        return false;
      }
    },
  };
}

function collectProperties(ast: RuleAst, objects: Set<RuleObject>, properties: string[]): void {
  switch (ast.kind) {
    case 'and':
    case 'or':
      for (const operand of ast.operands) collectProperties(operand, objects, properties);
      return;
    case 'not':
      collectProperties(ast.operand, objects, properties);
      return;
    case 'quantified':
    case 'compare': {
      if (ast.target !== 'item') {
        objects.add(ast.target.object);
        const key = `${ast.target.object}.${ast.target.name}`;
        if (!properties.includes(key)) properties.push(key);
      }
      if (ast.kind === 'quantified') collectProperties(ast.predicate, objects, properties);
    }
  }
}

/** `item` is the getter of the `_` element inside an -any/-all predicate, undefined outside one. */
function compileNode(ast: RuleAst, item: Getter | undefined): Predicate {
  switch (ast.kind) {
    case 'and': {
      const parts = ast.operands.map((o) => compileNode(o, item));
      if (parts.length === 2) {
        const [a, b] = parts as [Predicate, Predicate];
        return (c) => a(c) && b(c);
      }
      return (c) => {
        for (const p of parts) if (!p(c)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = ast.operands.map((o) => compileNode(o, item));
      if (parts.length === 2) {
        const [a, b] = parts as [Predicate, Predicate];
        return (c) => a(c) || b(c);
      }
      return (c) => {
        for (const p of parts) if (p(c)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileNode(ast.operand, item);
      return (c) => !inner(c);
    }
    case 'quantified': {
      const get = propertyGetter(ast.target.object, ast.target.name);
      const predicate = compileNode(ast.predicate, (element) => element);
      if (ast.quantifier === 'any') {
        return (c) => {
          const elements = asElements(get(c));
          return elements !== null && elements.some(predicate);
        };
      }
      return (c) => {
        const elements = asElements(get(c));
        return elements !== null && elements.every(predicate);
      };
    }
    case 'compare':
      return compileCompare(ast, ast.target === 'item' ? (item as Getter) : propertyGetter(ast.target.object, ast.target.name));
  }
}

function propertyGetter(object: RuleObject, name: string): Getter {
  // Subjects are plain records; reading a registered name (never `__proto__` & co.) is safe.
  if (object === 'device') return (c) => (c as RuleSubject).device?.[name];
  return (c) => (c as RuleSubject).user?.[name];
}

/** Elements of a collection value, null when the value is null-like (a scalar is a one-element collection). */
function asElements(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value.length === 0 ? null : value;
  return canonical(value) === null ? null : [value];
}

/** Lower-cased canonical text of a scalar, or null for null-like values. */
function canonical(value: unknown): string | null {
  if (typeof value === 'string') return value.length === 0 ? null : value.toLowerCase();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return null;
}

function isNullLike(value: unknown): boolean {
  return Array.isArray(value) ? !value.some((v) => canonical(v) !== null) : canonical(value) === null;
}

function compileCompare(ast: RuleCompareNode, get: Getter): Predicate {
  const { operator, value } = ast;
  if (value === null || value === '') {
    // `-eq null` / `-ne null` (and the empty string, which Entra treats as no value).
    if (operator === 'eq') return (c) => isNullLike(get(c));
    if (operator === 'ne') return (c) => !isNullLike(get(c));
    // -startsWith "" and friends: every non-null value starts with "".
  }
  const positive = scalarTest(operator, value);
  const test: Predicate = (c) => {
    const v = get(c);
    // Fast path: the subject holds a plain non-empty string.
    if (typeof v === 'string') return v.length > 0 && positive(v);
    if (Array.isArray(v)) {
      for (const element of v) {
        if (typeof element === 'string') {
          if (element.length > 0 && positive(element)) return true;
          continue;
        }
        const text = canonical(element);
        if (text !== null && positive(text)) return true;
      }
      return false;
    }
    const text = canonical(v);
    return text !== null && positive(text);
  };
  return NEGATIVE_OF.has(operator) ? (c) => !test(c) : test;
}

const NEGATIVE_OF: ReadonlySet<RuleOperator> = new Set(['ne', 'notStartsWith', 'notEndsWith', 'notContains', 'notIn', 'notMatch']);

/**
 * Whether lower-casing can change a string's length in a way that matters for `constant`:
 * only U+0130 (İ) lengthens, to "i\u0307". If the lower-cased constant holds no U+0307, a
 * subject can only equal (or start with, …) it when lengths line up, so we may compare lengths
 * or lower-case just a prefix/suffix first and skip most allocations. (Lower-casing a slice
 * differs from slicing the lower-cased text only for a Greek final sigma at the cut; accepted.)
 */
const lengthSafe = (constant: string): boolean => !constant.includes('\u0307');

/** The positive test on one non-null scalar's text, with constants lower-cased (or regex compiled) once. */
function scalarTest(operator: RuleOperator, value: RuleCompareNode['value']): ScalarTest {
  if (Array.isArray(value)) {
    const set = new Set(value.map((v) => v.toLowerCase()));
    if (![...set].every(lengthSafe)) return (raw) => set.has(raw.toLowerCase());
    const lengths = new Set([...set].map((v) => v.length));
    return (raw) => lengths.has(raw.length) && set.has(raw.toLowerCase());
  }
  const c = canonical(value) ?? '';
  const safe = lengthSafe(c);
  switch (operator) {
    case 'eq':
    case 'ne':
    case 'in':
    case 'notIn':
      return safe ? (raw) => raw.length === c.length && (raw === c || raw.toLowerCase() === c) : (raw) => raw.toLowerCase() === c;
    case 'startsWith':
    case 'notStartsWith':
      return safe ? (raw) => raw.length >= c.length && raw.slice(0, c.length).toLowerCase() === c : (raw) => raw.toLowerCase().startsWith(c);
    case 'endsWith':
    case 'notEndsWith':
      return safe ? (raw) => raw.length >= c.length && raw.slice(raw.length - c.length).toLowerCase() === c : (raw) => raw.toLowerCase().endsWith(c);
    case 'contains':
    case 'notContains':
      return safe ? (raw) => raw.length >= c.length && raw.toLowerCase().includes(c) : (raw) => raw.toLowerCase().includes(c);
    case 'match':
    case 'notMatch': {
      // The parser already rejected invalid patterns; a regex that cannot compile matches nothing.
      const regex: RuleRegex | undefined = compileRuleRegex(typeof value === 'string' ? value : c).regex;
      return regex === undefined ? () => false : (raw) => regex.test(raw);
    }
  }
}
