import type { AuthenticationStrength } from '../access/authentication-strength.js';

/**
 * How a user proved who they are at sign-in. A closed list: the sign-in log, sessions and tokens
 * carry these names; `amrOf` maps them to RFC 8176 Authentication Method Reference values.
 * - `password`: something the user knows (scrypt-checked).
 * - `totp`, `recoveryCode`: one-time codes from something the user has (RFC 6238 authenticator, printed codes).
 * - `passkey`: a WebAuthn credential with user verification (the authenticator checked a PIN or biometric).
 * - `devicePin`: the Verity PIN of an enrolled device, accepted only together with the device's own key
 *   (its mTLS certificate or a device-signed token): the Windows Hello for Business analogue.
 */
export type AuthMethod = 'password' | 'totp' | 'recoveryCode' | 'passkey' | 'devicePin';
export const AUTH_METHODS: readonly AuthMethod[] = ['password', 'totp', 'recoveryCode', 'passkey', 'devicePin'];

const KNOWLEDGE: ReadonlySet<AuthMethod> = new Set(['password']);
const POSSESSION: ReadonlySet<AuthMethod> = new Set(['totp', 'recoveryCode']);
/** Methods that are multifactor by themselves: a key the user holds, unlocked by a PIN or biometric. */
const MULTIFACTOR_ALONE: ReadonlySet<AuthMethod> = new Set(['passkey', 'devicePin']);

/**
 * The built-in authentication strength the methods reach (Entra's definitions): phishing-resistant
 * MFA for a key bound to the origin or the device (passkey with user verification, device PIN
 * with the device key), which is also passwordless MFA; plain MFA for a password with a one-time
 * code; null for a single factor.
 */
export function authenticationStrengthOf(methods: readonly AuthMethod[]): AuthenticationStrength | null {
  if (methods.some((m) => MULTIFACTOR_ALONE.has(m))) return 'phishingResistant';
  if (methods.some((m) => KNOWLEDGE.has(m)) && methods.some((m) => POSSESSION.has(m))) return 'mfa';
  return null;
}

/** Whether the methods amount to multifactor authentication (Graph `mfa` grant control). */
export function isMultifactor(methods: readonly AuthMethod[]): boolean {
  return authenticationStrengthOf(methods) !== null;
}

/** RFC 8176 `amr` values for the methods, plus `mfa` when they are multifactor. */
export function amrOf(methods: readonly AuthMethod[], passkey: { hardwareBound: boolean } = { hardwareBound: true }): string[] {
  const out = new Set<string>();
  for (const m of methods) {
    if (m === 'password') out.add('pwd');
    else if (m === 'totp' || m === 'recoveryCode') out.add('otp');
    else if (m === 'passkey') { out.add(passkey.hardwareBound ? 'hwk' : 'swk'); out.add('user'); }
    else if (m === 'devicePin') { out.add('hwk'); out.add('pin'); }
  }
  if (isMultifactor(methods)) out.add('mfa');
  return [...out].sort();
}

/** Authentication context class references Verity issues (`acr`), one per strength. */
export const ACR_VALUES = {
  password: 'urn:verity:acr:password',
  mfa: 'urn:verity:acr:mfa',
  passwordless: 'urn:verity:acr:passwordless-mfa',
  phishingResistant: 'urn:verity:acr:phishing-resistant-mfa',
} as const;

/** The `acr` of a sign-in with this strength. */
export function acrOf(strength: AuthenticationStrength | null): string {
  return strength === null ? ACR_VALUES.password : ACR_VALUES[strength];
}

/** The methods a session's `amr` stands for (the reverse of `amrOf`, up to what amr can tell). */
export function methodsFromAmr(amr: readonly string[]): AuthMethod[] {
  const out: AuthMethod[] = [];
  if (amr.includes('pwd')) out.push('password');
  if (amr.includes('otp')) out.push('totp');
  if (amr.includes('pin') && amr.includes('hwk')) out.push('devicePin');
  else if (amr.includes('user') && (amr.includes('hwk') || amr.includes('swk'))) out.push('passkey');
  return out;
}

/**
 * Which further methods could satisfy the missing controls of a conditional access decision
 * (step-up): `mfa` and the MFA strength by a one-time code or a passkey; passwordless and
 * phishing-resistant strengths only by a passkey (or a device PIN on an enrolled device).
 * Empty when no sign-in method can help (block, compliant device, terms of use…).
 */
export function stepUpMethodsFor(missingControls: readonly string[]): AuthMethod[] {
  const needs = new Set<AuthMethod>();
  let unsatisfiable = false;
  for (const control of missingControls) {
    const alternatives = control.startsWith('anyOf(') ? control.slice(6, -1).split(',') : [control];
    const methods = new Set<AuthMethod>();
    for (const c of alternatives) {
      if (c === 'mfa' || c === 'authenticationStrength:mfa') ['totp', 'recoveryCode', 'passkey', 'devicePin'].forEach((m) => methods.add(m as AuthMethod));
      else if (c === 'authenticationStrength:passwordless' || c === 'authenticationStrength:phishingResistant') ['passkey', 'devicePin'].forEach((m) => methods.add(m as AuthMethod));
    }
    if (methods.size === 0) unsatisfiable = true;
    for (const m of methods) needs.add(m);
  }
  return unsatisfiable ? [] : AUTH_METHODS.filter((m) => needs.has(m));
}
