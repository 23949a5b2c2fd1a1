import { CONDITION_CODES, DECISION_CODES, controlMessage, type ConditionCode, type DecisionCode } from './access-reasons.js';
import { BLOCK, evaluateGrant, grantFor, satisfiedControls, type GrantOutcome, type GrantResult } from './grant-controls.js';
import {
  clientAppBitOfSignIn,
  matchConditions,
  matchConditionsAfterUsers,
  newScratch,
  platformBitOfSignIn,
  signInRiskBitOf,
  userRiskBitOf,
  type DecisionScratch,
} from './policy-conditions.js';
import {
  FLAG_ERROR,
  FLAG_MORE_CONDITIONS,
  PLAN_STRIDE,
  USERS_BY_MARKS,
  USERS_GENERAL,
  candidatePlan,
  refFilterSlot,
  signInExcludeWord,
  signInIncludeWord,
  type CompiledPolicy,
  type CompiledPolicySet,
  type SessionControls,
} from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';
import { unresolvedEffect, type PolicyReference, type ReferenceKind } from './policy-references.js';
import type { DisplayNames } from './display-names.js';
import { explainCondition } from './explain-policy.js';

export interface PolicyResult {
  readonly policyId: string;
  readonly displayName: string;
  readonly state: 'enabled' | 'enabledForReportingButNotEnforced';
  readonly applied: boolean;
  /** The condition that decided whether the policy applies (`all` when every condition matched). */
  readonly decidedBy: Readonly<{ condition: string; code: ConditionCode; message: string }>;
  readonly result: 'notApplied' | GrantOutcome;
  /** Controls this policy still requires (keys as in `missingControls`). */
  readonly missingControls: readonly string[];
  /** For report-only policies: what enforcing them would have done. */
  readonly reportOnlyResult?: 'notApplied' | 'wouldBlock' | 'wouldGrant' | 'wouldRequireControls';
  /** With `explain`: the policy's references the tenant does not have (evaluated fail-safe, see `unresolvedEffect`). */
  readonly unresolved?: readonly PolicyReference[];
}

/** Options of `evaluateAccess`. */
export interface EvaluateAccessOptions {
  /** Every enabled and report-only policy, with sentences naming the facts (what-if, sign-in log). */
  readonly explain?: boolean;
  /** With `explain`: each policy's unresolved references (by policy id), named in its explanation. */
  readonly unresolved?: ReadonlyMap<string, readonly PolicyReference[]>;
  /** With `explain`: display names for the users, groups, roles, apps and locations the sentences mention. */
  readonly names?: DisplayNames;
}

