import { VerityError } from '@verity/core';

/**
 * The store's error catalog. Every error the store raises on bad input is a VerityError with a 4xx
 * status naming the JSON path at fault; driver errors that are not the caller's fault pass through.
 */
export const STORE_ERROR_CODES = {
  conflict: 'VERITY_STORE_CONFLICT',
  invalidCursor: 'VERITY_STORE_INVALID_CURSOR',
  invalidQuery: 'VERITY_STORE_INVALID_QUERY',
  invalidTimestamp: 'VERITY_STORE_INVALID_TIMESTAMP',
  invalidConfig: 'VERITY_STORE_INVALID_CONFIG',
} as const;

/** A unique key already holds this value (409). */
export function conflictError(table: string, cause: unknown): VerityError {
  return new VerityError(STORE_ERROR_CODES.conflict, `A ${table} row with the same unique key already exists.`, {
    status: 409, cause, details: [{ path: '$', message: `duplicate key in ${table}` }],
  });
}

/** A query parameter is out of range (400). */
export function invalidQuery(path: string, message: string): VerityError {
  return new VerityError(STORE_ERROR_CODES.invalidQuery, message, { status: 400, details: [{ path, message }] });
}

/** A pagination cursor is not one this store issued for this query (400). */
export function invalidCursor(message: string): VerityError {
  return new VerityError(STORE_ERROR_CODES.invalidCursor, 'The pagination cursor is invalid.', {
    status: 400, details: [{ path: '$.cursor', message }],
  });
}

/** True when a driver error is a unique/primary-key violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL SQLSTATE 23505 unique_violation; better-sqlite3 extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Whether a driver error is a foreign-key violation (a row pointing at a parent that does not exist, in its tenant). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL SQLSTATE 23503 foreign_key_violation; better-sqlite3 extended result code.
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Checks a page size: 1..max, integer. */
export function checkLimit(limit: number | undefined, fallback: number, max = 500, path = '$.limit'): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalidQuery(path, `limit must be an integer from 1 to ${max}`);
  return value;
}

/** Checks an offset: a non-negative integer. */
export function checkOffset(offset: number | undefined, path = '$.offset'): number {
  const value = offset ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > 10_000_000) throw invalidQuery(path, 'offset must be a non-negative integer');
  return value;
}
