/**
 * Parser of the Entra rule language (device filters and dynamic membership rules).
 *
 * Grammar (Entra documents precedence, highest first: comparisons, -not, -and, -or):
 *   rule       := or EOF
 *   or         := and (("-or" | "or") and)*
 *   and        := unary (("-and" | "and") unary)*
 *   unary      := ("-not" | "not") unary | primary
 *   primary    := "(" or ")" | operand compareOp value | property ("-any" | "-all") "(" or ")"
 *   operand    := object "." property | "_" (only inside -any/-all)
 *   value      := string | number | true | false | null | "[" (string | number) ("," …)* "]"
 * Operators may be written without the hyphen and in any case, as Entra allows; the AST and
 * formatRule use the canonical hyphenated camelCase spelling.
 */
import { RULE_ERROR_CODES, ruleError } from './rule-errors.js';
import { tokenizeRule, type RuleToken } from './rule-lexer.js';
import { findRuleProperty, listRuleProperties, type RulePropertyDefinition } from './rule-properties.js';
import { compileRuleRegex } from './rule-regex.js';
import type { RuleAst, RuleObject, RuleOperator, RuleParseOptions, RulePropertyRef, RuleValue } from './rule-types.js';

/** Longest accepted rule text, as Entra's limit for a membership rule body. */
export const MAX_RULE_LENGTH = 3072;
/** Deepest nesting of parentheses, -not and -any/-all; far beyond any hand-written rule, it bounds recursion. */
export const MAX_RULE_DEPTH = 32;

const OPERATORS: ReadonlyMap<string, RuleOperator> = new Map(
  (['eq', 'ne', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'contains', 'notContains', 'in', 'notIn', 'match', 'notMatch'] as const).map((op) => [op.toLowerCase(), op]),
);
/** Every comparison operator in canonical spelling, for editors and error messages. */
export const RULE_OPERATORS: readonly RuleOperator[] = [...OPERATORS.values()];
const OPERATOR_LIST = `one of ${RULE_OPERATORS.map((op) => `-${op}`).join(', ')}, or -any/-all on a collection`;
const VALUE_EXPECTED = 'a value (string in double quotes, true, false, null, number or array)';
const OPERAND_EXPECTED = 'a property such as device.trustType or user.department, "(" or -not';
const ALL_OBJECTS: readonly RuleObject[] = ['device', 'user'];

const syntax = (message: string, position: number, expected: string) => ruleError(RULE_ERROR_CODES.syntax, message, position, expected);
const describe = (t: RuleToken): string => (t.kind === 'eof' ? 'end of rule' : t.kind === 'string' ? 'a string' : t.kind === 'dashWord' ? `"-${t.text}"` : `"${t.text}"`);

/** Parse and validate rule text into an AST; throws a 400 VerityError (VERITY_RULE_*) with the position at fault. */
export function parseRule(source: string, options: RuleParseOptions = {}): RuleAst {
  if (typeof source !== 'string') throw syntax('A rule must be a string', 0, 'rule text');
  if (source.length > MAX_RULE_LENGTH) {
    throw ruleError(RULE_ERROR_CODES.tooComplex, `Rule is ${source.length} characters long; the limit is ${MAX_RULE_LENGTH}`, MAX_RULE_LENGTH, `at most ${MAX_RULE_LENGTH} characters`);
  }
  return new Parser(tokenizeRule(source), options.allowed ?? ALL_OBJECTS).parse();
}

/** Type of a comparison target: a property's declared type, or an element of a string collection. */
type TargetType = RulePropertyDefinition['type'] | 'item';

class Parser {
  private index = 0;
  private depth = 0;
  /** Set while parsing an -any/-all predicate, where `_` stands for the element. */
  private inPredicate = false;

  constructor(
    private readonly tokens: readonly RuleToken[],
    private readonly allowed: readonly RuleObject[],
  ) {}

  parse(): RuleAst {
    if (this.peek().kind === 'eof') throw syntax('Rule is empty', 0, OPERAND_EXPECTED);
    const ast = this.parseOr();
    const end = this.peek();
    if (end.kind !== 'eof') {
      throw syntax(`Unexpected ${describe(end)}`, end.start, end.kind === 'rparen' ? '-and, -or or end of rule (this ")" has no matching "(")' : '-and, -or or end of rule');
    }
    return ast;
  }

  private peek(): RuleToken {
    return this.tokens[this.index] as RuleToken;
  }

