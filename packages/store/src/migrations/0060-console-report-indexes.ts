import type { Kysely } from 'kysely';

/**
 * Indexes for the console (issue 15): the dashboard's GROUP BYs read indexes only, and a device's
 * audit trail is a range of one index instead of a scan of the tenant's whole log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // devices by status, compliance state, platform and ownership: one index-only scan per tenant.
  await db.schema.createIndex('devices_breakdown_ix').on('devices').columns(['tenant_id', 'status', 'compliance_state', 'platform', 'ownership']).execute();
  // devices by last check-in: the buckets since a time (with status), and the active devices silent before it or never seen.
  await db.schema.createIndex('devices_last_checkin_status_ix').on('devices').columns(['tenant_id', 'last_checkin_at', 'status']).execute();
  await db.schema.createIndex('devices_status_last_checkin_ix').on('devices').columns(['tenant_id', 'status', 'last_checkin_at']).execute();
  // sign-ins granted vs blocked over time: the time range with the result, without the decision JSON.
  await db.schema.createIndex('sign_in_log_at_result_ix').on('sign_in_log').columns(['tenant_id', 'at', 'result']).execute();
  // the audit trail of one target (a device, a policy), in chain order.
  await db.schema.createIndex('audit_log_target_ix').on('audit_log').columns(['tenant_id', 'target_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['audit_log_target_ix', 'sign_in_log_at_result_ix', 'devices_status_last_checkin_ix', 'devices_last_checkin_status_ix', 'devices_breakdown_ix']) await db.schema.dropIndex(name).ifExists().execute();
}
