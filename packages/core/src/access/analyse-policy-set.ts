import type { ConditionalAccessPolicy } from './conditional-access-policy.js';
import { evaluateAccess } from './evaluate-access.js';
import { matchApplications, matchUsers } from './policy-conditions.js';
import { compilePolicySet, type CompiledPolicy, type CompiledPolicySet } from './policy-set.js';
import type { NamedLocation } from './named-location.js';
import { unresolvedEffect, type PolicyReference } from './policy-references.js';
import type { ClientAppType, SignInContext, SignInPlatform } from './sign-in-context.js';
import { appDisplayName, displayName, nameList, type DisplayNames } from './display-names.js';

export type AnalysisFindingCode =
  | 'locks-out-all-admins'
  | 'locks-out-break-glass'
  | 'break-glass-not-excluded'
  | 'app-not-covered'
  | 'policy-never-applies'
  | 'policy-compile-error'
  | 'unknown-named-location'
  | 'unknown-app-group'
  | 'country-lookup-unavailable'
  | 'unresolved-reference';

export interface AnalysisFinding {
  code: AnalysisFindingCode;
  severity: 'high' | 'medium' | 'low' | 'info';
  policyId?: string;
  userId?: string;
  appId?: string;
  /** For `unresolved-reference`: the references the tenant does not have, with their JSON paths. */
  references?: readonly PolicyReference[];
  message: string;
}

export interface PolicySetAnalysisInput {
  policies: readonly ConditionalAccessPolicy[];
  namedLocations: readonly NamedLocation[];
  admins: readonly { userId: string; roleIds: readonly string[]; groupIds: readonly string[] }[];
  breakGlassUserIds: readonly string[];
  knownAppIds: readonly string[];
  appGroups?: Readonly<Record<string, readonly string[]>>;
  /** Display names for the messages (users, apps); findings keep the ids in their fields. */
  names?: DisplayNames;
}

interface Principal {
  userId: string;
  roleIds: readonly string[];
  groupIds: readonly string[];
}

/** A sign-in with no facts, for probing one condition at a time. */
const NOBODY: SignInContext = {
  user: { id: '', groupIds: new Set(), roleIds: new Set(), userType: 'member' },
  appId: null,
  clientAppType: 'browser',
  platform: null,
  ip: null,
  device: null,
  signInRisk: 'none',
  userRisk: 'none',
  satisfied: { mfa: false, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false },
};

const PLATFORMS: readonly (SignInPlatform | null)[] = ['windows', 'macOS', 'linux', 'iOS', 'android'];
const CLIENTS: readonly ClientAppType[] = ['browser', 'mobileAppsAndDesktopClients'];

/** One address inside each trusted IP location (its network address), and no address at all. */
function candidateIps(set: CompiledPolicySet): (string | null)[] {
  const ips: (string | null)[] = [];
  for (const l of set.locations)
    for (const r of l.ranges) {
      const b = r.bytes;
      const isV4 = r.prefix >= 96 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
      ips.push(isV4 ? `${b[12]}.${b[13]}.${b[14]}.${b[15]}` : Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(':'));
      if (ips.length > 32) return ips;
    }
  ips.push(null, '192.0.2.10');
  return ips;
}

/**
 * Whether the principal can reach the application at all, in the best case Verity can
 * imagine: every control satisfied, a compliant corporate device, no risk, from any of a few
 * platforms, client types and addresses. Not reachable means locked out by policy alone.
 */
function canReach(set: CompiledPolicySet, who: Principal, appId: string | null, ips: readonly (string | null)[]): { ok: boolean; blockers: Set<string> } {
  const blockers = new Set<string>();
  for (const platform of PLATFORMS)
    for (const clientAppType of CLIENTS)
      for (const ip of ips) {
        const ctx: SignInContext = {
          user: { id: who.userId, groupIds: new Set(who.groupIds), roleIds: new Set(who.roleIds), userType: 'member' },
          appId,
          clientAppType,
          platform,
          ip,
          device: { id: 'analysis-device', isCompliant: true, trustType: 'ServerAD', attributes: {} },
          signInRisk: 'none',
          userRisk: 'none',
          satisfied: { mfa: true, authenticationStrength: 'phishingResistant', passwordChanged: true, approvedApplication: true, compliantApplication: true },
        };
        const d = evaluateAccess(set, ctx);
        // Controls Verity can never satisfy (terms of use, custom controls) lock out as surely as a block.
        if (d.result === 'grant') return { ok: true, blockers };
        for (const p of d.policies) if (p.state === 'enabled' && p.result !== 'grant') blockers.add(p.policyId);
      }
  return { ok: false, blockers };
}

