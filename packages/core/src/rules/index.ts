export type { CompiledRule, RuleAst, RuleAndNode, RuleCompareNode, RuleNotNode, RuleObject, RuleOperator, RuleOrNode, RuleParseOptions, RulePropertyRef, RuleQuantifiedNode, RuleSubject, RuleValue } from './rule-types.js';
export { RULE_ERROR_CODES, type RuleErrorCode } from './rule-errors.js';
export { RULE_PROPERTIES, findRuleProperty, listRuleProperties, type RulePropertyDefinition, type RulePropertyType } from './rule-properties.js';
export { MAX_RULE_DEPTH, MAX_RULE_LENGTH, RULE_OPERATORS, parseRule } from './rule-parser.js';
export { formatRule, formatRuleValue } from './rule-format.js';
export { compileRule } from './rule-compile.js';
