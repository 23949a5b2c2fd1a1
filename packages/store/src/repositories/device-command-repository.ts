import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit } from '../store-errors.js';

export type DeviceCommandKind = 'lock' | 'retire' | 'notify';
export type DeviceCommandStatus = 'pending' | 'delivered' | 'succeeded' | 'failed';
export interface DeviceCommand<P = unknown> {
  tenantId: string; id: string; deviceId: string; kind: DeviceCommandKind; payload: P; status: DeviceCommandStatus; createdAt: string;
  /** First delivery; `deliveryCount` says how often it was offered (again after each lease without a result). */
  deliveredAt: string | null; completedAt: string | null; resultDetail: string | null; dedupeKey: string | null;
  leaseExpiresAt: string | null; deliveryCount: number;
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
        lease_expires_at: null, delivery_count: 0,
      }).onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing()).executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return { command: (await t.get(tenantId, id)) as DeviceCommand<P>, created: true };
      const row = await db.selectFrom('device_commands').selectAll().where('tenant_id', '=', tenantId).where('dedupe_key', '=', input.dedupeKey ?? '').executeTakeFirstOrThrow();
      return { command: toRecord<DeviceCommand<P>>(row, JSON_COLUMNS), created: false };
    },
    /**
     * Claims the commands to offer the device now: pending ones, and delivered ones whose lease ran
     * out without a result (at least once). Marked delivered with a new lease in the same statement,
     * so two check-ins never both get one within a lease. The check-in does this itself (checkin-sqlite.ts).
     */
    async pendingFor(tenantId: string, deviceId: string, at?: Instant, leaseMs = 120_000): Promise<DeviceCommand[]> {
      const now = toIso(at ?? ctx.now(), '$.at');
      const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
      const rows = await db.updateTable('device_commands')
        .set((eb) => ({ status: 'delivered', delivered_at: eb.fn.coalesce('delivered_at', eb.val(now)), lease_expires_at: leaseUntil, delivery_count: eb('delivery_count', '+', 1) }))
        .where('tenant_id', '=', tenantId).where('device_id', '=', deviceId)
        .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'delivered'), eb('lease_expires_at', '<=', now)])]))
        .returningAll().execute();
      return rows.map((r) => toRecord<DeviceCommand>(r, JSON_COLUMNS)).sort(byCreated);
    },
    /** Records the device's outcome of a command it was given (delivered, no result yet); only the command's own device can complete it. */
    async complete(tenantId: string, deviceId: string, id: string, outcome: 'succeeded' | 'failed', resultDetail: string | null, at: Instant): Promise<DeviceCommand | undefined> {
      const row = await db.updateTable('device_commands').set({ status: outcome, completed_at: toIso(at, '$.at'), result_detail: resultDetail?.slice(0, 4000) ?? null, lease_expires_at: null })
        .where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).where('id', '=', id).where('status', '=', 'delivered')
        .returningAll().executeTakeFirst();
      return row ? toRecord<DeviceCommand>(row, JSON_COLUMNS) : undefined;
    },
    /** A device's commands, newest first (the admin's view of what was sent and what came back). */
    async history(tenantId: string, deviceId: string, options: { limit?: number; kind?: DeviceCommandKind } = {}): Promise<DeviceCommand[]> {
      let q = db.selectFrom('device_commands').selectAll().where('tenant_id', '=', tenantId).where('device_id', '=', deviceId);
      if (options.kind !== undefined) q = q.where('kind', '=', options.kind);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(checkLimit(options.limit, 100, 1000)).execute();
      return rows.map((r) => toRecord<DeviceCommand>(r, JSON_COLUMNS));
    },
    /** The commands queued with these dedupe keys (a noncompliance job's lock, say), by dedupe key. */
    async byDedupeKeys(tenantId: string, keys: readonly string[]): Promise<Map<string, DeviceCommand>> {
      const out = new Map<string, DeviceCommand>();
      if (keys.length === 0) return out;
      const rows = await db.selectFrom('device_commands').selectAll().where('tenant_id', '=', tenantId).where('dedupe_key', 'in', [...keys]).execute();
      for (const r of rows) { const c = toRecord<DeviceCommand>(r, JSON_COLUMNS); if (c.dedupeKey !== null) out.set(c.dedupeKey, c); }
      return out;
    },
    /** A command by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Commands of a device, oldest first. */
    listForDevice: (tenantId: string, deviceId: string, options: PageOptions = {}) => t.list(tenantId, options, { device_id: deviceId }),
  };
}
export type DeviceCommandRepository = ReturnType<typeof deviceCommandRepository>;
