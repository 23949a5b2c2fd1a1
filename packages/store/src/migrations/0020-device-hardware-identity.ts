import type { Kysely } from 'kysely';

/**
 * Re-enrollment of the same machine (issue 11): the hardware identity the agent reports at
 * enrollment (keyed hashes of the DMI product UUID and the machine-id), indexed per tenant so the
 * enrollment finds the record it replaces, and on the retired record the device that replaced it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('hardware_product_uuid_hash', 'text').execute();
  await db.schema.alterTable('devices').addColumn('hardware_machine_id_hash', 'text').execute();
  await db.schema.alterTable('devices').addColumn('replaced_by_device_id', 'text').execute();
  await db.schema.createIndex('devices_hardware_product_uuid_ix').on('devices').columns(['tenant_id', 'hardware_product_uuid_hash']).execute();
  await db.schema.createIndex('devices_hardware_machine_id_ix').on('devices').columns(['tenant_id', 'hardware_machine_id_hash']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('devices_hardware_machine_id_ix').execute();
  await db.schema.dropIndex('devices_hardware_product_uuid_ix').execute();
  await db.schema.alterTable('devices').dropColumn('replaced_by_device_id').execute();
  await db.schema.alterTable('devices').dropColumn('hardware_machine_id_hash').execute();
  await db.schema.alterTable('devices').dropColumn('hardware_product_uuid_hash').execute();
}
