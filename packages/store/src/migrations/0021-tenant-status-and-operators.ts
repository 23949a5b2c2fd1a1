import type { Kysely } from 'kysely';

/**
 * Operators create tenants (issue 11): a tenant can be disabled (its admins, users and devices are
 * then refused), and operator credentials, which manage tenants but are no tenant's admin, are
 * stored here as the SHA-256 of their bearer secret only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('status', 'text', (c) => c.notNull().defaultTo('enabled')).execute();
  await db.schema.alterTable('tenants').addColumn('disabled_at', 'text').execute();
  await db.schema.createTable('operator_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('operator_credentials').execute();
  await db.schema.alterTable('tenants').dropColumn('disabled_at').execute();
  await db.schema.alterTable('tenants').dropColumn('status').execute();
}
