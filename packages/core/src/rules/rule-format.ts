/**
 * Canonical printing of a rule AST: hyphenated camelCase operators, canonical property names,
 * double-quoted strings with Entra's backtick escapes, and explicit parentheses around every
 * nested -and/-or group and every -not operand so that precedence is visible to a reader.
 */
import type { RuleAst, RuleValue } from './rule-types.js';

/** Pretty-print an AST back to canonical rule text that parseRule reads back to the same AST. */
export function formatRule(ast: RuleAst): string {
  switch (ast.kind) {
    case 'compare': {
      const target = ast.target === 'item' ? '_' : `${ast.target.object}.${ast.target.name}`;
      return `${target} -${ast.operator} ${formatRuleValue(ast.value)}`;
    }
    case 'and':
    case 'or':
      return ast.operands.map((o) => (o.kind === 'and' || o.kind === 'or' ? `(${formatRule(o)})` : formatRule(o))).join(` -${ast.kind} `);
    case 'not':
      return `-not (${formatRule(ast.operand)})`;
    case 'quantified':
      return `${ast.target.object}.${ast.target.name} -${ast.quantifier} (${formatRule(ast.predicate)})`;
  }
}

/** Print one literal as rule text. */
export function formatRuleValue(value: RuleValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.map(quote).join(', ')}]`;
}

function quote(text: string): string {
  // Backtick escapes a quote or a backtick; a trailing backslash is escaped too, or `\"` would
  // read as an escaped quote instead of a backslash followed by the closing quote.
  let body = text.replace(/[`"]/g, (c) => `\`${c}`);
  if (body.endsWith('\\')) body = `${body.slice(0, -1)}\`\\`;
  return `"${body}"`;
}
