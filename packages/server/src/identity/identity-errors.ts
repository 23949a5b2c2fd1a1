import { VerityError, type ErrorDetail } from '@verity/core';

/**
 * The identity domain's error catalog (problem+json codes; OIDC and SCIM answer in their own
 * protocols' error shapes, see oidc/ and scim/). One place to read what sign-in can answer.
 */
export const IDENTITY_ERRORS = {
  /** Too many failed attempts for this account from this kind of source: wait `retry-after` seconds. */
  throttled: 'VERITY_AUTH_THROTTLED',
  /** The sign-in transaction is unknown, expired, finished or belongs to another flow. */
  transactionInvalid: 'VERITY_AUTH_TRANSACTION_INVALID',
  /** The one-time code, recovery code or PIN is wrong, or was already used. */
  factorInvalid: 'VERITY_AUTH_FACTOR_INVALID',
  /** The passkey assertion or registration did not verify (origin, RP ID, challenge, signature, counter). */
  passkeyInvalid: 'VERITY_AUTH_PASSKEY_INVALID',
  /** The method asked for is not set up for this user or not offered in this step. */
  methodUnavailable: 'VERITY_AUTH_METHOD_UNAVAILABLE',
  /** The device proof (mTLS certificate or device token) is invalid, replayed, or the device is not active. */
  deviceProofInvalid: 'VERITY_AUTH_DEVICE_PROOF_INVALID',
  /** The new password breaks the password policy; `errors` names each rule. */
  passwordPolicy: 'VERITY_IDENTITY_PASSWORD_POLICY',
  /** The PIN or passkey breaks the effective PIN and passkey policy; `errors` names each rule and where it comes from. */
  pinPolicy: 'VERITY_IDENTITY_PIN_POLICY',
  /** Identity settings or a protection profile are invalid. */
  settingsInvalid: 'VERITY_IDENTITY_SETTINGS_INVALID',
  /** An OIDC client registration is invalid (redirect URIs, grant types). */
  clientInvalid: 'VERITY_OIDC_CLIENT_INVALID',
} as const;

/** Too many failures: 429 with the seconds to wait. */
export function throttledError(seconds: number): VerityError {
  return new VerityError(IDENTITY_ERRORS.throttled, `Too many failed sign-ins for this account; try again in ${seconds} s.`, { status: 429, extensions: { retryAfterSeconds: seconds } });
}

/** The same answer for an unknown tenant, an unknown user, a wrong password and a disabled account (no enumeration). */
export function invalidCredentials(): VerityError {
  return new VerityError('VERITY_AUTH_INVALID_CREDENTIALS', 'The tenant, user name or password is wrong, or the account is disabled.', { status: 401 });
}

/** An unknown or finished sign-in transaction. */
export function transactionInvalid(): VerityError {
  return new VerityError(IDENTITY_ERRORS.transactionInvalid, 'This sign-in has expired or is already finished; start again.', { status: 401 });
}

/** A wrong or reused code or PIN. */
export function factorInvalid(what: string): VerityError {
  return new VerityError(IDENTITY_ERRORS.factorInvalid, `The ${what} is wrong or was already used.`, { status: 401 });
}

/** A passkey ceremony that did not verify; the reason is a closed code for logs and tests. */
export function passkeyInvalid(reason: string): VerityError {
  return new VerityError(IDENTITY_ERRORS.passkeyInvalid, `The passkey could not be verified (${reason}).`, { status: 401, details: [{ path: '$.response', message: reason }] });
}

/** A method the user has not set up, or that this step does not offer. */
export function methodUnavailable(method: string): VerityError {
  return new VerityError(IDENTITY_ERRORS.methodUnavailable, `Sign-in with ${method} is not available here.`, { status: 400, details: [{ path: '$.method', message: `${method} is not available` }] });
}

/** A policy violation listing each rule. */
export function policyViolation(code: string, what: string, details: ErrorDetail[]): VerityError {
  return new VerityError(code, `The ${what} does not meet the policy: ${details.map((d) => d.message).join(' ')}`, { status: 422, details });
}
