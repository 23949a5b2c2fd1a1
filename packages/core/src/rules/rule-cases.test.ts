/**
 * Data-driven cases for the rule language (OPA style): each row is a rule with a subject and the
 * wanted result, or a rule with the wanted error code and position.
 */
import { describe, expect, it } from 'vitest';
import { isVerityError } from '../errors/verity-error.js';
import { compileRule, parseRule, RULE_OPERATORS, MAX_RULE_DEPTH, MAX_RULE_LENGTH, type RuleObject, type RuleSubject } from './index.js';

interface EvalCase {
  readonly rule: string;
  readonly subject: RuleSubject;
  readonly want: boolean;
  readonly note?: string;
}

const dev = (device: Record<string, unknown>): RuleSubject => ({ device: device as RuleSubject['device'] });
const usr = (user: Record<string, unknown>): RuleSubject => ({ user: user as RuleSubject['user'] });

const EVAL_CASES: readonly EvalCase[] = [
  // -eq / -ne, case-insensitive on values, property names and operators
  { rule: 'device.trustType -eq "ServerAD"', subject: dev({ trustType: 'ServerAD' }), want: true },
  { rule: 'device.trustType -eq "serverad"', subject: dev({ trustType: 'ServerAD' }), want: true, note: 'values compare case-insensitively' },
  { rule: 'device.trustType -eq "AzureAD"', subject: dev({ trustType: 'ServerAD' }), want: false },
  { rule: 'device.TRUSTTYPE -EQ "ServerAD"', subject: dev({ trustType: 'ServerAD' }), want: true, note: 'property and operator names are case-insensitive' },
  { rule: 'device.trustType -ne "AzureAD"', subject: dev({ trustType: 'ServerAD' }), want: true },
  { rule: 'device.trustType -ne "serverAD"', subject: dev({ trustType: 'ServerAD' }), want: false },
  // null and missing: positive operators do not match, negative ones do (Entra, unregistered devices)
  { rule: 'device.trustType -eq "ServerAD"', subject: {}, want: false },
  { rule: 'device.trustType -ne "ServerAD"', subject: {}, want: true },
  { rule: 'device.trustType -ne "ServerAD"', subject: dev({ trustType: null }), want: true },
  { rule: 'device.trustType -eq null', subject: dev({}), want: true },
  { rule: 'device.trustType -eq null', subject: dev({ trustType: '' }), want: true, note: 'empty string is no value' },
  { rule: 'device.trustType -eq $null', subject: dev({ trustType: 'x' }), want: false },
  { rule: 'device.trustType -ne null', subject: dev({ trustType: 'x' }), want: true },
  { rule: 'device.trustType -ne null', subject: dev({ trustType: undefined }), want: false },
  { rule: 'device.trustType -eq ""', subject: dev({}), want: true },
  { rule: 'device.trustType -startsWith "S"', subject: {}, want: false },
  { rule: 'device.trustType -notStartsWith "S"', subject: {}, want: true },
  { rule: 'device.trustType -eq "x"', subject: dev({ trustType: { nested: 1 } }), want: false, note: 'unexpected type is null' },
  { rule: 'device.trustType -ne "x"', subject: dev({ trustType: Number.NaN }), want: true },
  // string operators
  { rule: 'device.displayName -startsWith "LAP"', subject: dev({ displayName: 'laptop-01' }), want: true },
  { rule: 'device.displayName -startsWith "desk"', subject: dev({ displayName: 'laptop-01' }), want: false },
  { rule: 'device.displayName -notStartsWith "desk"', subject: dev({ displayName: 'laptop-01' }), want: true },
  { rule: 'device.displayName -notStartsWith "Lap"', subject: dev({ displayName: 'laptop-01' }), want: false },
  { rule: 'device.displayName -endsWith "-01"', subject: dev({ displayName: 'laptop-01' }), want: true },
  { rule: 'device.displayName -endsWith "-02"', subject: dev({ displayName: 'laptop-01' }), want: false },
  { rule: 'device.displayName -notEndsWith "-02"', subject: dev({ displayName: 'laptop-01' }), want: true },
  { rule: 'device.displayName -notEndsWith "01"', subject: dev({ displayName: 'laptop-01' }), want: false },
  { rule: 'device.displayName -contains "TOP"', subject: dev({ displayName: 'laptop-01' }), want: true },
  { rule: 'device.displayName -contains "desk"', subject: dev({ displayName: 'laptop-01' }), want: false },
  { rule: 'device.displayName -notContains "desk"', subject: dev({ displayName: 'laptop-01' }), want: true },
  { rule: 'device.displayName -notContains "top"', subject: dev({ displayName: 'laptop-01' }), want: false },
  // -in / -notIn
  { rule: 'user.city -in ["Lagos", "Ibadan"]', subject: usr({ city: 'IBADAN' }), want: true },
  { rule: 'user.city -in ["Lagos", "Ibadan"]', subject: usr({ city: 'Abuja' }), want: false },
  { rule: 'user.city -notIn ["Lagos", "Ibadan"]', subject: usr({ city: 'Abuja' }), want: true },
  { rule: 'user.city -notIn ["Lagos", "Ibadan"]', subject: usr({ city: 'lagos' }), want: false },
  { rule: 'user.city -notIn ["Lagos"]', subject: usr({}), want: true },
  { rule: 'user.city -in []', subject: usr({ city: 'Lagos' }), want: false },
  { rule: 'user.employeeId -in [50001, "50002"]', subject: usr({ employeeId: '50001' }), want: true, note: 'numbers in arrays' },
  // -match / -notMatch: case-insensitive search, as documented
  { rule: 'user.displayName -match "^Da.*"', subject: usr({ displayName: 'David' }), want: true },
  { rule: 'user.displayName -match "^Da.*"', subject: usr({ displayName: 'aDa' }), want: false },
  { rule: 'user.displayName -match ".*vid"', subject: usr({ displayName: 'David' }), want: true },
  { rule: 'user.city -match "ago"', subject: usr({ city: 'LAGOS' }), want: true, note: 'unanchored and case-insensitive' },
  { rule: 'user.city -notMatch "ago"', subject: usr({ city: 'Abuja' }), want: true },
  { rule: 'user.city -notMatch "ago"', subject: usr({ city: 'Lagos' }), want: false },
  { rule: 'user.city -match "."', subject: usr({}), want: false },
  { rule: 'user.employeeId -match "^\\d{3}$"', subject: usr({ employeeId: '123' }), want: true, note: 'backslash is literal in strings' },
  { rule: 'device.displayName -match "(a+)+$"', subject: dev({ displayName: `${'a'.repeat(5000)}!` }), want: false, note: 'catastrophic pattern runs in linear time' },
  // booleans
  { rule: 'device.isCompliant -eq True', subject: dev({ isCompliant: true }), want: true },
  { rule: 'device.isCompliant -eq true', subject: dev({ isCompliant: 'True' }), want: true, note: 'boolean text from a directory' },
  { rule: 'device.isCompliant -eq TRUE', subject: dev({ isCompliant: false }), want: false },
  { rule: 'device.isCompliant -eq False', subject: dev({ isCompliant: false }), want: true },
  { rule: 'device.isCompliant -eq true', subject: dev({}), want: false },
  { rule: 'device.isCompliant -ne true', subject: dev({}), want: true },
  { rule: 'user.accountEnabled -eq false', subject: usr({ accountEnabled: false }), want: true },
  // numbers compare through canonical text
  { rule: 'device.extensionAttribute1 -eq 42', subject: dev({ extensionAttribute1: '42' }), want: true },
  { rule: 'device.extensionAttribute1 -eq 42', subject: dev({ extensionAttribute1: 42 }), want: true },
  { rule: 'device.extensionAttribute1 -eq -1.5', subject: dev({ extensionAttribute1: '-1.5' }), want: true },
  { rule: 'device.extensionAttribute1 -startsWith 4', subject: dev({ extensionAttribute1: 42 }), want: true },
  // precedence: -and binds tighter than -or; -not tighter than -and
  { rule: 'device.model -eq "a" -or device.model -eq "b" -and device.manufacturer -eq "c"', subject: dev({ model: 'a', manufacturer: 'x' }), want: true, note: 'a or (b and c)' },
  { rule: '(device.model -eq "a" -or device.model -eq "b") -and device.manufacturer -eq "c"', subject: dev({ model: 'a', manufacturer: 'x' }), want: false },
  { rule: 'device.model -eq "b" -and device.manufacturer -eq "c" -or device.model -eq "a"', subject: dev({ model: 'a' }), want: true },
  { rule: '-not device.model -eq "a" -and device.manufacturer -eq "b"', subject: dev({ model: 'z', manufacturer: 'c' }), want: false, note: '(not a) and b' },
  { rule: '-not (device.model -eq "a" -and device.manufacturer -eq "b")', subject: dev({ model: 'z', manufacturer: 'c' }), want: true },
  { rule: '-not -not device.model -eq "a"', subject: dev({ model: 'a' }), want: true },
  { rule: '(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")', subject: usr({ department: 'sales', jobTitle: 'Manager' }), want: true },
  { rule: '(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")', subject: usr({ department: 'sales', jobTitle: 'SDE II' }), want: false },
  { rule: '((((device.model -eq "a"))))', subject: dev({ model: 'A' }), want: true },
  // Entra spellings: bare operators, en dash copied from Microsoft's pages
  { rule: 'user.department eq "Sales" and user.accountEnabled eq true', subject: usr({ department: 'Sales', accountEnabled: true }), want: true },
  { rule: 'user.department –eq "Marketing" –and user.country –eq "US"', subject: usr({ department: 'Marketing', country: 'us' }), want: true },
  { rule: 'user.department -eq "Sales" or not user.country -eq "US"', subject: usr({ country: 'FR' }), want: true },
  // string escapes
  { rule: 'user.department -eq "say `"hi`""', subject: usr({ department: 'say "hi"' }), want: true, note: 'backtick escapes a quote' },
  { rule: 'user.department -eq "say \\"hi\\""', subject: usr({ department: 'say "hi"' }), want: true, note: '\\" also escapes a quote' },
  { rule: 'user.department -eq "a``b"', subject: usr({ department: 'a`b' }), want: true },
  { rule: "user.displayName -eq 'O''Brien'", subject: usr({ displayName: "o'brien" }), want: true, note: 'single quotes double up' },
  // collections: a positive operator matches when any element does
  { rule: 'device.systemLabels -contains "M365Managed"', subject: dev({ systemLabels: ['AzureResource', 'M365Managed'] }), want: true },
  { rule: 'device.systemLabels -notContains "M365Managed"', subject: dev({ systemLabels: ['AzureResource', 'M365Managed'] }), want: false },
  { rule: 'device.systemLabels -notContains "M365Managed"', subject: dev({ systemLabels: [] }), want: true },
  { rule: 'device.scopeTags -in ["finance", "hr"]', subject: dev({ scopeTags: ['HR'] }), want: true },
  { rule: 'device.scopeTags -eq null', subject: dev({ scopeTags: [] }), want: true },
  { rule: 'device.physicalIds -any (_ -startsWith "[ZTDId]")', subject: dev({ physicalIds: ['[USER-GID]:1', '[ZTDID]:abc'] }), want: true },
  { rule: 'device.physicalIds -any (_ -startsWith "[ZTDId]")', subject: dev({ physicalIds: ['[USER-GID]:1'] }), want: false },
  { rule: 'device.physicalIds -all (_ -startsWith "[")', subject: dev({ physicalIds: ['[a]', '[b]'] }), want: true },
  { rule: 'device.physicalIds -all (_ -startsWith "[")', subject: dev({ physicalIds: ['[a]', 'b'] }), want: false },
  { rule: 'device.physicalIds -all (_ -startsWith "[")', subject: dev({ physicalIds: [] }), want: false, note: '-all on no elements is a positive operator on null' },
  { rule: 'device.scopeTags -any (_ -eq "a" -or -not _ -contains "x")', subject: dev({ scopeTags: ['xx', 'b'] }), want: true },
  { rule: 'device.scopeTags -any (_ -eq "a")', subject: dev({ scopeTags: 'A' }), want: true, note: 'a scalar is a one-element collection' },
  // mixed device and user rule (Verity dynamic groups)
  { rule: 'device.platform -eq "linux" -and device.ownership -eq "corporate" -and user.department -eq "R&D"', subject: { device: { platform: 'Linux', ownership: 'corporate' }, user: { department: 'r&d' } }, want: true },
  { rule: 'device.platform -eq "linux" -and user.status -eq "active"', subject: { device: { platform: 'linux' } }, want: false },
];

