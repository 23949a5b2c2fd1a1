import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { RepositoryContext } from '../repository-context.js';
import { inTransaction } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import type { DeviceCommand } from './device-command-repository.js';
import {
  COMMAND_JSON, applyCheckin, byCreated, checkCommandResults, isStaleReport, recordBatch, rejection, splitAccessRow, sqlitePathOf,
  type AcknowledgedCommand, type BatchResult, type CheckinOutcome, type CheckinWrite, type DeviceAccessRejection, type PipelinedOutcome, type RecordArgs,
} from './checkin-sqlite.js';

export type { AcknowledgedCommand, CheckinOutcome, CheckinPipeline, CheckinRecorded, CheckinWrite, CommandResultRefusal, CommandResultRejection, DeviceAccessRejection, PipelinedOutcome } from './checkin-sqlite.js';

interface Pending { args: RecordArgs; resolve: (outcome: CheckinOutcome) => void; reject: (error: unknown) => void }
/** Check-ins waiting for the next group commit on the store's own connection, per connection. */
const mainQueues = new WeakMap<BetterSqlite3.Database, Pending[]>();

/**
 * The agent check-in hot path: access check and the whole check-in write in one transaction,
 * tenant-filtered on every statement. On SQLite it runs as cached better-sqlite3 prepared statements
 * inside one synchronous transaction (checkin-sqlite.ts; Kysely's per-call query compilation costs
 * more than these point statements themselves), on the check-in writer thread of a file-backed
 * store (sqlite-checkin-writer.ts), else on the store's own connection. On PostgreSQL the same
 * statements run through Kysely in one transaction.
 */
