import { sql, type Kysely } from 'kysely';

/**
 * Device commands are delivered at least once: a delivered command whose result has not come back
 * by `lease_expires_at` is offered again at the device's next check-in (the agent runs each id once
 * and reports its result again). `delivery_count` says how often it was offered; `delivered_at`
 * stays the first delivery.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('device_commands').addColumn('lease_expires_at', 'text').execute();
  await db.schema.alterTable('device_commands').addColumn('delivery_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Commands delivered before this migration were never acknowledged through a lease: offer them again.
  await sql`update device_commands set lease_expires_at = '1970-01-01T00:00:00.000Z', delivery_count = 1 where status = 'delivered'`.execute(db);
}

/** Reverts this migration. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('device_commands').dropColumn('delivery_count').execute();
  await db.schema.alterTable('device_commands').dropColumn('lease_expires_at').execute();
}