interface ErrorCase {
  readonly rule: string;
  readonly code: string;
  readonly position: number;
  readonly allowed?: readonly RuleObject[];
}

const ERROR_CASES: readonly ErrorCase[] = [
  { rule: '', code: 'VERITY_RULE_SYNTAX', position: 0 },
  { rule: '   ', code: 'VERITY_RULE_SYNTAX', position: 0 },
  { rule: 'device.trustType -eq', code: 'VERITY_RULE_SYNTAX', position: 20 },
  { rule: 'device.trustType', code: 'VERITY_RULE_SYNTAX', position: 16 },
  { rule: 'device.trustType -equals "x"', code: 'VERITY_RULE_SYNTAX', position: 17 },
  { rule: 'device.trustType - "x"', code: 'VERITY_RULE_SYNTAX', position: 17 },
  { rule: 'device.trustType "x"', code: 'VERITY_RULE_SYNTAX', position: 17 },
  { rule: 'device.trustType -le "x"', code: 'VERITY_RULE_SYNTAX', position: 17 },
  { rule: 'device.nope -eq "x"', code: 'VERITY_RULE_UNKNOWN_PROPERTY', position: 7 },
  { rule: 'device.trustType -eq "x" -or device.nope -eq "x"', code: 'VERITY_RULE_UNKNOWN_PROPERTY', position: 36 },
  { rule: 'foo.bar -eq "x"', code: 'VERITY_RULE_UNKNOWN_PROPERTY', position: 0 },
  { rule: 'trustType -eq "x"', code: 'VERITY_RULE_UNKNOWN_PROPERTY', position: 0 },
  { rule: 'user.department -eq "x"', code: 'VERITY_RULE_UNKNOWN_PROPERTY', position: 0, allowed: ['device'] },
  { rule: 'device.model -eq "x" -and user.department -eq "x"', code: 'VERITY_RULE_UNKNOWN_PROPERTY', position: 26, allowed: ['device'] },
  { rule: 'device.trustType -eq "x" -and', code: 'VERITY_RULE_SYNTAX', position: 29 },
  { rule: 'device.trustType -eq "x" -or -and', code: 'VERITY_RULE_SYNTAX', position: 29 },
  { rule: '(device.trustType -eq "x"', code: 'VERITY_RULE_SYNTAX', position: 25 },
  { rule: 'device.trustType -eq "x")', code: 'VERITY_RULE_SYNTAX', position: 24 },
  { rule: '()', code: 'VERITY_RULE_SYNTAX', position: 1 },
  { rule: 'device.trustType -eq "x', code: 'VERITY_RULE_SYNTAX', position: 23 },
  { rule: "device.trustType -eq 'x", code: 'VERITY_RULE_SYNTAX', position: 23 },
  { rule: 'device.trustType -eq Sales', code: 'VERITY_RULE_SYNTAX', position: 21 },
  { rule: 'device.trustType -eq "x" device.model -eq "y"', code: 'VERITY_RULE_SYNTAX', position: 25 },
  { rule: 'device.trustType -eq 1x', code: 'VERITY_RULE_SYNTAX', position: 21 },
  { rule: 'device.trustType -eq #', code: 'VERITY_RULE_SYNTAX', position: 21 },
  { rule: 'true', code: 'VERITY_RULE_SYNTAX', position: 0 },
  { rule: '"x" -eq device.trustType', code: 'VERITY_RULE_SYNTAX', position: 0 },
  // literal must fit operator and property
  { rule: 'device.trustType -in "x"', code: 'VERITY_RULE_SYNTAX', position: 21 },
  { rule: 'device.trustType -eq ["x"]', code: 'VERITY_RULE_SYNTAX', position: 21 },
  { rule: 'device.trustType -in ["a",]', code: 'VERITY_RULE_SYNTAX', position: 26 },
  { rule: 'device.trustType -in ["a" "b"]', code: 'VERITY_RULE_SYNTAX', position: 26 },
  { rule: 'device.trustType -in [true]', code: 'VERITY_RULE_SYNTAX', position: 22 },
  { rule: 'device.trustType -in ["a"', code: 'VERITY_RULE_SYNTAX', position: 25 },
  { rule: 'device.trustType -startsWith null', code: 'VERITY_RULE_SYNTAX', position: 29 },
  { rule: 'device.trustType -eq true', code: 'VERITY_RULE_SYNTAX', position: 21 },
  { rule: 'device.isCompliant -startsWith "t"', code: 'VERITY_RULE_SYNTAX', position: 19 },
  { rule: 'device.isCompliant -eq "true"', code: 'VERITY_RULE_SYNTAX', position: 23 },
  { rule: 'device.displayName -match 5', code: 'VERITY_RULE_SYNTAX', position: 26 },
  { rule: 'device.displayName -match "(?<=a)b"', code: 'VERITY_RULE_SYNTAX', position: 26 },
  { rule: 'device.displayName -match "(unclosed"', code: 'VERITY_RULE_SYNTAX', position: 26 },
  // -any / -all
  { rule: 'device.trustType -any (_ -eq "x")', code: 'VERITY_RULE_SYNTAX', position: 17 },
  { rule: 'device.systemLabels -any _ -eq "x"', code: 'VERITY_RULE_SYNTAX', position: 25 },
  { rule: 'device.systemLabels -any (device.trustType -eq "x")', code: 'VERITY_RULE_SYNTAX', position: 26 },
  { rule: 'device.systemLabels -any (_ -any (_ -eq "x"))', code: 'VERITY_RULE_SYNTAX', position: 28 },
  { rule: '_ -eq "x"', code: 'VERITY_RULE_SYNTAX', position: 0 },
  // bounds
  { rule: `device.displayName -eq "${'x'.repeat(MAX_RULE_LENGTH)}"`, code: 'VERITY_RULE_TOO_COMPLEX', position: MAX_RULE_LENGTH },
  { rule: `${'('.repeat(MAX_RULE_DEPTH + 1)}device.model -eq "a"${')'.repeat(MAX_RULE_DEPTH + 1)}`, code: 'VERITY_RULE_TOO_COMPLEX', position: MAX_RULE_DEPTH },
  { rule: `${'-not '.repeat(MAX_RULE_DEPTH + 1)}device.model -eq "a"`, code: 'VERITY_RULE_TOO_COMPLEX', position: MAX_RULE_DEPTH * 5 },
];

