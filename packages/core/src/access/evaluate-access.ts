import { CONDITION_CODES, DECISION_CODES, controlMessage, type ConditionCode, type DecisionCode } from './access-reasons.js';
import { BLOCK, evaluateGrant, type GrantOutcome, type GrantResult } from './grant-controls.js';
import { matchConditions, matchConditionsAfterUsers, newScratch, type DecisionScratch } from './policy-conditions.js';
import { MASK_STRIDE, USERS_BY_MARKS, USERS_GENERAL, refFilterSlot, type CompiledPolicy, type CompiledPolicySet, type SessionControls } from './policy-set.js';
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

/**
 * Indexes of the policies that may apply to this sign-in, in policy order (the index answers most
 * "not applied" without looking). The common case (no user action) is a precomputed array.
 */
function candidateIndexes(set: CompiledPolicySet, ctx: SignInContext): Int32Array {
  if (ctx.userAction === undefined) return ctx.appId === null ? set.fastIndex.anyApp : (set.fastIndex.byApp.get(ctx.appId) ?? set.fastIndex.anyApp);
  return Int32Array.from(candidates(set, ctx), (p) => p.index);
}

/** Policies that may apply to this sign-in, in policy order. */
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
 * Mark, for every policy, whether this user is included and whether excluded by id, group or
 * role (slots 2i and 2i+1 of `userMarks.stamps`), using the set's reference index: one map
 * lookup per id, group and role of the user instead of Set lookups per policy. Returns the
 * stamp of this decision, or -1 when the user could not be read.
 */
function markUsers(set: CompiledPolicySet, user: SignInContext['user']): number {
  try {
    return stampUsers(set, user);
  } catch {
    // A malformed user: -1 sends every policy through matchConditions, whose errors fail closed.
    return -1;
  }
}

function stampUsers(set: CompiledPolicySet, user: SignInContext['user']): number {
  const marks = set.userMarks;
  if (marks.generation === 0xffffffff) {
    marks.stamps.fill(0);
    marks.generation = 0;
  }
  const g = ++marks.generation;
  const stamps = marks.stamps;
  const fx = set.fastIndex;
  const filter = fx.refFilter;
  let slot = refFilterSlot(user.id);
  if ((filter[slot >>> 5]! & (1 << (slot & 31))) !== 0) {
    const direct = fx.userRefs.get(user.id);
    if (direct !== undefined) for (let i = 0; i < direct.length; i++) stamps[direct[i]!] = g;
  }
  if (fx.groupRefs.size !== 0 && user.groupIds.size !== 0)
    for (const group of user.groupIds) {
      slot = refFilterSlot(group);
      if ((filter[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
      const xs = fx.groupRefs.get(group);
      if (xs !== undefined) for (let i = 0; i < xs.length; i++) stamps[xs[i]!] = g;
    }
  if (fx.roleRefs.size !== 0 && user.roleIds.size !== 0)
    for (const role of user.roleIds) {
      slot = refFilterSlot(role);
      if ((filter[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
      const xs = fx.roleRefs.get(role);
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
  // With explain every policy is evaluated (each needs its deciding condition); without, only candidates.
  const idx: Int32Array | null = explain ? null : candidateIndexes(set, signIn);
  const n = idx === null ? set.policies.length : idx.length;
  const scratch: DecisionScratch = newScratch(signIn);
  const policies: PolicyResult[] = [];
  const session: SessionControls = { signInFrequencyHours: null, persistentBrowser: null, applicationEnforcedRestrictions: false };
  let missing: Map<string, string[]> | null = null;
  let blocked = false;
  let failedClosed = false;
  let appliedEnforced = 0;
  let reportBlock = false;
  let reportControls = false;

  // Fast path (no explain): the users condition is read from marks computed once per decision
  // (lazily, at the first candidate that passes the masks); the result is identical either way.
  let mark = 0;
  const stamps = set.userMarks.stamps;
  const masks = set.fastIndex.masks;
  const cb = scratch.clientAppBit;
  const pb = scratch.platformBit;
  const sb = scratch.signInRiskBit;
  const ub = scratch.userRiskBit;

  for (let k = 0; k < n; k++) {
    const i = idx === null ? k : idx[k]!;
    let usersDecided = false;
    if (idx !== null) {
      // The enumerated conditions as integer tests (matchConditions repeats them; skipping here only saves time).
      const o = i * MASK_STRIDE;
      if ((masks[o]! & cb) === 0 || (masks[o + 1]! & pb) === 0 || (masks[o + 2]! & pb) !== 0 || (masks[o + 3]! & sb) === 0 || (masks[o + 4]! & ub) === 0) continue;
      const users = masks[o + 5]!;
      if (users !== USERS_GENERAL && mark !== -1) {
        if (mark === 0) mark = markUsers(set, signIn.user);
        if (mark !== -1) {
          if ((users === USERS_BY_MARKS && stamps[2 * i] !== mark) || stamps[2 * i + 1] === mark) continue;
          usersDecided = true;
        }
      }
    }
    const p = set.policies[i]!;
    let code: ConditionCode;
    let grant: GrantResult | null = null;
    try {
      code = (usersDecided ? matchConditionsAfterUsers(set, p, signIn, scratch) : matchConditions(set, p, signIn, scratch)) ?? 'all-conditions-met';
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
