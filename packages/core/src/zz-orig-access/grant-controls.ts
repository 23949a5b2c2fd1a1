import { strengthSatisfies } from './authentication-strength.js';
import type { CompiledPolicy, GrantControl } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

/** True when the sign-in already meets one grant control (Graph `builtInControls` / `authenticationStrength`). */
export function controlSatisfied(c: GrantControl, ctx: SignInContext): boolean {
  switch (c.kind) {
    // Any built-in authentication strength is itself multifactor.
    case 'mfa':
      return ctx.satisfied.mfa || ctx.satisfied.authenticationStrength !== null;
    case 'compliantDevice':
      return ctx.device !== null && ctx.device.isCompliant;
    // Entra's "hybrid Azure AD joined" is Verity's corporate-joined trust type.
    case 'domainJoinedDevice':
      return ctx.device !== null && ctx.device.trustType === 'ServerAD';
    case 'approvedApplication':
      return ctx.satisfied.approvedApplication;
    case 'compliantApplication':
      return ctx.satisfied.compliantApplication;
    case 'passwordChange':
      return ctx.satisfied.passwordChanged;
    case 'strength':
      return strengthSatisfies(ctx.satisfied.authenticationStrength, c.strength!);
    case 'never':
      return false;
  }
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
 * One applied policy's grant: block, grant, or the controls still missing. With AND every
 * control is required; with OR one is enough, and if none is met the alternatives are reported
 * as one `anyOf(...)` requirement.
 */
export function evaluateGrant(p: CompiledPolicy, ctx: SignInContext): GrantResult {
  if (p.block) return BLOCK;
  const controls = p.controls;
  if (controls.length === 0) return GRANT;
  if (p.operator === 'OR') {
    for (const c of controls) if (controlSatisfied(c, ctx)) return GRANT;
    return { outcome: 'controlsRequired', missing: [controls.length === 1 ? controls[0]!.key : anyOfKey(p)] };
  }
  let missing: string[] | null = null;
  for (const c of controls) if (!controlSatisfied(c, ctx)) (missing ??= []).push(c.key);
  return missing === null ? GRANT : { outcome: 'controlsRequired', missing };
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
