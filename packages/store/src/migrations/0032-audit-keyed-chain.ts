import type { Kysely } from 'kysely';

/**
 * The audit chain is keyed from here on: each entry's hash is an HMAC-SHA256 under the installation's
 * audit key (sealed with the master key), and the head row carries its own MAC, so someone with
 * write access to the database can no longer recompute the chain or move the head. Entries written
 * before stay as they are, plain SHA-256 (`alg` = 'sha256'): the boundary is marked, not re-keyed.
 * The first keyed entry of a tenant (the server appends `audit.chain.keyed` at start) chains onto the
 * last plain one, so its MAC also fixes everything before it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('alg', 'text', (c) => c.notNull().defaultTo('sha256')).execute();
  await db.schema.alterTable('audit_heads').addColumn('mac', 'text').execute();
}

/** Reverts this migration. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_heads').dropColumn('mac').execute();
  await db.schema.alterTable('audit_log').dropColumn('alg').execute();
}
