import { compileRule } from '../rules/index.js';
import type { CompiledRule } from '../rules/rule-types.js';
import { BUILT_IN_AUTHENTICATION_STRENGTHS, type AuthenticationStrength } from './authentication-strength.js';
import type { ConditionalAccessPolicy } from './conditional-access-policy.js';
import type { PolicyResult } from './evaluate-access.js';
import { controlBit } from './grant-controls.js';
import { ipv4Part, parseCidr, type IpRange } from './ip-range.js';
import type { NamedLocation } from './named-location.js';

/** A named location prepared for matching. */
export interface CompiledLocation {
  readonly id: string;
  readonly displayName: string;
  readonly kind: 'ip' | 'country' | 'compliantNetwork';
  readonly trusted: boolean;
  readonly ranges: readonly IpRange[];
  /** The IPv4 part of `ranges` as `[network, mask, ...]` pairs: a dotted-quad sign-in is matched without parsing to bytes. */
  readonly ipv4: Uint32Array;
  readonly countries: ReadonlySet<string>;
  readonly includeUnknownCountries: boolean;
  /** GPS lookup needs the Authenticator app: the location is always unknown to Verity. */
  readonly gps: boolean;
}

/** Guest/external user condition; `tenants` null means every external tenant. */
export interface GuestCondition {
  readonly types: ReadonlySet<string>;
  readonly tenants: ReadonlySet<string> | null;
}

/** Location references resolved to indexes into `CompiledPolicySet.locations`; -1 is a reference to nothing known. */
export interface LocationCondition {
  readonly includeAll: boolean;
  readonly includeAllTrusted: boolean;
  readonly include: readonly number[];
  readonly excludeAll: boolean;
  readonly excludeAllTrusted: boolean;
  readonly exclude: readonly number[];
}

/** One grant control: `kind` selects the check, `key` is what is reported when missing. */
export interface GrantControl {
  readonly key: string;
  readonly kind: 'mfa' | 'compliantDevice' | 'domainJoinedDevice' | 'approvedApplication' | 'compliantApplication' | 'passwordChange' | 'strength' | 'never';
  readonly strength?: AuthenticationStrength;
}

export interface SessionControls {
  /** Re-authentication interval in hours, 0 meaning every time; null when no policy sets one. */
  signInFrequencyHours: number | null;
  persistentBrowser: 'always' | 'never' | null;
  applicationEnforcedRestrictions: boolean;
}

/** A policy prepared for fast evaluation: every list is a Set, every reference resolved. */
export interface CompiledPolicy {
  readonly index: number;
  readonly id: string;
  readonly displayName: string;
  readonly state: 'enabled' | 'enabledForReportingButNotEnforced';
  /** True when the user index alone decides inclusion (no All, no guest conditions): see `CompiledPolicySet.byUser`. */
  readonly userIndexed: boolean;
  readonly users: {
    readonly none: boolean;
    readonly all: boolean;
    readonly includeGuestsLegacy: boolean;
    readonly excludeGuestsLegacy: boolean;
    readonly includeUsers: ReadonlySet<string>;
    readonly excludeUsers: ReadonlySet<string>;
    readonly includeGroups: ReadonlySet<string>;
    /** The same include/exclude groups and roles as arrays: iterating an array is cheaper than a Set in the hot path. */
    readonly includeGroupList: readonly string[];
    readonly excludeGroupList: readonly string[];
    readonly includeRoleList: readonly string[];
    readonly excludeRoleList: readonly string[];
    readonly excludeGroups: ReadonlySet<string>;
    readonly includeRoles: ReadonlySet<string>;
    readonly excludeRoles: ReadonlySet<string>;
    readonly includeGuests: GuestCondition | null;
    readonly excludeGuests: GuestCondition | null;
  };
  readonly apps: {
    readonly target: 'apps' | 'userActions' | 'none';
    readonly all: boolean;
    readonly include: ReadonlySet<string>;
    readonly exclude: ReadonlySet<string>;
    readonly userActions: ReadonlySet<string>;
  };
  readonly clientApps: ReadonlySet<string> | null;
  /**
   * The enumerated conditions as bit masks (see `CLIENT_APP_BITS`, `PLATFORM_BITS`, `RISK_BITS`):
   * a decision tests them with one AND each instead of Set lookups. All bits set = not configured.
   */
  readonly masks: { readonly clientApps: number; readonly includePlatforms: number; readonly excludePlatforms: number; readonly signInRisk: number; readonly userRisk: number };
  readonly platforms: { readonly all: boolean; readonly include: ReadonlySet<string>; readonly exclude: ReadonlySet<string> } | null;
  readonly locations: LocationCondition | null;
  readonly deviceFilter: { readonly mode: 'include' | 'exclude'; readonly rule: CompiledRule | null } | null;
  readonly signInRisk: ReadonlySet<string> | null;
  readonly userRisk: ReadonlySet<string> | null;
  readonly block: boolean;
  readonly operator: 'AND' | 'OR';
  readonly controls: readonly GrantControl[];
  /** Union of `controlBit` over `controls`: the grant depends only on the sign-in's satisfied bits within it. */
  readonly controlBits: number;
  /**
   * The policy's result without `explain`, by `satisfied & controlBits`, filled as decisions meet
   * each case: it depends on nothing else, so decisions share one frozen object per case.
   */
  readonly results: (Readonly<PolicyResult> | undefined)[];
  readonly session: SessionControls | null;
  /** Set when part of the policy could not be compiled: the policy then blocks wherever it may apply. */
  readonly error: string | null;
}

