import type { Kysely } from 'kysely';

/**
 * Posture history keeps changes, not repeats: most check-ins report the facts they reported last
 * time, and writing a ~2 KB history row for each was the largest cost of a check-in. The device row
 * remembers the fingerprint of the facts last stored; `last_checkin_at` says when they were last confirmed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('posture_fingerprint', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('posture_fingerprint').execute();
}
