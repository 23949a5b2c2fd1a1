import type { Kysely } from 'kysely';

/**
 * Messages a job sends outside (noncompliance e-mail), recorded before they leave: a job whose
 * worker died after the message was handed over finds the record on its next run and does not send
 * a second one (at most once), and the stable Message-ID lets a resend after a known failure be
 * recognised as the same message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('outbound_messages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('outbound_messages_pk', ['tenant_id', 'job_id'])
    .addForeignKeyConstraint('outbound_messages_tenant_fk', ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'))
    .execute();
}

/** Reverts this migration. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbound_messages').ifExists().execute();
}
