import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { RepositoryContext } from '../repository-context.js';
import { inTransaction } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { deviceRecord, type CheckinFields, type Device } from './device-repository.js';
import type { DeviceCommand } from './device-command-repository.js';

/** Why a device may not check in (or use any device endpoint) with this certificate. */
export type DeviceAccessRejection = 'certificate-unknown' | 'certificate-revoked' | 'device-revoked' | 'device-retired';

/** One agent check-in, as the server hands it to the store. */
export interface CheckinWrite {
  deviceId: string;
  /** Serial of the mTLS certificate the request came with (upper-case hex, as stored). */
  certificateSerial: string;
  /**
   * The report and a fingerprint of what it says (the caller decides what counts as a change; the
   * collection time does not). A history row is written only when the fingerprint differs from the
   * device's last stored one: history records changes, `last_checkin_at` says when they were last confirmed.
   * `id` is that row's id (generated when absent, only if a row is written).
   */
  posture: { id?: string; collectedAt: Instant; report: unknown; fingerprint: string };
  /** Inventory the report carries; null or absent keeps the stored value (an unknown fact erases nothing). `agentVersion` too. */
  inventory: CheckinFields;
  commandResults: readonly { commandId: string; status: 'succeeded' | 'failed'; detail: string | null }[];
  at: Instant;
}

/** What the check-in wrote and what the after-commit work needs, read in the same transaction. */
export interface CheckinRecorded {
  ok: true;
  /** The device row as it was before, and after, this check-in. */
  before: Device;
  device: Device;
  /** Pending commands, now marked delivered, oldest first. */
  commands: DeviceCommand[];
  /** Groups of the device and of its primary user, sorted, without duplicates. */
  groupIds: string[];
  /** The stored compliance result as raw JSON text (to detect an unchanged evaluation without parsing), or null. */
  storedComplianceJson: string | null;
  /** Whether the report was stored as a new posture history row (its facts differ from the last stored ones). */
  postureStored: boolean;
}
export type CheckinOutcome = CheckinRecorded | { ok: false; reason: DeviceAccessRejection };

const COMMAND_JSON = ['payload'];
const INVENTORY = ['hostname', 'osName', 'osVersion', 'model', 'manufacturer', 'serialNumber', 'agentVersion'] as const;
const byCreated = (a: DeviceCommand, b: DeviceCommand) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

const SQLITE_SQL = {
  // The device joined with the presented certificate (one index lookup decides access), plus what
  // the after-commit evaluation reads (stored compliance result, groups of the device and of its
  // primary user): one statement instead of three on the hot path.
  access: `select d.*, c.status as certificate_status,
      (select dc.result from device_compliance dc where dc.tenant_id = d.tenant_id and dc.device_id = d.id) as stored_compliance,
      (select json_group_array(distinct gm.group_id) from group_members gm
        where gm.tenant_id = d.tenant_id and gm.member_id in (d.id, coalesce(d.primary_user_id, d.id))) as group_ids
    from device_certificates c
    join devices d on d.tenant_id = c.tenant_id and d.id = c.device_id
    where c.tenant_id = ? and c.serial = ? and c.device_id = ?`,
  accessStatus: `select d.status, c.status as certificate_status from device_certificates c
    join devices d on d.tenant_id = c.tenant_id and d.id = c.device_id
    where c.tenant_id = ? and c.serial = ? and c.device_id = ?`,
  insertPosture: 'insert into posture_reports (tenant_id, id, device_id, collected_at, received_at, report) values (?, ?, ?, ?, ?, ?)',
  updateInventory: `update devices set hostname = ?, os_name = ?, os_version = ?, model = ?, manufacturer = ?, serial_number = ?, agent_version = ?,
    posture_fingerprint = ?, last_checkin_at = ?, updated_at = ? where tenant_id = ? and id = ?`,
  // The usual check-in changes no inventory; SQLite rewrites every index on a SET column, so leave them out.
  touchDevice: 'update devices set posture_fingerprint = ?, last_checkin_at = ?, updated_at = ? where tenant_id = ? and id = ?',
  completeCommand: `update device_commands set status = ?, completed_at = ?, result_detail = ?
    where tenant_id = ? and device_id = ? and id = ? and status in ('pending', 'delivered')`,
  claimCommands: `update device_commands set status = 'delivered', delivered_at = ? where tenant_id = ? and device_id = ? and status = 'pending' returning *`,
} as const;
type SqliteStatements = { [K in keyof typeof SQLITE_SQL]: BetterSqlite3.Statement };
type RecordArgs = [tenantId: string, input: CheckinWrite, at: string, updatedAt: string, newId: () => string];
interface SqlitePath {
  readonly statements: SqliteStatements;
  /** recordSqlite wrapped once in better-sqlite3's transaction (a savepoint when nested); creating the wrapper per call is measurable. */
  readonly record: (...args: RecordArgs) => CheckinOutcome;
  /** Check-ins waiting for the next group commit. */
  queue: { args: RecordArgs; resolve: (outcome: CheckinOutcome) => void; reject: (error: unknown) => void }[];
}

