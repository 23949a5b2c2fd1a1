import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileRule, isVerityError } from '@verity/core';
import { diagnoseRule, locate } from './rule-diagnostics';

describe('rule editor diagnostics (the server\'s parser, in the browser)', () => {
  it('accepts a valid rule and lists the properties it reads', () => {
    expect(diagnoseRule('device.platform -eq "linux" -and user.department -eq "Sales"')).toEqual({ ok: true, properties: ['device.platform', 'user.department'] });
  });

  // Positions written by hand: where the text stops making sense.
  it.each([
    ['device.platform -eq ', 20, 'VERITY_RULE_SYNTAX'],
    ['device.platform -eq "linux" -and (device.ownership -eq ', 55, 'VERITY_RULE_SYNTAX'],
    ['device.nosuchthing -eq "x"', 7, 'VERITY_RULE_UNKNOWN_PROPERTY'],
  ])('reports %j at position %i with code %s', (source, position, code) => {
    const d = diagnoseRule(source);
    expect(d).toMatchObject({ ok: false, code, position });
  });

  it('locates a position as line and column on its own line', () => {
    expect(locate('device.platform -eq "linux"\n-and device.x', 33)).toEqual({ line: 2, column: 6, text: '-and device.x' });
    expect(locate('abc', 0)).toEqual({ line: 1, column: 1, text: 'abc' });
  });

  it('never throws and agrees with the server\'s compileRule on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (source) => {
      const d = diagnoseRule(source);
      let serverOk = true;
      try { compileRule(source); } catch (e) { if (!isVerityError(e)) throw e; serverOk = false; }
      expect(d.ok).toBe(serverOk);
      if (!d.ok) expect(d.position).toBeGreaterThanOrEqual(0);
      if (!d.ok) expect(d.position).toBeLessThanOrEqual(source.length);
    }), { numRuns: 300 });
  });
});