export interface PolicySetDiagnostic {
  readonly policyId: string;
  readonly code: 'policy-compile-error' | 'unknown-named-location' | 'unknown-app-group' | 'country-lookup-unavailable';
  readonly message: string;
}

/** A tenant's whole policy set, compiled once and held in memory by the gateway. */
export interface CompiledPolicySet {
  readonly policies: readonly CompiledPolicy[];
  readonly locations: readonly CompiledLocation[];
  readonly countryOf: ((ip: string) => string | null) | null;
  /** Policies that may apply to an application, by app id, in policy order. */
  readonly byApp: ReadonlyMap<string, readonly CompiledPolicy[]>;
  /** Policies that may apply to any other application (including sign-ins with no app). */
  readonly anyApp: readonly CompiledPolicy[];
  readonly byUserAction: ReadonlyMap<string, readonly CompiledPolicy[]>;
  /** Indexes of `userIndexed` policies that include a user id, a group or a role. */
  readonly byUser: ReadonlyMap<string, readonly number[]>;
  readonly byGroup: ReadonlyMap<string, readonly number[]>;
  readonly byRole: ReadonlyMap<string, readonly number[]>;
  readonly diagnostics: readonly PolicySetDiagnostic[];
  /**
   * Reusable per-decision marks, two slots per policy (2i: the user is included by id, group or
   * role; 2i+1: excluded by one of them), stamped with a decision counter so a decision allocates
   * no buffer. Safe because a decision runs synchronously start to end on one thread and the
   * marks are only read during that decision (`inUse`: a nested decision leaves them alone);
   * it never changes what any decision returns.
   */
  readonly userMarks: { stamps: Uint8Array; generation: number; inUse: boolean };
  /**
   * What the decision fast path reads, as integers in a few compact arrays (a decision that
   * finds them in cache costs a fraction of one that chases objects):
   * - `byApp` / `anyApp`: the candidate plan of an application (see `PLAN_STRIDE`), in policy
   *   order, read front to back;
   * - `words`: the same two words for every policy, by index, to build the plan of a user-action
   *   sign-in;
   * - the include/exclude user, group and role references of every policy as
   *   `index * 2 + (exclude ? 1 : 0)` entries: `*Refs` map an id to its run in `refs` (the
   *   count, then the entries).
   */
  readonly fastIndex: {
    readonly byApp: ReadonlyMap<string, Int32Array>;
    readonly anyApp: Int32Array;
    readonly words: Int32Array;
    readonly userRefs: ReadonlyMap<string, number>;
    readonly groupRefs: ReadonlyMap<string, number>;
    readonly roleRefs: ReadonlyMap<string, number>;
    readonly refs: Int32Array;
    /** Bit set over `refFilterSlot` of every user, group and role key: a clear bit proves an id is referenced by no policy, without a Map lookup. */
    readonly refFilter: Uint32Array;
  };
  /** Device properties any device filter reads (`operatingSystem`, ...): the filter subject holds only these. */
  readonly deviceProperties: readonly string[];
}