// Prepared once per SQLite connection: preparing (like Kysely's compile) costs more than running these point statements.
const prepared = new WeakMap<BetterSqlite3.Database, SqlitePath>();
function sqlitePathOf(sqlite: BetterSqlite3.Database): SqlitePath {
  let path = prepared.get(sqlite);
  if (!path) {
    const statements = Object.fromEntries(Object.entries(SQLITE_SQL).map(([k, text]) => [k, sqlite.prepare(text)])) as SqliteStatements;
    const record = sqlite.transaction((...args: RecordArgs) => recordSqlite(statements, ...args));
    path = { statements, record, queue: [] };
    prepared.set(sqlite, path);
  }
  return path;
}

/** Whether a check-in changes any stored inventory column (agent version included). */
function inventoryChanged(before: Device, after: Device): boolean {
  return INVENTORY.some((key) => before[key] !== after[key]);
}

function rejection(deviceStatus: string, certificateStatus: string): DeviceAccessRejection | null {
  if (certificateStatus === 'revoked' || deviceStatus === 'revoked') return certificateStatus === 'revoked' ? 'certificate-revoked' : 'device-revoked';
  if (deviceStatus === 'retired') return 'device-retired';
  // A superseded certificate (after renewal) keeps working until it expires, so a renewal the agent did not save does not lock it out.
  return null;
}