function lockedOutEverywhere(set: CompiledPolicySet, who: Principal, apps: readonly (string | null)[], ips: readonly (string | null)[]): Set<string> | null {
  const blockers = new Set<string>();
  for (const app of apps) {
    const r = canReach(set, who, app, ips);
    if (r.ok) return null;
    for (const b of r.blockers) blockers.add(b);
  }
  return blockers;
}

/** Reasons a policy can never apply to anyone, read from its conditions alone. */
function neverApplies(p: CompiledPolicy, raw: ConditionalAccessPolicy): string | null {
  const u = p.users;
  if (u.none) return 'it includes no users (None)';
  if (!u.all && !u.includeGuestsLegacy && u.includeUsers.size === 0 && u.includeGroups.size === 0 && u.includeRoles.size === 0 && u.includeGuests === null) return 'it includes no users';
  if (!u.all && !u.includeGuestsLegacy && u.includeGroups.size === 0 && u.includeRoles.size === 0 && u.includeGuests === null && [...u.includeUsers].every((x) => u.excludeUsers.has(x)))
    return 'every included user is also excluded';
  if (p.apps.target === 'none') {
    const actx = raw.conditions.applications.includeAuthenticationContextClassReferences ?? [];
    return actx.length > 0 ? 'it targets authentication contexts, which Verity does not evaluate' : 'it includes no applications or user actions';
  }
  if (p.apps.target === 'userActions' && ![...p.apps.userActions].some((a) => a === 'urn:user:registersecurityinfo' || a === 'urn:user:registerdevice'))
    return 'it targets only user actions Verity does not support';
  if (p.apps.target === 'apps' && !p.apps.all && [...p.apps.include].every((a) => p.apps.exclude.has(a))) return 'every included application is also excluded';
  if (p.clientApps !== null && !['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'].some((c) => p.clientApps!.has(c))) return 'it includes no client app type Verity knows';
  const pl = p.platforms;
  if (pl !== null && !pl.all && ![...pl.include].some((x) => x !== 'unknownFutureValue' && !pl.exclude.has(x))) return 'no included platform remains after exclusions';
  if (p.locations !== null && p.locations.excludeAll) return 'it excludes all locations';
  if (p.locations !== null && !p.locations.includeAll && !p.locations.includeAllTrusted && p.locations.include.length === 0) return 'it includes no locations';
  for (const [levels, name] of [
    [p.signInRisk, 'sign-in risk'],
    [p.userRisk, 'user risk'],
  ] as const)
    if (levels !== null && ![...levels].some((l) => l === 'none' || l === 'low' || l === 'medium' || l === 'high')) return `it includes no ${name} level Verity reports`;
  return null;
}

