import { z } from 'zod';
import { compileRule, type RuleSubject } from '@verity/core';
import type { User } from '@verity/store';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { inAdminScope } from '../auth/principal.js';
import { validateMembershipRule } from './group-routes.js';
import { deviceRuleAttributes, userRuleAttributes } from './rule-attributes.js';

/** A preview reads at most this many users or devices, so that typing in the editor stays cheap on a large tenant. */
const PREVIEW_SCAN_LIMIT = 5_000;
const PAGE = 500;

const previewBody = z.object({
  memberKind: z.enum(['user', 'device']),
  membershipRule: z.string().min(1).max(3072),
  sampleSize: z.number().int().min(1).max(50).default(10),
}).strict();

export const rulePreviewResponse = z.object({
  /** Members matched among those scanned. */
  matched: z.number().int(),
  scanned: z.number().int(),
  /** False when the tenant has more users or devices than a preview reads: `matched` is then a lower bound. */
  complete: z.boolean(),
  sample: z.array(z.object({ id: z.string(), displayName: z.string() })),
  /** Properties the rule reads, canonical spelling. */
  properties: z.array(z.string()),
});
type RulePreview = z.infer<typeof rulePreviewResponse>;

/** Who a dynamic membership rule would match, before the group is saved (the console's rule editor). Nothing is written. */
export function groupRulePreviewRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/groups/rule-preview', auth: { kind: 'admin', permission: 'groups.read' }, tag: 'groups',
      summary: 'Preview a dynamic membership rule: how many users or devices it matches and a sample of them (rule errors carry their position).',
      body: previewBody, response: rulePreviewResponse, rateLimitPerMinute: 120,
      handler: async ({ principal, body }): Promise<RulePreview> => {
        validateMembershipRule(body.membershipRule, 'dynamic');
        const rule = compileRule(body.membershipRule);
        const out: RulePreview = { matched: 0, scanned: 0, complete: true, sample: [], properties: [...rule.properties] };
        const take = (id: string, name: string) => {
          out.matched += 1;
          if (out.sample.length < body.sampleSize) out.sample.push({ id, displayName: name });
        };
        if (body.memberKind === 'user') {
          for (let offset = 0; ; offset += PAGE) {
            const users = await ctx.store.users.list(principal.tenantId, { limit: PAGE, offset });
            for (const u of users) if (rule.test({ user: userRuleAttributes(u) })) take(u.id, u.displayName);
            out.scanned += users.length;
            if (users.length < PAGE) break;
            if (out.scanned >= PREVIEW_SCAN_LIMIT) { out.complete = false; break; }
          }
          return out;
        }
        const readsUser = rule.objects.has('user');
        const users = new Map<string, User | undefined>();
        let cursor: string | undefined;
        do {
          const page = await ctx.store.devices.list(principal.tenantId, { limit: PAGE, sort: 'displayName', ...(cursor ? { cursor } : {}) });
          for (const d of page.items) {
            // A scoped admin previews over the devices they may see, as the group's member list shows them.
            if (!inAdminScope(principal, d.scopeTags)) continue;
            let subject: RuleSubject = { device: deviceRuleAttributes(d) };
            if (readsUser && d.primaryUserId) {
              if (!users.has(d.primaryUserId)) users.set(d.primaryUserId, await ctx.store.users.get(principal.tenantId, d.primaryUserId));
              const u = users.get(d.primaryUserId);
              if (u) subject = { ...subject, user: userRuleAttributes(u) };
            }
            if (rule.test(subject)) take(d.id, d.displayName);
          }
          out.scanned += page.items.length;
          cursor = page.nextCursor ?? undefined;
          if (cursor && out.scanned >= PREVIEW_SCAN_LIMIT) { out.complete = false; break; }
        } while (cursor);
        return out;
      },
    }),
  ];
}
