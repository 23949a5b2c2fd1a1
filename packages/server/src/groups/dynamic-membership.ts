import { compileRule, type CompiledRule, type RuleSubject } from '@verity/core';
import type { ServerContext } from '../context.js';
import { deviceRuleAttributes, userRuleAttributes } from './rule-attributes.js';

// Compiled rules are cached by source text: a tenant's dynamic groups are re-evaluated on
// every check-in, and compiling is far more expensive than testing.
const compiled = new Map<string, CompiledRule>();
const PAGE = 500;
function ruleFor(source: string): CompiledRule {
  let rule = compiled.get(source);
  if (!rule) {
    rule = compileRule(source);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(source, rule);
  }
  return rule;
}

/** Recompute every member of one dynamic group from scratch (after its rule changed). */
export async function recomputeDynamicGroup(ctx: ServerContext, tenantId: string, groupId: string): Promise<number> {
  const group = await ctx.store.groups.get(tenantId, groupId);
  if (!group || group.membershipType !== 'dynamic' || !group.membershipRule) return 0;
  const rule = ruleFor(group.membershipRule);
  const members: string[] = [];
  if (group.memberKind === 'user') {
    for (let offset = 0; ; offset += PAGE) {
      const users = await ctx.store.users.list(tenantId, { limit: PAGE, offset });
      for (const user of users) if (rule.test({ user: userRuleAttributes(user) })) members.push(user.id);
      if (users.length < PAGE) break;
    }
  } else {
    let cursor: string | undefined;
    do {
      const page = await ctx.store.devices.list(tenantId, { limit: PAGE, sort: 'enrolledAt', ...(cursor ? { cursor } : {}) });
      for (const device of page.items) {
        const primaryUser = device.primaryUserId ? await ctx.store.users.get(tenantId, device.primaryUserId) : undefined;
        const subject: RuleSubject = { device: deviceRuleAttributes(device), ...(primaryUser ? { user: userRuleAttributes(primaryUser) } : {}) };
        if (rule.test(subject)) members.push(device.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  await ctx.store.groups.replaceDynamicMembers(tenantId, groupId, members);
  return members.length;
}

async function refreshMember(ctx: ServerContext, tenantId: string, memberKind: 'user' | 'device', memberId: string, subject: RuleSubject): Promise<boolean> {
  const groups = await ctx.store.groups.list(tenantId, { membershipType: 'dynamic', memberKind, limit: 500 });
  let changed = false;
  for (const group of groups) {
    if (!group.membershipRule) continue;
    const shouldBe = ruleFor(group.membershipRule).test(subject);
    changed = (await ctx.store.groups.setDynamicMembership(tenantId, group.id, memberId, shouldBe)) || changed;
  }
  return changed;
}

/** Re-evaluate one user's dynamic group memberships (after the user changed). Returns whether any changed. */
export async function refreshUserGroups(ctx: ServerContext, tenantId: string, userId: string): Promise<boolean> {
  const user = await ctx.store.users.get(tenantId, userId);
  if (!user) return false;
  return refreshMember(ctx, tenantId, 'user', userId, { user: userRuleAttributes(user) });
}

/** Re-evaluate one device's dynamic group memberships (after enrollment or a check-in changed it). */
export async function refreshDeviceGroups(ctx: ServerContext, tenantId: string, deviceId: string): Promise<boolean> {
  const device = await ctx.store.devices.get(tenantId, deviceId);
  if (!device) return false;
  const primaryUser = device.primaryUserId ? await ctx.store.users.get(tenantId, device.primaryUserId) : undefined;
  return refreshMember(ctx, tenantId, 'device', deviceId, { device: deviceRuleAttributes(device), ...(primaryUser ? { user: userRuleAttributes(primaryUser) } : {}) });
}