/** Bits in `fastIndex.refFilter` (8 KiB: stays in cache across decisions). */
export const REF_FILTER_BITS = 1 << 16;

/**
 * Filter slot of an id, from its length and last six characters (random in GUIDs). A cheap
 * pre-check before the `*Refs` lookups: for a user in many groups most are referenced by no
 * policy, and the Map lookups of those dominated a decision when the index is cold in cache.
 */
export function refFilterSlot(id: string): number {
  const n = id.length;
  let h = n;
  for (let i = n > 6 ? n - 6 : 0; i < n; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x9e3779b1);
  return (h ^ (h >>> 16)) & (REF_FILTER_BITS - 1);
}

/**
 * A candidate plan holds two words per policy. The first is `index << 4 | users << 2 | flags`
 * (`USERS_*`, `FLAG_*`); the second packs the enumerated conditions (see `conditionWord`).
 */
export const PLAN_STRIDE = 2;

/** Users mode: the users condition needs `matchUsers` (None, guests or external users). */
export const USERS_GENERAL = 0;
/** Users mode: included exactly when marked included, unless marked excluded. */
export const USERS_BY_MARKS = 1;
/** Users mode: includes all users, unless marked excluded. */
export const USERS_ALL_BY_MARKS = 2;

/** Flag: the policy has a condition only `matchConditionsAfterUsers` decides (locations, device filter, excluded apps). */
export const FLAG_MORE_CONDITIONS = 1;
/** Flag: part of the policy did not compile (`CompiledPolicy.error`). */
export const FLAG_ERROR = 2;

/**
 * The enumerated conditions of a policy in one word, one field each: client app types (bits
 * 0-4), included platforms (5-12), sign-in risk (13-17), user risk (18-22), excluded platforms
 * (23-30). Within a field, the bits are those of `CLIENT_APP_BITS`, `PLATFORM_BITS` and
 * `RISK_BITS`, plus a top bit for a value outside the table, which only an unconfigured
 * condition includes. A sign-in sets one bit per field (`signInIncludeWord`, `signInExcludeWord`),
 * so a policy's conditions all hold when `(word & include) === include && (word & exclude) === 0`.
 */
export function conditionWord(m: CompiledPolicy['masks']): number {
  const field = (mask: number, all: number): number => (mask === ALL_BITS ? all : mask & all);
  return (
    field(m.clientApps, 0x1f) |
    (field(m.includePlatforms, 0xff) << 5) |
    (field(m.signInRisk, 0x1f) << 13) |
    (field(m.userRisk, 0x1f) << 18) |
    (field(m.excludePlatforms, 0xff) << 23)
  );
}

// A sign-in value outside a table has bit 30 (see `newScratch`); in a condition word, the field's top bit.
const fieldBit = (bit: number, top: number): number => (bit === 1 << 30 ? top : bit);

/** The sign-in's side of `conditionWord` for the included fields, from single bits as `newScratch` computes them. */
export function signInIncludeWord(clientAppBit: number, platformBit: number, signInRiskBit: number, userRiskBit: number): number {
  return fieldBit(clientAppBit, 0x10) | (fieldBit(platformBit, 0x80) << 5) | (fieldBit(signInRiskBit, 0x10) << 13) | (fieldBit(userRiskBit, 0x10) << 18);
}

/** The sign-in's side of `conditionWord` for the excluded platforms. */
export function signInExcludeWord(platformBit: number): number {
  return fieldBit(platformBit, 0x80) << 23;
}

/** The plan of these candidates (in policy order), copied from the per-policy `words`. */
export function candidatePlan(words: Int32Array, candidates: readonly CompiledPolicy[]): Int32Array {
  const plan = new Int32Array(candidates.length * PLAN_STRIDE);
  for (let k = 0; k < candidates.length; k++) {
    const o = candidates[k]!.index * PLAN_STRIDE;
    plan[k * PLAN_STRIDE] = words[o]!;
    plan[k * PLAN_STRIDE + 1] = words[o + 1]!;
  }
  return plan;
}

