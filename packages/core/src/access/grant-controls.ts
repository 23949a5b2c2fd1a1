import { strengthSatisfies, type AuthenticationStrength } from './authentication-strength.js';
import type { CompiledPolicy, GrantControl } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

/**
 * Grant controls as bits: what a sign-in has proven is computed once per decision
 * (`satisfiedControls`), and each policy's requirement is then a pure function of
 * `satisfied & policy.controlBits`, which the decision memoises per policy.
 */
const BUILT_IN_BITS = { mfa: 1, compliantDevice: 2, domainJoinedDevice: 4, approvedApplication: 8, compliantApplication: 16, passwordChange: 32 } as const;
const STRENGTH_BITS: Readonly<Record<AuthenticationStrength, number>> = { mfa: 64, passwordless: 128, phishingResistant: 256 };
const STRENGTHS = Object.keys(STRENGTH_BITS) as AuthenticationStrength[];
/** For each strength used at sign-in, the bits of every required strength it satisfies (`strengthSatisfies`). */
const STRENGTHS_MET = new Map(STRENGTHS.map((used) => [used, STRENGTHS.reduce((bits, required) => (strengthSatisfies(used, required) ? bits | STRENGTH_BITS[required] : bits), 0)] as const));

/** The bit a sign-in must have for this control to be met; 0 for controls Verity can never satisfy. */
export function controlBit(c: GrantControl): number {
  switch (c.kind) {
    case 'strength':
      return STRENGTH_BITS[c.strength!];
    case 'never':
      return 0;
    default:
      return BUILT_IN_BITS[c.kind];
  }
}

/** The grant controls (Graph `builtInControls` / `authenticationStrength`) this sign-in already meets, as bits. */
export function satisfiedControls(ctx: SignInContext): number {
  const s = ctx.satisfied;
  // A refused device satisfies nothing, even if a caller left its record in `device`.
  const d = ctx.deviceRefusal ? null : ctx.device;
  let bits = 0;
  // Any built-in authentication strength is itself multifactor.
  if (s.mfa || s.authenticationStrength !== null) bits |= BUILT_IN_BITS.mfa;
  if (d !== null && d.isCompliant) bits |= BUILT_IN_BITS.compliantDevice;
  // Entra's "hybrid Azure AD joined" is Verity's corporate-joined trust type.
  if (d !== null && d.trustType === 'ServerAD') bits |= BUILT_IN_BITS.domainJoinedDevice;
  if (s.approvedApplication) bits |= BUILT_IN_BITS.approvedApplication;
  if (s.compliantApplication) bits |= BUILT_IN_BITS.compliantApplication;
  if (s.passwordChanged) bits |= BUILT_IN_BITS.passwordChange;
  return bits | (STRENGTHS_MET.get(s.authenticationStrength!) ?? 0);
}

export type GrantOutcome = 'block' | 'grant' | 'controlsRequired';
export interface GrantResult {
  readonly outcome: GrantOutcome;
  readonly missing: readonly string[];
}
// Shared, frozen results: most decisions end in these two, and allocating them per policy shows in the tail.
const NONE: readonly string[] = Object.freeze([]);
export const GRANT: GrantResult = Object.freeze({ outcome: 'grant', missing: NONE });
export const BLOCK: GrantResult = Object.freeze({ outcome: 'block', missing: NONE });

/**
 * One applied policy's grant, given the satisfied control bits: block, grant, or the controls
 * still missing. With AND every control is required; with OR one is enough, and if none is met
 * the alternatives are reported as one `anyOf(...)` requirement.
 */
export function grantFor(p: CompiledPolicy, satisfied: number): GrantResult {
  if (p.block) return BLOCK;
  const controls = p.controls;
  if (controls.length === 0) return GRANT;
  if (p.operator === 'OR') {
    for (const c of controls) if ((controlBit(c) & satisfied) !== 0) return GRANT;
    return Object.freeze({ outcome: 'controlsRequired', missing: Object.freeze([controls.length === 1 ? controls[0]!.key : anyOfKey(p)]) });
  }
  let missing: string[] | null = null;
  for (const c of controls) if ((controlBit(c) & satisfied) === 0) (missing ??= []).push(c.key);
  return missing === null ? GRANT : Object.freeze({ outcome: 'controlsRequired', missing: Object.freeze(missing) });
}

/** One applied policy's grant for this sign-in (see `grantFor`). */
export function evaluateGrant(p: CompiledPolicy, ctx: SignInContext): GrantResult {
  // Block and control-free policies never read the sign-in.
  if (p.block || p.controls.length === 0) return grantFor(p, 0);
  return grantFor(p, satisfiedControls(ctx));
}

const anyOfKeys = new WeakMap<CompiledPolicy, string>();
/** `anyOf(a,b)` for an OR policy; memoised per compiled policy so decisions build no strings. */
function anyOfKey(p: CompiledPolicy): string {
  let key = anyOfKeys.get(p);
  if (key === undefined) {
    key = `anyOf(${[...new Set(p.controls.map((c) => c.key))].sort().join(',')})`;
    anyOfKeys.set(p, key);
  }
  return key;
}
