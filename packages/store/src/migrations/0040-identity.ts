import type { CreateTableBuilder, Kysely } from 'kysely';

/**
 * The identity provider's tables (issue 13): sign-in methods (password history, TOTP, recovery
 * codes, passkeys), per-account sign-in throttling, tenant identity settings and account
 * protection profiles, the OpenID Connect provider's clients, signing keys and protocol state,
 * SCIM provisioning, and short-lived sign-in transactions. Sessions learn how they were signed in.
 * Secrets (TOTP seeds, client secrets, private keys) are stored sealed by the caller; bearer
 * secrets only as hashes.
 */

// `any`: migrations describe the schema as it was at this point in history, not today's Database type.
type Db = Kysely<any>;
type Tb = CreateTableBuilder<any, any>;

const fk = (table: string): ((t: Tb) => Tb) => (t) =>
  t.addForeignKeyConstraint(`${table}_tenant_fk`, ['tenant_id'], 'tenants', ['id'], (c) => c.onDelete('cascade'));

/** Applies the identity schema. */
export async function up(db: Db): Promise<void> {
  await db.schema.createTable('identity_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .$call(fk('identity_settings'))
    .execute();

  await db.schema.createTable('password_history')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('password_history_pk', ['tenant_id', 'id'])
    .$call(fk('password_history'))
    .execute();
  await db.schema.createIndex('password_history_user_ix').on('password_history').columns(['tenant_id', 'user_id', 'created_at']).execute();

  await db.schema.createTable('totp_factors')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addPrimaryKeyConstraint('totp_factors_pk', ['tenant_id', 'user_id'])
    .$call(fk('totp_factors'))
    .execute();

  await db.schema.createTable('recovery_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['tenant_id', 'user_id', 'code_hash'])
    .$call(fk('recovery_codes'))
    .execute();

  await db.schema.createTable('passkeys')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'integer', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('aaguid', 'text', (c) => c.notNull())
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull())
    .addColumn('attestation_format', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addPrimaryKeyConstraint('passkeys_pk', ['tenant_id', 'id'])
    .$call(fk('passkeys'))
    .execute();
  await db.schema.createIndex('passkeys_user_ix').on('passkeys').columns(['tenant_id', 'user_id']).execute();

  // Keyed by a hash of what the caller typed (tenant and user name), so unknown accounts are throttled
  // exactly like known ones (no enumeration); the hash names no tenant by itself.
  await db.schema.createTable('sign_in_throttle')
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_throttle_pk', ['account_key', 'bucket'])
    .execute();
  await db.schema.createIndex('sign_in_throttle_last_ix').on('sign_in_throttle').column('last_failure_at').execute();

  await db.schema.createTable('familiar_sources')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('familiar_sources_pk', ['tenant_id', 'user_id', 'source_key'])
    .$call(fk('familiar_sources'))
    .execute();

  await db.schema.createTable('protection_profiles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('group_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('protection_profiles_pk', ['tenant_id', 'id'])
    .$call(fk('protection_profiles'))
    .execute();

  await db.schema.createTable('oidc_clients')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_clients_pk', ['tenant_id', 'id'])
    .$call(fk('oidc_clients'))
    .execute();

  await db.schema.createTable('oidc_signing_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('sealed_private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addPrimaryKeyConstraint('oidc_signing_keys_pk', ['tenant_id', 'kid'])
    .$call(fk('oidc_signing_keys'))
    .execute();

  await db.schema.createTable('oidc_payloads')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('user_code', 'text')
    .addColumn('uid', 'text')
    .addColumn('account_id', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['tenant_id', 'model', 'id'])
    .$call(fk('oidc_payloads'))
    .execute();
  await db.schema.createIndex('oidc_payloads_grant_ix').on('oidc_payloads').columns(['tenant_id', 'grant_id']).execute();
  await db.schema.createIndex('oidc_payloads_uid_ix').on('oidc_payloads').columns(['tenant_id', 'model', 'uid']).execute();
  await db.schema.createIndex('oidc_payloads_account_ix').on('oidc_payloads').columns(['tenant_id', 'account_id']).execute();
  await db.schema.createIndex('oidc_payloads_expiry_ix').on('oidc_payloads').column('expires_at').execute();

  await db.schema.createTable('scim_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addPrimaryKeyConstraint('scim_tokens_pk', ['tenant_id', 'id'])
    .$call(fk('scim_tokens'))
    .execute();

  await db.schema.createTable('scim_resources')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scim_resources_pk', ['tenant_id', 'resource_type', 'id'])
    .$call(fk('scim_resources'))
    .execute();
  await db.schema.createIndex('scim_resources_external_ix').on('scim_resources').columns(['tenant_id', 'resource_type', 'external_id']).execute();

  await db.schema.createTable('auth_transactions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_transactions_pk', ['tenant_id', 'id'])
    .$call(fk('auth_transactions'))
    .execute();
  await db.schema.createIndex('auth_transactions_expiry_ix').on('auth_transactions').column('expires_at').execute();

  // The Verity PIN of a user on one enrolled device (Windows Hello for Business analogue): accepted only with the device's own key.
  await db.schema.createTable('device_pins')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addPrimaryKeyConstraint('device_pins_pk', ['tenant_id', 'user_id', 'device_id'])
    .$call(fk('device_pins'))
    .execute();

  await db.schema.createTable('replay_guard')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('replay_guard_pk', ['tenant_id', 'kind', 'key'])
    .$call(fk('replay_guard'))
    .execute();

  // How a session was signed in: the methods (JSON list), when, from which device, and the strength.
  await db.schema.alterTable('sessions').addColumn('methods', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('auth_time', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('device_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('strength', 'text').execute();
}

/** Drops the identity schema. */
export async function down(db: Db): Promise<void> {
  for (const column of ['strength', 'device_id', 'auth_time', 'methods']) await db.schema.alterTable('sessions').dropColumn(column).execute();
  for (const table of ['replay_guard', 'device_pins', 'auth_transactions', 'scim_resources', 'scim_tokens', 'oidc_payloads', 'oidc_signing_keys', 'oidc_clients',
    'protection_profiles', 'familiar_sources', 'sign_in_throttle', 'passkeys', 'recovery_codes', 'totp_factors', 'password_history', 'identity_settings']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
