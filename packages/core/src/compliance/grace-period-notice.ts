/**
 * What to tell a device's user about its grace period, in one sentence with `{time}` where the
 * caller writes the time in the reader's own format (the portal in the browser's locale, the
 * agent in ISO 8601). A grace period that has ended says so, rather than asking for a fix
 * "before" a time that has passed.
 */
export interface GracePeriodNotice {
  readonly ended: boolean;
  /** When the grace period ends or ended (ISO 8601). */
  readonly at: string;
  readonly text: string;
}

/** The notice for a device in `state` whose grace period ends at `graceEndsAt`, or null when there is nothing to say. */
export function gracePeriodNotice(state: string, graceEndsAt: string | null | undefined, now: Date): GracePeriodNotice | null {
  if (!graceEndsAt || (state !== 'inGracePeriod' && state !== 'noncompliant')) return null;
  const ends = Date.parse(graceEndsAt);
  if (Number.isNaN(ends)) return null;
  if (ends > now.getTime()) return { ended: false, at: graceEndsAt, text: 'Fix the items below before {time} to keep access.' };
  return { ended: true, at: graceEndsAt, text: 'The grace period ended on {time}: until the items below are fixed, access to company resources may be blocked.' };
}

/** The notice's sentence with its time written by `formatTime`. */
export function renderGracePeriodNotice(notice: GracePeriodNotice, formatTime: (iso: string) => string): string {
  return notice.text.replace('{time}', formatTime(notice.at));
}
