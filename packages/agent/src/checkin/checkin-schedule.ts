/**
 * When to check in next. Pure: randomness is an argument, so tests pin it.
 * Jitter of ±10% spreads a fleet that booted together; failures back off exponentially
 * from `FAILURE_BASE_SECONDS`, capped at 15 minutes so a recovered server hears from every
 * device within that time.
 */
export const JITTER = 0.1;
export const FAILURE_BASE_SECONDS = 30;
export const MAX_BACKOFF_SECONDS = 15 * 60;

/** Apply ±10% jitter; `random` is uniform in [0, 1). */
export function withJitter(seconds: number, random: () => number): number {
  return seconds * (1 + (random() * 2 - 1) * JITTER);
}

/** Delay in ms after a successful check-in (server-chosen interval, jittered). */
export function delayAfterSuccess(intervalSeconds: number, random: () => number): number {
  return Math.round(withJitter(Math.max(1, intervalSeconds), random) * 1000);
}

/** Delay in ms after the `failures`-th consecutive failure (1-based): 30 s, 60 s, 120 s, ... ≤ 15 min. */
export function delayAfterFailure(failures: number, random: () => number): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const base = Math.min(FAILURE_BASE_SECONDS * 2 ** exponent, MAX_BACKOFF_SECONDS);
  return Math.round(Math.min(withJitter(base, random), MAX_BACKOFF_SECONDS) * 1000);
}
