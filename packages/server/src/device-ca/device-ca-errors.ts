import { VerityError, type ErrorDetail } from '@verity/core';

/**
 * Error catalog of the device CA. Every code is listed in docs/device-identity.md (a test checks it).
 * Status choices: a certificate we cannot attribute to a live device identity is an authentication
 * failure (401: present a valid credential), a revoked one is an authorisation failure (403: the
 * device is known and barred, re-authenticating will not help). CA and key material problems are
 * operator problems: 500 and never shown to the caller.
 */
export const DEVICE_CA_ERRORS = {
  VERITY_CSR_MALFORMED: { status: 400, expose: true },
  VERITY_CSR_BAD_SIGNATURE: { status: 400, expose: true },
  VERITY_CSR_UNSUPPORTED_KEY: { status: 400, expose: true },
  VERITY_DEVICE_CA_INVALID_REQUEST: { status: 400, expose: true },
  VERITY_DEVICE_CERT_UNKNOWN: { status: 401, expose: true },
  VERITY_DEVICE_CERT_EXPIRED: { status: 401, expose: true },
  VERITY_DEVICE_CERT_REVOKED: { status: 403, expose: true },
  VERITY_DEVICE_CA_INVALID: { status: 500, expose: false },
  VERITY_DEVICE_CA_EXPIRED: { status: 500, expose: false },
  VERITY_CRYPTO_MASTER_KEY_INVALID: { status: 500, expose: false },
  VERITY_CRYPTO_DECRYPT_FAILED: { status: 500, expose: false },
} as const satisfies Record<string, { status: number; expose: boolean }>;

/** Closed set of device-CA error codes. */
export type DeviceCaErrorCode = keyof typeof DEVICE_CA_ERRORS;

/** Build a VerityError from the catalog so status and expose never drift from the documentation. */
export function deviceCaError(code: DeviceCaErrorCode, message: string, details: readonly ErrorDetail[] = [], cause?: unknown): VerityError {
  const entry = DEVICE_CA_ERRORS[code];
  return new VerityError(code, message, { status: entry.status, expose: entry.expose, details, cause });
}
