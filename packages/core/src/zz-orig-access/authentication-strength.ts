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
