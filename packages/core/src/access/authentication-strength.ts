/**
 * Entra's built-in authentication strengths (well-known ids in Graph
 * `authenticationStrengthPolicy`) mapped to Verity's three strengths. A stronger strength
 * satisfies a weaker one: every phishing-resistant method is passwordless MFA, and every
 * passwordless method is MFA.
 */
export type AuthenticationStrength = 'mfa' | 'passwordless' | 'phishingResistant';

export const BUILT_IN_AUTHENTICATION_STRENGTHS: ReadonlyMap<string, AuthenticationStrength> = new Map([
  ['00000000-0000-0000-0000-000000000002', 'mfa'],
  ['00000000-0000-0000-0000-000000000003', 'passwordless'],
  ['00000000-0000-0000-0000-000000000004', 'phishingResistant'],
]);

const RANK: Record<AuthenticationStrength, number> = { mfa: 1, passwordless: 2, phishingResistant: 3 };

/** True when the strength used at sign-in meets the required one. */
export function strengthSatisfies(used: AuthenticationStrength | null, required: AuthenticationStrength): boolean {
  return used !== null && RANK[used] >= RANK[required];
}

/**
 * Authentication methods a sign-in may have used (Entra's method names, `passkey` for FIDO2),
 * as what-if and the decision API accept them.
 */
export const AUTHENTICATION_METHODS = [
  'password', 'sms', 'voice', 'totp', 'microsoftAuthenticatorPush', 'microsoftAuthenticatorPasswordless', 'passkey',
  'windowsHelloForBusiness', 'x509CertificateMultiFactor', 'x509CertificateSingleFactor', 'federatedMultiFactor', 'temporaryAccessPass',
] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

const PHISHING_RESISTANT = new Set<AuthenticationMethod>(['passkey', 'windowsHelloForBusiness', 'x509CertificateMultiFactor']);
const PASSWORDLESS = new Set<AuthenticationMethod>([...PHISHING_RESISTANT, 'microsoftAuthenticatorPasswordless']);
const SECOND_FACTORS = new Set<AuthenticationMethod>(['sms', 'voice', 'totp', 'microsoftAuthenticatorPush']);
const FIRST_FACTORS = new Set<AuthenticationMethod>(['password', 'x509CertificateSingleFactor']);
// Multifactor on their own, by Entra's built-in "Multifactor authentication" strength.
const MULTIFACTOR_ALONE = new Set<AuthenticationMethod>(['federatedMultiFactor', 'temporaryAccessPass']);

/**
 * The strongest built-in strength a set of methods meets (Entra's combinations, simplified to the
 * three built-in strengths): a phishing-resistant method; a passwordless one; a first factor with
 * a second factor (password + TOTP); null for a single factor such as a password alone.
 */
export function strengthOfMethods(methods: readonly AuthenticationMethod[]): AuthenticationStrength | null {
  const used = new Set(methods);
  if ([...used].some((m) => PHISHING_RESISTANT.has(m))) return 'phishingResistant';
  if ([...used].some((m) => PASSWORDLESS.has(m))) return 'passwordless';
  if ([...used].some((m) => MULTIFACTOR_ALONE.has(m))) return 'mfa';
  if ([...used].some((m) => FIRST_FACTORS.has(m)) && [...used].some((m) => SECOND_FACTORS.has(m))) return 'mfa';
  return null;
}
