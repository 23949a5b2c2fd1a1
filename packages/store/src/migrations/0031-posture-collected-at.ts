import type { Kysely } from 'kysely';

/**
 * The collection time of the device's latest posture report. A report collected before it (a
 * replay, a device clock that went back) is not taken as the device's posture: it must not replace
 * newer facts, in history, inventory or compliance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('last_collected_at', 'text').execute();
}

/** Reverts this migration. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('last_collected_at').execute();
}
