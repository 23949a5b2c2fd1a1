import type {
  ComplianceReasonCode,
  ComplianceSettingRule,
  SettingResult,
  SettingState,
} from '../compliance-types.js';

/**
 * Builds the results of one rule for one policy.
 *
 * Why the cache: a result is a pure function of (rule, policy, observed value), and across a
 * fleet observed values repeat heavily (a few OS versions, true/false, a few risk levels).
 * Results for primitive observed values are therefore built once and shared (they are
 * readonly), so re-evaluating a million devices allocates almost nothing per setting.
 * Failure sentences are built by a `reasonOf` function only on a cache miss.
 */
export interface SettingResultFactory {
  ok(observed: unknown): SettingResult;
  fail<T>(observed: T, code: ComplianceReasonCode, reasonOf: (observed: T) => string, remediation: string): SettingResult;
  other(state: SettingState, observed: unknown, code: ComplianceReasonCode, reason: string, remediation: string): SettingResult;
}

const MAX_CACHED = 512;

function cacheable(v: unknown): boolean {
  const t = typeof v;
  return v === null || t === 'string' || t === 'number' || t === 'boolean';
}

/** Create the (memoising) result factory of a rule for one policy. */
export function settingResultFactory(
  policyId: string,
  rule: ComplianceSettingRule,
  compliantReason: string,
): SettingResultFactory {
  const { setting, expected } = rule;
  const make = (state: SettingState, observed: unknown, code: ComplianceReasonCode, reason: string, remediation: string): SettingResult =>
    ({ policyId, setting, state, observed, expected, reason, remediation, code });
  const okCache = new Map<unknown, SettingResult>();
  const failCache = new Map<unknown, SettingResult>();
  const otherCache = new Map<string, SettingResult>();
  const okTrue = make('compliant', true, 'requirement-met', compliantReason, '');
  const okFalse = make('compliant', false, 'requirement-met', compliantReason, '');
  return {
    ok(observed) {
      if (observed === true) return okTrue;
      if (observed === false) return okFalse;
      if (!cacheable(observed)) return make('compliant', observed, 'requirement-met', compliantReason, '');
      let r = okCache.get(observed);
      if (r === undefined) {
        r = make('compliant', observed, 'requirement-met', compliantReason, '');
        if (okCache.size < MAX_CACHED) okCache.set(observed, r);
      }
      return r;
    },
    fail(observed, code, reasonOf, remediation) {
      if (!cacheable(observed)) return make('noncompliant', observed, code, reasonOf(observed), remediation);
      let r = failCache.get(observed);
      if (r === undefined || r.code !== code) {
        r = make('noncompliant', observed, code, reasonOf(observed), remediation);
        if (failCache.size < MAX_CACHED) failCache.set(observed, r);
      }
      return r;
    },
    other(state, observed, code, reason, remediation) {
      if (!cacheable(observed)) return make(state, observed, code, reason, remediation);
      const key = `${state}\u0000${code}\u0000${String(observed)}\u0000${reason}\u0000${remediation}`;
      let r = otherCache.get(key);
      if (r === undefined) {
        r = make(state, observed, code, reason, remediation);
        if (otherCache.size < MAX_CACHED) otherCache.set(key, r);
      }
      return r;
    },
  };
}
