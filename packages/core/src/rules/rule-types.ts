/**
 * Types of the Entra-compatible rule language shared by Conditional Access device filters
 * (`conditions.devices.deviceFilter.rule`) and dynamic group membership rules.
 */

/** A literal or attribute value: what a rule compares against and what a subject holds. */
export type RuleValue = string | number | boolean | null | readonly string[];

/** The facts a rule is evaluated against; a missing object or property behaves as null. */
export interface RuleSubject {
  device?: Readonly<Record<string, RuleValue | undefined>>;
  user?: Readonly<Record<string, RuleValue | undefined>>;
}

/** The objects a rule may name before the dot: `device.trustType`, `user.department`. */
export type RuleObject = 'device' | 'user';

/** Comparison operators, spelled as in Entra without the leading hyphen. */
export type RuleOperator =
  | 'eq'
  | 'ne'
  | 'startsWith'
  | 'notStartsWith'
  | 'endsWith'
  | 'notEndsWith'
  | 'contains'
  | 'notContains'
  | 'in'
  | 'notIn'
  | 'match'
  | 'notMatch';

/** A reference to a registered property, with the canonical spelling of its name. */
export interface RulePropertyRef {
  readonly object: RuleObject;
  readonly name: string;
}

/**
 * `property -op value`. `target: 'item'` is the `_` placeholder inside an `-any`/`-all`
 * predicate and stands for one element of the collection.
 */
export interface RuleCompareNode {
  readonly kind: 'compare';
  readonly target: RulePropertyRef | 'item';
  readonly operator: RuleOperator;
  readonly value: RuleValue;
}

/** Two or more operands joined by `-and`. */
export interface RuleAndNode {
  readonly kind: 'and';
  readonly operands: readonly RuleAst[];
}

/** Two or more operands joined by `-or`. */
export interface RuleOrNode {
  readonly kind: 'or';
  readonly operands: readonly RuleAst[];
}

/** `-not operand`. */
export interface RuleNotNode {
  readonly kind: 'not';
  readonly operand: RuleAst;
}

/** `collection -any (predicate)` / `collection -all (predicate)` over a string collection. */
export interface RuleQuantifiedNode {
  readonly kind: 'quantified';
  readonly quantifier: 'any' | 'all';
  readonly target: RulePropertyRef;
  readonly predicate: RuleAst;
}

/**
 * The parsed rule: a discriminated union on `kind`. It carries no source positions, so that
 * `parseRule(formatRule(ast))` is structurally equal to `ast`.
 */
export type RuleAst = RuleCompareNode | RuleAndNode | RuleOrNode | RuleNotNode | RuleQuantifiedNode;

/** A parsed, validated and compiled rule, ready to be tested against many subjects. */
export interface CompiledRule {
  readonly source: string;
  readonly ast: RuleAst;
  /** Objects the rule reads (`device`, `user`). */
  readonly objects: ReadonlySet<RuleObject>;
  /** Distinct properties the rule reads, canonical spelling, e.g. `device.trustType`, in order of appearance. */
  readonly properties: readonly string[];
  /** True when the subject matches; never throws, a missing property behaves as null. */
  test(subject: RuleSubject): boolean;
}

/** Options for parsing and compiling a rule. */
export interface RuleParseOptions {
  /** Objects the rule may use; device filters pass `['device']`. Default: both. */
  readonly allowed?: readonly RuleObject[];
}