  private next(): RuleToken {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** True and consumes when the next token is the logical keyword, with or without hyphen. */
  private acceptKeyword(keyword: 'and' | 'or' | 'not'): boolean {
    const t = this.peek();
    if ((t.kind === 'dashWord' || t.kind === 'word') && t.text.toLowerCase() === keyword) {
      this.index++;
      return true;
    }
    return false;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_RULE_DEPTH) {
      throw ruleError(RULE_ERROR_CODES.tooComplex, `Rule nests deeper than ${MAX_RULE_DEPTH} levels`, at, `at most ${MAX_RULE_DEPTH} nested parentheses, -not or -any/-all`);
    }
  }

  private parseOr(): RuleAst {
    const operands = [this.parseAnd()];
    while (this.acceptKeyword('or')) operands.push(this.parseAnd());
    return operands.length === 1 ? (operands[0] as RuleAst) : { kind: 'or', operands };
  }

  private parseAnd(): RuleAst {
    const operands = [this.parseUnary()];
    while (this.acceptKeyword('and')) operands.push(this.parseUnary());
    return operands.length === 1 ? (operands[0] as RuleAst) : { kind: 'and', operands };
  }

  private parseUnary(): RuleAst {
    const at = this.peek().start;
    if (this.acceptKeyword('not')) {
      this.enter(at);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): RuleAst {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      this.enter(t.start);
      const inner = this.parseOr();
      this.expectClose(t);
      this.depth--;
      return inner;
    }
    if (t.kind !== 'word') throw syntax(`Unexpected ${describe(t)}`, t.start, this.inPredicate ? '"_" (the collection item), "(" or -not' : OPERAND_EXPECTED);
    this.next();
    const { target, type } = this.resolveOperand(t);
    const opToken = this.peek();
    const opWord = opToken.kind === 'dashWord' || opToken.kind === 'word' ? opToken.text.toLowerCase() : undefined;
    if (opWord === 'any' || opWord === 'all') {
      this.next();
      return this.parseQuantified(opWord, target, type, t, opToken);
    }
    const operator = opWord === undefined ? undefined : OPERATORS.get(opWord);
    if (operator === undefined) {
      const message = opToken.kind === 'eof' ? 'Rule ends after a property' : `Unknown operator ${describe(opToken)}`;
      throw syntax(message, opToken.start, OPERATOR_LIST);
    }
    this.next();
    const valueToken = this.peek();
    const value = this.parseValue();
    this.checkComparison(target, type, operator, opToken, value, valueToken);
    return { kind: 'compare', target, operator, value };
  }

  private expectClose(open: RuleToken): void {
    const close = this.peek();
    if (close.kind !== 'rparen') {
      throw syntax(`Unexpected ${describe(close)}`, close.start, `-and, -or or ")" to close the "(" at position ${open.start}`);
    }
    this.next();
  }

  private resolveOperand(t: RuleToken): { target: RulePropertyRef | 'item'; type: TargetType } {
    if (t.text === '_') {
      if (!this.inPredicate) throw syntax('"_" is only valid inside -any(...) or -all(...)', t.start, OPERAND_EXPECTED);
      return { target: 'item', type: 'item' };
    }
    if (this.inPredicate) throw syntax('Inside -any/-all the collection item is written "_"', t.start, '"_" (the collection item)');
    const dot = t.text.indexOf('.');
    const allowedText = this.allowed.map((o) => `${o}.<property>`).join(' or ');
    if (dot < 0) {
      const lower = t.text.toLowerCase();
      if (lower === 'true' || lower === 'false' || lower === 'null') throw syntax(`A rule cannot start with the value ${t.text}`, t.start, OPERAND_EXPECTED);
      throw ruleError(RULE_ERROR_CODES.unknownProperty, `"${t.text}" is not a property; write it as object.property`, t.start, allowedText);
    }
    const objectText = t.text.slice(0, dot).toLowerCase();
    const name = t.text.slice(dot + 1);
    const object = ALL_OBJECTS.find((o) => o === objectText);
    if (object === undefined || !this.allowed.includes(object)) {
      const why = object === undefined ? `Unknown object "${t.text.slice(0, dot)}"` : `${object} properties are not allowed in this rule`;
      throw ruleError(RULE_ERROR_CODES.unknownProperty, why, t.start, allowedText);
    }
    const property = findRuleProperty(object, name);
    if (property === undefined) {
      throw ruleError(RULE_ERROR_CODES.unknownProperty, `Unknown ${object} property "${name}"`, t.start + dot + 1, `one of ${listRuleProperties(object).join(', ')}`);
    }
    return { target: { object, name: property.name }, type: property.type };
  }

