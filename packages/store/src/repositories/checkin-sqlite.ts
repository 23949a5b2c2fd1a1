import type BetterSqlite3 from 'better-sqlite3';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { deviceRecord, type CheckinFields, type Device } from './device-repository.js';
import type { DeviceCommand } from './device-command-repository.js';

// The check-in write on SQLite as prepared statements over one better-sqlite3 connection. It runs
// on the store's own connection inside a caller's transaction, and on the check-in writer thread
// (sqlite-checkin-writer.ts) otherwise; both use exactly this code.

/** Why a device may not check in (or use any device endpoint) with this certificate. */
export type DeviceAccessRejection = 'certificate-unknown' | 'certificate-revoked' | 'certificate-superseded' | 'device-revoked' | 'device-retired';

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
  posture: {
    id?: string; collectedAt: Instant; report: unknown; fingerprint: string;
    /** The report as JSON text, when the caller already has it: stored as is instead of serialising `report` again. */
    reportJson?: string;
  };
  /** Inventory the report carries; null or absent keeps the stored value (an unknown fact erases nothing). `agentVersion` too. */
  inventory: CheckinFields;
  commandResults: readonly { commandId: string; status: 'succeeded' | 'failed'; detail: string | null }[];
  /** Until when the commands this check-in hands out wait for their results before they are offered again (ISO). */
  commandLeaseUntil: string;
  at: Instant;
}

/** Why a check-in's command results are refused (then nothing of the check-in is written). */
export type CommandResultRejection = 'command-result-unknown' | 'command-result-replayed';

/** A command result the check-in recorded. */
export interface AcknowledgedCommand { id: string; kind: string; status: 'succeeded' | 'failed' }

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
  /**
   * The report was collected before the device's latest one: it is not the device's posture (no
   * history row, no inventory change, nothing to evaluate); the check-in itself still counts.
   */
  postureStale: boolean;
  /** The command results this check-in recorded. */
  acknowledged: AcknowledgedCommand[];
}
/** A check-in refused for its command results: which one (index into commandResults) and why. */
export interface CommandResultRefusal { ok: false; reason: CommandResultRejection; index: number; commandId: string }
export type CheckinOutcome = CheckinRecorded | { ok: false; reason: DeviceAccessRejection } | CommandResultRefusal;
/** A recorded check-in as the writer thread sends it back: `before` as the fields where it differs from `device`. */
export type CompactRecorded = Omit<CheckinRecorded, 'before'> & { beforeChanges: Partial<Device> };

/** The full outcome from its compact form. */
export function expandOutcome(outcome: CheckinOutcome | CompactRecorded): CheckinOutcome {
  if (!outcome.ok || !('beforeChanges' in outcome)) return outcome;
  const { beforeChanges, ...rest } = outcome;
  return { ...rest, before: { ...rest.device, ...beforeChanges } };
}

/**
 * Work a server runs on the check-in writer thread around the write (openStore's `checkinPipeline`:
 * the URL of a module exporting these two functions). The thread then receives what the agent sent
 * instead of a finished CheckinWrite: parsing, validating and evaluating it run beside the event loop
 * instead of on it. The module runs in the thread: it sees only its jobs and its own module state.
 */
export interface CheckinPipeline {
  /** The write for one job, with what `finish` will need; or a refusal, returned to the caller as is (nothing is written). */
  prepare(payload: unknown): { write: CheckinWrite; carry?: unknown } | { refused: unknown };
  /**
   * After commit, from what was written: more for the caller, returned beside the outcome; with
   * `complete`, the caller needs nothing of the outcome but the commands it hands out (and gets only those).
   */
  finish(carry: unknown, recorded: CheckinRecorded): { extra: unknown; complete: boolean };
}
/** A check-in the writer thread prepares itself (see CheckinPipeline). `at` and `updatedAt` as in WriterJob. */
export interface PipelineJob { readonly tenantId: string; readonly at: string; readonly updatedAt: string; readonly payload: unknown }
/** What a pipelined check-in comes back as: the pipeline's refusal, or the write's outcome with what `finish` added. */
export type PipelinedOutcome =
  | { refused: unknown }
  | { outcome: CheckinOutcome; extra: unknown; finishError?: string }
  | { completed: { commands: DeviceCommand[]; acknowledged: AcknowledgedCommand[] }; extra: unknown };

