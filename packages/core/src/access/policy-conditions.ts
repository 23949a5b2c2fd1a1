import type { RuleSubject, RuleValue } from '../rules/rule-types.js';
import type { ConditionCode } from './access-reasons.js';
import { ipInRange, parseIPv4Number, parseIp } from './ip-range.js';
import { PLATFORM_BITS, clientAppBitOf, platformBitOf, riskBitOf, type CompiledPolicy, type CompiledPolicySet, type GuestCondition } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

/**
 * Condition matching for one policy, following Entra's "Conditional Access policy evaluation":
 * every configured condition must match for the policy to apply, and within a condition an
 * exclusion wins over an inclusion. Where Verity cannot know a fact (no IP, unknown guest
 * type, a country without an IP table), it fails closed: the fact matches inclusions and
 * never matches exclusions, so the policy applies and its requirements stay in force.
 */

/** Per-decision scratch: facts computed at most once per decision, lazily. */
export interface DecisionScratch {
  /** The sign-in's client app type, platform and risks as single bits (see `PLATFORM_BITS`...). */
  clientAppBit: number;
  platformBit: number;
  signInRiskBit: number;
  userRiskBit: number;
  /** The sign-in IP: a number for a dotted quad (no bytes to allocate), else 16 bytes; null when absent or invalid. */
  ip: number | Uint8Array | null | undefined;
  /** The sign-in's country (see `countryOf`); undefined until needed. */
  country: string | null | false | undefined;
  /** Per named location: 0 no, 1 yes, 2 unknown, 3 not computed yet. */
  locations: Uint8Array | null;
  trusted: number;
  device: RuleSubject | undefined;
  /** A refused device's last known properties as the filters see them (see SignInContext.deviceRefusal). */
  lastKnownDevice: RuleSubject | undefined;
}

// A value outside the tables gets bit 30: only an unconfigured condition (ALL_BITS) includes it.
const OUTSIDE = 1 << 30;
/** The sign-in's client app type as a single bit of `CLIENT_APP_BITS`. */
export const clientAppBitOfSignIn = (ctx: SignInContext): number => clientAppBitOf(ctx.clientAppType, OUTSIDE);
/** The sign-in's platform as a single bit of `PLATFORM_BITS` (`unknown` when there is none). */
export const platformBitOfSignIn = (ctx: SignInContext): number => (ctx.platform === null ? PLATFORM_BITS.unknown! : platformBitOf(ctx.platform, OUTSIDE));
/** The sign-in risk as a single bit of `RISK_BITS`. */
export const signInRiskBitOf = (ctx: SignInContext): number => riskBitOf(ctx.signInRisk, OUTSIDE);
/** The user risk as a single bit of `RISK_BITS`. */
export const userRiskBitOf = (ctx: SignInContext): number => riskBitOf(ctx.userRisk, OUTSIDE);

/** Fresh scratch for one decision. */
export function newScratch(ctx: SignInContext): DecisionScratch {
  return {
    clientAppBit: clientAppBitOfSignIn(ctx),
    platformBit: platformBitOfSignIn(ctx),
    signInRiskBit: signInRiskBitOf(ctx),
    userRiskBit: userRiskBitOf(ctx),
    ip: undefined,
    country: undefined,
    locations: null,
    trusted: 3,
    device: undefined,
    lastKnownDevice: undefined,
  };
}

const NO = 0;
const YES = 1;
const UNKNOWN = 2;
const TODO = 3;

function ipOf(ctx: SignInContext, s: DecisionScratch): number | Uint8Array | null {
  if (s.ip === undefined) {
    const ip = ctx.ip;
    if (ip === null) s.ip = null;
    // The same dotted quads parseIp accepts, as a number.
    else if (typeof ip === 'string' && ip.length <= 64 && !ip.includes(':')) {
      const n = parseIPv4Number(ip);
      s.ip = n < 0 ? null : n;
    } else s.ip = parseIp(ip);
  }
  return s.ip;
}

