import { sql, type SqlBool } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { deviceInScope } from '../scope-tags.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit, invalidQuery } from '../store-errors.js';

/** Who the counts are for: a tenant, and the admin's scope tags (undefined = every device). */
export interface ReportScope { tenantId: string; scopeTags?: readonly string[] }
/** Time buckets are prefixes of the stored ISO-8601 UTC text: 13 characters = the hour, 10 = the day. */
export type ReportBucket = 'hour' | 'day';
const BUCKET_LENGTH: Record<ReportBucket, number> = { hour: 13, day: 10 };

export interface DeviceBreakdownRow { platform: string; ownership: string; complianceState: string; status: string; count: number }
export interface FailingSettingRow { setting: string; code: string; devices: number }
export interface TimeBucketRow { bucket: string; key: string; count: number }
export interface JobCountRow { kind: string; status: string; count: number }
export interface FailingSettingDevice { id: string; displayName: string; platform: string; complianceState: string; lastCheckinAt: string | null }

/** Device states that fail a policy (the compliance domain's FAILING set, as stored in devices.compliance_state). */
const FAILING_STATES = ['noncompliant', 'inGracePeriod'];

/**
 * Aggregates for the console's dashboard: one GROUP BY per chart, over indexes, never a row per
 * device to the caller. Every query filters on the tenant and, for a scoped admin, on the devices
 * in scope (sign-ins and jobs through the device they are about).
 */
