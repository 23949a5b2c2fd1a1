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
