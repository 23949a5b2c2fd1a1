/**
 * Maps between stored rows (snake_case, JSON as text) and records (camelCase, JSON parsed).
 * Hand-written because it is ten lines and keeps every repository's column list in one place:
 * the JSON columns named per table.
 */
const snakeCache = new Map<string, string>();
const camelCache = new Map<string, string>();

/** `userPrincipalName` → `user_principal_name`. */
export function toSnake(key: string): string {
  let out = snakeCache.get(key);
  if (out === undefined) { out = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`); snakeCache.set(key, out); }
  return out;
}

/** `user_principal_name` → `userPrincipalName`. */
export function toCamel(key: string): string {
  let out = camelCache.get(key);
  if (out === undefined) { out = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()); camelCache.set(key, out); }
  return out;
}

/** A stored row as a record: camelCase keys, JSON columns parsed, integer columns as numbers. */
export function toRecord<R>(row: Record<string, unknown>, jsonColumns: readonly string[]): R {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[toCamel(key)] = jsonColumns.includes(key) && typeof value === 'string' ? JSON.parse(value) : value;
  }
  return out as R;
}

/** Record values (camelCase, JSON as values) as a row to store; undefined values are left out. */
export function toRow(values: Record<string, unknown>, jsonColumns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const column = toSnake(key);
    out[column] = jsonColumns.includes(column) ? JSON.stringify(value) : value;
  }
  return out;
}
