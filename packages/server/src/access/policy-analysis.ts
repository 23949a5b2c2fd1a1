import { analysePolicySet, unresolvedReferenceFindings, type AnalysisFinding, type ConditionalAccessPolicy } from '@verity/core';
import { referenceResolver } from './policy-reference-resolution.js';
import type { ServerContext } from '../context.js';
import { directoryRoleIds } from './directory-roles.js';
import { VERITY_APPS } from './decide-sign-in.js';
import { policySetCache } from './policy-set-cache.js';
import { accessDisplayNames } from './access-display-names.js';

/** App ids the policies name (not keywords or app groups), plus Verity's own apps: the apps the analysis checks coverage of. */
export function knownAppIds(policies: readonly ConditionalAccessPolicy[]): string[] {
  const ids = new Set<string>([VERITY_APPS.portal, VERITY_APPS.admin]);
  for (const p of policies)
    for (const app of [...(p.conditions.applications.includeApplications ?? []), ...(p.conditions.applications.excludeApplications ?? [])])
      if (app !== 'All' && app !== 'None' && !/^[A-Z][A-Za-z0-9]*$/.test(app)) ids.add(app);
  return [...ids];
}

/**
 * Analyse the tenant's policy set: would it lock out every admin (users holding an admin role
 * assignment) or a break-glass account, which known apps does no enabled policy cover, and
 * which policies can never apply.
 */
export async function analyseTenantPolicies(ctx: ServerContext, tenantId: string, breakGlassUserIds: readonly string[]): Promise<{ findings: AnalysisFinding[]; admins: number; knownAppIds: string[] }> {
  const set = await policySetCache(ctx).get(tenantId);
  const assignments = await ctx.store.roles.list(tenantId, { limit: 500 });
  const rolesByUser = new Map<string, string[]>();
  for (const a of assignments) if (a.userId) rolesByUser.set(a.userId, [...(rolesByUser.get(a.userId) ?? []), a.role]);
  const admins = await Promise.all(
    [...rolesByUser].map(async ([userId, roles]) => ({ userId, roleIds: directoryRoleIds(roles), groupIds: await ctx.store.groups.groupsOfMember(tenantId, userId) })),
  );
  // Break-glass accounts that are not admins still need their groups for the exclusion check.
  const extra = await Promise.all(
    breakGlassUserIds.filter((id) => !rolesByUser.has(id)).map(async (userId) => ({ userId, roleIds: [], groupIds: await ctx.store.groups.groupsOfMember(tenantId, userId) })),
  );
  const apps = knownAppIds(set.policies);
  // Findings name admins and break-glass accounts; the ids stay in each finding's userId.
  const users = (await Promise.all([...new Set([...rolesByUser.keys(), ...breakGlassUserIds])].slice(0, 600).map((id) => ctx.store.users.get(tenantId, id)))).filter((u) => u !== undefined);
  const names = await accessDisplayNames(ctx, tenantId, { policies: set.policies, users });
  const { findings } = analysePolicySet({
    policies: set.policies, namedLocations: set.namedLocations, admins,
    breakGlassUserIds: breakGlassUserIds.filter((id) => rolesByUser.has(id)), knownAppIds: apps, names,
  });
  // Break-glass accounts without an admin role: analysed on their own, with their groups, for the break-glass findings only.
  if (extra.length > 0) {
    const more = analysePolicySet({ policies: set.policies, namedLocations: set.namedLocations, admins: extra, breakGlassUserIds: extra.map((e) => e.userId), knownAppIds: apps, names }).findings
      .filter((f) => f.code === 'locks-out-break-glass' || f.code === 'break-glass-not-excluded');
    const seen = new Set(findings.map((f) => `${f.code}|${f.userId ?? ''}|${f.policyId ?? ''}`));
    for (const f of more) if (!seen.has(`${f.code}|${f.userId ?? ''}|${f.policyId ?? ''}`)) findings.push(f);
  }
  const resolver = referenceResolver(ctx.store, tenantId);
  const enabled = set.policies.filter((p) => p.state !== 'disabled');
  const unresolved = new Map(await Promise.all(enabled.map(async (p) => [p.id ?? p.displayName, await resolver.unresolved(p)] as const)));
  findings.push(...unresolvedReferenceFindings(enabled, unresolved));
  return { findings, admins: admins.length, knownAppIds: apps };
}
