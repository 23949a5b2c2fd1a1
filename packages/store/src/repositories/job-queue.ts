import { sql } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit, invalidQuery } from '../store-errors.js';

export type JobStatus = 'pending' | 'running' | 'done' | 'cancelled' | 'failed';
export interface Job<P = unknown> {
  tenantId: string; id: string; kind: string; dedupeKey: string | null; payload: P; runAt: string; status: JobStatus; attempts: number;
  maxAttempts: number; leaseOwner: string | null; leaseExpiresAt: string | null; lastError: string | null; createdAt: string;
  finishedAt: string | null; deviceId: string | null; episodeId: string | null;
}
export interface NewJob<P = unknown> {
  id?: string; kind: string; dedupeKey?: string | null; payload: P; runAt: Instant; maxAttempts?: number; deviceId?: string | null; episodeId?: string | null;
}
export interface JobFilter extends PageOptions { status?: JobStatus; kind?: string; deviceId?: string; episodeId?: string }

const JSON_COLUMNS = ['payload'];
const map = <P>(r: Record<string, unknown>) => toRecord<Job<P>>(r, JSON_COLUMNS);

/**
 * The durable job queue: every scheduled action is a row, claimed with a lease, so work survives
 * restarts and a crashed worker's jobs are picked up again once its lease expires.
 */
