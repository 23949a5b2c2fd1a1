/**
 * Per-account sign-in throttling with exponential back-off (delay, never a permanent lock).
 * After `freeAttempts` failures each further failure doubles the wait before the next attempt is
 * even checked, up to `maxDelaySeconds`; a success clears it. Failures are counted separately for
 * sources the account signed in from before (familiar) and for the rest, so an attacker hammering
 * from elsewhere delays only attempts from elsewhere: the user on a familiar network or an enrolled
 * device is not locked out (Entra's smart lockout idea). State older than `resetAfterSeconds` is forgotten.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  resetAfterSeconds: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { freeAttempts: 5, baseDelaySeconds: 1, maxDelaySeconds: 15 * 60, resetAfterSeconds: 24 * 3600 };

export interface ThrottleCounter { failures: number; lastFailureAt: string; blockedUntil: string }

/** Seconds the caller must still wait before an attempt is checked (0: go ahead). */
export function throttleWaitSeconds(state: ThrottleCounter | undefined, now: Date, policy: ThrottlePolicy): number {
  if (!state) return 0;
  if (now.getTime() - Date.parse(state.lastFailureAt) > policy.resetAfterSeconds * 1000) return 0;
  return Math.max(0, Math.ceil((Date.parse(state.blockedUntil) - now.getTime()) / 1000));
}

/** The state after one more failure at `now`. */
export function afterFailure(state: ThrottleCounter | undefined, now: Date, policy: ThrottlePolicy): ThrottleCounter {
  const stale = !state || now.getTime() - Date.parse(state.lastFailureAt) > policy.resetAfterSeconds * 1000;
  const failures = (stale ? 0 : state.failures) + 1;
  const over = failures - policy.freeAttempts;
  const delay = over <= 0 ? 0 : Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.min(over - 1, 30));
  return { failures, lastFailureAt: now.toISOString(), blockedUntil: new Date(now.getTime() + delay * 1000).toISOString() };
}