export const COMMAND_JSON = ['payload'];
const INVENTORY = ['hostname', 'osName', 'osVersion', 'model', 'manufacturer', 'serialNumber', 'agentVersion'] as const;
export const byCreated = (a: DeviceCommand, b: DeviceCommand) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

const SQLITE_SQL = {
  // The device joined with the presented certificate (one index lookup decides access), plus what
  // the after-commit evaluation reads (stored compliance result, groups of the device and of its
  // primary user) and whether commands are to be offered (pending, or delivered with their lease
  // run out): one statement instead of four on the hot path (the claiming UPDATE then runs only
  // when there is something to claim).
  access: `select d.*, c.status as certificate_status,
      (select dc.result from device_compliance dc where dc.tenant_id = d.tenant_id and dc.device_id = d.id) as stored_compliance,
      (select json_group_array(distinct gm.group_id) from group_members gm
        where gm.tenant_id = d.tenant_id and gm.member_id in (d.id, coalesce(d.primary_user_id, d.id))) as group_ids,
      exists (select 1 from device_commands dc where dc.tenant_id = d.tenant_id and dc.device_id = d.id
        and (dc.status = 'pending' or (dc.status = 'delivered' and dc.lease_expires_at <= @at))) as has_pending
    from device_certificates c
    join devices d on d.tenant_id = c.tenant_id and d.id = c.device_id
    where c.tenant_id = @tenant and c.serial = @serial and c.device_id = @device`,
  accessStatus: `select d.status, c.status as certificate_status from device_certificates c
    join devices d on d.tenant_id = c.tenant_id and d.id = c.device_id
    where c.tenant_id = ? and c.serial = ? and c.device_id = ?`,
  insertPosture: 'insert into posture_reports (tenant_id, id, device_id, collected_at, received_at, report) values (?, ?, ?, ?, ?, ?)',
  updateInventory: `update devices set hostname = ?, os_name = ?, os_version = ?, model = ?, manufacturer = ?, serial_number = ?, agent_version = ?,
    posture_fingerprint = ?, last_collected_at = ?, last_checkin_at = ?, updated_at = ? where tenant_id = ? and id = ?`,
  // The usual check-in changes no inventory; SQLite rewrites every index on a SET column, so leave them out.
  touchDevice: 'update devices set posture_fingerprint = ?, last_collected_at = ?, last_checkin_at = ?, updated_at = ? where tenant_id = ? and id = ?',
  // Runs only for a check-in that carries command results (a few per device and day).
  commandStatus: 'select status, kind from device_commands where tenant_id = ? and device_id = ? and id = ?',
  completeCommand: `update device_commands set status = ?, completed_at = ?, result_detail = ?, lease_expires_at = null
    where tenant_id = ? and device_id = ? and id = ? and status = 'delivered'`,
  claimCommands: `update device_commands set status = 'delivered', delivered_at = coalesce(delivered_at, @at), lease_expires_at = @leaseUntil,
      delivery_count = delivery_count + 1
    where tenant_id = @tenant and device_id = @device and (status = 'pending' or (status = 'delivered' and lease_expires_at <= @at)) returning *`,
} as const;
type SqliteStatements = { [K in keyof typeof SQLITE_SQL]: BetterSqlite3.Statement };
/** One check-in for the writer thread: the posture id and timestamps already settled by the caller. */
export type WriterJob = readonly [tenantId: string, input: CheckinWrite, at: string, updatedAt: string];
export type RecordArgs = readonly [...WriterJob, newId: () => string];
export interface SqlitePath {
  readonly statements: SqliteStatements;
  /** recordSqlite wrapped once in better-sqlite3's transaction (a savepoint when nested); creating the wrapper per call is measurable. */
  readonly record: (...args: RecordArgs) => CheckinOutcome;
}

