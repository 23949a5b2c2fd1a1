import { isIPv6 } from 'node:net';

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
 * Keys counted apart per window at most. A flood of distinct sources (spoofed or botnet addresses)
 * must neither grow memory without bound nor get past the limit: once this many keys are counted,
 * every further new key shares one overflow counter with the same limit, so the flood is limited
 * as one source (fails closed) while the keys already counted, the agents and admins using the
 * server, keep their own budgets. Evicting old keys instead would hand each recycled source a
 * fresh budget.
 */
export const MAX_KEYS = 1_000_000;
const OVERFLOW = '\u0000overflow';

/** A fixed-window limiter of `max` requests per key per `windowMs`; `maxKeys` bounds the keys counted apart. */
export function rateLimiter(max: number, windowMs: number, clock: () => number = Date.now, maxKeys = MAX_KEYS): RateLimiter {
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
      let counted = key;
      let count = counts.get(key);
      if (count === undefined && counts.size >= maxKeys) {
        counted = OVERFLOW;
        count = counts.get(OVERFLOW);
      }
      count = (count ?? 0) + 1;
      counts.set(counted, count);
      return count > max ? -1 : max - count;
    },
    resetSeconds() {
      return Math.max(1, Math.ceil((windowEnds - clock()) / 1000));
    },
  };
}

/**
 * The rate-limit key of a source address. IPv6 hosts get a /64 each (RFC 4291 interface
 * identifiers; SLAAC privacy addresses rotate within it), so one host cannot mint fresh keys by
 * changing the low 64 bits. IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function sourceKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return `${ipv6Prefix64(ip)}::/64`;
}

/** The first four 16-bit groups of an IPv6 address (zone id dropped), lower-case hex without leading zeros. */
function ipv6Prefix64(ip: string): string {
  const address = ip.split('%')[0]!;
  const [head, tail] = address.includes('::') ? address.split('::') as [string, string] : [address, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  let groups: string[];
  if (tail === undefined) groups = headGroups;
  else {
    const tailGroups = tail === '' ? [] : tail.split(':');
    // An embedded IPv4 tail takes two groups.
    const tailCount = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
    groups = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailCount)).fill('0'), ...tailGroups];
  }
  return groups.slice(0, 4).map((g) => (g.includes('.') ? '0' : Number.parseInt(g, 16).toString(16))).join(':');
}
