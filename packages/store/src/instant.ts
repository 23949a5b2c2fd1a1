import { VerityError } from '@verity/core';
import { STORE_ERROR_CODES } from './store-errors.js';

/** A point in time as callers pass it: a Date or an ISO-8601 string. */
export type Instant = Date | string;

/**
 * Normalises a point in time to the stored form: ISO-8601 UTC with milliseconds
 * (`2026-01-02T03:04:05.678Z`). One fixed width means text order equals time order on both engines.
 */
export function toIso(value: Instant, path = '$'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const ms = date.getTime();
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) {
    throw new VerityError(STORE_ERROR_CODES.invalidTimestamp, 'Not a valid timestamp.', {
      status: 400, details: [{ path, message: 'expected an ISO-8601 timestamp between years 1970 and 9999' }],
    });
  }
  return date.toISOString();
}

/** Like toIso, but passes null and undefined through as null. */
export function toIsoOrNull(value: Instant | null | undefined, path = '$'): string | null {
  return value === null || value === undefined ? null : toIso(value, path);
}