const EMPTY: ReadonlySet<string> = new Set();

export const CLIENT_APP_BITS: Readonly<Record<string, number>> = { browser: 1, mobileAppsAndDesktopClients: 2, exchangeActiveSync: 4, easSupported: 4, other: 8 };
/** `unknown` is a sign-in whose platform could not be told (null): only `all` includes it. */
export const PLATFORM_BITS: Readonly<Record<string, number>> = { android: 1, iOS: 2, windows: 4, macOS: 8, linux: 16, windowsPhone: 32, unknown: 64 };
export const RISK_BITS: Readonly<Record<string, number>> = { none: 1, low: 2, medium: 4, high: 8 };
export const ALL_BITS = 0x7fffffff;
/** Lookup of a possibly untrusted value in one of the tables above, `outside` when absent (a plain object would answer `toString` & co.). */
export type BitLookup = (key: unknown, outside: number) => number;
const lookup = (table: Readonly<Record<string, number>>): BitLookup => {
  const map = new Map(Object.entries(table));
  return (key, outside) => map.get(key as string) ?? outside;
};
export const clientAppBitOf = lookup(CLIENT_APP_BITS);
export const platformBitOf = lookup(PLATFORM_BITS);
export const riskBitOf = lookup(RISK_BITS);
const bits = (bitOf: BitLookup, xs: Iterable<string>): number => {
  let m = 0;
  for (const x of xs) m |= bitOf(x, 0);
  return m;
};
const set = (xs: readonly string[] | null | undefined): ReadonlySet<string> => (xs && xs.length > 0 ? new Set(xs) : EMPTY);

const ipv4Pair = (range: IpRange): number[] => {
  const v4 = ipv4Part(range);
  return v4 === null ? [] : [v4.network, v4.mask];
};

function compileLocation(l: NamedLocation): CompiledLocation {
  if (l.kind === 'ip') {
    const ranges = l.ipRanges.map((r) => parseCidr(r.cidrAddress)).filter((r): r is IpRange => r !== null);
    return {
      id: l.id ?? l.displayName,
      displayName: l.displayName,
      kind: 'ip',
      trusted: l.isTrusted === true,
      ranges,
      ipv4: Uint32Array.from(ranges.flatMap(ipv4Pair)),
      countries: EMPTY,
      includeUnknownCountries: false,
      gps: false,
    };
  }
  if (l.kind === 'compliantNetwork') {
    // Global Secure Access compliant networks: Verity cannot know whether a sign-in comes through one (always unknown, fail closed).
    return { id: l.id ?? l.displayName, displayName: l.displayName, kind: 'compliantNetwork', trusted: false, ranges: [], ipv4: new Uint32Array(0), countries: EMPTY, includeUnknownCountries: false, gps: false };
  }
  return {
    id: l.id ?? l.displayName,
    displayName: l.displayName,
    kind: 'country',
    trusted: false,
    ranges: [],
    ipv4: new Uint32Array(0),
    countries: new Set(l.countriesAndRegions),
    includeUnknownCountries: l.includeUnknownCountriesAndRegions === true,
    gps: l.countryLookupMethod === 'authenticatorAppGps',
  };
}

function guestCondition(g: NonNullable<ConditionalAccessPolicy['conditions']['users']['includeGuestsOrExternalUsers']> | null | undefined): GuestCondition | null {
  if (!g) return null;
  const tenants = g.externalTenants && g.externalTenants.membershipKind === 'enumerated' ? new Set(g.externalTenants.members ?? []) : null;
  return { types: new Set(g.guestOrExternalUserTypes.split(',').map((t) => t.trim()).filter(Boolean)), tenants };
}

