import { COMPLIANT, NONCOMPLIANT, type CheckCompiler } from './compiled-check.js';
import { factMissingRank, factMissingResult, knownValue } from './fact-access.js';
import { settingResultFactory } from './setting-result-factory.js';

/** Strength scale of the `password.type` fact (none < numeric < alphanumeric < complex). */
const FACT_RANK: Record<string, number> = { none: 0, numeric: 1, alphanumeric: 2, complex: 3 };

/**
 * Graph required password types mapped onto the fact scale. Android's finer types are
 * approximated: `alphabetic` needs letters so it needs at least `alphanumeric`;
 * `alphanumericWithSymbols` needs `complex`; `numericComplex`, `lowSecurityBiometric`,
 * `any`, `required`, `customPassword` need at least a numeric password.
 */
export const REQUIRED_TYPE_RANK: Record<string, number> = {
  numeric: 1,
  numericComplex: 1,
  lowSecurityBiometric: 1,
  any: 1,
  required: 1,
  customPassword: 1,
  alphabetic: 2,
  alphanumeric: 2,
  alphanumericWithSymbols: 3,
};

const SET_PASSWORD = 'Set a password (or passcode) on your device in its security settings.';

/** passwordRequired / passcodeRequired: password.required must be true. */
export const passwordRequired: CheckCompiler = (rule, policyId) => {
  const r = settingResultFactory(policyId, rule, 'A password is required to unlock the device.');
  return {
    result: (device) => {
      const v = knownValue<boolean>(device, 'password.required');
      if (typeof v !== 'boolean') return factMissingResult(device, 'password.required', r);
      return v ? r.ok(v) : r.fail(v, 'password-not-required', () => 'The device does not require a password.', SET_PASSWORD);
    },
    state: (device) => {
      const v = knownValue<boolean>(device, 'password.required');
      if (typeof v !== 'boolean') return factMissingRank(device, 'password.required');
      return v ? COMPLIANT : NONCOMPLIANT;
    },
  };
};

/** passwordMinimumLength: password.minLength >= expected. */
export const passwordMinimumLength: CheckCompiler = (rule, policyId) => {
  const min = rule.expected as number;
  const r = settingResultFactory(policyId, rule, `The password minimum length is at least ${min}.`);
  return {
    result: (device) => {
      const v = knownValue<number>(device, 'password.minLength');
      if (typeof v !== 'number') return factMissingResult(device, 'password.minLength', r);
      return v >= min ? r.ok(v) : r.fail(v, 'password-too-short', (n) => `The password minimum length ${n} is below ${min}.`,
        `Change your password to one with at least ${min} characters.`);
    },
    state: (device) => {
      const v = knownValue<number>(device, 'password.minLength');
      if (typeof v !== 'number') return factMissingRank(device, 'password.minLength');
      return v >= min ? COMPLIANT : NONCOMPLIANT;
    },
  };
};

/** passwordRequiredType: the password.type fact is at least as strong as required. */
export const passwordRequiredType: CheckCompiler = (rule, policyId) => {
  const need = REQUIRED_TYPE_RANK[String(rule.expected)] ?? 1;
  const r = settingResultFactory(policyId, rule, `The password type meets "${String(rule.expected)}".`);
  return {
    result: (device) => {
      const v = knownValue<string>(device, 'password.type');
      if (typeof v !== 'string') return factMissingResult(device, 'password.type', r);
      return (FACT_RANK[v] ?? 0) >= need ? r.ok(v) : r.fail(v, 'password-too-simple',
        (t) => `The password type "${t}" is weaker than the required "${String(rule.expected)}".`,
        'Change your password to a stronger one that mixes letters, numbers and symbols.');
    },
    state: (device) => {
      const v = knownValue<string>(device, 'password.type');
      if (typeof v !== 'string') return factMissingRank(device, 'password.type');
      return (FACT_RANK[v] ?? 0) >= need ? COMPLIANT : NONCOMPLIANT;
    },
  };
};

/** passwordExpirationDays: password.maxAgeDays must be set (not 0 = never) and <= expected. */
export const passwordExpirationDays: CheckCompiler = (rule, policyId) => {
  const max = rule.expected as number;
  const r = settingResultFactory(policyId, rule, `The password expires within ${max} days.`);
  return {
    result: (device) => {
      const v = knownValue<number>(device, 'password.maxAgeDays');
      if (typeof v !== 'number') return factMissingResult(device, 'password.maxAgeDays', r);
      return v > 0 && v <= max ? r.ok(v) : r.fail(v, 'password-expiry-too-long',
        (n) => (n === 0 ? 'The password never expires.' : `The password expires after ${n} days, more than ${max}.`),
        'Your device must make passwords expire; ask your IT department to apply the password policy.');
    },
    state: (device) => {
      const v = knownValue<number>(device, 'password.maxAgeDays');
      if (typeof v !== 'number') return factMissingRank(device, 'password.maxAgeDays');
      return v > 0 && v <= max ? COMPLIANT : NONCOMPLIANT;
    },
  };
};

/** passwordMinutesOfInactivityBeforeLock: screen lock on, idle time <= expected minutes. */
export const passwordInactivityLock: CheckCompiler = (rule, policyId) => {
  const maxSeconds = (rule.expected as number) * 60;
  const r = settingResultFactory(policyId, rule, `The screen locks within ${String(rule.expected)} minutes of inactivity.`);
  return {
    result: (device) => {
      const on = knownValue<boolean>(device, 'screenLock.enabled');
      if (typeof on !== 'boolean') return factMissingResult(device, 'screenLock.enabled', r);
      if (!on) return r.fail(on, 'screen-lock-disabled', () => 'The screen lock is disabled.', 'Turn on the automatic screen lock.');
      const v = knownValue<number>(device, 'screenLock.idleSeconds');
      if (typeof v !== 'number') return factMissingResult(device, 'screenLock.idleSeconds', r);
      return v <= maxSeconds ? r.ok(v) : r.fail(v, 'screen-lock-too-late',
        (n) => `The screen locks after ${n} seconds, more than ${maxSeconds}.`,
        `Set your screen to lock after ${String(rule.expected)} minutes of inactivity or less.`);
    },
    state: (device) => {
      const on = knownValue<boolean>(device, 'screenLock.enabled');
      if (typeof on !== 'boolean') return factMissingRank(device, 'screenLock.enabled');
      if (!on) return NONCOMPLIANT;
      const v = knownValue<number>(device, 'screenLock.idleSeconds');
      if (typeof v !== 'number') return factMissingRank(device, 'screenLock.idleSeconds');
      return v <= maxSeconds ? COMPLIANT : NONCOMPLIANT;
    },
  };
};

/** passwordRequiredToUnlockFromIdle: the screen lock must be on. */
export const screenLockRequired: CheckCompiler = (rule, policyId) => {
  const r = settingResultFactory(policyId, rule, 'The screen lock is enabled.');
  return {
    result: (device) => {
      const on = knownValue<boolean>(device, 'screenLock.enabled');
      if (typeof on !== 'boolean') return factMissingResult(device, 'screenLock.enabled', r);
      return on ? r.ok(on) : r.fail(on, 'screen-lock-disabled', () => 'The screen lock is disabled.', 'Turn on the automatic screen lock.');
    },
    state: (device) => {
      const on = knownValue<boolean>(device, 'screenLock.enabled');
      if (typeof on !== 'boolean') return factMissingRank(device, 'screenLock.enabled');
      return on ? COMPLIANT : NONCOMPLIANT;
    },
  };
};
