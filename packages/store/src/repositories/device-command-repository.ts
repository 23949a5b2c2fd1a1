import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

export type DeviceCommandKind = 'lock' | 'retire' | 'notify';
export type DeviceCommandStatus = 'pending' | 'delivered' | 'succeeded' | 'failed';
export interface DeviceCommand<P = unknown> {
  tenantId: string; id: string; deviceId: string; kind: DeviceCommandKind; payload: P; status: DeviceCommandStatus; createdAt: string;
  deliveredAt: string | null; completedAt: string | null; resultDetail: string | null; dedupeKey: string | null;
}
export interface NewDeviceCommand<P = unknown> { id?: string; deviceId: string; kind: DeviceCommandKind; payload?: P; dedupeKey?: string | null }

const JSON_COLUMNS = ['payload'];
const byCreated = (a: DeviceCommand, b: DeviceCommand) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

/** Commands queued for a device and fetched by its agent on check-in. */
export function deviceCommandRepository(ctx: RepositoryContext) {
  const t = tenantTable<DeviceCommand>(ctx, { table: 'device_commands', json: JSON_COLUMNS });
  const db = ctx.db;
  return {
    /** Queues a command; with a dedupe key already used in the tenant, returns the existing one (created: false). */
    async enqueue<P>(tenantId: string, input: NewDeviceCommand<P>): Promise<{ command: DeviceCommand<P>; created: boolean }> {
      const id = input.id ?? ctx.ids();
      const r = await db.insertInto('device_commands').values({
        tenant_id: tenantId, id, device_id: input.deviceId, kind: input.kind, payload: JSON.stringify(input.payload ?? {}), status: 'pending',
        created_at: ctx.now().toISOString(), delivered_at: null, completed_at: null, result_detail: null, dedupe_key: input.dedupeKey ?? null,
      }).onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing()).executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return { command: (await t.get(tenantId, id)) as DeviceCommand<P>, created: true };
      const row = await db.selectFrom('device_commands').selectAll().where('tenant_id', '=', tenantId).where('dedupe_key', '=', input.dedupeKey ?? '').executeTakeFirstOrThrow();
      return { command: toRecord<DeviceCommand<P>>(row, JSON_COLUMNS), created: false };
    },
    /** The device's pending commands, marked delivered in the same statement so two check-ins never both get one. */
    async pendingFor(tenantId: string, deviceId: string, at?: Instant): Promise<DeviceCommand[]> {
      const rows = await db.updateTable('device_commands').set({ status: 'delivered', delivered_at: toIso(at ?? ctx.now(), '$.at') })
        .where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).where('status', '=', 'pending').returningAll().execute();
      return rows.map((r) => toRecord<DeviceCommand>(r, JSON_COLUMNS)).sort(byCreated);
    },
    /** Records the device's outcome of a command it was given; only the command's own device can complete it. */
    async complete(tenantId: string, deviceId: string, id: string, outcome: 'succeeded' | 'failed', resultDetail: string | null, at: Instant): Promise<DeviceCommand | undefined> {
      const row = await db.updateTable('device_commands').set({ status: outcome, completed_at: toIso(at, '$.at'), result_detail: resultDetail?.slice(0, 4000) ?? null })
        .where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).where('id', '=', id).where('status', 'in', ['pending', 'delivered'])
        .returningAll().executeTakeFirst();
      return row ? toRecord<DeviceCommand>(row, JSON_COLUMNS) : undefined;
    },
    /** A command by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Commands of a device, oldest first. */
    listForDevice: (tenantId: string, deviceId: string, options: PageOptions = {}) => t.list(tenantId, options, { device_id: deviceId }),
  };
}
export type DeviceCommandRepository = ReturnType<typeof deviceCommandRepository>;