function grantControls(p: ConditionalAccessPolicy): { block: boolean; operator: 'AND' | 'OR'; controls: GrantControl[] } {
  const g = p.grantControls;
  if (!g) return { block: false, operator: 'AND', controls: [] };
  const controls: GrantControl[] = [];
  let block = false;
  for (const c of g.builtInControls ?? []) {
    if (c === 'block') block = true;
    else if (c === 'mfa' || c === 'compliantDevice' || c === 'domainJoinedDevice' || c === 'approvedApplication' || c === 'compliantApplication' || c === 'passwordChange')
      controls.push({ key: c, kind: c });
    // Unknown controls (riskRemediation, unknownFutureValue, ...) can never be satisfied: fail closed.
    else controls.push({ key: 'unsupportedControl', kind: 'never' });
  }
  if (g.authenticationStrength) {
    const strength = BUILT_IN_AUTHENTICATION_STRENGTHS.get(g.authenticationStrength.id);
    controls.push(strength ? { key: `authenticationStrength:${strength}`, kind: 'strength', strength } : { key: 'authenticationStrength:unsupported', kind: 'never' });
  }
  for (const _ of g.termsOfUse ?? []) controls.push({ key: 'termsOfUse', kind: 'never' });
  for (const _ of g.customAuthenticationFactors ?? []) controls.push({ key: 'customAuthenticationFactor', kind: 'never' });
  return { block, operator: g.operator, controls };
}

function sessionControls(p: ConditionalAccessPolicy): SessionControls | null {
  const s = p.sessionControls;
  if (!s) return null;
  let hours: number | null = null;
  const f = s.signInFrequency;
  if (f?.isEnabled) {
    if (f.frequencyInterval === 'everyTime') hours = 0;
    else if (f.value) hours = f.type === 'days' ? f.value * 24 : f.value;
  }
  return {
    signInFrequencyHours: hours,
    persistentBrowser: s.persistentBrowser?.isEnabled ? (s.persistentBrowser.mode ?? null) : null,
    applicationEnforcedRestrictions: s.applicationEnforcedRestrictions?.isEnabled === true,
  };
}

interface CompileContext {
  readonly locationIndex: ReadonlyMap<string, number>;
  readonly appGroups: Readonly<Record<string, readonly string[]>>;
  readonly hasCountryLookup: boolean;
  readonly locations: readonly CompiledLocation[];
  readonly diagnostics: PolicySetDiagnostic[];
}

const ALL_LOCATIONS = 'All';
const ALL_TRUSTED = 'AllTrusted';