/** Policy-set analysis: lockout of all admins or of break-glass accounts, uncovered apps, policies that can never apply. */
export function analysePolicySet(input: PolicySetAnalysisInput): { findings: AnalysisFinding[] } {
  const findings: AnalysisFinding[] = [];
  const set = compilePolicySet({ policies: input.policies, namedLocations: input.namedLocations, ...(input.appGroups ? { appGroups: input.appGroups } : {}) });
  for (const d of set.diagnostics)
    findings.push({ code: d.code, severity: d.code === 'policy-compile-error' ? 'high' : d.code === 'country-lookup-unavailable' ? 'info' : 'medium', policyId: d.policyId, message: d.message });

  const ips = candidateIps(set);
  const names = input.names;
  const policyName = new Map(set.policies.map((p) => [p.id, `"${p.displayName}"`]));
  const policies = (ids: Iterable<string>) => nameList([...ids].map((id) => policyName.get(id) ?? id));
  const userName = (id: string) => displayName(names?.users, id);
  const apps: (string | null)[] = input.knownAppIds.length > 0 ? input.knownAppIds.slice(0, 200) : [null];
  if (input.admins.length > 0) {
    const blockers = new Set<string>();
    let all = true;
    for (const admin of input.admins.slice(0, 50)) {
      const b = lockedOutEverywhere(set, admin, apps, ips);
      if (b === null) {
        all = false;
        break;
      }
      for (const x of b) blockers.add(x);
    }
    if (all)
      findings.push({
        code: 'locks-out-all-admins',
        severity: 'high',
        ...(blockers.size === 1 ? { policyId: [...blockers][0]! } : {}),
        message: `Every administrator is refused every application even with all controls satisfied, by: ${policies(blockers)}.`,
      });
  }
  const adminById = new Map(input.admins.map((a) => [a.userId, a]));
  for (const userId of input.breakGlassUserIds.slice(0, 20)) {
    const who = adminById.get(userId) ?? { userId, roleIds: [], groupIds: [] };
    const b = lockedOutEverywhere(set, who, apps, ips);
    if (b !== null) findings.push({ code: 'locks-out-break-glass', severity: 'high', userId, message: `Break-glass account ${userName(userId)} is refused every application, by: ${policies(b)}.` });
    const probe: SignInContext = { ...NOBODY, user: { id: userId, groupIds: new Set(who.groupIds), roleIds: new Set(who.roleIds), userType: 'member' } };
    // Microsoft's guidance: emergency access accounts are excluded from every Conditional Access policy.
    for (const p of set.policies)
      if (p.state === 'enabled' && matchUsers(p, probe) === null && (p.block || p.controls.length > 0))
        findings.push({ code: 'break-glass-not-excluded', severity: 'medium', policyId: p.id, userId, message: `Policy "${p.displayName}" applies to break-glass account ${userName(userId)}; exclude it.` });
  }

  for (const appId of input.knownAppIds.slice(0, 10_000)) {
    const probe: SignInContext = { ...NOBODY, appId };
    const covered = set.policies.some((p) => p.state === 'enabled' && matchApplications(p, probe) === null);
    if (!covered) findings.push({ code: 'app-not-covered', severity: 'medium', appId, message: `No enabled policy covers application ${appDisplayName(names, appId)}.` });
  }

  const rawById = new Map<string, ConditionalAccessPolicy>();
  for (const p of input.policies) if (p.state !== 'disabled') rawById.set(p.id ?? p.displayName, p);
  for (const p of set.policies) {
    const raw = rawById.get(p.id);
    const why = raw ? neverApplies(p, raw) : null;
    if (why !== null) findings.push({ code: 'policy-never-applies', severity: 'low', policyId: p.id, message: `Policy "${p.displayName}" can never apply: ${why}.` });
  }
  return { findings };
}

/**
 * Findings for policies that reference what the tenant does not have (the caller resolved them):
 * medium when an exclusion is unresolved (it excludes no one: break-glass accounts may be caught),
 * low when only inclusions are (the policy covers less than its author meant).
 */
export function unresolvedReferenceFindings(policies: readonly ConditionalAccessPolicy[], unresolved: ReadonlyMap<string, readonly PolicyReference[]>): AnalysisFinding[] {
  const out: AnalysisFinding[] = [];
  for (const p of policies) {
    const id = p.id ?? p.displayName;
    const refs = unresolved.get(id) ?? [];
    if (refs.length === 0) continue;
    const severity = refs.some((r) => r.mode === 'exclude') ? 'medium' : 'low';
    out.push({
      code: 'unresolved-reference', severity, policyId: id, references: refs,
      message: `"${p.displayName}" references ${refs.length} thing${refs.length === 1 ? '' : 's'} this tenant does not have: ${refs.slice(0, 3).map(unresolvedEffect).join('; ')}${refs.length > 3 ? '; ...' : ''}. Map them with \`verity import --map\` or edit the policy.`,
    });
  }
  return out;
}
