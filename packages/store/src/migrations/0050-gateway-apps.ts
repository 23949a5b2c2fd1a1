import type { Kysely } from 'kysely';

// `any`: migrations describe the schema as it was at this point in history, not today's Database type.
type Db = Kysely<any>;

/**
 * Apps behind the identity-aware gateway: which hosts and path prefix route to which upstream,
 * and the application id conditional access policies name for them.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.createTable('gateway_apps')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('hosts', 'text', (c) => c.notNull())
    .addColumn('path_prefix', 'text', (c) => c.notNull())
    .addColumn('upstream_url', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('gateway_apps_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('gateway_apps_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'))
    .execute();
}

/** Drops the gateway apps table. */
export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('gateway_apps').ifExists().execute();
}
