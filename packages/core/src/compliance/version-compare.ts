/**
 * Version comparison for OS, build and agent versions (`10.0.19045.3803`, `22.04`, `14.2.1`,
 * macOS builds like `23C71`).
 *
 * Hand-written because semver libraries reject these shapes (four parts, leading zeros,
 * letters inside builds). Rules:
 * - the string is cut into runs of digits and runs of letters; `.`, `-`, `_`, `+`, spaces and
 *   any other character only separate runs;
 * - digit runs compare numerically (leading zeros ignored, so `22.04` = `22.4`);
 * - letter runs compare case-insensitively, alphabetically;
 * - a digit run is greater than a letter run at the same position (`1.0.1` > `1.0.beta`);
 * - a missing run counts as `0`: `22.04` = `22.04.0`; but a letter run is lower than a missing
 *   run, so pre-release tags sort first (`1.0-rc1` < `1.0`).
 */
type Token = number | string;

const cache = new Map<string, readonly Token[]>();

/** Split a version string into digit and letter runs (memoised; versions repeat a lot across a fleet). */
export function tokenizeVersion(version: string): readonly Token[] {
  const hit = cache.get(version);
  if (hit !== undefined) return hit;
  const tokens: Token[] = [];
  const re = /(\d+)|([A-Za-z]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(version)) !== null) {
    if (m[1] !== undefined) {
      const digits = m[1].replace(/^0+(?=\d)/, '');
      // Beyond 15 digits precision would be lost; such parts compare as digit strings by length then text.
      tokens.push(digits.length <= 15 ? Number(digits) : digits.padStart(32, '0'));
    } else tokens.push((m[2] as string).toLowerCase());
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(version, tokens);
  return tokens;
}

/** True if the string has at least one digit run, i.e. can be compared as a version. */
export function isComparableVersion(version: string): boolean {
  return /\d/.test(version);
}

function compareToken(a: Token | undefined, b: Token | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return typeof b === 'string' && !/^\d/.test(b) ? 1 : compareToken(0, b);
  if (b === undefined) return -compareToken(b, a);
  const aNum = typeof a === 'number' || /^\d/.test(a);
  const bNum = typeof b === 'number' || /^\d/.test(b);
  if (aNum && bNum) {
    if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
    const as = typeof a === 'number' ? String(a).padStart(32, '0') : a;
    const bs = typeof b === 'number' ? String(b).padStart(32, '0') : b;
    return as < bs ? -1 : as > bs ? 1 : 0;
  }
  if (aNum) return 1;
  if (bNum) return -1;
  return (a as string) < (b as string) ? -1 : 1;
}

/** Compare two version strings: negative if a < b, 0 if equal, positive if a > b. */
export function compareVersions(a: string, b: string): number {
  const ta = tokenizeVersion(a);
  const tb = tokenizeVersion(b);
  const n = Math.max(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const c = compareToken(ta[i], tb[i]);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}
