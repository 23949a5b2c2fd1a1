import type { CreateTableBuilder, Kysely } from 'kysely';

// `any`: migrations describe the schema as it was at this point in history, not today's Database type.
type Db = Kysely<any>;
type Tb = CreateTableBuilder<any, any>;

/**
 * OpenID Shared Signals: the streams Verity transmits on (configured by receivers through the
 * SSF stream management API), the transmitters Verity receives from, and every event received
 * (its jti is the replay guard and the record of what Verity did about it).
 */
export async function up(db: Db): Promise<void> {
  const fk = (table: string) => (t: Tb): Tb => t.addForeignKeyConstraint(`${table}_tenant_fk`, ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'));
  await db.schema.createTable('ssf_streams')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('delivery_method', 'text', (c) => c.notNull())
    .addColumn('endpoint_url', 'text')
    .addColumn('authorization_header', 'text')
    .addColumn('events_requested', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('subjects', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ssf_streams_pk', ['tenant_id', 'id'])
    .$call(fk('ssf_streams'))
    .execute();

  await db.schema.createTable('ssf_transmitters')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('jwks_uri', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('configuration_url', 'text')
    .addColumn('remote_stream_id', 'text')
    .addColumn('management_token', 'text')
    .addColumn('push_secret_hash', 'text', (c) => c.notNull())
    .addColumn('ca_pem', 'text')
    .addColumn('events_requested', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('last_event_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ssf_transmitters_pk', ['tenant_id', 'id'])
    .$call(fk('ssf_transmitters'))
    .execute();
  // The push endpoint names the transmitter by id alone (the id and the push secret identify the tenant).
  await db.schema.createIndex('ssf_transmitters_id_uq').on('ssf_transmitters').column('id').unique().execute();

  await db.schema.createTable('ssf_received_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('transmitter_id', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ssf_received_events_pk', ['tenant_id', 'transmitter_id', 'jti'])
    .addForeignKeyConstraint('ssf_received_events_transmitter_fk', ['tenant_id', 'transmitter_id'], 'ssf_transmitters', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('ssf_received_events_at_ix').on('ssf_received_events').columns(['tenant_id', 'transmitter_id', 'received_at']).execute();
}

/** Drops the Shared Signals tables (children first). */
export async function down(db: Db): Promise<void> {
  for (const t of ['ssf_received_events', 'ssf_transmitters', 'ssf_streams']) await db.schema.dropTable(t).ifExists().execute();
}
