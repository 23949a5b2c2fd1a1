/**
 * Suites that cannot run on this machine (no PostgreSQL URL, no Chromium, no shared corpus) say
 * why in their name, as `title (skipped: reason)`; `skipped-suites-reporter.ts` prints each reason
 * once at the end of the run, so a skip is never silent. Under `CI` the callers fail instead.
 */
export function titled(title: string, skipReason: string | null): string {
  return skipReason === null ? title : `${title} (skipped: ${skipReason})`;
}

const MARK = /\(skipped: (.+)\)$/;

/** The reason in a skipped suite's or test's name, or null. */
export function skipReasonOf(name: string): string | null {
  return MARK.exec(name)?.[1] ?? null;
}
