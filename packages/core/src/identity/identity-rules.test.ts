import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acrOf, amrOf, authenticationStrengthOf, methodsFromAmr, stepUpMethodsFor, type AuthMethod } from './authentication-methods.js';
import { checkPin, effectivePinPolicy, pinPolicyValues, DEFAULT_PIN_POLICY, type ProtectionProfileInput } from './pin-policy.js';
import { checkPassword } from './password-policy.js';
import { afterFailure, throttleWaitSeconds, DEFAULT_THROTTLE_POLICY } from './sign-in-throttle.js';

describe('authentication strength from the methods really used', () => {
  // Written by hand from Entra's built-in strength definitions, not derived from the code.
  const cases: [AuthMethod[], string | null, string[]][] = [
    [['password'], null, ['pwd']],
    [['totp'], null, ['otp']],
    [['password', 'totp'], 'mfa', ['mfa', 'otp', 'pwd']],
    [['password', 'recoveryCode'], 'mfa', ['mfa', 'otp', 'pwd']],
    [['passkey'], 'phishingResistant', ['hwk', 'mfa', 'user']],
    [['password', 'totp', 'passkey'], 'phishingResistant', ['hwk', 'mfa', 'otp', 'pwd', 'user']],
    [['devicePin'], 'phishingResistant', ['hwk', 'mfa', 'pin']],
  ];
  it.each(cases)('%j → %s', (methods, strength, amr) => {
    expect(authenticationStrengthOf(methods)).toBe(strength);
    expect(amrOf(methods)).toEqual(amr);
  });
  it('names synced passkeys swk, and maps strengths to acr values', () => {
    expect(amrOf(['passkey'], { hardwareBound: false })).toEqual(['mfa', 'swk', 'user']);
    expect(acrOf(null)).toBe('urn:verity:acr:password');
    expect(acrOf('phishingResistant')).toBe('urn:verity:acr:phishing-resistant-mfa');
  });
  it('reads a session\'s amr back to methods of the same strength', () => {
    fc.assert(fc.property(fc.subarray(['password', 'totp', 'passkey', 'devicePin'] as AuthMethod[]), (methods) => {
      expect(authenticationStrengthOf(methodsFromAmr(amrOf(methods)))).toBe(authenticationStrengthOf(methods));
    }));
  });
  it('offers the methods that can satisfy the missing controls, none when no method can', () => {
    expect(stepUpMethodsFor(['mfa'])).toEqual(['totp', 'recoveryCode', 'passkey', 'devicePin']);
    expect(stepUpMethodsFor(['authenticationStrength:phishingResistant'])).toEqual(['passkey', 'devicePin']);
    expect(stepUpMethodsFor(['anyOf(compliantDevice,mfa)'])).toEqual(['totp', 'recoveryCode', 'passkey', 'devicePin']);
    expect(stepUpMethodsFor(['compliantDevice'])).toEqual([]);
    expect(stepUpMethodsFor(['mfa', 'compliantDevice'])).toEqual([]);
  });
});