function compilePolicy(p: ConditionalAccessPolicy, index: number, cx: CompileContext): CompiledPolicy {
  const policyId = p.id ?? p.displayName;
  const diag = (code: PolicySetDiagnostic['code'], message: string): void => {
    cx.diagnostics.push({ policyId, code, message });
  };
  const c = p.conditions;
  const u = c.users;
  const includeUsers = u.includeUsers ?? [];
  const excludeUsers = u.excludeUsers ?? [];

  // Applications: expand Verity app groups (Office365-style); an unknown group in an include
  // makes the policy apply to every app (fail closed), in an exclude it excludes nothing.
  const a = c.applications;
  let allApps = false;
  const include = new Set<string>();
  for (const app of a.includeApplications ?? []) {
    if (app === 'All') allApps = true;
    else if (app === 'None') continue;
    else if (cx.appGroups[app]) for (const x of cx.appGroups[app]!) include.add(x);
    else if (/^[A-Z][A-Za-z0-9]*$/.test(app) && !/^[0-9a-f-]{36}$/i.test(app)) {
      diag('unknown-app-group', `application group "${app}" is not defined; the policy applies to every application`);
      allApps = true;
    } else include.add(app);
  }
  const exclude = new Set<string>();
  for (const app of a.excludeApplications ?? []) {
    if (cx.appGroups[app]) for (const x of cx.appGroups[app]!) exclude.add(x);
    else exclude.add(app);
  }
  const userActions = set(a.includeUserActions);
  const target: CompiledPolicy['apps']['target'] = userActions.size > 0 ? 'userActions' : allApps || include.size > 0 ? 'apps' : 'none';

  let error: string | null = null;
  let deviceFilter: CompiledPolicy['deviceFilter'] = null;
  const filter = c.devices?.deviceFilter;
  if (filter) {
    try {
      deviceFilter = { mode: filter.mode, rule: compileRule(filter.rule, { allowed: ['device'] }) };
    } catch (err) {
      deviceFilter = { mode: filter.mode, rule: null };
      error = `device filter does not compile: ${err instanceof Error ? err.message : String(err)}`;
      diag('policy-compile-error', error);
    }
  }

  let locations: LocationCondition | null = null;
  if (c.locations && ((c.locations.includeLocations?.length ?? 0) > 0 || (c.locations.excludeLocations?.length ?? 0) > 0)) {
    const resolve = (ids: readonly string[]): number[] =>
      ids
        .filter((x) => x !== ALL_LOCATIONS && x !== ALL_TRUSTED)
        .map((x) => {
          const i = cx.locationIndex.get(x);
          if (i === undefined) {
            diag('unknown-named-location', `named location "${x}" is not defined in this tenant; it matches no sign-in (an inclusion of it includes nothing, an exclusion excludes nothing)`);
            return -1;
          }
          if (cx.locations[i]!.kind === 'country' && !cx.hasCountryLookup)
            diag('country-lookup-unavailable', `country location "${x}" cannot be evaluated without an IP-to-country table; treated as unknown (fail closed)`);
          return i;
        });
    const inc = c.locations.includeLocations ?? [];
    const exc = c.locations.excludeLocations ?? [];
    locations = {
      includeAll: inc.includes(ALL_LOCATIONS),
      includeAllTrusted: inc.includes(ALL_TRUSTED),
      include: resolve(inc),
      excludeAll: exc.includes(ALL_LOCATIONS),
      excludeAllTrusted: exc.includes(ALL_TRUSTED),
      exclude: resolve(exc),
    };
  }

  const platforms = c.platforms
    ? { all: (c.platforms.includePlatforms ?? []).includes('all'), include: set(c.platforms.includePlatforms), exclude: set(c.platforms.excludePlatforms) }
    : null;
  const clientAppTypes = c.clientAppTypes ?? [];
  let clientApps: Set<string> | null = null;
  if (clientAppTypes.length > 0 && !clientAppTypes.includes('all')) {
    clientApps = new Set(clientAppTypes);
    // easSupported is the older name of the Exchange ActiveSync client type.
    if (clientApps.has('easSupported')) clientApps.add('exchangeActiveSync');
  }
  const risk = (levels: readonly string[] | undefined): ReadonlySet<string> | null => (levels && levels.length > 0 ? new Set(levels) : null);
  const signInRisk = risk(c.signInRiskLevels);
  const userRisk = risk(c.userRiskLevels);
  const masks = {
    clientApps: clientApps === null ? ALL_BITS : bits(clientAppBitOf, clientApps),
    includePlatforms: platforms === null || platforms.all ? ALL_BITS : bits(platformBitOf, [...platforms.include].filter((x) => x !== 'unknown')),
    excludePlatforms: platforms === null ? 0 : bits(platformBitOf, [...platforms.exclude].filter((x) => x !== 'unknown')),
    signInRisk: signInRisk === null ? ALL_BITS : bits(riskBitOf, signInRisk),
    userRisk: userRisk === null ? ALL_BITS : bits(riskBitOf, userRisk),
  };

  const grant = grantControls(p);
  const all = includeUsers.includes('All');
  const includeGuestsLegacy = includeUsers.includes('GuestsOrExternalUsers');
  const includeGuests = guestCondition(u.includeGuestsOrExternalUsers);
  return {
    index,
    id: policyId,
    displayName: p.displayName,
    state: p.state === 'enabled' ? 'enabled' : 'enabledForReportingButNotEnforced',
    userIndexed: !all && !includeGuestsLegacy && includeGuests === null && !includeUsers.includes('None'),
    users: {
      none: includeUsers.includes('None'),
      all,
      includeGuestsLegacy,
      excludeGuestsLegacy: excludeUsers.includes('GuestsOrExternalUsers'),
      includeUsers: set(includeUsers),
      excludeUsers: set(excludeUsers),
      includeGroups: set(u.includeGroups),
      excludeGroups: set(u.excludeGroups),
      includeRoles: set(u.includeRoles),
      excludeRoles: set(u.excludeRoles),
      includeGroupList: [...set(u.includeGroups)],
      excludeGroupList: [...set(u.excludeGroups)],
      includeRoleList: [...set(u.includeRoles)],
      excludeRoleList: [...set(u.excludeRoles)],
      includeGuests,
      excludeGuests: guestCondition(u.excludeGuestsOrExternalUsers),
    },
    apps: { target, all: allApps, include, exclude, userActions },
    clientApps,
    platforms,
    locations,
    deviceFilter,
    masks,
    signInRisk,
    userRisk,
    ...grant,
    controlBits: grant.controls.reduce((bits, control) => bits | controlBit(control), 0),
    results: [],
    session: sessionControls(p),
    error,
  };
}