  private parseQuantified(quantifier: 'any' | 'all', target: RulePropertyRef | 'item', type: TargetType, at: RuleToken, opToken: RuleToken): RuleAst {
    if (target === 'item' || type !== 'stringCollection') {
      throw syntax(`-${quantifier} applies only to a string collection such as device.systemLabels`, opToken.start, OPERATOR_LIST.replace(', or -any/-all on a collection', ''));
    }
    const open = this.peek();
    if (open.kind !== 'lparen') throw syntax(`Expected "(" after -${quantifier}`, open.start, `"(" starting a predicate on "_", e.g. (_ -startsWith "smtp:")`);
    this.next();
    this.enter(at.start);
    this.inPredicate = true;
    const predicate = this.parseOr();
    this.inPredicate = false;
    this.expectClose(open);
    this.depth--;
    return { kind: 'quantified', quantifier, target, predicate };
  }

  private parseValue(): RuleValue {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return t.text;
      case 'number':
        return t.number as number;
      case 'word': {
        const lower = t.text.toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
        // Entra accepts both `null` and PowerShell's `$null`.
        if (lower === 'null' || lower === '$null') return null;
        throw syntax(`Unquoted value "${t.text}"`, t.start, `${VALUE_EXPECTED}; strings need double quotes`);
      }
      case 'lbracket':
        return this.parseArray(t);
      default:
        throw syntax(t.kind === 'eof' ? 'Rule ends before the value' : `Unexpected ${describe(t)}`, t.start, VALUE_EXPECTED);
    }
  }

  private parseArray(open: RuleToken): readonly string[] {
    const items: string[] = [];
    if (this.peek().kind === 'rbracket') {
      this.next();
      return items;
    }
    for (;;) {
      const item = this.next();
      if (item.kind === 'string') items.push(item.text);
      // Numbers are kept as their text: comparisons are on canonical strings anyway.
      else if (item.kind === 'number') items.push(String(item.number));
      else throw syntax(`Unexpected ${describe(item)} in array`, item.start, 'a string in double quotes or a number');
      const sep = this.next();
      if (sep.kind === 'rbracket') return items;
      if (sep.kind !== 'comma') throw syntax(`Unexpected ${describe(sep)} in array`, sep.start, `"," or "]" to close the "[" at position ${open.start}`);
    }
  }

  /** Literal and operator must fit the property type (Entra rejects e.g. -startsWith on a boolean). */
  private checkComparison(target: RulePropertyRef | 'item', type: TargetType, operator: RuleOperator, opToken: RuleToken, value: RuleValue, valueToken: RuleToken): void {
    const name = target === 'item' ? 'the collection item' : `${target.object}.${target.name}`;
    const isList = operator === 'in' || operator === 'notIn';
    if (isList !== Array.isArray(value)) {
      throw syntax(isList ? `-${operator} needs an array` : `-${operator} needs a single value, not an array`, valueToken.start, isList ? 'an array such as ["a", "b"]' : 'a string in double quotes, true, false, null or a number');
    }
    if (value === null && operator !== 'eq' && operator !== 'ne') {
      throw syntax(`null can only be compared with -eq or -ne`, valueToken.start, 'a string in double quotes or a number');
    }
    if (type === 'boolean') {
      if (operator !== 'eq' && operator !== 'ne') throw syntax(`${name} is a boolean; use -eq or -ne`, opToken.start, '-eq or -ne');
      if (typeof value !== 'boolean' && value !== null) throw syntax(`${name} is a boolean`, valueToken.start, 'true, false or null');
      return;
    }
    if (typeof value === 'boolean') throw syntax(`${name} holds text, not a boolean`, valueToken.start, 'a string in double quotes or a number');
    if (operator === 'match' || operator === 'notMatch') {
      if (typeof value !== 'string') throw syntax(`-${operator} needs a regular expression in double quotes`, valueToken.start, 'a regular expression in double quotes');
      const problem = compileRuleRegex(value).error;
      if (problem !== undefined) throw syntax(`Invalid regular expression: ${problem}`, valueToken.start, 'a regular expression in RE2 syntax (no lookaround or backreferences)');
    }
  }
}