export interface AccessDecision {
  result: GrantOutcome;
  /** Controls still missing across enforced policies, deduplicated, in policy order. */
  missingControls: { control: string; message: string; policyIds: string[] }[];
  /** Session controls merged from the enforced policies that applied (most restrictive wins). */
  sessionControls: SessionControls;
  /**
   * Applied policies; with `explain`, every enabled and report-only policy. Without `explain`
   * the entries are frozen and shared between decisions (a policy's result there depends only
   * on which of its controls the sign-in meets), so a decision allocates none.
   */
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
const NONE: readonly string[] = Object.freeze([]);

// Without `explain`, every decidedBy and reason is one of these frozen constants: no strings or objects per decision.
const CONSTANT_DECIDED_BY = Object.fromEntries(
  (Object.keys(CONDITION_CODES) as ConditionCode[]).map((code) => [code, Object.freeze({ condition: CONDITION_OF[code], code, message: CONDITION_CODES[code] })]),
) as Record<ConditionCode, PolicyResult['decidedBy']>;
const CONSTANT_REASONS = Object.fromEntries(
  (Object.keys(DECISION_CODES) as DecisionCode[]).map((code) => [code, Object.freeze({ code, message: DECISION_CODES[code] })]),
) as Record<DecisionCode, AccessDecision['reasons'][number]>;

/**
 * The plan (see `PLAN_STRIDE`) of the policies that may apply to this sign-in, in policy order
 * (the index answers most "not applied" without looking). The common case (no user action) is
 * precomputed.
 */
function candidatesPlan(set: CompiledPolicySet, ctx: SignInContext): Int32Array {
  const fx = set.fastIndex;
  if (ctx.userAction === undefined) return ctx.appId === null ? fx.anyApp : (fx.byApp.get(ctx.appId) ?? fx.anyApp);
  return candidatePlan(fx.words, candidates(set, ctx));
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

/** One policy's result: `grant` null when it does not apply. */
function policyResult(p: CompiledPolicy, grant: GrantResult | null, decidedBy: PolicyResult['decidedBy']): PolicyResult {
  const base = {
    policyId: p.id,
    displayName: p.displayName,
    state: p.state,
    applied: grant !== null,
    decidedBy,
    result: grant === null ? 'notApplied' : grant.outcome,
    missingControls: grant === null ? NONE : grant.missing,
  } as const;
  if (p.state === 'enabled') return base;
  return { ...base, reportOnlyResult: grant === null ? 'notApplied' : grant.outcome === 'block' ? 'wouldBlock' : grant.outcome === 'grant' ? 'wouldGrant' : 'wouldRequireControls' };
}

/** Result of an applied policy (no `explain`) for these satisfied control bits: memoised per policy, frozen. */
function appliedResult(p: CompiledPolicy, satisfied: number): PolicyResult {
  const key = satisfied & p.controlBits;
  let r = p.results[key];
  if (r === undefined) {
    r = Object.freeze(policyResult(p, grantFor(p, key), CONSTANT_DECIDED_BY['all-conditions-met']));
    p.results[key] = r;
  }
  return r;
}

const isEnforcedBlock = (r: PolicyResult): boolean => r.state === 'enabled' && r.result === 'block';
const isEnforcedControls = (r: PolicyResult): boolean => r.state === 'enabled' && r.result === 'controlsRequired';
const isReportBlock = (r: PolicyResult): boolean => r.reportOnlyResult === 'wouldBlock';
const isReportControls = (r: PolicyResult): boolean => r.reportOnlyResult === 'wouldRequireControls';

/** A decision reason: the constant sentence, or with `explain` one naming the policies concerned. */
function reason(code: DecisionCode, explain: boolean, policies: readonly PolicyResult[], pred: ((r: PolicyResult) => boolean) | null, lead: string): AccessDecision['reasons'][number] {
  if (!explain || pred === null) return CONSTANT_REASONS[code];
  const names = policies
    .filter(pred)
    .map((r) => `"${r.displayName}"`)
    .join(', ');
  return { code, message: `${lead}${names}.` };
}

/**
 * Mark, for every policy, whether this user is included and whether excluded by id, group or
 * role (slots 2i and 2i+1 of `userMarks.stamps`), using the set's reference index: a filter bit
 * per id, group and role of the user, and a map lookup for the few that pass, instead of Set
 * lookups per policy. Returns the stamp of this decision, or -1 when the user could not be read.
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
  // One byte per mark keeps them in a few cache lines; every 255 decisions they are cleared.
  if (marks.generation === 0xff) {
    marks.stamps.fill(0);
    marks.generation = 0;
  }
  const g = ++marks.generation;
  const fx = set.fastIndex;
  const filter = fx.refFilter;
  // The user's id and sets are usually cold in cache: reading them together overlaps the misses.
  const id = user.id;
  const groups = user.groupIds;
  const roles = user.roleIds;
  const groupCount = groups.size;
  const roleCount = roles.size;
  if (filterHas(filter, id)) stampRun(fx.refs, fx.userRefs.get(id), marks.stamps, g);
  if (groupCount !== 0 && fx.groupRefs.size !== 0) {
    // Two passes. The first only checks each id's type, its first read: with nothing else in
    // the loop, the cache misses on the ids (usually cold) overlap instead of following one
    // another. A non-string is no group id: the general path (matchUsers) never matches it either.
    for (const group of groups) if (typeof group !== 'string') return -1;
    for (const group of groups) if (filterHas(filter, group)) stampRun(fx.refs, fx.groupRefs.get(group), marks.stamps, g);
  }
  if (roleCount !== 0 && fx.roleRefs.size !== 0) for (const role of roles) if (filterHas(filter, role)) stampRun(fx.refs, fx.roleRefs.get(role), marks.stamps, g);
  return g;
}

/** False when no policy references `id` (its `refFilter` bit is clear); true when one may. */
function filterHas(filter: Uint32Array, id: string): boolean {
  const slot = refFilterSlot(id);
  return (filter[slot >>> 5]! & (1 << (slot & 31))) !== 0;
}

/** Stamp the marks of one id's run in `fastIndex.refs` (none when the id is referenced by no policy). */
function stampRun(refs: Int32Array, at: number | undefined, stamps: Uint8Array, g: number): void {
  if (at === undefined) return;
  const end = at + 1 + refs[at]!;
  for (let k = at + 1; k < end; k++) stamps[refs[k]!] = g;
}

/** Merge one policy's session controls into the decision's: the shortest frequency and `never` persistence win. */
function mergeSession(into: SessionControls, s: SessionControls): void {
  if (s.signInFrequencyHours !== null && (into.signInFrequencyHours === null || s.signInFrequencyHours < into.signInFrequencyHours))
    into.signInFrequencyHours = s.signInFrequencyHours;
  if (s.persistentBrowser === 'never' || (s.persistentBrowser === 'always' && into.persistentBrowser === null)) into.persistentBrowser = s.persistentBrowser;
  if (s.applicationEnforcedRestrictions) into.applicationEnforcedRestrictions = true;
}

/** The policy results of one decision, folded as they come into what the decision reports. */
class DecisionTally {
  readonly policies: PolicyResult[] = [];
  readonly session: SessionControls = { signInFrequencyHours: null, persistentBrowser: null, applicationEnforcedRestrictions: false };
  /** Missing controls of enforced policies, in first-seen order (a few at most: a list beats a Map). */
  missing: AccessDecision['missingControls'] | null = null;
  blocked = false;
  failedClosed = false;
  appliedEnforced = 0;
  reportBlock = false;
  reportControls = false;

  add(p: CompiledPolicy, r: PolicyResult): void {
    this.policies.push(r);
    if (!r.applied) return;
    if (r.state !== 'enabled') {
      if (r.result === 'block') this.reportBlock = true;
      else if (r.result === 'controlsRequired') this.reportControls = true;
      return;
    }
    this.appliedEnforced++;
    if (r.result === 'block') {
      this.blocked = true;
      if (r.decidedBy.code === 'policy-error') this.failedClosed = true;
      return;
    }
    const keys = r.missingControls;
    for (let k = 0; k < keys.length; k++) this.require(keys[k]!, p.id);
    if (p.session !== null) mergeSession(this.session, p.session);
  }

  private require(control: string, policyId: string): void {
    const missing = (this.missing ??= []);
    for (let k = 0; k < missing.length; k++)
      if (missing[k]!.control === control) {
        missing[k]!.policyIds.push(policyId);
        return;
      }
    missing.push({ control, message: controlMessage(control), policyIds: [policyId] });
  }

  decision(explain: boolean): AccessDecision {
    const policies = this.policies;
    let result: GrantOutcome;
    // Array literals, sized as they are: most decisions have one reason.
    let reasons: AccessDecision['reasons'];
    if (this.blocked) {
      result = 'block';
      const blockedBy = reason('blocked-by-policy', explain, policies, isEnforcedBlock, 'Access is blocked by ');
      reasons = this.failedClosed ? [blockedBy, CONSTANT_REASONS['policy-error-fail-closed']] : [blockedBy];
    } else if (this.missing !== null) {
      result = 'controlsRequired';
      reasons = [reason('controls-required', explain, policies, isEnforcedControls, 'Required by ')];
    } else {
      result = 'grant';
      reasons = [CONSTANT_REASONS[this.appliedEnforced > 0 ? 'all-controls-satisfied' : 'no-policy-applies']];
    }
    if (this.reportBlock) reasons.push(reason('report-only-would-block', explain, policies, isReportBlock, 'Not enforced; report-only policies would have blocked: '));
    if (this.reportControls) reasons.push(reason('report-only-would-require-controls', explain, policies, isReportControls, 'Not enforced; report-only policies would have required controls: '));
    const missingControls = !this.blocked && this.missing !== null ? this.missing : [];
    return { result, missingControls, sessionControls: this.session, policies, reasons };
  }
}

/** The reference kinds a deciding condition is about: their unresolved entries explain it. */
const KINDS_OF: Partial<Record<ConditionCode, readonly ReferenceKind[]>> = {
  'user-not-included': ['user', 'group', 'role'],
  'user-excluded': ['user', 'group', 'role'],
  'app-not-included': ['application'],
  'app-excluded': ['application'],
  'location-not-included': ['namedLocation'],
  'location-excluded': ['namedLocation'],
};

/**
 * The sentence naming the unresolved references that bear on the decision: for a policy that
 * does not apply, those of its deciding condition's inclusions; for one that applies, its
 * exclusions (they failed to exclude anyone).
 */
function unresolvedSentence(code: ConditionCode, refs: readonly PolicyReference[] | undefined): string {
  if (!refs || refs.length === 0) return '';
  const relevant = code === 'all-conditions-met' || code === 'policy-error' ? refs.filter((r) => r.mode === 'exclude') : refs.filter((r) => (KINDS_OF[code] ?? []).includes(r.kind) && r.mode === 'include');
  if (relevant.length === 0) return '';
  const shown = relevant.slice(0, 5).map((r) => `${unresolvedEffect(r)} (${r.path})`);
  return ` Unresolved: ${shown.join('; ')}${relevant.length > 5 ? `; and ${relevant.length - 5} more` : ''}.`;
}

/** Every policy with its deciding condition and a sentence naming the facts: what-if and sign-in logs. */
function explainEvery(set: CompiledPolicySet, signIn: SignInContext, tally: DecisionTally, options: EvaluateAccessOptions): void {
  const scratch = newScratch(signIn);
  for (const p of set.policies) {
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
    }
    if (code === 'policy-error') grant = BLOCK;
    const refs = options.unresolved?.get(p.id);
    const result = policyResult(p, grant, { condition: CONDITION_OF[code], code, message: explainCondition(set, p, signIn, code, options.names) + unresolvedSentence(code, refs) });
    tally.add(p, refs && refs.length > 0 ? { ...result, unresolved: refs } : result);
  }
}

const SATISFIED_UNKNOWN = -1;
const SATISFIED_UNREADABLE = -2;

/**
 * The applied policies only, as fast as the index allows: candidates by app, the enumerated
 * conditions and the users condition as integer tests (`fastIndex`), the other conditions
 * through `matchConditionsAfterUsers` only for policies that have them, and each applied
 * policy's result from its memo. Decides exactly what `explainEvery` decides.
 */
function decideApplied(set: CompiledPolicySet, signIn: SignInContext, tally: DecisionTally): void {
  const plan = candidatesPlan(set, signIn);
  const n = plan.length;
  if (n === 0) return;
  const platformBit = platformBitOfSignIn(signIn);
  const include = signInIncludeWord(clientAppBitOfSignIn(signIn), platformBit, signInRiskBitOf(signIn), userRiskBitOf(signIn));
  const exclude = signInExcludeWord(platformBit);
  // Only policies with more conditions than the words hold need the scratch.
  let scratch: DecisionScratch | null = null;
  // Candidates of a user-action sign-in do not come from the app index alone: check every condition.
  const byAppIndex = signIn.userAction === undefined;
  const marks = set.userMarks;
  // A decision nested in this one (a countryOf callback deciding again) must not restamp the
  // marks this one is reading: it takes the general users path instead.
  const ownsMarks = !marks.inUse;
  let mark = ownsMarks ? 0 : -1;
  const stamps = marks.stamps;
  let satisfied = SATISFIED_UNKNOWN;
  if (ownsMarks) marks.inUse = true;
  try {
    for (let k = 0; k < n; k += PLAN_STRIDE) {
      // Every enumerated condition in one test (matchConditions repeats them where it runs).
      const conditions = plan[k + 1]!;
      if ((conditions & include) !== include || (conditions & exclude) !== 0) continue;
      const head = plan[k]!;
      const i = head >>> 4;
      const users = (head >>> 2) & 3;
      let usersDecided = false;
      if (users !== USERS_GENERAL && mark !== -1) {
        if (mark === 0) mark = markUsers(set, signIn.user);
        if (mark !== -1) {
          if ((users === USERS_BY_MARKS && stamps[2 * i] !== mark) || stamps[2 * i + 1] === mark) continue;
          usersDecided = true;
        }
      }
      const p = set.policies[i]!;
      if (!usersDecided || !byAppIndex || (head & FLAG_MORE_CONDITIONS) !== 0) {
        let code: ConditionCode | null;
        scratch ??= newScratch(signIn);
        try {
          code = usersDecided ? matchConditionsAfterUsers(set, p, signIn, scratch) : matchConditions(set, p, signIn, scratch);
        } catch {
          code = 'policy-error';
        }
        if (code === 'policy-error') {
          tally.add(p, policyResult(p, BLOCK, CONSTANT_DECIDED_BY['policy-error']));
          continue;
        }
        if (code !== null) continue;
      }
      // A policy with a part that did not compile blocks wherever it may apply (Cedar habit: never allow because something failed).
      if ((head & FLAG_ERROR) !== 0) {
        tally.add(p, policyResult(p, BLOCK, CONSTANT_DECIDED_BY['policy-error']));
        continue;
      }
      if (satisfied === SATISFIED_UNKNOWN) {
        try {
          satisfied = satisfiedControls(signIn);
        } catch {
          satisfied = SATISFIED_UNREADABLE;
        }
      }
      if (satisfied !== SATISFIED_UNREADABLE) tally.add(p, appliedResult(p, satisfied));
      else {
        // What the sign-in proved cannot be read: policies that need it fail closed, as in explainEvery.
        let r: PolicyResult;
        try {
          r = policyResult(p, evaluateGrant(p, signIn), CONSTANT_DECIDED_BY['all-conditions-met']);
        } catch {
          r = policyResult(p, BLOCK, CONSTANT_DECIDED_BY['policy-error']);
        }
        tally.add(p, r);
      }
    }
  } finally {
    if (ownsMarks) marks.inUse = false;
  }
}

/** Pure decision: grant, block or controlsRequired, with per-policy results, missing controls and reasons. */
export function evaluateAccess(set: CompiledPolicySet, signIn: SignInContext, options?: EvaluateAccessOptions): AccessDecision {
  const explain = options?.explain === true;
  const tally = new DecisionTally();
  if (explain) explainEvery(set, signIn, tally, options);
  else decideApplied(set, signIn, tally);
  const decision = tally.decision(explain);
  const refusal = signIn.deviceRefusal;
  // The refused device comes first: it is why device controls are missing (the reasons array is this decision's own).
  if (refusal) decision.reasons.unshift(explain ? { code: refusal.reason, message: refusal.message } : CONSTANT_REASONS[refusal.reason]);
  return decision;
}