function locationState(set: CompiledPolicySet, i: number, ctx: SignInContext, s: DecisionScratch): number {
  // A named location the tenant does not have holds no address: it matches no sign-in, in an inclusion or an exclusion.
  if (i < 0) return NO;
  if (s.locations === null) s.locations = new Uint8Array(set.locations.length).fill(TODO);
  const memo = s.locations[i]!;
  if (memo !== TODO) return memo;
  const loc = set.locations[i]!;
  let state: number;
  if (loc.kind === 'ip') {
    const ip = ipOf(ctx, s);
    if (ip === null) state = UNKNOWN;
    else if (typeof ip === 'number') {
      state = NO;
      const v4 = loc.ipv4;
      for (let k = 0; k < v4.length; k += 2)
        if (((ip & v4[k + 1]!) >>> 0) === v4[k]) {
          state = YES;
          break;
        }
    } else {
      state = NO;
      for (const r of loc.ranges)
        if (ipInRange(ip, r)) {
          state = YES;
          break;
        }
    }
  } else if (loc.kind === 'compliantNetwork' || loc.gps) state = UNKNOWN;
  else {
    if (s.country === undefined) s.country = countryOf(set, ctx, s);
    // false: the country cannot be known (no table, no IP); null: an address the table does not place.
    state = s.country === false ? UNKNOWN : s.country === null ? (loc.includeUnknownCountries ? YES : NO) : loc.countries.has(s.country) ? YES : NO;
  }
  s.locations[i] = state;
  return state;
}

/**
 * The sign-in's country: the one the caller resolved (`SignInContext.country`, the server's
 * IP-to-country lookup or a what-if override), else the set's own lookup; false when it cannot be known.
 */
function countryOf(set: CompiledPolicySet, ctx: SignInContext, s: DecisionScratch): string | null | false {
  if (ctx.country !== undefined) return ctx.country;
  if (set.countryOf === null || ctx.ip === null || ipOf(ctx, s) === null) return false;
  return set.countryOf(ctx.ip);
}

/** Whether the sign-in comes from a trusted IP named location (only IP locations carry `isTrusted`). */
function trustedState(set: CompiledPolicySet, ctx: SignInContext, s: DecisionScratch): number {
  if (s.trusted !== TODO) return s.trusted;
  let state = NO;
  if (ipOf(ctx, s) === null) state = UNKNOWN;
  else
    for (let i = 0; i < set.locations.length; i++)
      if (set.locations[i]!.trusted && locationState(set, i, ctx, s) === YES) {
        state = YES;
        break;
      }
  s.trusted = state;
  return state;
}

function intersects(policyList: readonly string[], policySet: ReadonlySet<string>, userSet: ReadonlySet<string>): boolean {
  const n = policyList.length;
  if (n === 0 || userSet.size === 0) return false;
  if (userSet.size < n) {
    for (const x of userSet) if (policySet.has(x)) return true;
  } else for (let i = 0; i < n; i++) if (userSet.has(policyList[i]!)) return true;
  return false;
}

function isExternal(ctx: SignInContext): boolean {
  return ctx.user.userType === 'guest' || ctx.user.externalUserType !== undefined;
}

function guestMatches(cond: GuestCondition | null, ctx: SignInContext, forInclusion: boolean): boolean {
  if (cond === null || !isExternal(ctx)) return false;
  const type = ctx.user.externalUserType;
  if (type === undefined ? !forInclusion : !cond.types.has(type)) return false;
  if (cond.tenants === null) return true;
  const tenant = ctx.user.homeTenantId;
  return tenant === undefined ? forInclusion : cond.tenants.has(tenant);
}

/** Users condition: included by id, group, role or guest type, and not excluded by any of them. */
export function matchUsers(p: CompiledPolicy, ctx: SignInContext): ConditionCode | null {
  const u = p.users;
  if (u.none) return 'users-none';
  const user = ctx.user;
  const included =
    u.all ||
    u.includeUsers.has(user.id) ||
    (u.includeGuestsLegacy && isExternal(ctx)) ||
    intersects(u.includeGroupList, u.includeGroups, user.groupIds) ||
    intersects(u.includeRoleList, u.includeRoles, user.roleIds) ||
    guestMatches(u.includeGuests, ctx, true);
  if (!included) return 'user-not-included';
  const excluded =
    (u.excludeUsers.size !== 0 && u.excludeUsers.has(user.id)) ||
    (u.excludeGuestsLegacy && isExternal(ctx)) ||
    intersects(u.excludeGroupList, u.excludeGroups, user.groupIds) ||
    intersects(u.excludeRoleList, u.excludeRoles, user.roleIds) ||
    guestMatches(u.excludeGuests, ctx, false);
  return excluded ? 'user-excluded' : null;
}

