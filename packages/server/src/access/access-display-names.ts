import type { ConditionalAccessPolicy, DisplayNames } from '@verity/core';
import type { ServerContext } from '../context.js';
// Explanations name at most this many referenced groups; the rest show as ids.
const MAX_GROUPS = 200;

/** A user as explanations name them: display name and user principal name. */
export function userLabel(u: { displayName: string; userPrincipalName: string }): string {
  return `${u.displayName} (${u.userPrincipalName})`;
}

/**
 * Display names for a what-if, decision or analysis of this tenant: the users given, the groups
 * the policies include or exclude (directory roles and Microsoft apps are named by core). Explanations read names; the JSON keeps ids.
 */
export async function accessDisplayNames(ctx: ServerContext, tenantId: string, input: {
  policies: readonly ConditionalAccessPolicy[]; users: readonly { id: string; displayName: string; userPrincipalName: string }[];
}): Promise<DisplayNames> {
  const groupIds = new Set<string>();
  for (const p of input.policies) for (const g of [...(p.conditions.users.includeGroups ?? []), ...(p.conditions.users.excludeGroups ?? [])]) if (groupIds.size < MAX_GROUPS) groupIds.add(g);
  const groups = await Promise.all([...groupIds].map(async (id) => [id, (await ctx.store.groups.get(tenantId, id))?.displayName] as const));
  return {
    users: new Map(input.users.map((u) => [u.id, userLabel(u)])),
    groups: new Map(groups.filter((g): g is readonly [string, string] => typeof g[1] === 'string')),
  };
}