export function jobQueue(ctx: RepositoryContext) {
  const t = tenantTable<Job>(ctx, { table: 'jobs', json: JSON_COLUMNS, orderBy: 'run_at' });
  const db = ctx.db;
  return {
    /** Schedules a job; with a dedupe key already used in the tenant, returns the existing job (created: false). */
    async schedule<P>(tenantId: string, input: NewJob<P>): Promise<{ job: Job<P>; created: boolean }> {
      const maxAttempts = input.maxAttempts ?? 5;
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw invalidQuery('$.maxAttempts', 'maxAttempts must be 1..100');
      const id = input.id ?? ctx.ids();
      const r = await db.insertInto('jobs').values({
        tenant_id: tenantId, id, kind: input.kind, dedupe_key: input.dedupeKey ?? null, payload: JSON.stringify(input.payload ?? null),
        run_at: toIso(input.runAt, '$.runAt'), status: 'pending', attempts: 0, max_attempts: maxAttempts, lease_owner: null, lease_expires_at: null,
        last_error: null, created_at: ctx.now().toISOString(), finished_at: null, device_id: input.deviceId ?? null, episode_id: input.episodeId ?? null,
      }).onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing()).executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return { job: (await t.get(tenantId, id)) as Job<P>, created: true };
      const existing = await db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).where('dedupe_key', '=', input.dedupeKey ?? '').executeTakeFirstOrThrow();
      return { job: map<P>(existing), created: false };
    },
    /**
     * Claims up to `limit` due jobs of all tenants (one scheduler serves every tenant, so this is
     * cross-tenant by design), including running jobs whose lease expired. One UPDATE ... RETURNING:
     * on PostgreSQL the candidate rows are locked FOR UPDATE SKIP LOCKED so concurrent claimers take
     * disjoint sets; SQLite runs the statement under its single write lock.
     */
    async claimDue(now: Instant, owner: string, leaseMs: number, limit: number): Promise<Job[]> {
      const at = toIso(now, '$.now');
      const n = checkLimit(limit, 10, 1000);
      if (!Number.isInteger(leaseMs) || leaseMs < 1) throw invalidQuery('$.leaseMs', 'leaseMs must be a positive integer');
      const expires = new Date(new Date(at).getTime() + leaseMs).toISOString();
      const lock = ctx.dialect === 'postgres' ? sql` for update skip locked` : sql``;
      // A job whose worker died on its last allowed attempt is failed, not retried forever.
      await db.updateTable('jobs').set({ status: 'failed', last_error: 'lease expired on the last attempt', finished_at: at, lease_owner: null })
        .where('status', '=', 'running').where('lease_expires_at', '<=', at).where((eb) => eb('attempts', '>=', eb.ref('max_attempts'))).execute();
      const result = await sql<Record<string, unknown>>`update jobs set status = 'running', lease_owner = ${owner}, lease_expires_at = ${expires},
          attempts = attempts + 1
        where (tenant_id, id) in (select tenant_id, id from jobs
          where (status = 'pending' and run_at <= ${at}) or (status = 'running' and lease_expires_at <= ${at})
          order by run_at, id limit ${n}${lock})
        returning *`.execute(db);
      return result.rows.map((r) => map(r)).sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : a.id < b.id ? -1 : 1));
    },
    /**
     * A restarted node takes back at once the jobs its previous run held (their owner starts with
     * `nodePrefix`, and is not `currentOwner`): they go back to pending, due now, instead of waiting
     * out the lease. A job on its last attempt fails instead. Across tenants by design (one node's
     * worker serves every tenant). Returns how many jobs were released.
     */
    async releaseNodeLeases(nodePrefix: string, currentOwner: string, now: Instant): Promise<number> {
      if (nodePrefix.length === 0 || !currentOwner.startsWith(nodePrefix)) throw invalidQuery('$.nodePrefix', 'the current owner must start with the node prefix');
      const at = toIso(now, '$.now');
      const ours = sql<boolean>`substr(lease_owner, 1, ${nodePrefix.length}) = ${nodePrefix}`;
      await db.updateTable('jobs').set({ status: 'failed', last_error: 'the node restarted during the last attempt', finished_at: at, lease_owner: null, lease_expires_at: null })
        .where('status', '=', 'running').where('lease_owner', '!=', currentOwner).where(ours).where((eb) => eb('attempts', '>=', eb.ref('max_attempts'))).execute();
      const r = await db.updateTable('jobs').set({ status: 'pending', run_at: at, lease_owner: null, lease_expires_at: null, last_error: 'the node restarted during this attempt' })
        .where('status', '=', 'running').where('lease_owner', '!=', currentOwner).where(ours).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /** Marks a claimed job done; refused (false) unless `owner` still holds the lease. */
    async complete(tenantId: string, id: string, owner: string): Promise<boolean> {
      const r = await db.updateTable('jobs').set({ status: 'done', finished_at: ctx.now().toISOString(), lease_expires_at: null })
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'running').where('lease_owner', '=', owner).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Records a failed attempt: retried at `retryAt` while attempts remain, else (or with null) failed for good. Owner-checked. */
    async fail(tenantId: string, id: string, owner: string, error: string, retryAt: Instant | null): Promise<boolean> {
      const nowIso = ctx.now().toISOString();
      const retry = retryAt === null ? null : toIso(retryAt, '$.retryAt');
      const lastError = error.slice(0, 4000);
      const r = await db.updateTable('jobs').set((eb) => ({
        last_error: lastError, lease_owner: null, lease_expires_at: null,
        status: retry === null ? 'failed' : eb.case().when('attempts', '>=', eb.ref('max_attempts')).then('failed').else('pending').end(),
        run_at: retry === null ? eb.ref('run_at') : eb.case().when('attempts', '>=', eb.ref('max_attempts')).then(eb.ref('run_at')).else(retry).end(),
        finished_at: retry === null ? nowIso : eb.case().when('attempts', '>=', eb.ref('max_attempts')).then(nowIso).else(null).end(),
      })).where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'running').where('lease_owner', '=', owner).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Cancels one pending or running job. */
    async cancel(tenantId: string, id: string): Promise<boolean> {
      const r = await db.updateTable('jobs').set({ status: 'cancelled', finished_at: ctx.now().toISOString() }).where('tenant_id', '=', tenantId)
        .where('id', '=', id).where('status', 'in', ['pending', 'running']).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Cancels a device's open jobs, optionally only some kinds or one noncompliance episode; returns how many. */
    async cancelForDevice(tenantId: string, deviceId: string, kinds?: readonly string[], episodeId?: string): Promise<number> {
      if (kinds !== undefined && kinds.length === 0) return 0;
      let q = db.updateTable('jobs').set({ status: 'cancelled', finished_at: ctx.now().toISOString() }).where('tenant_id', '=', tenantId)
        .where('device_id', '=', deviceId).where('status', 'in', ['pending', 'running']);
      if (kinds !== undefined) q = q.where('kind', 'in', kinds as string[]);
      if (episodeId !== undefined) q = q.where('episode_id', '=', episodeId);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /** A job by id. */
    get: <P = unknown>(tenantId: string, id: string) => t.get(tenantId, id) as Promise<Job<P> | undefined>,
    /** Jobs by run time, filtered. */
    list: (tenantId: string, filter: JobFilter = {}) =>
      t.list(tenantId, filter, { status: filter.status, kind: filter.kind, device_id: filter.deviceId, episode_id: filter.episodeId }),
  };
}
export type JobQueue = ReturnType<typeof jobQueue>;