/** Applications or user actions condition. A user-action sign-in without an app only meets user-action policies. */
export function matchApplications(p: CompiledPolicy, ctx: SignInContext): ConditionCode | null {
  const a = p.apps;
  if (ctx.userAction !== undefined && a.userActions.has(ctx.userAction)) return null;
  if (a.target !== 'apps') return a.target === 'userActions' ? 'user-action-not-included' : 'app-not-included';
  if (ctx.userAction !== undefined && ctx.appId === null) return 'app-not-included';
  if (!(a.all || (ctx.appId !== null && a.include.has(ctx.appId)))) return 'app-not-included';
  return ctx.appId !== null && a.exclude.size !== 0 && a.exclude.has(ctx.appId) ? 'app-excluded' : null;
}

/** All conditions of one policy, cheapest first (users, apps, client app, platform, risk, location, device); null when the policy applies. */
export function matchConditions(set: CompiledPolicySet, p: CompiledPolicy, ctx: SignInContext, s: DecisionScratch): ConditionCode | null {
  const users = matchUsers(p, ctx);
  if (users !== null) return users;
  return matchConditionsAfterUsers(set, p, ctx, s);
}

/** Every condition but users, in `matchConditions` order: for callers that decided the users condition already. */
export function matchConditionsAfterUsers(set: CompiledPolicySet, p: CompiledPolicy, ctx: SignInContext, s: DecisionScratch): ConditionCode | null {
  const apps = matchApplications(p, ctx);
  if (apps !== null) return apps;
  const m = p.masks;
  if ((m.clientApps & s.clientAppBit) === 0) return 'client-app-not-included';
  if ((m.includePlatforms & s.platformBit) === 0) return 'platform-not-included';
  if ((m.excludePlatforms & s.platformBit) !== 0) return 'platform-excluded';
  if ((m.signInRisk & s.signInRiskBit) === 0) return 'sign-in-risk-not-included';
  if ((m.userRisk & s.userRiskBit) === 0) return 'user-risk-not-included';
  // Locations and device filters cost the most (IP parsing, range scans, rule evaluation): last.
  const loc = p.locations;
  if (loc !== null) {
    let included = loc.includeAll || (loc.includeAllTrusted && trustedState(set, ctx, s) !== NO);
    for (let i = 0; !included && i < loc.include.length; i++) included = locationState(set, loc.include[i]!, ctx, s) !== NO;
    if (!included) return 'location-not-included';
    let excluded = loc.excludeAll || (loc.excludeAllTrusted && trustedState(set, ctx, s) === YES);
    for (let i = 0; !excluded && i < loc.exclude.length; i++) excluded = locationState(set, loc.exclude[i]!, ctx, s) === YES;
    if (excluded) return 'location-excluded';
  }
  const f = p.deviceFilter;
  // A filter that did not compile matches nothing it could exclude and everything it could include (fail closed).
  if (f !== null && f.rule !== null) {
    if (s.device === undefined) s.device = deviceSubject(set, ctx.deviceRefusal ? null : ctx.device);
    let matched = f.rule.test(s.device);
    const lastKnown = ctx.deviceRefusal?.lastKnown;
    if (lastKnown) {
      // A refused device is unregistered for its controls, but a policy that targeted it keeps
      // applying: the filter applies if it applies to either view (never lifted by a revocation).
      if (s.lastKnownDevice === undefined) s.lastKnownDevice = deviceSubject(set, lastKnown);
      const matchedLast = f.rule.test(s.lastKnownDevice);
      matched = f.mode === 'include' ? matched || matchedLast : matched && matchedLast;
    }
    if (f.mode === 'include' && !matched) return 'device-filter-not-matched';
    if (f.mode === 'exclude' && matched) return 'device-filter-excluded';
  }
  return null;
}

/**
 * The device as the filters see it: its attributes with `deviceId`, `isCompliant` and `trustType`
 * on top, limited to the properties some filter reads (copying every attribute by spread cost
 * more than the rest of the decision). An unregistered device (none) has every property null,
 * as in Entra, so `device.trustType -ne "ServerAD"` matches it.
 */
function deviceSubject(set: CompiledPolicySet, d: SignInContext['device']): RuleSubject {
  const device: Record<string, RuleValue | undefined> = {};
  if (d === null) return { device };
  const attributes = d.attributes;
  for (const name of set.deviceProperties) {
    if (name === 'deviceId') device[name] = d.id;
    else if (name === 'isCompliant') device[name] = d.isCompliant;
    else if (name === 'trustType') device[name] = d.trustType;
    else if (Object.hasOwn(attributes, name)) device[name] = attributes[name];
  }
  return { device };
}