/** A policy that could not be compiled at all: it applies everywhere and blocks (fail closed). */
function brokenPolicy(p: ConditionalAccessPolicy, index: number, error: string): CompiledPolicy {
  return {
    index,
    id: String(p?.id ?? p?.displayName ?? `#${index}`),
    displayName: String(p?.displayName ?? `#${index}`),
    state: p?.state === 'enabledForReportingButNotEnforced' ? 'enabledForReportingButNotEnforced' : 'enabled',
    userIndexed: false,
    users: {
      none: false,
      all: true,
      includeGuestsLegacy: false,
      excludeGuestsLegacy: false,
      includeUsers: EMPTY,
      excludeUsers: EMPTY,
      includeGroups: EMPTY,
      excludeGroups: EMPTY,
      includeRoles: EMPTY,
      excludeRoles: EMPTY,
      includeGroupList: [],
      excludeGroupList: [],
      includeRoleList: [],
      excludeRoleList: [],
      includeGuests: null,
      excludeGuests: null,
    },
    // Listed under every user action too, so a broken policy is a candidate for every sign-in.
    apps: { target: 'apps', all: true, include: EMPTY, exclude: EMPTY, userActions: new Set(['urn:user:registersecurityinfo', 'urn:user:registerdevice']) },
    clientApps: null,
    masks: { clientApps: ALL_BITS, includePlatforms: ALL_BITS, excludePlatforms: 0, signInRisk: ALL_BITS, userRisk: ALL_BITS },
    platforms: null,
    locations: null,
    deviceFilter: null,
    signInRisk: null,
    userRisk: null,
    block: true,
    operator: 'AND',
    controls: [],
    controlBits: 0,
    results: [],
    session: null,
    error,
  };
}

