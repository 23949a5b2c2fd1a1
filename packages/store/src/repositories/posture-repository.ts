import { sql } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { inTransaction } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit } from '../store-errors.js';

export interface PostureRecord<R = unknown> { tenantId: string; id: string; deviceId: string; collectedAt: string; receivedAt: string; report: R }
export interface NewPostureRecord<R = unknown> { id?: string; deviceId: string; collectedAt: Instant; receivedAt?: Instant; report: R }

const JSON_COLUMNS = ['report'];

/** Posture reports as received from agents, newest kept per device by retention. */
export function postureRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const map = <R>(r: Record<string, unknown>) => toRecord<PostureRecord<R>>(r, JSON_COLUMNS);
  return {
    /** Stores a report. */
    async add<R>(tenantId: string, input: NewPostureRecord<R>): Promise<PostureRecord<R>> {
      const record: PostureRecord<R> = {
        tenantId, id: input.id ?? ctx.ids(), deviceId: input.deviceId, collectedAt: toIso(input.collectedAt, '$.collectedAt'),
        receivedAt: toIso(input.receivedAt ?? ctx.now(), '$.receivedAt'), report: input.report,
      };
      await db.insertInto('posture_reports').values({
        tenant_id: tenantId, id: record.id, device_id: record.deviceId, collected_at: record.collectedAt, received_at: record.receivedAt,
        report: JSON.stringify(record.report),
      }).execute();
      return record;
    },
    /** The newest report of a device. */
    async latest<R>(tenantId: string, deviceId: string): Promise<PostureRecord<R> | undefined> {
      const row = await db.selectFrom('posture_reports').selectAll().where('tenant_id', '=', tenantId).where('device_id', '=', deviceId)
        .orderBy('received_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      return row ? map<R>(row) : undefined;
    },
    /** The newest report of each of many devices (bulk re-evaluation); devices without a report are absent. */
    async latestForDevices<R>(tenantId: string, deviceIds: readonly string[]): Promise<Map<string, PostureRecord<R>>> {
      const out = new Map<string, PostureRecord<R>>();
      for (let i = 0; i < deviceIds.length; i += 500) {
        const chunk = deviceIds.slice(i, i + 500);
        if (chunk.length === 0) continue;
        // Same order as `latest` (received_at, then id, descending); window functions run alike on both engines.
        const rows = await sql<Record<string, unknown>>`select tenant_id, id, device_id, collected_at, received_at, report from (
            select p.*, row_number() over (partition by device_id order by received_at desc, id desc) as rn
            from posture_reports p where tenant_id = ${tenantId} and device_id in (${sql.join(chunk)})) ranked where rn = 1`.execute(db);
        for (const r of rows.rows) { const rec = map<R>(r); out.set(rec.deviceId, rec); }
      }
      return out;
    },
    /** Reports of a device, newest first, received strictly before `before` if given. */
    async history<R>(tenantId: string, deviceId: string, options: { limit?: number; before?: Instant } = {}): Promise<PostureRecord<R>[]> {
      let q = db.selectFrom('posture_reports').selectAll().where('tenant_id', '=', tenantId).where('device_id', '=', deviceId);
      if (options.before !== undefined) q = q.where('received_at', '<', toIso(options.before, '$.before'));
      const rows = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(checkLimit(options.limit, 50)).execute();
      return rows.map((r) => map<R>(r));
    },
    /** Retention: keeps the newest `keepPerDevice` reports of every device of the tenant; returns how many were deleted. */
    async prune(tenantId: string, keepPerDevice: number): Promise<number> {
      const keep = checkLimit(keepPerDevice, 1, 100_000, '$.keepPerDevice');
      return inTransaction(db, async (trx) => {
        // Window functions run the same on SQLite (3.25+) and PostgreSQL.
        const r = await sql`delete from posture_reports where tenant_id = ${tenantId} and id in (
            select id from (select id, row_number() over (partition by device_id order by received_at desc, id desc) as rn
              from posture_reports where tenant_id = ${tenantId}) ranked where rn > ${keep})`.execute(trx);
        return Number(r.numAffectedRows ?? 0);
      });
    },
  };
}
export type PostureRepository = ReturnType<typeof postureRepository>;
