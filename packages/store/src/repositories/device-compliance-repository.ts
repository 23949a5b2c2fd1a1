import type { RepositoryContext } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

export interface DeviceComplianceRecord<R = unknown> { tenantId: string; deviceId: string; state: string; result: R; evaluatedAt: string }

/** The latest full compliance result per device (one row per device, overwritten on each evaluation). */
export function deviceComplianceRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Stores the latest result (insert or replace). */
    async put<R>(tenantId: string, deviceId: string, state: string, result: R, evaluatedAt: Instant): Promise<DeviceComplianceRecord<R>> {
      const at = toIso(evaluatedAt, '$.evaluatedAt');
      const json = JSON.stringify(result);
      await db.insertInto('device_compliance').values({ tenant_id: tenantId, device_id: deviceId, state, result: json, evaluated_at: at })
        .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet({ state, result: json, evaluated_at: at })).execute();
      return { tenantId, deviceId, state, result, evaluatedAt: at };
    },
    /** Stores many results at once (bulk re-evaluation): batched multi-row upserts in the caller's transaction. */
    async putMany<R>(tenantId: string, results: readonly { deviceId: string; state: string; result: R }[], evaluatedAt: Instant): Promise<number> {
      const at = toIso(evaluatedAt, '$.evaluatedAt');
      // 5 columns x 500 rows stays far under both engines' bound-parameter limits.
      for (let i = 0; i < results.length; i += 500) {
        const rows = results.slice(i, i + 500).map((r) => ({ tenant_id: tenantId, device_id: r.deviceId, state: r.state, result: JSON.stringify(r.result), evaluated_at: at }));
        await db.insertInto('device_compliance').values(rows)
          .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), result: eb.ref('excluded.result'), evaluated_at: eb.ref('excluded.evaluated_at') })))
          .execute();
      }
      return results.length;
    },
    /** The latest result of a device. */
    async get<R>(tenantId: string, deviceId: string): Promise<DeviceComplianceRecord<R> | undefined> {
      const row = await db.selectFrom('device_compliance').selectAll().where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).executeTakeFirst();
      return row ? toRecord<DeviceComplianceRecord<R>>(row, ['result']) : undefined;
    },
    /** Forgets a device's result. */
    async delete(tenantId: string, deviceId: string): Promise<boolean> {
      const r = await db.deleteFrom('device_compliance').where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type DeviceComplianceRepository = ReturnType<typeof deviceComplianceRepository>;
