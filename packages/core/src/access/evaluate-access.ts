import { CONDITION_CODES, DECISION_CODES, controlMessage, type ConditionCode, type DecisionCode } from './access-reasons.js';
import { evaluateGrant, type GrantOutcome } from './grant-controls.js';
import { matchConditions, newScratch, type DecisionScratch } from './policy-conditions.js';
import type { CompiledPolicy, CompiledPolicySet, SessionControls } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

export interface PolicyResult {
  policyId: string;
  displayName: string;
  state: 'enabled' | 'enabledForReportingButNotEnforced';
  applied: boolean;
  /** The condition that decided whether the policy applies (`all` when every condition matched). */
  decidedBy: { condition: string; code: ConditionCode; message: string };
  result: 'notApplied' | GrantOutcome;
  /** Controls this policy still requires (keys as in `missingControls`). */
  missingControls: readonly string[];
  /** For report-only policies: what enforcing them would have done. */
  reportOnlyResult?: 'notApplied' | 'wouldBlock' | 'wouldGrant' | 'wouldRequireControls';
}

export interface AccessDecision {
  result: GrantOutcome;
  /** Controls still missing across enforced policies, deduplicated, in policy order. */
  missingControls: { control: string; message: string; policyIds: string[] }[];
  /** Session controls merged from the enforced policies that applied (most restrictive wins). */
  sessionControls: SessionControls;
  /** Applied policies; with `explain`, every enabled and report-only policy. */
  policies: PolicyResult[];
  reasons: { code: DecisionCode; message: string }[];
}

const CONDITION_OF: Record<ConditionCode, string> = {
  'all-conditions-met': 'all',
  'users-none': 'users',
  'user-not-included': 'users',
  'user-excluded': 'users',
  'app-not-included': 'applications',
  'app-excluded': 'applications',
  'user-action-not-included': 'applications',
  'client-app-not-included': 'clientAppTypes',
  'platform-not-included': 'platforms',
  'platform-excluded': 'platforms',
  'location-not-included': 'locations',
  'location-excluded': 'locations',
  'device-filter-not-matched': 'devices',
  'device-filter-excluded': 'devices',
  'sign-in-risk-not-included': 'signInRiskLevels',
  'user-risk-not-included': 'userRiskLevels',
  'policy-error': 'policy',
};

const EMPTY: readonly CompiledPolicy[] = [];

/** Policies that may apply to this sign-in, in policy order (the index answers most "not applied" without looking). */
function candidates(set: CompiledPolicySet, ctx: SignInContext): readonly CompiledPolicy[] {
  const byAction = ctx.userAction !== undefined ? (set.byUserAction.get(ctx.userAction) ?? EMPTY) : null;
  const byApp = ctx.userAction !== undefined && ctx.appId === null ? EMPTY : ctx.appId === null ? set.anyApp : (set.byApp.get(ctx.appId) ?? set.anyApp);
  if (byAction === null || byAction.length === 0) return byApp;
  if (byApp.length === 0) return byAction;
  const merged = new Map<number, CompiledPolicy>();
  for (const p of byAction) merged.set(p.index, p);
  for (const p of byApp) merged.set(p.index, p);
  return [...merged.values()].sort((a, b) => a.index - b.index);
}

function describe(p: CompiledPolicy, ctx: SignInContext, code: ConditionCode): string {
  const name = `"${p.displayName}"`;
  switch (code) {
    case 'all-conditions-met':
      return `${name} applies: every condition matches.`;
    case 'user-not-included':
      return `${name} does not apply: user ${ctx.user.id} is not included by user, group, role or guest type.`;
    case 'user-excluded':
      return `${name} does not apply: user ${ctx.user.id} is excluded by user, group, role or guest type.`;
    case 'app-not-included':
      return `${name} does not apply: ${ctx.appId === null ? 'the sign-in has no application' : `application ${ctx.appId} is not included`}.`;
    case 'app-excluded':
      return `${name} does not apply: application ${ctx.appId} is excluded.`;
    case 'user-action-not-included':
      return `${name} does not apply: it targets user actions${ctx.userAction ? `, not ${ctx.userAction}` : ''}.`;
    case 'client-app-not-included':
      return `${name} does not apply: client app type ${ctx.clientAppType} is not included.`;
    case 'platform-not-included':
      return `${name} does not apply: platform ${ctx.platform ?? 'unknown'} is not included.`;
    case 'platform-excluded':
      return `${name} does not apply: platform ${ctx.platform} is excluded.`;
    case 'location-not-included':
      return `${name} does not apply: IP ${ctx.ip ?? 'unknown'} is in no included location.`;
    case 'location-excluded':
      return `${name} does not apply: IP ${ctx.ip} is in an excluded location.`;
    case 'sign-in-risk-not-included':
      return `${name} does not apply: sign-in risk ${ctx.signInRisk} is not included.`;
    case 'user-risk-not-included':
      return `${name} does not apply: user risk ${ctx.userRisk} is not included.`;
    case 'policy-error':
      return `${name} could not be evaluated (${p.error ?? 'evaluation error'}); it is treated as a block (fail closed).`;
    default:
      return `${name}: ${CONDITION_CODES[code]}`;
  }
}

