import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * The initial schema, written once in Kysely's schema builder so it runs unchanged on SQLite and
 * PostgreSQL. The one per-dialect difference: on PostgreSQL the text columns devices are sorted by
 * use the "C" collation, so sort order is byte order on both engines (SQLite's BINARY) and a device
 * list pages identically whichever engine holds it.
 */

// `any`: migrations describe the schema as it was at this point in history, not today's Database type.
type Db = Kysely<any>;
type Tb = CreateTableBuilder<any, any>;

/** Applies the initial schema. */
export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const sortText = pg ? sql`text collate "C"` : sql`text`;
  const fk = (table: string): ((t: Tb) => Tb) => (t) =>
    t.addForeignKeyConstraint(`${table}_tenant_fk`, ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'));
  const deviceFk = (table: string): ((t: Tb) => Tb) => (t) =>
    t.addForeignKeyConstraint(`${table}_device_fk`, ['tenant_id', 'device_id'], 'devices', ['tenant_id', 'id'], (c) => c.onDelete('cascade'));

  await db.schema.createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('compliance_settings', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_principal_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('user_type', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('job_title', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('users_upn_uq', ['tenant_id', 'user_principal_name'])
    .$call(fk('users'))
    .execute();

  await db.schema.createTable('groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('member_kind', 'text', (c) => c.notNull())
    .addColumn('membership_type', 'text', (c) => c.notNull())
    .addColumn('membership_rule', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['tenant_id', 'id'])
    .$call(fk('groups'))
    .execute();

  await db.schema.createTable('group_members')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['tenant_id', 'group_id', 'member_id'])
    .addForeignKeyConstraint('group_members_group_fk', ['tenant_id', 'group_id'], 'groups', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('group_members_member_ix').on('group_members').columns(['tenant_id', 'member_id']).execute();

  await db.schema.createTable('admin_role_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('admin_role_assignments_pk', ['tenant_id', 'id'])
    .$call(fk('admin_role_assignments'))
    .execute();
  await db.schema.createIndex('admin_role_assignments_user_ix').on('admin_role_assignments').columns(['tenant_id', 'user_id']).execute();

  await db.schema.createTable('api_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_tags', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('api_tokens_pk', ['tenant_id', 'id'])
    .$call(fk('api_tokens'))
    .execute();

  await db.schema.createTable('sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('sessions_pk', ['tenant_id', 'id'])
    .$call(fk('sessions'))
    .execute();
  await db.schema.createIndex('sessions_user_ix').on('sessions').columns(['tenant_id', 'user_id']).execute();

  await db.schema.createTable('audit_log')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['tenant_id', 'seq'])
    .$call(fk('audit_log'))
    .execute();
  await db.schema.createIndex('audit_log_action_ix').on('audit_log').columns(['tenant_id', 'action', 'seq']).execute();

  await db.schema.createTable('audit_heads')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .$call(fk('audit_heads'))
    .execute();

  await db.schema.createTable('enrollment_profiles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_tag', 'text')
    .addColumn('target_group_ids', 'text', (c) => c.notNull())
    .addColumn('scope_tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ownership', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('enrollment_profiles_pk', ['tenant_id', 'id'])
    .$call(fk('enrollment_profiles'))
    .execute();

  await db.schema.createTable('devices')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', sortText, (c) => c.notNull())
    .addColumn('hostname', 'text')
    .addColumn('platform', sortText, (c) => c.notNull())
    .addColumn('ownership', 'text', (c) => c.notNull())
    .addColumn('join_type', 'text', (c) => c.notNull())
    .addColumn('enrollment_profile_id', 'text')
    .addColumn('group_tag', 'text')
    .addColumn('primary_user_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('os_name', 'text')
    .addColumn('os_version', sortText)
    .addColumn('model', 'text')
    .addColumn('manufacturer', 'text')
    .addColumn('serial_number', 'text')
    .addColumn('agent_version', 'text')
    .addColumn('compliance_state', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('noncompliant_since', 'text')
    .addColumn('risk_level', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('scope_tags', 'text', (c) => c.notNull())
    .addColumn('extension_attributes', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('last_checkin_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('devices_pk', ['tenant_id', 'id'])
    .$call(fk('devices'))
    .execute();
  for (const col of ['display_name', 'platform', 'status', 'compliance_state', 'enrolled_at', 'serial_number', 'hostname']) {
    await db.schema.createIndex(`devices_${col}_ix`).on('devices').columns(['tenant_id', col, 'id']).execute();
  }
  // The device list sorts nullable columns as coalesce(col, '') (same NULL order on both engines);
  // these expression indexes match those sort keys exactly so keyset pages are index range scans.
  for (const col of ['last_checkin_at', 'os_version']) {
    await db.schema.createIndex(`devices_${col}_ix`).on('devices').expression(sql`tenant_id, (coalesce(${sql.ref(col)}, '')), id`).execute();
  }

  await db.schema.createTable('device_certificates')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint256', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_certificates_pk', ['tenant_id', 'serial'])
    .$call(deviceFk('device_certificates'))
    .execute();
  // The mTLS hot path looks a certificate up by serial alone (CA serials are random and unique).
  await db.schema.createIndex('device_certificates_serial_uq').on('device_certificates').column('serial').unique().execute();
  await db.schema.createIndex('device_certificates_device_ix').on('device_certificates').columns(['tenant_id', 'device_id']).execute();

  await db.schema.createTable('posture_reports')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('posture_reports_pk', ['tenant_id', 'id'])
    .$call(deviceFk('posture_reports'))
    .execute();
  await db.schema.createIndex('posture_reports_device_ix').on('posture_reports').columns(['tenant_id', 'device_id', 'received_at']).execute();

  await db.schema.createTable('compliance_policies')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('graph', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('compliance_policies_pk', ['tenant_id', 'id'])
    .$call(fk('compliance_policies'))
    .execute();

  await db.schema.createTable('policy_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('policy_type', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_assignments_pk', ['tenant_id', 'id'])
    .$call(fk('policy_assignments'))
    .execute();
  await db.schema.createIndex('policy_assignments_policy_ix').on('policy_assignments').columns(['tenant_id', 'policy_type', 'policy_id']).execute();
  await db.schema.createIndex('policy_assignments_group_ix').on('policy_assignments').columns(['tenant_id', 'group_id']).execute();

  await db.schema.createTable('device_compliance')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('evaluated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_compliance_pk', ['tenant_id', 'device_id'])
    .$call(deviceFk('device_compliance'))
    .execute();

  await db.schema.createTable('jobs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('device_id', 'text')
    .addColumn('episode_id', 'text')
    .addPrimaryKeyConstraint('jobs_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('jobs_dedupe_uq', ['tenant_id', 'dedupe_key'])
    .$call(fk('jobs'))
    .execute();
  // claimDue scans across tenants by design (one scheduler serves all tenants).
  await db.schema.createIndex('jobs_due_ix').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('jobs_lease_ix').on('jobs').columns(['status', 'lease_expires_at']).execute();
  await db.schema.createIndex('jobs_device_ix').on('jobs').columns(['tenant_id', 'device_id', 'status']).execute();
  await db.schema.createIndex('jobs_list_ix').on('jobs').columns(['tenant_id', 'status', 'run_at']).execute();

  await db.schema.createTable('device_commands')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('result_detail', 'text')
    .addColumn('dedupe_key', 'text')
    .addPrimaryKeyConstraint('device_commands_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('device_commands_dedupe_uq', ['tenant_id', 'dedupe_key'])
    .$call(deviceFk('device_commands'))
    .execute();
  await db.schema.createIndex('device_commands_device_ix').on('device_commands').columns(['tenant_id', 'device_id', 'status']).execute();

  await db.schema.createTable('message_templates')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('default_locale', 'text', (c) => c.notNull())
    .addColumn('messages', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_templates_pk', ['tenant_id', 'id'])
    .$call(fk('message_templates'))
    .execute();

  await db.schema.createTable('push_subscriptions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_subscriptions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('push_subscriptions_endpoint_uq', ['tenant_id', 'endpoint'])
    .$call(fk('push_subscriptions'))
    .execute();
  await db.schema.createIndex('push_subscriptions_user_ix').on('push_subscriptions').columns(['tenant_id', 'user_id']).execute();

  for (const [table, extra] of [['access_policies', 'state'], ['named_locations', 'kind']] as const) {
    await db.schema.createTable(table)
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn(extra, 'text', (c) => c.notNull())
      .addColumn('graph', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'id'])
      .$call(fk(table))
      .execute();
  }

  await db.schema.createTable('sign_in_log')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('app_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('client_app', 'text')
    .addColumn('platform', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('report_only_results', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_log_pk', ['tenant_id', 'id'])
    .$call(fk('sign_in_log'))
    .execute();
  await db.schema.createIndex('sign_in_log_at_ix').on('sign_in_log').columns(['tenant_id', 'at', 'id']).execute();
  for (const col of ['user_id', 'device_id', 'app_id']) {
    await db.schema.createIndex(`sign_in_log_${col}_ix`).on('sign_in_log').columns(['tenant_id', col, 'at', 'id']).execute();
  }

  // Outbox rows are claimed across tenants by the publisher; tenant_id is carried, not filtered on.
  await db.schema.createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('claimed_until', 'text')
    .execute();
  await db.schema.createIndex('outbox_unpublished_ix').on('outbox').columns(['published_at', 'created_at']).execute();

  await db.schema.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drops everything the initial schema created (children first). */
export async function down(db: Db): Promise<void> {
  for (const table of ['settings', 'outbox', 'sign_in_log', 'named_locations', 'access_policies', 'push_subscriptions', 'message_templates',
    'device_commands', 'jobs', 'device_compliance', 'policy_assignments', 'compliance_policies', 'posture_reports', 'device_certificates',
    'devices', 'enrollment_profiles', 'audit_heads', 'audit_log', 'sessions', 'api_tokens', 'admin_role_assignments', 'group_members',
    'groups', 'users', 'tenants']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
