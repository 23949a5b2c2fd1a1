import type { webcrypto } from 'node:crypto';
import type { X509Certificate } from './x509-library.js';

/** What issuing needs from a loaded CA; kept inside the device-ca folder. */
export interface CaSigner {
  readonly cert: X509Certificate;
  readonly privateKey: webcrypto.CryptoKey;
  readonly publicKey: webcrypto.CryptoKey;
  /** Subject key identifier of the CA (hex), copied into each leaf's authorityKeyIdentifier. */
  readonly keyId: string;
}

/** Allowance for device clocks running behind the server's (the notBefore back-dating). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** X.509 times have one-second precision; truncate so the returned dates equal the certificate's. */
function floorToSecond(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/**
 * Leaf validity: from `now` minus the clock-skew allowance, for `validityDays`, but never past the
 * CA's own notAfter (a leaf outliving its issuer fails chain validation anyway; clamping makes the
 * stored notAfter truthful so renewal triggers in time).
 */
export function leafValidity(now: Date, validityDays: number, caNotAfter: Date): { notBefore: Date; notAfter: Date } {
  const notBefore = floorToSecond(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = floorToSecond(Math.min(now.getTime() + validityDays * DAY_MS, caNotAfter.getTime()));
  return { notBefore, notAfter };
}
