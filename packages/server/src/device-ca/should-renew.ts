/**
 * Renewal timing. Renewing once two thirds of the lifetime has passed (the rule cert-manager and
 * SPIRE use) leaves a third of the lifetime, 30 days for a 90-day certificate, to retry through
 * outages before the device is locked out.
 */

/** The moment from which a certificate should be renewed: two thirds into its lifetime. */
export function renewalTime(notBefore: Date, notAfter: Date): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  return new Date(notBefore.getTime() + Math.max(0, lifetime) * (2 / 3));
}

/** Whether a cert should be renewed now: renew when less than 1/3 of its lifetime remains. */
export function shouldRenew(notBefore: Date, notAfter: Date, now: Date): boolean {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  if (!(lifetime > 0)) return true;
  const remaining = notAfter.getTime() - now.getTime();
  return remaining < lifetime / 3;
}