// Prepared once per SQLite connection: preparing (like Kysely's compile) costs more than running these point statements.
const prepared = new WeakMap<BetterSqlite3.Database, SqlitePath>();
export function sqlitePathOf(sqlite: BetterSqlite3.Database): SqlitePath {
  let path = prepared.get(sqlite);
  if (!path) {
    const statements = Object.fromEntries(Object.entries(SQLITE_SQL).map(([k, text]) => [k, sqlite.prepare(text)])) as SqliteStatements;
    const record = sqlite.transaction((...args: RecordArgs) => recordSqlite(statements, ...args));
    path = { statements, record };
    prepared.set(sqlite, path);
  }
  return path;
}

/** Whether a check-in changes any stored inventory column (agent version included). */
function inventoryChanged(before: Device, after: Device): boolean {
  return INVENTORY.some((key) => before[key] !== after[key]);
}

/**
 * Why this device may not act with this certificate, or null. The device's own state comes first: a
 * retired device's certificates are revoked as part of retiring it, and it is told it was retired.
 * A superseded certificate (the device renewed) is refused: the renewed key replaced it.
 */
export function rejection(deviceStatus: string, certificateStatus: string): DeviceAccessRejection | null {
  if (deviceStatus === 'retired') return 'device-retired';
  if (deviceStatus === 'revoked') return 'device-revoked';
  if (certificateStatus === 'revoked') return 'certificate-revoked';
  if (certificateStatus === 'superseded') return 'certificate-superseded';
  return null;
}

