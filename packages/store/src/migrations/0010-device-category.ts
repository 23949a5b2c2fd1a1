import type { Kysely } from 'kysely';

/**
 * Entra's admin-set device category (`deviceCategory`): set with PATCH /api/v1/devices/{id} (or
 * `verity devices set --category`), read by dynamic device groups and device filters. The other
 * admin-set properties (extensionAttribute1-15) already live in `extension_attributes`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('category', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('category').execute();
}