export function checkinRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const sqlite = ctx.sqlite;

  /**
   * Runs a synchronous unit on the raw SQLite handle. When no transaction is open
   * on the handle, it runs at once: better-sqlite3 is synchronous, so nothing can interleave, and
   * waiting for Kysely's connection lock would only add latency. When another request's Kysely
   * transaction is open (it awaits between statements), wait for it through Kysely's lock; inside
   * our caller's store transaction, better-sqlite3 nests with a savepoint.
   */
  function onSqlite<T>(handle: BetterSqlite3.Database, fn: () => T): Promise<T> {
    if (db.isTransaction || !handle.inTransaction) {
      try { return Promise.resolve(fn()); } catch (error) { return Promise.reject(error); }
    }
    return db.connection().execute(async () => fn());
  }

  /**
   * Group commit on the store's own connection (an in-memory database, or a writer thread that has
   * failed): check-ins that arrive in the same event-loop turn share one transaction (recordBatch).
   * The commit costs more than all the statements of a check-in together, so sharing it is what
   * lets SQLite keep up. Every caller still gets its answer only after its data is committed.
   */
  function groupCommit(handle: BetterSqlite3.Database, args: RecordArgs): Promise<CheckinOutcome> {
    let queue = mainQueues.get(handle);
    if (!queue) mainQueues.set(handle, queue = []);
    const q = queue;
    return new Promise((resolve, reject) => {
      q.push({ args, resolve, reject });
      if (q.length === 1) setImmediate(() => { void flush(handle, q); });
    });
  }

  async function flush(handle: BetterSqlite3.Database, queue: Pending[]): Promise<void> {
    const batch = queue.splice(0);
    let results: BatchResult[];
    try {
      results = await onSqlite(handle, () => recordBatch(handle, batch.map((job) => job.args)));
    } catch (error) {
      // The commit itself failed: nothing of the batch is stored.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => { const r = results[i]!; if (r.ok) job.resolve(r.value); else job.reject(r.error); });
  }

  async function recordKysely(tenantId: string, input: CheckinWrite, at: string, updatedAt: string): Promise<CheckinOutcome> {
    return inTransaction(db, async (trx: Kysely<Database>) => {
      const row = await trx.selectFrom('device_certificates as c').innerJoin('devices as d', (j) => j.onRef('d.tenant_id', '=', 'c.tenant_id').onRef('d.id', '=', 'c.device_id'))
        .selectAll('d').select('c.status as certificate_status')
        .where('c.tenant_id', '=', tenantId).where('c.serial', '=', input.certificateSerial).where('c.device_id', '=', input.deviceId)
        .executeTakeFirst();
      if (!row) return { ok: false, reason: 'certificate-unknown' } as const;
      const { device: before, certificateStatus } = splitAccessRow(row as Record<string, unknown>);
      const refused = rejection(before.status, certificateStatus);
      if (refused) return { ok: false, reason: refused } as const;
      let acknowledged: AcknowledgedCommand[] = [];
      if (input.commandResults.length > 0) {
        const ids = [...new Set(input.commandResults.map((r) => r.commandId))];
        const rows = await trx.selectFrom('device_commands').select(['id', 'status', 'kind']).where('tenant_id', '=', tenantId)
          .where('device_id', '=', input.deviceId).where('id', 'in', ids).execute();
        const byId = new Map(rows.map((r) => [r.id, r]));
        const checked = checkCommandResults(input.commandResults, (id) => byId.get(id));
        if ('refused' in checked) return checked.refused;
        acknowledged = checked.acknowledged;
      }
      const collectedAt = toIso(input.posture.collectedAt, '$.collectedAt');
      const postureStale = isStaleReport(before, collectedAt);
      const postureStored = !postureStale && before.postureFingerprint !== input.posture.fingerprint;
      if (postureStored) {
        await trx.insertInto('posture_reports').values({
          tenant_id: tenantId, id: input.posture.id ?? ctx.ids(), device_id: input.deviceId, collected_at: collectedAt, received_at: at,
          report: input.posture.reportJson ?? JSON.stringify(input.posture.report),
        }).execute();
      }
      const device = postureStale ? { ...before, lastCheckinAt: at, updatedAt } : applyCheckin(before, input, at, updatedAt, collectedAt);
      await trx.updateTable('devices').set({
        hostname: device.hostname, os_name: device.osName, os_version: device.osVersion, model: device.model, manufacturer: device.manufacturer,
        serial_number: device.serialNumber, agent_version: device.agentVersion, posture_fingerprint: device.postureFingerprint,
        last_collected_at: device.lastCollectedAt, last_checkin_at: at, updated_at: updatedAt,
      }).where('tenant_id', '=', tenantId).where('id', '=', input.deviceId).execute();
      for (const r of input.commandResults) {
        await trx.updateTable('device_commands').set({ status: r.status, completed_at: at, result_detail: r.detail?.slice(0, 4000) ?? null, lease_expires_at: null })
          .where('tenant_id', '=', tenantId).where('device_id', '=', input.deviceId).where('id', '=', r.commandId).where('status', '=', 'delivered').execute();
      }
      const claimed = await trx.updateTable('device_commands')
        .set((eb) => ({ status: 'delivered', delivered_at: eb.fn.coalesce('delivered_at', eb.val(at)), lease_expires_at: input.commandLeaseUntil, delivery_count: eb('delivery_count', '+', 1) }))
        .where('tenant_id', '=', tenantId).where('device_id', '=', input.deviceId)
        .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'delivered'), eb('lease_expires_at', '<=', at)])]))
        .returningAll().execute();
      const members = before.primaryUserId ? [input.deviceId, before.primaryUserId] : [input.deviceId];
      const groups = await trx.selectFrom('group_members').select('group_id').distinct().where('tenant_id', '=', tenantId)
        .where('member_id', 'in', members).orderBy('group_id').execute();
      const stored = await trx.selectFrom('device_compliance').select('result').where('tenant_id', '=', tenantId).where('device_id', '=', input.deviceId).executeTakeFirst();
      return {
        ok: true, before, device,
        commands: claimed.map((r) => toRecord<DeviceCommand>(r, COMMAND_JSON)).sort(byCreated),
        groupIds: groups.map((g) => g.group_id),
        storedComplianceJson: stored?.result ?? null,
        postureStored, postureStale, acknowledged,
      };
    });
  }

  return {
    /**
     * Whether this certificate may act for this device right now: registered to it in this tenant,
     * not revoked, and the device neither revoked nor retired. Read on every request (no cache), so
     * a revocation is effective on the very next request. Returns null when access is allowed.
     */
    async access(tenantId: string, deviceId: string, certificateSerial: string): Promise<DeviceAccessRejection | null> {
      if (sqlite) {
        const handle = sqlite;
        return onSqlite(handle, () => {
          const row = sqlitePathOf(handle).statements.accessStatus.get(tenantId, certificateSerial, deviceId) as { status: string; certificate_status: string } | undefined;
          return row ? rejection(row.status, row.certificate_status) : 'certificate-unknown';
        });
      }
      const row = await db.selectFrom('device_certificates as c').innerJoin('devices as d', (j) => j.onRef('d.tenant_id', '=', 'c.tenant_id').onRef('d.id', '=', 'c.device_id'))
        .select(['d.status', 'c.status as certificate_status'])
        .where('c.tenant_id', '=', tenantId).where('c.serial', '=', certificateSerial).where('c.device_id', '=', deviceId).executeTakeFirst();
      return row ? rejection(row.status, row.certificate_status) : 'certificate-unknown';
    },

    /**
     * Records one check-in atomically: re-checks access (as `access`), stores the posture report when its facts changed,
     * refreshes inventory and last_checkin_at, records command results, claims the pending commands
     * (marked delivered in the same transaction, so two check-ins never both get one), and reads the
     * device's groups and stored compliance result for the evaluation that follows.
     */
    async record(tenantId: string, input: CheckinWrite): Promise<CheckinOutcome> {
      const at = toIso(input.at, '$.at');
      const updatedAt = ctx.now().toISOString();
      if (sqlite) {
        const handle = sqlite;
        if (db.isTransaction) return onSqlite(handle, () => sqlitePathOf(handle).record(tenantId, input, at, updatedAt, ctx.ids));
        const writer = ctx.checkinWriter;
        if (!writer) return groupCommit(handle, [tenantId, input, at, updatedAt, ctx.ids]);
        // Settled here so that the thread needs no id generator and a bad timestamp stays the caller's 400.
        // The report crosses to the thread as text: copying a string is far cheaper than cloning the object.
        const { report, reportJson, fingerprint } = input.posture;
        const posture = { id: input.posture.id ?? ctx.ids(), collectedAt: toIso(input.posture.collectedAt, '$.collectedAt'), fingerprint, report: null, reportJson: reportJson ?? JSON.stringify(report) };
        const job = [tenantId, { ...input, posture }, at, updatedAt] as const;
        return writer.record(job, () => groupCommit(handle, [...job, ctx.ids]));
      }
      return recordKysely(tenantId, input, at, updatedAt);
    },

    /**
     * Whether recordPipelined may be used now: the store's writer thread runs a check-in pipeline
     * (openStore's `checkinPipeline`) and has not failed, and this is not a transaction's store (the
     * thread writes in its own transactions). Otherwise callers prepare the check-in themselves and call `record`.
     */
    get pipelined(): boolean {
      return !db.isTransaction && ctx.checkinWriter?.pipelined === true && ctx.checkinWriter.available;
    },

    /**
     * Hands what the agent sent (`payload`, for the pipeline's `prepare`) to the writer thread, which
     * prepares, writes (as `record`) and finishes the check-in. `fallback` does the same work on this
     * thread, if the writer has failed meanwhile.
     */
    recordPipelined(tenantId: string, job: { at: Instant; payload: unknown }, fallback: () => Promise<PipelinedOutcome>): Promise<PipelinedOutcome> {
      const writer = ctx.checkinWriter;
      if (db.isTransaction || !writer?.pipelined) return fallback();
      return writer.recordPipelined({ tenantId, at: toIso(job.at, '$.at'), updatedAt: ctx.now().toISOString(), payload: job.payload }, fallback);
    },
  };
}
export type CheckinRepository = ReturnType<typeof checkinRepository>;