describe('PIN policy layers', () => {
  const finance: ProtectionProfileInput = { id: 'p-fin', displayName: 'Finance', settings: { pinMinimumLength: 8, pinSpecialCharactersUsage: 'required' } };
  const eng: ProtectionProfileInput = { id: 'p-eng', displayName: 'Engineering', settings: { pinMinimumLength: 10, pinExpirationInDays: 90 } };

  it('takes the tenant-wide value over the default, a profile over the tenant', () => {
    const e = effectivePinPolicy({ pinMinimumLength: 6, pinUppercaseCharactersUsage: 'required' }, [finance]);
    expect(e.pinMinimumLength).toEqual({ value: 8, source: { kind: 'profile', profileId: 'p-fin', displayName: 'Finance' }, conflicts: [] });
    expect(e.pinUppercaseCharactersUsage).toMatchObject({ value: 'required', source: { kind: 'tenant' } });
    expect(e.pinMaximumLength).toMatchObject({ value: 127, source: { kind: 'default' } });
  });
  it('lets the stricter profile win and reports the conflict on both', () => {
    const e = effectivePinPolicy({}, [finance, eng]);
    expect(e.pinMinimumLength.value).toBe(10);
    expect(e.pinMinimumLength.source).toEqual({ kind: 'profile', profileId: 'p-eng', displayName: 'Engineering' });
    expect(e.pinMinimumLength.conflicts.map((c) => c.profileId).sort()).toEqual(['p-eng', 'p-fin']);
    expect(e.pinExpirationInDays).toMatchObject({ value: 90, conflicts: [] });
  });
  it('never picks a less strict value than any profile sets, whatever the order', () => {
    const profile = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), displayName: fc.constant('p'), settings: fc.record({ pinMinimumLength: fc.integer({ min: 4, max: 127 }), pinExpirationInDays: fc.integer({ min: 0, max: 730 }) }, { requiredKeys: [] }) });
    fc.assert(fc.property(fc.array(profile, { maxLength: 5 }), (profiles) => {
      const a = pinPolicyValues(effectivePinPolicy({}, profiles));
      const b = pinPolicyValues(effectivePinPolicy({}, [...profiles].reverse()));
      expect(a).toEqual(b);
      for (const p of profiles) if (p.settings.pinMinimumLength !== undefined) expect(a.pinMinimumLength).toBeGreaterThanOrEqual(p.settings.pinMinimumLength);
      const expiries = profiles.map((p) => p.settings.pinExpirationInDays).filter((x): x is number => x !== undefined && x > 0);
      if (expiries.length > 0) expect(a.pinExpirationInDays).toBe(Math.min(...expiries));
    }));
  });
  it('refuses PINs with the code and the source of the rule', () => {
    const e = effectivePinPolicy({ pinMinimumLength: 6 }, [finance]);
    const v = checkPin('1234', e);
    expect(v.map((x) => x.code)).toEqual(['pin-too-short', 'pin-special-required']);
    expect(v[0]!.message).toContain('Finance');
    expect(checkPin('12345!78', e)).toEqual([]);
    expect(checkPin('ab12cd', effectivePinPolicy({ pinLowercaseCharactersUsage: 'disallowed' }, [])).map((x) => x.code)).toEqual(['pin-lowercase-not-allowed']);
    expect(checkPin('123456', effectivePinPolicy({}, [])).length).toBe(0);
    expect(DEFAULT_PIN_POLICY.pinMinimumLength).toBe(6);
  });
});

describe('password policy', () => {
  const common = new Set(['password', 'qwerty', 'dragon', 'letmein', 'sunshine']);
  const ctx = { isCommon: (s: string) => common.has(s), userNames: ['alice'] };
  it.each([
    ['short1', ['password-too-short']],
    ['Sunshine2024!', ['password-common']],
    ['alice-is-great-2024', ['password-contains-user-name']],
    ['correct horse battery staple', []],
  ])('%s → %j', (pw, codes) => {
    expect(checkPassword(pw, { minimumLength: 12, historyCount: 5 }, ctx).map((v) => v.code)).toEqual(codes);
  });
});

describe('sign-in throttling', () => {
  const p = DEFAULT_THROTTLE_POLICY;
  it('lets the first attempts through, then doubles the wait, capped, and forgets after a day', () => {
    let s: ReturnType<typeof afterFailure> | undefined;
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      s = afterFailure(s, new Date(t0), p);
      waits.push(throttleWaitSeconds(s, new Date(t0), p));
    }
    expect(waits.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 1, 2, 4]);
    expect(Math.max(...waits)).toBe(p.maxDelaySeconds);
    expect(throttleWaitSeconds(s, new Date(t0 + p.resetAfterSeconds * 1000 + 1000), p)).toBe(0);
    expect(afterFailure(s, new Date(t0 + p.resetAfterSeconds * 1000 + 1000), p).failures).toBe(1);
  });
});
