import type { TimeBucketRow, ReportBucket } from '@verity/store';

// Pure shaping of the store's GROUP BY rows into chart series: every bucket from `from` to `now`
// present (a chart with gaps reads as "no data" where it means zero), keys as columns.

/** The bucket label of an instant: the ISO prefix the store groups by (hour: 2026-05-01T13, day: 2026-05-01). */
export function bucketLabel(at: Date, bucket: ReportBucket): string {
  return at.toISOString().slice(0, bucket === 'hour' ? 13 : 10);
}

/** Every bucket label from `from` to `now` inclusive, oldest first. */
export function bucketLabels(from: Date, now: Date, bucket: ReportBucket): string[] {
  const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const labels: string[] = [];
  const start = new Date(bucketLabel(from, bucket) + (bucket === 'hour' ? ':00:00.000Z' : 'T00:00:00.000Z'));
  for (let t = start.getTime(); t <= now.getTime(); t += step) labels.push(bucketLabel(new Date(t), bucket));
  return labels;
}

/** One point per bucket with a count for each of `keys` (rows for other keys are ignored). */
export function toSeries<K extends string>(rows: readonly TimeBucketRow[], labels: readonly string[], keys: readonly K[]): ({ bucket: string } & Record<K, number>)[] {
  const byBucket = new Map<string, Record<string, number>>();
  for (const label of labels) byBucket.set(label, Object.fromEntries(keys.map((k) => [k, 0])));
  for (const row of rows) {
    const point = byBucket.get(row.bucket);
    if (point && row.key in point) point[row.key] = (point[row.key] ?? 0) + row.count;
  }
  return labels.map((bucket) => ({ bucket, ...(byBucket.get(bucket) as Record<K, number>) }));
}

/** Counts summed per value of one dimension, largest first. */
export function countBy<R>(rows: readonly R[], key: (row: R) => string, count: (row: R) => number): { key: string; count: number }[] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + count(row));
  return [...sums].map(([k, c]) => ({ key: k, count: c })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
