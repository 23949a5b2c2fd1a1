import { CONDITION_CODES, DECISION_CODES, controlMessage, type ConditionCode, type DecisionCode } from './access-reasons.js';
import { BLOCK, evaluateGrant, type GrantOutcome, type GrantResult } from './grant-controls.js';
import { matchConditions, newScratch, type DecisionScratch } from './policy-conditions.js';
import type { CompiledPolicy, CompiledPolicySet, SessionControls } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

export interface PolicyResult {
  policyId: string;
  displayName: string;
  state: 'enabled' | 'enabledForReportingButNotEnforced';
  applied: boolean;
  /** The condition that decided whether the policy applies (`all` when every condition matched). */
  decidedBy: Readonly<{ condition: string; code: ConditionCode; message: string }>;
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

// Without `explain`, every decidedBy is one of these frozen constants: no strings or objects per decision.
const CONSTANT_DECIDED_BY = Object.fromEntries(
  (Object.keys(CONDITION_CODES) as ConditionCode[]).map((code) => [code, Object.freeze({ condition: CONDITION_OF[code], code, message: CONDITION_CODES[code] })]),
) as Record<ConditionCode, PolicyResult['decidedBy']>;

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

const isEnforcedBlock = (r: PolicyResult): boolean => r.state === 'enabled' && r.result === 'block';
const isEnforcedControls = (r: PolicyResult): boolean => r.state === 'enabled' && r.result === 'controlsRequired';
const isReportBlock = (r: PolicyResult): boolean => r.reportOnlyResult === 'wouldBlock';
const isReportControls = (r: PolicyResult): boolean => r.reportOnlyResult === 'wouldRequireControls';

/** A decision reason: the constant sentence, or with `explain` one naming the policies concerned. */
function reason(code: DecisionCode, explain: boolean, policies: readonly PolicyResult[], pred: ((r: PolicyResult) => boolean) | null, lead: string): AccessDecision['reasons'][number] {
  if (!explain || pred === null) return { code, message: DECISION_CODES[code] };
  const names = policies
    .filter(pred)
    .map((r) => `"${r.displayName}"`)
    .join(', ');
  return { code, message: `${lead}${names}.` };
}

/**
 * Mark the policies whose users condition includes this user by id, group or role, using the
 * set's user index: a few map lookups instead of testing every candidate policy's users condition.
 */
function markUserPolicies(set: CompiledPolicySet, user: SignInContext['user']): number {
  const marks = set.userMarks;
  if (marks.generation === 0xffffffff) {
    marks.stamps.fill(0);
    marks.generation = 0;
  }
  const g = ++marks.generation;
  const stamps = marks.stamps;
  const direct = set.byUser.get(user.id);
  if (direct !== undefined) for (let i = 0; i < direct.length; i++) stamps[direct[i]!] = g;
  for (const group of user.groupIds) {
    const xs = set.byGroup.get(group);
    if (xs !== undefined) for (let i = 0; i < xs.length; i++) stamps[xs[i]!] = g;
  }
  for (const role of user.roleIds) {
    const xs = set.byRole.get(role);
    if (xs !== undefined) for (let i = 0; i < xs.length; i++) stamps[xs[i]!] = g;
  }
  return g;
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
  const scratch: DecisionScratch = newScratch(signIn);
  const policies: PolicyResult[] = [];
  const session: SessionControls = { signInFrequencyHours: null, persistentBrowser: null, applicationEnforcedRestrictions: false };
  let missing: Map<string, string[]> | null = null;
  let blocked = false;
  let failedClosed = false;
  let appliedEnforced = 0;
  let reportBlock = false;
  let reportControls = false;

  // Worth it only when there are many candidates; the result is identical either way.
  const mark = !explain && list.length > 8 ? markUserPolicies(set, signIn.user) : 0;
  const stamps = set.userMarks.stamps;

  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    if (mark !== 0 && p.userIndexed && stamps[p.index] !== mark) continue;
    let code: ConditionCode;
    let grant: GrantResult | null = null;
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
    if (code === 'policy-error') grant = BLOCK;
    const applied = grant !== null;
    if (!applied && !explain) continue;
    const enforced = p.state === 'enabled';
    const result: PolicyResult = {
      policyId: p.id,
      displayName: p.displayName,
      state: p.state,
      applied,
      decidedBy: explain ? { condition: CONDITION_OF[code], code, message: describe(p, signIn, code) } : CONSTANT_DECIDED_BY[code],
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
      missing ??= new Map();
      const ids = missing.get(key);
      if (ids === undefined) missing.set(key, [p.id]);
      else ids.push(p.id);
    }
    if (p.session !== null) mergeSession(session, p.session);
  }

  const reasons: AccessDecision['reasons'] = [];
  let result: GrantOutcome;
  if (blocked) {
    result = 'block';
    reasons.push(reason('blocked-by-policy', explain, policies, isEnforcedBlock, 'Access is blocked by '));
    if (failedClosed) reasons.push(reason('policy-error-fail-closed', false, policies, null, ''));
  } else if (missing !== null) {
    result = 'controlsRequired';
    reasons.push(reason('controls-required', explain, policies, isEnforcedControls, 'Required by '));
  } else {
    result = 'grant';
    reasons.push(reason(appliedEnforced > 0 ? 'all-controls-satisfied' : 'no-policy-applies', false, policies, null, ''));
  }
  if (reportBlock) reasons.push(reason('report-only-would-block', explain, policies, isReportBlock, 'Not enforced; report-only policies would have blocked: '));
  if (reportControls) reasons.push(reason('report-only-would-require-controls', explain, policies, isReportControls, 'Not enforced; report-only policies would have required controls: '));

  const missingControls: AccessDecision['missingControls'] = [];
  if (!blocked && missing !== null) for (const [control, policyIds] of missing) missingControls.push({ control, message: controlMessage(control), policyIds });
  return { result, missingControls, sessionControls: session, policies, reasons };
}
