import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { inTransaction, type RepositoryContext } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

export interface DeviceComplianceRecord<R = unknown> { tenantId: string; deviceId: string; state: string; result: R; evaluatedAt: string }

const PASSING = new Set(['compliant', 'notApplicable']);

/**
 * The failing (setting, code) pairs of a stored result: `policies[].settings[]` whose state is not
 * compliant or not applicable, as the compliance evaluation writes them. Other shapes yield none.
 * Kept in device_failing_settings so the dashboard counts failing settings from an index.
 */
export function failingSettingsOf(result: unknown): { setting: string; code: string }[] {
  const out = new Map<string, { setting: string; code: string }>();
  const policies = (result as { policies?: unknown } | null)?.policies;
  if (!Array.isArray(policies)) return [];
  for (const p of policies) {
    const settings = (p as { settings?: unknown } | null)?.settings;
    if (!Array.isArray(settings)) continue;
    for (const s of settings as { setting?: unknown; code?: unknown; state?: unknown }[]) {
      if (typeof s?.setting !== 'string' || PASSING.has(String(s.state))) continue;
      const code = typeof s.code === 'string' ? s.code : '';
      out.set(`${s.setting}\u0000${code}`, { setting: s.setting, code });
    }
  }
  return [...out.values()];
}

/**
 * Rewrites the failing-setting rows of these devices from their new results (in the caller's
 * transaction). Only active devices have rows (a retired device's last result stays, but it no
 * longer counts), so the dashboard counts them without reading the devices table.
 */
async function replaceFailing(trx: Kysely<Database>, tenantId: string, results: readonly { deviceId: string; result: unknown }[]): Promise<void> {
  const ids = results.map((r) => r.deviceId);
  await trx.deleteFrom('device_failing_settings').where('tenant_id', '=', tenantId).where('device_id', 'in', ids).execute();
  const failing = results.map((r) => ({ deviceId: r.deviceId, settings: failingSettingsOf(r.result) })).filter((r) => r.settings.length > 0);
  if (failing.length === 0) return;
  const active = new Set((await trx.selectFrom('devices').select('id').where('tenant_id', '=', tenantId).where('id', 'in', failing.map((f) => f.deviceId)).where('status', '=', 'active').execute()).map((d) => d.id));
  const rows = failing.filter((r) => active.has(r.deviceId)).flatMap((r) => r.settings.map((f) => ({ tenant_id: tenantId, device_id: r.deviceId, setting: f.setting, code: f.code })));
  // 4 columns x 1000 rows per statement stays under both engines' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('device_failing_settings').values(rows.slice(i, i + 1000)).execute();
}

/** The latest full compliance result per device (one row per device, overwritten on each evaluation). */
export function deviceComplianceRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Stores the latest result (insert or replace). */
    async put<R>(tenantId: string, deviceId: string, state: string, result: R, evaluatedAt: Instant): Promise<DeviceComplianceRecord<R>> {
      const at = toIso(evaluatedAt, '$.evaluatedAt');
      const json = JSON.stringify(result);
      await inTransaction(db, async (trx) => {
        await trx.insertInto('device_compliance').values({ tenant_id: tenantId, device_id: deviceId, state, result: json, evaluated_at: at })
          .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet({ state, result: json, evaluated_at: at })).execute();
        await replaceFailing(trx, tenantId, [{ deviceId, result }]);
      });
      return { tenantId, deviceId, state, result, evaluatedAt: at };
    },
    /** Stores many results at once (bulk re-evaluation): batched multi-row upserts in the caller's transaction. */
    async putMany<R>(tenantId: string, results: readonly { deviceId: string; state: string; result: R }[], evaluatedAt: Instant): Promise<number> {
      const at = toIso(evaluatedAt, '$.evaluatedAt');
      // 5 columns x 500 rows stays far under both engines' bound-parameter limits.
      await inTransaction(db, async (trx) => {
        for (let i = 0; i < results.length; i += 500) {
          const slice = results.slice(i, i + 500);
          const rows = slice.map((r) => ({ tenant_id: tenantId, device_id: r.deviceId, state: r.state, result: JSON.stringify(r.result), evaluated_at: at }));
          await trx.insertInto('device_compliance').values(rows)
            .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), result: eb.ref('excluded.result'), evaluated_at: eb.ref('excluded.evaluated_at') })))
            .execute();
          await replaceFailing(trx, tenantId, slice);
        }
      });
      return results.length;
    },
    /** The latest result of a device. */
    async get<R>(tenantId: string, deviceId: string): Promise<DeviceComplianceRecord<R> | undefined> {
      const row = await db.selectFrom('device_compliance').selectAll().where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).executeTakeFirst();
      return row ? toRecord<DeviceComplianceRecord<R>>(row, ['result']) : undefined;
    },
    /** Forgets a device's result. */
    async delete(tenantId: string, deviceId: string): Promise<boolean> {
      return inTransaction(db, async (trx) => {
        await trx.deleteFrom('device_failing_settings').where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).execute();
        const r = await trx.deleteFrom('device_compliance').where('tenant_id', '=', tenantId).where('device_id', '=', deviceId).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },
  };
}
export type DeviceComplianceRepository = ReturnType<typeof deviceComplianceRepository>;