/** Compile the tenant's whole policy set once (indexes by app for speed); the gateway holds this in memory. */
export function compilePolicySet(input: {
  policies: readonly ConditionalAccessPolicy[];
  namedLocations: readonly NamedLocation[];
  appGroups?: Readonly<Record<string, readonly string[]>>;
  countryOf?: (ip: string) => string | null;
  /** The caller resolves each sign-in's country itself (`SignInContext.country`): country locations are evaluated. */
  countryLookup?: boolean;
}): CompiledPolicySet {
  const locations = input.namedLocations.map(compileLocation);
  const locationIndex = new Map<string, number>();
  locations.forEach((l, i) => locationIndex.set(l.id, i));
  const diagnostics: PolicySetDiagnostic[] = [];
  const cx: CompileContext = { locationIndex, appGroups: input.appGroups ?? {}, hasCountryLookup: input.countryOf !== undefined || input.countryLookup === true, locations, diagnostics };

  const policies: CompiledPolicy[] = [];
  input.policies.forEach((p) => {
    if (p?.state === 'disabled') return;
    const index = policies.length;
    try {
      policies.push(compilePolicy(p, index, cx));
    } catch (err) {
      const message = `policy does not compile: ${err instanceof Error ? err.message : String(err)}`;
      diagnostics.push({ policyId: String(p?.id ?? p?.displayName ?? `#${index}`), code: 'policy-compile-error', message });
      policies.push(brokenPolicy(p, index, message));
    }
  });

  const anyApp: CompiledPolicy[] = [];
  const specific = new Map<string, CompiledPolicy[]>();
  const byUserAction = new Map<string, CompiledPolicy[]>();
  for (const p of policies) {
    for (const action of p.apps.userActions) byUserAction.set(action, [...(byUserAction.get(action) ?? []), p]);
    if (p.apps.target === 'apps') {
      if (p.apps.all) anyApp.push(p);
      else for (const app of p.apps.include) specific.set(app, [...(specific.get(app) ?? []), p]);
    }
  }
  const byUser = new Map<string, number[]>();
  const byGroup = new Map<string, number[]>();
  const byRole = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, key: string, i: number): void => {
    const xs = m.get(key);
    if (xs === undefined) m.set(key, [i]);
    else xs.push(i);
  };
  for (const p of policies) {
    if (!p.userIndexed) continue;
    for (const x of p.users.includeUsers) add(byUser, x, p.index);
    for (const x of p.users.includeGroupList) add(byGroup, x, p.index);
    for (const x of p.users.includeRoleList) add(byRole, x, p.index);
  }
  // Each app's list is merged with the any-app policies once here, in policy order, so a decision walks one array.
  const byApp = new Map<string, readonly CompiledPolicy[]>();
  for (const [app, list] of specific) byApp.set(app, [...list, ...anyApp].sort((x, y) => x.index - y.index));
  const words = new Int32Array(policies.length * PLAN_STRIDE);
  for (const p of policies) {
    const u = p.users;
    // Guest conditions depend on more than ids: those policies keep the general matchUsers.
    const general = u.none || u.includeGuestsLegacy || u.excludeGuestsLegacy || u.includeGuests !== null || u.excludeGuests !== null;
    const users = general ? USERS_GENERAL : u.all ? USERS_ALL_BY_MARKS : USERS_BY_MARKS;
    // Candidates come from the app index, so only excluded apps are left of the applications condition.
    const flags = (p.locations !== null || p.deviceFilter !== null || p.apps.exclude.size !== 0 ? FLAG_MORE_CONDITIONS : 0) | (p.error !== null ? FLAG_ERROR : 0);
    words[p.index * PLAN_STRIDE] = (p.index << 4) | (users << 2) | flags;
    words[p.index * PLAN_STRIDE + 1] = conditionWord(p.masks);
  }
  const refs = { user: new Map<string, number[]>(), group: new Map<string, number[]>(), role: new Map<string, number[]>() };
  for (const p of policies) {
    const u = p.users;
    for (const x of u.includeUsers) add(refs.user, x, p.index * 2);
    for (const x of u.excludeUsers) add(refs.user, x, p.index * 2 + 1);
    for (const x of u.includeGroupList) add(refs.group, x, p.index * 2);
    for (const x of u.excludeGroupList) add(refs.group, x, p.index * 2 + 1);
    for (const x of u.includeRoleList) add(refs.role, x, p.index * 2);
    for (const x of u.excludeRoleList) add(refs.role, x, p.index * 2 + 1);
  }
  const runs: number[] = [];
  const flatten = (m: Map<string, number[]>): Map<string, number> => {
    const at = new Map<string, number>();
    for (const [key, xs] of m) {
      at.set(key, runs.length);
      runs.push(xs.length);
      for (const x of xs) runs.push(x);
    }
    return at;
  };
  const fastIndex = {
    byApp: new Map([...byApp].map(([app, xs]) => [app, candidatePlan(words, xs)] as const)),
    anyApp: candidatePlan(words, anyApp),
    words,
    userRefs: flatten(refs.user),
    groupRefs: flatten(refs.group),
    roleRefs: flatten(refs.role),
    refs: Int32Array.from(runs),
    refFilter: new Uint32Array(REF_FILTER_BITS / 32),
  };
  for (const m of [refs.user, refs.group, refs.role])
    for (const key of m.keys()) {
      const slot = refFilterSlot(key);
      fastIndex.refFilter[slot >>> 5]! |= 1 << (slot & 31);
    }
  const deviceProperties = new Set<string>();
  for (const p of policies) for (const property of p.deviceFilter?.rule?.properties ?? []) if (property.startsWith('device.')) deviceProperties.add(property.slice('device.'.length));
  return {
    policies,
    locations,
    countryOf: input.countryOf ?? null,
    byApp,
    anyApp,
    byUserAction,
    byUser,
    byGroup,
    byRole,
    diagnostics,
    userMarks: { stamps: new Uint8Array(policies.length * 2), generation: 0, inUse: false },
    fastIndex,
    deviceProperties: [...deviceProperties],
  };
}