function splitAccessRow(row: Record<string, unknown>): { device: Device; certificateStatus: string } {
  // deviceRecord reads the device columns by name; the extra columns of the access query are ignored.
  return { device: deviceRecord(row), certificateStatus: String(row.certificate_status) };
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The device after a check-in: stored inventory kept where the report does not know a value. */
function applyCheckin(before: Device, input: CheckinWrite, at: string, updatedAt: string): Device {
  const { inventory } = input;
  const after: Device = { ...before, lastCheckinAt: at, updatedAt, postureFingerprint: input.posture.fingerprint };
  for (const key of INVENTORY) {
    const value = inventory[key];
    if (value !== undefined && value !== null) after[key] = value;
  }
  return after;
}

/** The check-in write on SQLite; runs inside one better-sqlite3 transaction (see sqlitePathOf). */
function recordSqlite(s: SqliteStatements, tenantId: string, input: CheckinWrite, at: string, updatedAt: string, newId: () => string): CheckinOutcome {
  const row = s.access.get(tenantId, input.certificateSerial, input.deviceId) as Record<string, unknown> | undefined;
  if (!row) return { ok: false, reason: 'certificate-unknown' };
  const { device: before, certificateStatus } = splitAccessRow(row);
  const refused = rejection(before.status, certificateStatus);
  if (refused) return { ok: false, reason: refused };
  const postureStored = before.postureFingerprint !== input.posture.fingerprint;
  if (postureStored) s.insertPosture.run(tenantId, input.posture.id ?? newId(), input.deviceId, toIso(input.posture.collectedAt, '$.collectedAt'), at, JSON.stringify(input.posture.report));
  const device = applyCheckin(before, input, at, updatedAt);
  if (inventoryChanged(before, device)) {
    s.updateInventory.run(device.hostname, device.osName, device.osVersion, device.model, device.manufacturer, device.serialNumber, device.agentVersion, device.postureFingerprint, at, updatedAt, tenantId, input.deviceId);
  } else {
    s.touchDevice.run(device.postureFingerprint, at, updatedAt, tenantId, input.deviceId);
  }
  for (const r of input.commandResults) s.completeCommand.run(r.status, at, r.detail?.slice(0, 4000) ?? null, tenantId, input.deviceId, r.commandId);
  const commands = (s.claimCommands.all(at, tenantId, input.deviceId) as Record<string, unknown>[]).map((r) => toRecord<DeviceCommand>(r, COMMAND_JSON)).sort(byCreated);
  const groupIds = (JSON.parse(row.group_ids as string) as string[]).sort(byCodeUnit);
  return { ok: true, before, device, commands, groupIds, storedComplianceJson: (row.stored_compliance as string | null) ?? null, postureStored };
}

/**
 * The agent check-in hot path: access check and the whole check-in write in one transaction,
 * tenant-filtered on every statement. On SQLite it runs as cached better-sqlite3 prepared statements
 * inside one synchronous transaction (no await inside, so no other request interleaves); Kysely's
 * per-call query compilation costs more than these point statements themselves. On PostgreSQL the
 * same statements run through Kysely in one transaction.
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
   * Group commit: check-ins that arrive in the same event-loop turn are written in one SQLite
   * transaction, each in its own savepoint (one failing check-in rolls back only itself). The
   * commit (WAL write, and now and then a checkpoint) blocks the event loop and costs more than all
   * the statements of a check-in together, so sharing it is what lets SQLite keep up. Every caller
   * still gets its answer only after its data is committed.
   */
  function groupCommit(handle: BetterSqlite3.Database, args: RecordArgs): Promise<CheckinOutcome> {
    const path = sqlitePathOf(handle);
    return new Promise((resolve, reject) => {
      path.queue.push({ args, resolve, reject });
      if (path.queue.length === 1) setImmediate(() => { void flush(handle, path); });
    });
  }

  async function flush(handle: BetterSqlite3.Database, path: SqlitePath): Promise<void> {
    const batch = path.queue;
    path.queue = [];
    const results: ({ ok: true; value: CheckinOutcome } | { ok: false; error: unknown })[] = [];
    try {
      await onSqlite(handle, () => handle.transaction(() => {
        for (const job of batch) {
          try { results.push({ ok: true, value: path.record(...job.args) }); } catch (error) { results.push({ ok: false, error }); }
        }
      })());
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
      const postureStored = before.postureFingerprint !== input.posture.fingerprint;
      if (postureStored) {
        await trx.insertInto('posture_reports').values({
          tenant_id: tenantId, id: input.posture.id ?? ctx.ids(), device_id: input.deviceId, collected_at: toIso(input.posture.collectedAt, '$.collectedAt'), received_at: at,
          report: JSON.stringify(input.posture.report),
        }).execute();
      }
      const device = applyCheckin(before, input, at, updatedAt);
      await trx.updateTable('devices').set({
        hostname: device.hostname, os_name: device.osName, os_version: device.osVersion, model: device.model, manufacturer: device.manufacturer,
        serial_number: device.serialNumber, agent_version: device.agentVersion, posture_fingerprint: device.postureFingerprint, last_checkin_at: at, updated_at: updatedAt,
      }).where('tenant_id', '=', tenantId).where('id', '=', input.deviceId).execute();
      for (const r of input.commandResults) {
        await trx.updateTable('device_commands').set({ status: r.status, completed_at: at, result_detail: r.detail?.slice(0, 4000) ?? null })
          .where('tenant_id', '=', tenantId).where('device_id', '=', input.deviceId).where('id', '=', r.commandId).where('status', 'in', ['pending', 'delivered']).execute();
      }
      const claimed = await trx.updateTable('device_commands').set({ status: 'delivered', delivered_at: at })
        .where('tenant_id', '=', tenantId).where('device_id', '=', input.deviceId).where('status', '=', 'pending').returningAll().execute();
      const members = before.primaryUserId ? [input.deviceId, before.primaryUserId] : [input.deviceId];
      const groups = await trx.selectFrom('group_members').select('group_id').distinct().where('tenant_id', '=', tenantId)
        .where('member_id', 'in', members).orderBy('group_id').execute();
      const stored = await trx.selectFrom('device_compliance').select('result').where('tenant_id', '=', tenantId).where('device_id', '=', input.deviceId).executeTakeFirst();
      return {
        ok: true, before, device,
        commands: claimed.map((r) => toRecord<DeviceCommand>(r, COMMAND_JSON)).sort(byCreated),
        groupIds: groups.map((g) => g.group_id),
        storedComplianceJson: stored?.result ?? null,
        postureStored,
      } as const;
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
        return groupCommit(handle, [tenantId, input, at, updatedAt, ctx.ids]);
      }
      return recordKysely(tenantId, input, at, updatedAt);
    },
  };
}
export type CheckinRepository = ReturnType<typeof checkinRepository>;
