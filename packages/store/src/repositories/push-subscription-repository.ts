import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';

/** RFC 8291 subscription keys as the browser's PushSubscription.toJSON() gives them. */
export interface PushKeys { p256dh: string; auth: string }
export interface PushSubscription { tenantId: string; id: string; userId: string; endpoint: string; keys: PushKeys; createdAt: string }

/** Web Push subscriptions of portal users. */
export function pushSubscriptionRepository(ctx: RepositoryContext) {
  const t = tenantTable<PushSubscription>(ctx, { table: 'push_subscriptions', json: ['keys'] });
  const db = ctx.db;
  return {
    /** Saves a subscription; the same endpoint again replaces user and keys (browsers re-subscribe). */
    async save(tenantId: string, input: { userId: string; endpoint: string; keys: PushKeys }): Promise<PushSubscription> {
      const keys = JSON.stringify(input.keys);
      await db.insertInto('push_subscriptions').values({
        tenant_id: tenantId, id: ctx.ids(), user_id: input.userId, endpoint: input.endpoint, keys, created_at: ctx.now().toISOString(),
      }).onConflict((oc) => oc.columns(['tenant_id', 'endpoint']).doUpdateSet({ user_id: input.userId, keys })).execute();
      const row = await db.selectFrom('push_subscriptions').selectAll().where('tenant_id', '=', tenantId).where('endpoint', '=', input.endpoint).executeTakeFirstOrThrow();
      return toRecord<PushSubscription>(row, ['keys']);
    },
    /** Subscriptions of a user. */
    listForUser: (tenantId: string, userId: string, options: PageOptions = {}) => t.list(tenantId, options, { user_id: userId }),
    /** Removes a subscription by id. */
    remove: (tenantId: string, id: string) => t.delete(tenantId, id),
    /** Removes a subscription by endpoint (the push service answered 404/410 Gone). */
    async removeByEndpoint(tenantId: string, endpoint: string): Promise<boolean> {
      const r = await db.deleteFrom('push_subscriptions').where('tenant_id', '=', tenantId).where('endpoint', '=', endpoint).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type PushSubscriptionRepository = ReturnType<typeof pushSubscriptionRepository>;
