/** Print rows as an aligned text table (humans) — scripts use --json. */
export function printTable(rows: readonly Record<string, unknown>[], columns: readonly string[], out: (line: string) => void = console.log): void {
  const cells = rows.map((r) => columns.map((c) => formatCell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  out(columns.map((c, i) => c.toUpperCase().padEnd(widths[i]!)).join('  ').trimEnd());
  for (const row of cells) out(row.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd());
}

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Print one JSON document on one line (for --json). */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value));
}