/** Merge one policy's session controls into the decision's: the shortest frequency and `never` persistence win. */
function mergeSession(into: SessionControls, s: SessionControls): void {
  if (s.signInFrequencyHours !== null && (into.signInFrequencyHours === null || s.signInFrequencyHours < into.signInFrequencyHours))
    into.signInFrequencyHours = s.signInFrequencyHours;
  if (s.persistentBrowser === 'never' || (s.persistentBrowser === 'always' && into.persistentBrowser === null)) into.persistentBrowser = s.persistentBrowser;
  if (s.applicationEnforcedRestrictions) into.applicationEnforcedRestrictions = true;
}

/** Pure decision: grant, block or controlsRequired, with per-policy results, missing controls and reasons. */
export function evaluateAccess(set: CompiledPolicySet, signIn: SignInContext, options?: { explain?: boolean }): AccessDecision {
  const explain = options?.explain === true;
  const list = explain ? set.policies : candidates(set, signIn);
  const scratch: DecisionScratch = newScratch();
  const policies: PolicyResult[] = [];
  const session: SessionControls = { signInFrequencyHours: null, persistentBrowser: null, applicationEnforcedRestrictions: false };
  const missing = new Map<string, string[]>();
  let blocked = false;
  let failedClosed = false;
  let appliedEnforced = 0;
  let reportBlock = false;
  let reportControls = false;

  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    let code: ConditionCode;
    let grant: { outcome: GrantOutcome; missing: readonly string[] } | null = null;
    try {
      code = matchConditions(set, p, signIn, scratch) ?? 'all-conditions-met';
      if (code === 'all-conditions-met') {
        // A policy with a part that did not compile blocks wherever it may apply (Cedar habit: never allow because something failed).
        if (p.error !== null) code = 'policy-error';
        else grant = evaluateGrant(p, signIn);
      }
    } catch {
      code = 'policy-error';
      grant = null;
    }
    if (code === 'policy-error') grant = { outcome: 'block', missing: [] };
    const applied = grant !== null;
    if (!applied && !explain) continue;
    const enforced = p.state === 'enabled';
    const result: PolicyResult = {
      policyId: p.id,
      displayName: p.displayName,
      state: p.state,
      applied,
      decidedBy: { condition: CONDITION_OF[code], code, message: explain ? describe(p, signIn, code) : CONDITION_CODES[code] },
      result: grant === null ? 'notApplied' : grant.outcome,
      missingControls: grant === null ? [] : grant.missing,
    };
    if (!enforced)
      result.reportOnlyResult = grant === null ? 'notApplied' : grant.outcome === 'block' ? 'wouldBlock' : grant.outcome === 'grant' ? 'wouldGrant' : 'wouldRequireControls';
    policies.push(result);
    if (grant === null) continue;
    if (!enforced) {
      if (grant.outcome === 'block') reportBlock = true;
      else if (grant.outcome === 'controlsRequired') reportControls = true;
      continue;
    }
    appliedEnforced++;
    if (grant.outcome === 'block') {
      blocked = true;
      if (code === 'policy-error') failedClosed = true;
      continue;
    }
    for (const key of grant.missing) {
      const ids = missing.get(key);
      if (ids === undefined) missing.set(key, [p.id]);
      else ids.push(p.id);
    }
    if (p.session !== null) mergeSession(session, p.session);
  }

  const reasons: AccessDecision['reasons'] = [];
  const reason = (code: DecisionCode, detail?: () => string): void => {
    reasons.push({ code, message: explain && detail ? detail() : DECISION_CODES[code] });
  };
  const names = (pred: (r: PolicyResult) => boolean): string =>
    policies
      .filter(pred)
      .map((r) => `"${r.displayName}"`)
      .join(', ');
  let result: GrantOutcome;
  if (blocked) {
    result = 'block';
    reason('blocked-by-policy', () => `Access is blocked by ${names((r) => r.state === 'enabled' && r.result === 'block')}.`);
    if (failedClosed) reason('policy-error-fail-closed');
  } else if (missing.size > 0) {
    result = 'controlsRequired';
    reason('controls-required', () => `Required by ${names((r) => r.state === 'enabled' && r.result === 'controlsRequired')}.`);
  } else {
    result = 'grant';
    reason(appliedEnforced > 0 ? 'all-controls-satisfied' : 'no-policy-applies');
  }
  if (reportBlock) reason('report-only-would-block', () => `Report-only ${names((r) => r.reportOnlyResult === 'wouldBlock')} would have blocked this sign-in (not enforced).`);
  if (reportControls)
    reason('report-only-would-require-controls', () => `Report-only ${names((r) => r.reportOnlyResult === 'wouldRequireControls')} would have required controls (not enforced).`);

  const missingControls: AccessDecision['missingControls'] = [];
  if (!blocked) for (const [control, policyIds] of missing) missingControls.push({ control, message: controlMessage(control), policyIds });
  return { result, missingControls, sessionControls: session, policies, reasons };
}