export function reportRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const scoped = (s: ReportScope, column = 'devices.scope_tags') => s.scopeTags === undefined ? sql<SqlBool>`1 = 1` : deviceInScope(ctx.dialect, s.scopeTags, column);
  const bucketOf = (column: string, bucket: ReportBucket) => sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(BUCKET_LENGTH[bucket])})`;

  return {
    /** Device counts by platform, ownership, compliance state and status (one row per combination). */
    async deviceBreakdown(s: ReportScope): Promise<DeviceBreakdownRow[]> {
      const rows = await db.selectFrom('devices')
        .select(['platform', 'ownership', 'compliance_state', 'status', sql<number>`count(*)`.as('n')])
        .where('tenant_id', '=', s.tenantId).where(scoped(s))
        .groupBy(['platform', 'ownership', 'compliance_state', 'status']).execute();
      return rows.map((r) => ({ platform: r.platform, ownership: r.ownership, complianceState: r.compliance_state, status: r.status, count: Number(r.n) }));
    },

    /**
     * Active failing devices per failing setting, read from each device's stored compliance result
     * (policies[].settings[] whose state is not compliant or not applicable). A device failing one
     * setting in two policies counts once for it.
     */
    async failingSettings(s: ReportScope, limit = 50): Promise<FailingSettingRow[]> {
      const n = checkLimit(limit, 50, 500);
      const settings = ctx.dialect === 'postgres'
        ? sql`cross join lateral jsonb_array_elements((dc.result)::jsonb -> 'policies') as p(value)
              cross join lateral jsonb_array_elements(p.value -> 'settings') as st(value)`
        : sql`cross join json_each(dc.result, '$.policies') as p cross join json_each(p.value, '$.settings') as st`;
      const field = (name: string) => ctx.dialect === 'postgres' ? sql<string>`(st.value ->> ${sql.lit(name)})` : sql<string>`json_extract(st.value, ${sql.lit(`$.${name}`)})`;
      const result = await sql<{ setting: string; code: string; n: number | string }>`
        select ${field('setting')} as setting, ${field('code')} as code, count(distinct devices.id) as n
        from devices
        join device_compliance dc on dc.tenant_id = devices.tenant_id and dc.device_id = devices.id
        ${settings}
        where devices.tenant_id = ${s.tenantId} and devices.status = 'active'
          and devices.compliance_state in (${sql.join(FAILING_STATES)}) and ${scoped(s)}
          and ${field('state')} not in ('compliant', 'notApplicable')
        group by ${field('setting')}, ${field('code')}
        order by n desc, setting
        limit ${n}`.execute(db);
      return result.rows.map((r) => ({ setting: r.setting, code: r.code, devices: Number(r.n) }));
    },

    /** Active failing devices that fail one setting (the list behind a bar of failingSettings), by display name. */
    async devicesFailingSetting(s: ReportScope, setting: string, limit = 100): Promise<FailingSettingDevice[]> {
      const n = checkLimit(limit, 100, 500);
      const match = ctx.dialect === 'postgres'
        ? sql<SqlBool>`exists (select 1 from jsonb_array_elements((dc.result)::jsonb -> 'policies') p(value), jsonb_array_elements(p.value -> 'settings') st(value)
            where st.value ->> 'setting' = ${setting} and st.value ->> 'state' not in ('compliant', 'notApplicable'))`
        : sql<SqlBool>`exists (select 1 from json_each(dc.result, '$.policies') p, json_each(p.value, '$.settings') st
            where json_extract(st.value, '$.setting') = ${setting} and json_extract(st.value, '$.state') not in ('compliant', 'notApplicable'))`;
      const rows = await db.selectFrom('devices')
        .innerJoin('device_compliance as dc', (j) => j.onRef('dc.tenant_id', '=', 'devices.tenant_id').onRef('dc.device_id', '=', 'devices.id'))
        .select(['devices.id', 'devices.display_name', 'devices.platform', 'devices.compliance_state', 'devices.last_checkin_at'])
        .where('devices.tenant_id', '=', s.tenantId).where('devices.status', '=', 'active').where('devices.compliance_state', 'in', FAILING_STATES)
        .where(scoped(s)).where(match).orderBy('devices.display_name').orderBy('devices.id').limit(n).execute();
      return rows.map((r) => ({ id: r.id, displayName: r.display_name, platform: r.platform, complianceState: r.compliance_state, lastCheckinAt: r.last_checkin_at }));
    },

    /**
     * Devices by the time bucket of their last check-in since `from` (key = status), plus how many
     * active devices last checked in before `from` or never. The store keeps each device's latest
     * check-in time, not every check-in, so this is "last seen", the view an admin uses to find silent devices.
     */
    async lastCheckins(s: ReportScope, from: Instant, bucket: ReportBucket): Promise<{ buckets: TimeBucketRow[]; before: number; never: number }> {
      const since = toIso(from, '$.from');
      // coalesce(last_checkin_at, '') is the expression the devices_last_checkin_at_ix index holds.
      const lastCheckin = sql<string>`coalesce(devices.last_checkin_at, '')`;
      const rows = await db.selectFrom('devices')
        .select([bucketOf('devices.last_checkin_at', bucket).as('bucket'), 'status', sql<number>`count(*)`.as('n')])
        .where('tenant_id', '=', s.tenantId).where(scoped(s)).where(lastCheckin, '>=', since)
        .groupBy([bucketOf('devices.last_checkin_at', bucket), 'status']).orderBy('bucket').execute();
      const older = await db.selectFrom('devices')
        .select([sql<number>`sum(case when devices.last_checkin_at is null then 1 else 0 end)`.as('never'), sql<number>`count(*)`.as('n')])
        .where('tenant_id', '=', s.tenantId).where('status', '=', 'active').where(scoped(s)).where(lastCheckin, '<', since).executeTakeFirst();
      const never = Number(older?.never ?? 0);
      return { buckets: rows.map((r) => ({ bucket: r.bucket, key: r.status, count: Number(r.n) })), before: Number(older?.n ?? 0) - never, never };
    },

    /** Sign-ins since `from` by time bucket and result (grant, block, controlsRequired). */
    async signIns(s: ReportScope, from: Instant, bucket: ReportBucket): Promise<TimeBucketRow[]> {
      const since = toIso(from, '$.from');
      let q = db.selectFrom('sign_in_log')
        .select([bucketOf('sign_in_log.at', bucket).as('bucket'), 'result', sql<number>`count(*)`.as('n')])
        .where('tenant_id', '=', s.tenantId).where('at', '>=', since);
      if (s.scopeTags !== undefined) {
        // A scoped admin counts the sign-ins of devices in scope (a sign-in without a device is in no scope).
        const tags = s.scopeTags;
        q = q.where((eb) => eb.exists(eb.selectFrom('devices').select(sql`1`.as('one'))
          .whereRef('devices.tenant_id', '=', 'sign_in_log.tenant_id').whereRef('devices.id', '=', 'sign_in_log.device_id')
          .where(deviceInScope(ctx.dialect, tags))));
      }
      const rows = await q.groupBy([bucketOf('sign_in_log.at', bucket), 'result']).orderBy('bucket').execute();
      return rows.map((r) => ({ bucket: r.bucket, key: r.result, count: Number(r.n) }));
    },

    /** Jobs of the given kinds that are pending, running or failed, by kind and status. */
    async openJobs(s: ReportScope, kinds: readonly string[]): Promise<JobCountRow[]> {
      if (kinds.length === 0 || kinds.length > 50) throw invalidQuery('$.kinds', 'between 1 and 50 job kinds');
      let q = db.selectFrom('jobs').select(['jobs.kind', 'jobs.status', sql<number>`count(*)`.as('n')])
        .where('jobs.tenant_id', '=', s.tenantId).where('jobs.status', 'in', ['pending', 'running', 'failed']).where('jobs.kind', 'in', [...kinds]);
      if (s.scopeTags !== undefined) {
        const tags = s.scopeTags;
        q = q.where((eb) => eb.exists(eb.selectFrom('devices').select(sql`1`.as('one'))
          .whereRef('devices.tenant_id', '=', 'jobs.tenant_id').whereRef('devices.id', '=', 'jobs.device_id')
          .where(deviceInScope(ctx.dialect, tags))));
      }
      const rows = await q.groupBy(['jobs.kind', 'jobs.status']).execute();
      return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n) }));
    },
  };
}
export type ReportRepository = ReturnType<typeof reportRepository>;
