import { CONDITION_CODES, type ConditionCode } from './access-reasons.js';
import { appDisplayName, displayName, nameList, roleDisplayName, type DisplayNames } from './display-names.js';
import type { CompiledPolicy, CompiledPolicySet } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

/** Names of the groups and roles a policy's users condition lists (`include` or `exclude`). */
function membershipNames(p: CompiledPolicy, which: 'include' | 'exclude', names: DisplayNames | undefined): string {
  const u = p.users;
  const groups = which === 'include' ? u.includeGroupList : u.excludeGroupList;
  const roles = which === 'include' ? u.includeRoleList : u.excludeRoleList;
  const parts: string[] = [];
  if (groups.length > 0) parts.push(`group${groups.length === 1 ? '' : 's'} ${nameList(groups.map((g) => displayName(names?.groups, g)))}`);
  if (roles.length > 0) parts.push(`role${roles.length === 1 ? '' : 's'} ${nameList(roles.map((r) => roleDisplayName(names, r)))}`);
  return parts.join('; ');
}

/** Which exclusion of the users condition caught this user, in words. */
function exclusion(p: CompiledPolicy, ctx: SignInContext, names: DisplayNames | undefined): string {
  const u = p.users;
  if (u.excludeUsers.has(ctx.user.id)) return 'by name';
  const group = u.excludeGroupList.find((g) => ctx.user.groupIds.has(g));
  if (group !== undefined) return `as a member of group ${displayName(names?.groups, group)}`;
  const role = u.excludeRoleList.find((r) => ctx.user.roleIds.has(r));
  if (role !== undefined) return `as a holder of role ${roleDisplayName(names, role)}`;
  return 'as a guest or external user';
}

/** The named locations a policy's location condition lists (`include` or `exclude`), in words. */
function locationNames(set: CompiledPolicySet, p: CompiledPolicy, which: 'include' | 'exclude'): string {
  const loc = p.locations;
  if (loc === null) return '';
  const all = which === 'include' ? loc.includeAll : loc.excludeAll;
  const trusted = which === 'include' ? loc.includeAllTrusted : loc.excludeAllTrusted;
  const listed = (which === 'include' ? loc.include : loc.exclude).map((i) => (i >= 0 ? (set.locations[i]?.displayName ?? 'an unknown location') : 'an unknown location'));
  return nameList([...(all ? ['any location'] : []), ...(trusted ? ['the trusted locations'] : []), ...listed]);
}

/**
 * The sentence explaining why a policy applies to a sign-in or not, naming users, groups, roles,
 * applications and locations by display name (the result's JSON carries the ids). Used with
 * `explain` (what-if, the sign-in log); the fast path uses the constant sentences.
 */
export function explainCondition(set: CompiledPolicySet, p: CompiledPolicy, ctx: SignInContext, code: ConditionCode, names?: DisplayNames): string {
  const name = `"${p.displayName}"`;
  const user = displayName(names?.users, ctx.user.id);
  const app = ctx.appId === null ? null : appDisplayName(names, ctx.appId);
  switch (code) {
    case 'all-conditions-met':
      return `${name} applies: every condition matches.`;
    case 'user-not-included': {
      const memberships = membershipNames(p, 'include', names);
      return `${name} does not apply: ${user} is not among the users it includes${memberships ? ` (it includes ${memberships})` : ''}.`;
    }
    case 'user-excluded':
      return `${name} does not apply: ${user} is excluded ${exclusion(p, ctx, names)}.`;
    case 'app-not-included':
      return `${name} does not apply: ${app === null ? 'the sign-in has no application' : `application ${app} is not included`}.`;
    case 'app-excluded':
      return `${name} does not apply: application ${app} is excluded.`;
    case 'user-action-not-included':
      return `${name} does not apply: it targets user actions${ctx.userAction ? `, not ${ctx.userAction}` : ''}.`;
    case 'client-app-not-included':
      return `${name} does not apply: client app type ${ctx.clientAppType} is not included.`;
    case 'platform-not-included':
      return `${name} does not apply: platform ${ctx.platform ?? 'unknown'} is not included.`;
    case 'platform-excluded':
      return `${name} does not apply: platform ${ctx.platform} is excluded.`;
    case 'location-not-included':
      return `${name} does not apply: IP ${ctx.ip ?? 'unknown'} is in none of its locations (${locationNames(set, p, 'include')}).`;
    case 'location-excluded':
      return `${name} does not apply: IP ${ctx.ip} is in a location it excludes (${locationNames(set, p, 'exclude')}).`;
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
