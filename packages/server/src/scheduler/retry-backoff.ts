/**
 * When to retry a failed job: exponential from 30 s, doubling per attempt, capped at one hour.
 * Deterministic (no jitter) because one scheduler per replica claims with leases; jitter would
 * only matter for a thundering herd against one remote, which a mail server is not.
 */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(30_000 * 2 ** (n - 1), 3_600_000);
}
