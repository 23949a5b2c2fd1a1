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
     * Active devices per failing setting, from device_failing_settings (the failing settings of each
     * active device's stored result, kept on every write): for an unscoped admin a scan of one index,
     * without reading a device row. A device failing one setting in two policies counts once (the
     * table's key is device, setting, code).
     */
    async failingSettings(s: ReportScope, limit = 50): Promise<FailingSettingRow[]> {
      const n = checkLimit(limit, 50, 500);
      let q = db.selectFrom('device_failing_settings as f').select(['f.setting', 'f.code', sql<number>`count(*)`.as('n')]).where('f.tenant_id', '=', s.tenantId);
      if (s.scopeTags !== undefined) {
        const tags = s.scopeTags;
        q = q.where((eb) => eb.exists(eb.selectFrom('devices').select(sql`1`.as('one'))
          .whereRef('devices.tenant_id', '=', 'f.tenant_id').whereRef('devices.id', '=', 'f.device_id').where(deviceInScope(ctx.dialect, tags))));
      }
      const rows = await q.groupBy(['f.setting', 'f.code']).orderBy('n', 'desc').orderBy('f.setting').limit(n).execute();
      return rows.map((r) => ({ setting: r.setting, code: r.code, devices: Number(r.n) }));
    },

    /** Active failing devices that fail one setting (the list behind a bar of failingSettings), by display name. */
    async devicesFailingSetting(s: ReportScope, setting: string, limit = 100): Promise<FailingSettingDevice[]> {
      const n = checkLimit(limit, 100, 500);
      const rows = await db.selectFrom('device_failing_settings as f')
        .innerJoin('devices', (j) => j.onRef('devices.tenant_id', '=', 'f.tenant_id').onRef('devices.id', '=', 'f.device_id'))
        .select(['devices.id', 'devices.display_name', 'devices.platform', 'devices.compliance_state', 'devices.last_checkin_at']).distinct()
        .where('f.tenant_id', '=', s.tenantId).where('f.setting', '=', setting).where(scoped(s))
        .orderBy('devices.display_name').orderBy('devices.id').limit(n).execute();
      return rows.map((r) => ({ id: r.id, displayName: r.display_name, platform: r.platform, complianceState: r.compliance_state, lastCheckinAt: r.last_checkin_at }));
    },

    /**
     * Devices by the time bucket of their last check-in since `from` (key = status), plus how many
     * active devices last checked in before `from` or never. The store keeps each device's latest
     * check-in time, not every check-in, so this is "last seen", the view an admin uses to find silent devices.
     */
    async lastCheckins(s: ReportScope, from: Instant, bucket: ReportBucket): Promise<{ buckets: TimeBucketRow[]; before: number; never: number }> {
      const since = toIso(from, '$.from');
      // Both queries read only the (tenant_id, last_checkin_at, status) and (tenant_id, status, last_checkin_at) indexes.
      const rows = await db.selectFrom('devices')
        .select([bucketOf('devices.last_checkin_at', bucket).as('bucket'), 'status', sql<number>`count(*)`.as('n')])
        .where('tenant_id', '=', s.tenantId).where(scoped(s)).where('last_checkin_at', '>=', since)
        .groupBy([bucketOf('devices.last_checkin_at', bucket), 'status']).orderBy('bucket').execute();
      const active = db.selectFrom('devices').select(sql<number>`count(*)`.as('n')).where('tenant_id', '=', s.tenantId).where('status', '=', 'active').where(scoped(s));
      const [older, never] = await Promise.all([
        active.where('last_checkin_at', '<', since).executeTakeFirst(),
        active.where('last_checkin_at', 'is', null).executeTakeFirst(),
      ]);
      return { buckets: rows.map((r) => ({ bucket: r.bucket, key: r.status, count: Number(r.n) })), before: Number(older?.n ?? 0), never: Number(never?.n ?? 0) };
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
