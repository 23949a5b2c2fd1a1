/**
 * Property tests (fast-check): the parser only ever throws VerityError, formatting round-trips,
 * evaluation is total and deterministic, and negative operators are exact negations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVerityError } from '../errors/verity-error.js';
import { compileRule, formatRule, parseRule, RULE_OPERATORS, RULE_PROPERTIES, type RuleAst, type RuleCompareNode, type RuleOperator, type RulePropertyDefinition, type RuleSubject, type RuleValue } from './index.js';

const NEGATION: Readonly<Record<string, RuleOperator>> = {
  eq: 'ne', startsWith: 'notStartsWith', endsWith: 'notEndsWith', contains: 'notContains', in: 'notIn', match: 'notMatch',
};
const POSITIVE = Object.keys(NEGATION) as RuleOperator[];

// Strings heavy in the characters the lexer treats specially.
const tricky = fc.string({ unit: fc.constantFrom('a', 'B', '"', '`', '\\', "'", ' ', '-', '(', ')', '[', ']', ',', '_', '.', 'é', '😀', '\n', '$'), maxLength: 8 });
const text = fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 8 }));
const safeRegex = fc.stringMatching(/^\^?[a-z0-9 .]{0,6}(?:\.\*)?\$?$/);
const number = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)));

const stringProperties = RULE_PROPERTIES.filter((p) => p.type !== 'boolean');
const collections = RULE_PROPERTIES.filter((p) => p.type === 'stringCollection');

/** A literal that fits `operator` on a string-typed target. */
function valueFor(operator: RuleOperator): fc.Arbitrary<RuleValue> {
  if (operator === 'in' || operator === 'notIn') return fc.array(text, { maxLength: 4 });
  if (operator === 'match' || operator === 'notMatch') return safeRegex;
  if (operator === 'eq' || operator === 'ne') return fc.oneof(text, number, fc.constant(null));
  return fc.oneof(text, number);
}

const ref = (p: RulePropertyDefinition) => ({ object: p.object, name: p.name });

const stringCompare = (target: fc.Arbitrary<RuleCompareNode['target']>): fc.Arbitrary<RuleAst> =>
  fc.constantFrom(...RULE_OPERATORS).chain((operator) => fc.record({ kind: fc.constant('compare' as const), target, operator: fc.constant(operator), value: valueFor(operator) }));

const booleanCompare: fc.Arbitrary<RuleAst> = fc.record({
  kind: fc.constant('compare' as const),
  target: fc.constantFrom(...RULE_PROPERTIES.filter((p) => p.type === 'boolean').map(ref)),
  operator: fc.constantFrom<RuleOperator>('eq', 'ne'),
  value: fc.constantFrom<RuleValue>(true, false, null),
});

/** Trees whose leaves come from `leaf`; `item` leaves build -any/-all predicates. */
function tree(leaf: fc.Arbitrary<RuleAst>, depth: number): fc.Arbitrary<RuleAst> {
  if (depth === 0) return leaf;
  const sub = tree(leaf, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(sub, { minLength: 2, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('not' as const), operand: sub }) },
  );
}

const itemPredicate = tree(stringCompare(fc.constant('item' as const)), 1);
const quantified: fc.Arbitrary<RuleAst> = fc.record({
  kind: fc.constant('quantified' as const),
  quantifier: fc.constantFrom('any' as const, 'all' as const),
  target: fc.constantFrom(...collections.map(ref)),
  predicate: itemPredicate,
});
const leaf = fc.oneof({ weight: 4, arbitrary: stringCompare(fc.constantFrom(...stringProperties.map(ref))) }, { weight: 1, arbitrary: booleanCompare }, { weight: 1, arbitrary: quantified });
const ast = tree(leaf, 3).filter((a) => formatRule(a).length <= 3072);

// Subjects: realistic values for registered properties, plus anything at all.
const attributeValue = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(text, { maxLength: 3 }), fc.anything());
const attributes = (object: 'device' | 'user') =>
  fc.dictionary(fc.constantFrom(...RULE_PROPERTIES.filter((p) => p.object === object).map((p) => p.name)), attributeValue, { maxKeys: 8 });
const subject = fc.record({ device: attributes('device'), user: attributes('user') }, { requiredKeys: [] }) as fc.Arbitrary<RuleSubject>;

// Token soup reaches deeper parser states than uniform random text.
const token = fc.constantFrom('device.trustType', 'user.department', 'device.systemLabels', '_', '-eq', '-in', '-match', '-any', '-and', '-or', '-not', 'and', '(', ')', '[', ']', ',', '"x"', "'y'", '"', '`', '42', '-1.5e3', 'true', 'null', '$null', 'Sales', '–eq', '#', ' ');

describe('rule language properties', () => {
  it('parse throws nothing but VerityError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.array(token, { maxLength: 20 }).map((t) => t.join(' ')), fc.array(token, { maxLength: 20 }).map((t) => t.join(''))), (source) => {
        try {
          compileRule(source);
        } catch (error) {
          if (!isVerityError(error)) throw error;
          expect(error.status).toBe(400);
          const position = error.details[0]?.position ?? -1;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(source.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parseRule(formatRule(ast)) is structurally equal to ast', () => {
    fc.assert(
      fc.property(ast, (a) => {
        expect(parseRule(formatRule(a))).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('evaluation is deterministic and never throws for arbitrary subjects', () => {
    fc.assert(
      fc.property(ast, fc.array(subject, { minLength: 1, maxLength: 4 }), (a, subjects) => {
        const rule = compileRule(formatRule(a));
        for (const s of subjects) {
          const first = rule.test(s);
          expect(typeof first).toBe('boolean');
          expect(rule.test(s)).toBe(first);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every negative operator is the negation of its positive twin', () => {
    const positiveCompare = fc.constantFrom(...POSITIVE).chain((operator) =>
      fc.record({ kind: fc.constant('compare' as const), target: fc.constantFrom(...stringProperties.map(ref)), operator: fc.constant(operator), value: valueFor(operator) }),
    );
    fc.assert(
      fc.property(positiveCompare, subject, (compare, s) => {
        const negated: RuleCompareNode = { ...compare, operator: NEGATION[compare.operator] as RuleOperator };
        expect(compileRule(formatRule(negated)).test(s)).toBe(!compileRule(formatRule(compare)).test(s));
      }),
      { numRuns: 500 },
    );
  });

  it('De Morgan: -not (a -and b) equals -not a -or -not b', () => {
    fc.assert(
      fc.property(tree(leaf, 1), tree(leaf, 1), subject, (a, b, s) => {
        const left = compileRule(formatRule({ kind: 'not', operand: { kind: 'and', operands: [a, b] } }));
        const right = compileRule(formatRule({ kind: 'or', operands: [{ kind: 'not', operand: a }, { kind: 'not', operand: b }] }));
        expect(left.test(s)).toBe(right.test(s));
      }),
      { numRuns: 300 },
    );
  });
});
