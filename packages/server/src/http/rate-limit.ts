/**
 * Request counters per key (source address, or device certificate) in fixed windows: at most
 * `max` requests per key per window; every key's count starts again when the window ends.
 *
 * Hand-written instead of @fastify/rate-limit: that plugin's async hook chain (several awaits and
 * promises per request) was ~3% of a check-in's event-loop time, and every check-in passes here.
 * This is one Map update. Counters live in this process, as the plugin's did.
 */
export interface RateLimiter {
  readonly max: number;
  /** Counts one request of `key`: the requests it has left in this window, or -1 when it is over the limit. */
  take(key: string): number;
  /** Whole seconds until the current window ends (at least 1). */
  resetSeconds(): number;
}

/**
 * Keys counted per window at most; beyond it new keys pass uncounted until the window ends. A flood
 * of distinct sources (spoofed or botnet addresses) can then not grow memory without bound; the
 * keys already counted, the agents and admins that are using the server, stay limited.
 */
const MAX_KEYS = 1_000_000;

export function rateLimiter(max: number, windowMs: number, clock: () => number = Date.now): RateLimiter {
  let counts = new Map<string, number>();
  let windowEnds = 0;
  return {
    max,
    take(key) {
      const now = clock();
      if (now >= windowEnds) {
        counts = new Map();
        windowEnds = now + windowMs;
      }
      const count = (counts.get(key) ?? 0) + 1;
      if (count === 1 && counts.size >= MAX_KEYS) return max - 1;
      counts.set(key, count);
      return count > max ? -1 : max - count;
    },
    resetSeconds() {
      return Math.max(1, Math.ceil((windowEnds - clock()) / 1000));
    },
  };
}
