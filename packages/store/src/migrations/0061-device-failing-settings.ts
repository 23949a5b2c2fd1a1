import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * One row per (active device, failing setting) of each device's stored compliance result, kept by
 * the device compliance repository on every write (and cleared when a device leaves 'active'), so that "noncompliant devices by failing setting"
 * over 100,000 devices is an index scan instead of parsing every stored result (issue 15). The
 * existing results are copied in once here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('device_failing_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_failing_settings_pk', ['tenant_id', 'device_id', 'setting', 'code'])
    .addForeignKeyConstraint('device_failing_settings_device_fk', ['tenant_id', 'device_id'], 'devices', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // Covers the dashboard's count per (setting, code) and the list of devices behind one setting.
  await db.schema.createIndex('device_failing_settings_setting_ix').on('device_failing_settings').columns(['tenant_id', 'setting', 'code', 'device_id']).execute();
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await (pg
    ? sql`insert into device_failing_settings (tenant_id, device_id, setting, code)
          select distinct dc.tenant_id, dc.device_id, st.value ->> 'setting', coalesce(st.value ->> 'code', '')
          from device_compliance dc
          join devices d on d.tenant_id = dc.tenant_id and d.id = dc.device_id and d.status = 'active'
          cross join lateral jsonb_array_elements(coalesce((dc.result)::jsonb -> 'policies', '[]'::jsonb)) as p(value)
          cross join lateral jsonb_array_elements(coalesce(p.value -> 'settings', '[]'::jsonb)) as st(value)
          where st.value ->> 'state' not in ('compliant', 'notApplicable') and st.value ->> 'setting' is not null`
    : sql`insert or ignore into device_failing_settings (tenant_id, device_id, setting, code)
          select dc.tenant_id, dc.device_id, json_extract(st.value, '$.setting'), coalesce(json_extract(st.value, '$.code'), '')
          from device_compliance dc join devices d on d.tenant_id = dc.tenant_id and d.id = dc.device_id and d.status = 'active',
            json_each(dc.result, '$.policies') p, json_each(p.value, '$.settings') st
          where json_extract(st.value, '$.state') not in ('compliant', 'notApplicable') and json_extract(st.value, '$.setting') is not null`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('device_failing_settings').ifExists().execute();
}