export function splitAccessRow(row: Record<string, unknown>): { device: Device; certificateStatus: string } {
  // deviceRecord reads the device columns by name; the extra columns of the access query are ignored.
  return { device: deviceRecord(row), certificateStatus: String(row.certificate_status) };
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The device after a check-in: stored inventory kept where the report does not know a value. */
export function applyCheckin(before: Device, input: CheckinWrite, at: string, updatedAt: string, collectedAt: string): Device {
  const { inventory } = input;
  const after: Device = { ...before, lastCheckinAt: at, updatedAt, postureFingerprint: input.posture.fingerprint, lastCollectedAt: collectedAt };
  for (const key of INVENTORY) {
    const value = inventory[key];
    if (value !== undefined && value !== null) after[key] = value;
  }
  return after;
}

/** Whether a report collected at `collectedAt` is older than the device's latest posture (then it is not taken as its posture). */
export function isStaleReport(before: Device, collectedAt: string): boolean {
  return before.lastCollectedAt !== null && collectedAt < before.lastCollectedAt;
}

/**
 * Checks a check-in's command results against what the device was given: each must answer a
 * command delivered to this device that has no result yet, once. The first one that does not
 * refuses the whole check-in, before anything is written. `status` reads one command's row.
 */
export function checkCommandResults(
  results: CheckinWrite['commandResults'], status: (commandId: string) => { status: string; kind: string } | undefined,
): { refused: CommandResultRefusal } | { acknowledged: AcknowledgedCommand[] } {
  const acknowledged: AcknowledgedCommand[] = [];
  const seen = new Set<string>();
  for (const [index, r] of results.entries()) {
    const row = status(r.commandId);
    // Unknown, another device's (the lookup is per device), or never delivered: the device never received it.
    if (row === undefined || row.status === 'pending') return { refused: { ok: false, reason: 'command-result-unknown', index, commandId: r.commandId } };
    // Already answered (an earlier check-in, or twice in this one): a replay changes nothing.
    if (row.status !== 'delivered' || seen.has(r.commandId)) return { refused: { ok: false, reason: 'command-result-replayed', index, commandId: r.commandId } };
    seen.add(r.commandId);
    acknowledged.push({ id: r.commandId, kind: row.kind, status: r.status });
  }
  return { acknowledged };
}

/** The check-in write on SQLite; runs inside one better-sqlite3 transaction (see sqlitePathOf). */
function recordSqlite(s: SqliteStatements, tenantId: string, input: CheckinWrite, at: string, updatedAt: string, newId: () => string): CheckinOutcome {
  const row = s.access.get({ tenant: tenantId, serial: input.certificateSerial, device: input.deviceId, at }) as Record<string, unknown> | undefined;
  if (!row) return { ok: false, reason: 'certificate-unknown' };
  const { device: before, certificateStatus } = splitAccessRow(row);
  const refused = rejection(before.status, certificateStatus);
  if (refused) return { ok: false, reason: refused };
  let acknowledged: AcknowledgedCommand[] = [];
  if (input.commandResults.length > 0) {
    const checked = checkCommandResults(input.commandResults, (id) => s.commandStatus.get(tenantId, input.deviceId, id) as { status: string; kind: string } | undefined);
    if ('refused' in checked) return checked.refused;
    acknowledged = checked.acknowledged;
  }
  const collectedAt = toIso(input.posture.collectedAt, '$.collectedAt');
  const postureStale = isStaleReport(before, collectedAt);
  const postureStored = !postureStale && before.postureFingerprint !== input.posture.fingerprint;
  if (postureStored) s.insertPosture.run(tenantId, input.posture.id ?? newId(), input.deviceId, collectedAt, at, input.posture.reportJson ?? JSON.stringify(input.posture.report));
  const device = postureStale ? { ...before, lastCheckinAt: at, updatedAt } : applyCheckin(before, input, at, updatedAt, collectedAt);
  if (inventoryChanged(before, device)) {
    s.updateInventory.run(device.hostname, device.osName, device.osVersion, device.model, device.manufacturer, device.serialNumber, device.agentVersion, device.postureFingerprint, device.lastCollectedAt, at, updatedAt, tenantId, input.deviceId);
  } else {
    s.touchDevice.run(device.postureFingerprint, device.lastCollectedAt, at, updatedAt, tenantId, input.deviceId);
  }
  for (const r of input.commandResults) s.completeCommand.run(r.status, at, r.detail?.slice(0, 4000) ?? null, tenantId, input.deviceId, r.commandId);
  const commands = row.has_pending
    ? (s.claimCommands.all({ at, leaseUntil: input.commandLeaseUntil, tenant: tenantId, device: input.deviceId }) as Record<string, unknown>[]).map((r) => toRecord<DeviceCommand>(r, COMMAND_JSON)).sort(byCreated)
    : [];
  const groupIds = (JSON.parse(row.group_ids as string) as string[]).sort(byCodeUnit);
  return { ok: true, before, device, commands, groupIds, storedComplianceJson: (row.stored_compliance as string | null) ?? null, postureStored, postureStale, acknowledged };
}


/** One check-in's result in a group commit. */
export type BatchResult = { ok: true; value: CheckinOutcome } | { ok: false; error: unknown };

/** A check-in of an optimistic batch failed: the batch is rolled back and written again with savepoints. */
class CheckinFailed extends Error {}

/**
 * Group commit: several check-ins in one IMMEDIATE transaction (the write lock is taken up front,
 * so the transaction never has to upgrade a read snapshot another connection has moved past).
 * One failing check-in must roll back only itself; a savepoint per check-in would cost as much as
 * a third of the write, and check-ins almost never fail, so the batch is first written without
 * them and, only if one fails, rolled back and written again with one savepoint each. Throws when
 * the commit itself fails, and then nothing of the batch is stored.
 */
export function recordBatch(sqlite: BetterSqlite3.Database, jobs: readonly RecordArgs[]): BatchResult[] {
  const path = sqlitePathOf(sqlite);
  try {
    return sqlite.transaction(() => jobs.map((args): BatchResult => {
      try { return { ok: true, value: recordSqlite(path.statements, ...args) }; } catch { throw new CheckinFailed(); }
    })).immediate();
  } catch (error) {
    if (!(error instanceof CheckinFailed)) throw error;
  }
  const results: BatchResult[] = [];
  sqlite.transaction(() => {
    for (const args of jobs) {
      try { results.push({ ok: true, value: path.record(...args) }); } catch (error) { results.push({ ok: false, error }); }
    }
  }).immediate();
  return results;
}
