import { VerityError, evaluateAccess, parseIp, type AccessDecision, type PolicyReference } from '@verity/core';
import { validationError } from '../http/problem.js';
import type { ServerContext } from '../context.js';
import { signInRequestSchema, type SignInRequest } from './access-schemas.js';
import { policySetCache } from './policy-set-cache.js';
import { accessDisplayNames } from './access-display-names.js';
import { refusalSummary, resolveSignIn, type ResolvedSignIn } from './sign-in-facts.js';
import { referenceResolver } from './policy-reference-resolution.js';

/** Verity's own apps as conditional access sees them: the portal, the console, and the gateway's sign-in when it names no app. */
export const VERITY_APPS = { portal: 'verity-portal', admin: 'verity-admin', gateway: 'verity-gateway' } as const;

/** How the user authenticated (identity provider sign-ins): logged with the decision. */
export interface SignInAuthentication {
  readonly methods: readonly string[];
  readonly strength: string | null;
  /** How the device was proven: its certificate over mTLS, or a device-signed token; null without a device. */
  readonly deviceProof: 'certificate' | 'token' | null;
}

/** A decision with the facts it was made on. */
export interface SignInOutcome {
  readonly decision: AccessDecision;
  readonly resolved: ResolvedSignIn;
}

/**
 * Evaluate a sign-in against the tenant's compiled policy set, explaining every policy; nothing is
 * logged (what-if). With `nameUnresolved`, each policy's references the tenant does not have are
 * looked up and named in its explanation (the what-if answer; the decision API skips the lookups).
 */
export async function evaluateSignIn(ctx: ServerContext, tenantId: string, req: SignInRequest, options: { nameUnresolved?: boolean } = {}): Promise<SignInOutcome> {
  const [resolved, set] = await Promise.all([resolveSignIn(ctx, tenantId, req), policySetCache(ctx).get(tenantId)]);
  let unresolved: Map<string, PolicyReference[]> | undefined;
  if (options.nameUnresolved) {
    const resolver = referenceResolver(ctx.store, tenantId);
    unresolved = new Map(await Promise.all(set.policies.filter((p) => p.state !== 'disabled').map(async (p) => [p.id ?? p.displayName, await resolver.unresolved(p)] as const)));
  }
  // The explanation names the user, groups, roles and apps; the decision's fields keep the ids.
  const names = await accessDisplayNames(ctx, tenantId, { policies: set.policies, users: [resolved.user] });
  return { decision: evaluateAccess(set.compiled, resolved.signIn, { explain: true, names, ...(unresolved ? { unresolved } : {}) }), resolved };
}

/**
 * A real decision: evaluated like a what-if, then written to the sign-in log with every
 * policy's result (report-only ones separately) so that admins can see why later.
 */
export async function decideSignIn(ctx: ServerContext, input: { tenantId: string } & Partial<SignInRequest> & { user: string; authentication?: SignInAuthentication }): Promise<SignInOutcome & { signInId: string }> {
  const { tenantId, authentication, ...rest } = input;
  // Callers inside the server pass trusted values; parsing applies the same defaults as the HTTP edge.
  const parsed = signInRequestSchema.safeParse(rest);
  if (!parsed.success) throw validationError(parsed.error);
  const req = parsed.data;
  const outcome = await evaluateSignIn(ctx, tenantId, req);
  const { decision, resolved } = outcome;
  const entry = await ctx.store.signIns.add(tenantId, {
    id: ctx.newId(),
    at: ctx.now(),
    userId: resolved.user.id,
    appId: req.appId,
    deviceId: resolved.device?.id ?? null,
    ip: req.ip,
    clientApp: req.clientAppType,
    platform: resolved.signIn.platform,
    result: decision.result,
    reportOnlyResults: decision.policies.filter((p) => p.state === 'enabledForReportingButNotEnforced' && p.reportOnlyResult !== 'notApplied'),
    decision: {
      ...decision,
      input: {
        userPrincipalName: resolved.user.userPrincipalName, groupIds: resolved.groupIds, roleIds: resolved.roleIds, userAction: req.userAction ?? null,
        signInRisk: req.signInRisk, userRisk: req.userRisk, satisfied: req.satisfied, country: resolved.signIn.country ?? null,
        device: resolved.signIn.device ? { id: resolved.signIn.device.id, isCompliant: resolved.signIn.device.isCompliant, trustType: resolved.signIn.device.trustType } : null,
        deviceRefusal: refusalSummary(resolved.signIn.deviceRefusal),
        ...(authentication ? { authentication } : {}),
      },
    },
  });
  return { ...outcome, signInId: entry.id };
}

/** Refuse a sign-in that was not granted: 403 naming the block or the missing controls (report-only policies never refuse). */
export function refuseUnlessGranted(decision: AccessDecision, signInId: string): void {
  if (decision.result === 'grant') return;
  if (decision.result === 'block') {
    const by = decision.policies.filter((p) => p.state === 'enabled' && p.result === 'block').map((p) => p.displayName);
    throw new VerityError('VERITY_ACCESS_BLOCKED', `Conditional access blocks this sign-in (${by.join(', ')}). Sign-in id ${signInId}.`, {
      status: 403, details: by.map((name) => ({ path: '$', message: `blocked by policy "${name}"` })),
    });
  }
  throw new VerityError('VERITY_ACCESS_CONTROLS_REQUIRED', `Conditional access requires: ${decision.missingControls.map((c) => c.message).join(' ')} Sign-in id ${signInId}.`, {
    status: 403, details: decision.missingControls.map((c) => ({ path: '$', message: c.message, expected: c.control })),
  });
}

/**
 * The password sign-in to the portal or the admin console as a real conditional access
 * decision: password only (no MFA yet), no device, logged, refused unless granted.
 */
export async function enforcePasswordSignIn(ctx: ServerContext, input: { tenantId: string; userId: string; kind: 'admin' | 'portal'; ip: string | null }): Promise<void> {
  const { decision, signInId } = await decideSignIn(ctx, {
    tenantId: input.tenantId, user: input.userId, appId: input.kind === 'admin' ? VERITY_APPS.admin : VERITY_APPS.portal,
    ip: input.ip !== null && parseIp(input.ip) !== null ? input.ip : null, clientAppType: 'browser', satisfied: { mfa: false, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false },
  });
  refuseUnlessGranted(decision, signInId);
}