describe('rule evaluation table', () => {
  it.each(EVAL_CASES.map((c) => [c.rule, c.note ?? '', c] as const))('%s %s', (_rule, _note, c) => {
    expect(compileRule(c.rule).test(c.subject)).toBe(c.want);
  });

  it('covers every comparison operator with a true and a false row', () => {
    for (const op of RULE_OPERATORS) {
      const rows = EVAL_CASES.filter((c) => new RegExp(`-${op}\\s`, 'i').test(c.rule));
      expect(rows.some((c) => c.want), op).toBe(true);
      expect(rows.some((c) => !c.want), op).toBe(true);
    }
  });
});

describe('rule error table', () => {
  it.each(ERROR_CASES.map((c) => [c.rule.slice(0, 60), c] as const))('%s', (_rule, c) => {
    let caught: unknown;
    try {
      compileRule(c.rule, c.allowed === undefined ? {} : { allowed: c.allowed });
    } catch (error) {
      caught = error;
    }
    expect(isVerityError(caught)).toBe(true);
    const error = caught as { code: string; status: number; details: readonly { path: string; position?: number; expected?: string }[] };
    expect(error.code).toBe(c.code);
    expect(error.status).toBe(400);
    expect(error.details[0]?.path).toBe('$');
    expect(error.details[0]?.position).toBe(c.position);
    expect(error.details[0]?.expected).toMatch(/\S/);
  });

  it('names the values it expected after an operator', () => {
    expect(() => parseRule('device.trustType -eq')).toThrow(expect.objectContaining({
      details: [expect.objectContaining({ expected: 'a value (string in double quotes, true, false, null, number or array)' })],
    }));
  });

  it('lists the operators for an unknown one', () => {
    try {
      parseRule('device.trustType -equals "x"');
      expect.unreachable();
    } catch (error) {
      const expected = (error as { details: { expected: string }[] }).details[0]?.expected ?? '';
      for (const op of RULE_OPERATORS) expect(expected).toContain(`-${op}`);
    }
  });
});

describe('compiled rule metadata', () => {
  it('reports objects and canonical properties in order of appearance', () => {
    const rule = compileRule('device.PLATFORM -eq "linux" -and user.department -eq "x" -or device.platform -ne "y" -or device.scopeTags -any (_ -eq "a")');
    expect([...rule.objects].sort()).toEqual(['device', 'user']);
    expect(rule.properties).toEqual(['device.platform', 'user.department', 'device.scopeTags']);
    expect(rule.source).toContain('PLATFORM');
  });

  it('accepts a device-only rule when only devices are allowed', () => {
    expect(compileRule('device.trustType -eq "ServerAD" -or device.isCompliant -eq True', { allowed: ['device'] }).objects).toEqual(new Set(['device']));
  });

  it('does not throw on hostile subjects', () => {
    const rule = compileRule('device.model -ne "a"');
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(rule.test(hostile as RuleSubject)).toBe(false);
    expect(rule.test(null as unknown as RuleSubject)).toBe(true);
    expect(rule.test({ device: 'text' as unknown as RuleSubject['device'] })).toBe(true);
  });
});
