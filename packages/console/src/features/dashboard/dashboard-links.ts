// Where each number on the dashboard leads: the filtered list behind it. Pure, unit-tested.

/** The devices list filtered by one dimension of the device report (active devices, as the chart counts them). */
export function devicesLink(filter: Record<string, string>): string {
  return `/devices?${new URLSearchParams({ status: 'active', ...filter }).toString()}`;
}

/** The start and end (exclusive) of a report bucket label: an hour (2026-05-01T13) or a day (2026-05-01). */
export function bucketRange(label: string): { from: string; to: string } {
  const hour = label.length === 13;
  const start = new Date(hour ? `${label}:00:00.000Z` : `${label}T00:00:00.000Z`);
  const end = new Date(start.getTime() + (hour ? 3_600_000 : 86_400_000));
  return { from: start.toISOString(), to: end.toISOString() };
}

/** The devices whose last check-in falls in a bucket. */
export function lastCheckinLink(label: string): string {
  const { from, to } = bucketRange(label);
  // The API's lastCheckinAfter is exclusive: one millisecond earlier includes check-ins exactly on the hour.
  const after = new Date(new Date(from).getTime() - 1).toISOString();
  return devicesLink({ lastCheckinAfter: after, lastCheckinBefore: to, sort: 'lastCheckinAt', order: 'desc' });
}

/** The sign-in log filtered to a bucket and a result. */
export function signInsLink(label: string, result: 'grant' | 'block' | 'controlsRequired'): string {
  const { from, to } = bucketRange(label);
  return `/conditional-access/sign-ins?${new URLSearchParams({ result, from, to }).toString()}`;
}

/** A bucket label for the chart's axis: "13:00" for an hour, "May 1" for a day (UTC, as the server buckets). */
export function bucketTick(label: string): string {
  if (label.length === 13) return `${label.slice(11, 13)}:00`;
  const d = new Date(`${label}T00:00:00.000Z`);
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
