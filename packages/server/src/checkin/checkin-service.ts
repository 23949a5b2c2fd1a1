import { VerityError, type PostureFacts } from '@verity/core';
import type { AcknowledgedCommand, CheckinOutcome, CheckinRecorded, DeviceCommand, Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { DevicePrincipal } from '../auth/principal.js';
import { shouldRenew } from '../device-ca/index.js';
import { deviceAccessError } from '../auth/device-auth.js';
import { refreshDeviceGroups } from '../groups/dynamic-membership.js';
import { parseJsonBody } from '../http/json-text.js';
import type { TenantPolicySnapshot } from '../compliance/compliance-policy-snapshot.js';
import { parseCheckinBody, type CheckinBody } from './checkin-schemas.js';
import { checkinWrite, groupInventoryChanged } from './checkin-write.js';
import type { CheckinPipelineExtra, CheckinPipelineJob, CheckinRefusal } from './checkin-pipeline.js';

export interface CheckinResponse {
  deviceId: string;
  complianceState: string;
  nextCheckinSeconds: number;
  renewCertificate: boolean;
  commands: { id: string; kind: string; payload: unknown }[];
}

/** The module the store's SQLite writer thread runs check-ins through (see checkin-pipeline.ts); for openStore. */
export const CHECKIN_PIPELINE_MODULE = new URL('./checkin-pipeline.ts', import.meta.url).href;

/**
 * One check-in, from the request body's JSON text: validate it, store the posture report in
 * history when it says something new, refresh the inventory fields it carries, record command
 * results and hand out pending commands, all in one transaction; then re-evaluate compliance (and
 * dynamic groups, when the inventory they read changed) with what the transaction wrote and read.
 * On a file-backed SQLite store the store's writer thread does the validation, the write and, for
 * an unchanged result, the evaluation (checkin-pipeline.ts); otherwise all of it runs here.
 */
export async function checkIn(ctx: ServerContext, device: DevicePrincipal, bodyText: string): Promise<CheckinResponse> {
  const now = ctx.now();
  if (ctx.store.checkins.pipelined) return checkInThroughPipeline(ctx, device, bodyText, now);
  const body = parseBodyText(bodyText);
  return afterWrite(ctx, device, now, await write(ctx, device, body, now), body.report.facts);
}

async function write(ctx: ServerContext, device: DevicePrincipal, body: CheckinBody, now: Date): Promise<CheckinRecorded> {
  // One store call: it re-checks the certificate and device (a revocation between auth and here
  // still wins) and does the whole write in one transaction.
  const recorded = await ctx.store.checkins.record(device.tenantId, checkinWrite(body, device, now, ctx.config.commandLeaseSeconds));
  if (!recorded.ok) throw refusal(ctx, device, recorded);
  return recorded;
}

/** The error for a check-in the store refused: the device's access, or command results it may not send (logged: a device sending them is worth a look). */
function refusal(ctx: ServerContext, device: DevicePrincipal, outcome: Exclude<CheckinOutcome, CheckinRecorded>): VerityError {
  if (outcome.reason !== 'command-result-unknown' && outcome.reason !== 'command-result-replayed') return deviceAccessError(outcome.reason);
  const path = `$.commandResults[${outcome.index}].commandId`;
  ctx.log.warn({ tenantId: device.tenantId, deviceId: device.deviceId, commandId: outcome.commandId, reason: outcome.reason }, 'check-in refused: command result for a command not awaiting one');
  if (outcome.reason === 'command-result-unknown') {
    return new VerityError('VERITY_COMMAND_RESULT_UNKNOWN', `Command ${outcome.commandId} was never delivered to this device; its result is refused and nothing of this check-in was stored.`, {
      status: 409, details: [{ path, message: 'no such command was delivered to this device' }],
    });
  }
  return new VerityError('VERITY_COMMAND_RESULT_REPLAYED', `The result of command ${outcome.commandId} was already recorded; a second one is refused and nothing of this check-in was stored.`, {
    status: 409, details: [{ path, message: 'result already recorded' }],
  });
}

/** Per store (each has its own writer thread): the snapshot each tenant's last pipelined job brought. */
const shippedSnapshots = new WeakMap<Store, Map<string, TenantPolicySnapshot | undefined>>();

async function checkInThroughPipeline(ctx: ServerContext, device: DevicePrincipal, bodyText: string, now: Date): Promise<CheckinResponse> {
  const { tenantId } = device;
  const snapshot = await ctx.compliance.checkinSnapshot(tenantId);
  let shipped = shippedSnapshots.get(ctx.store);
  if (!shipped) shippedSnapshots.set(ctx.store, shipped = new Map());
  const ship = !shipped.has(tenantId) || shipped.get(tenantId) !== snapshot;
  shipped.set(tenantId, snapshot);
  const job: CheckinPipelineJob = {
    tenantId, deviceId: device.deviceId, certificateSerial: device.certificateSerial, text: bodyText, now: now.toISOString(),
    commandLeaseSeconds: ctx.config.commandLeaseSeconds,
    ...(ship ? { snapshot: snapshot?.source ?? null } : {}),
  };
  // The fallback: the writer thread has failed, the same work here.
  const result = await ctx.store.checkins.recordPipelined(tenantId, { at: now, payload: job }, async () => ({
    outcome: await ctx.store.checkins.record(tenantId, checkinWrite(parseBodyText(bodyText), device, now, ctx.config.commandLeaseSeconds)), extra: undefined,
  }));
  if ('refused' in result) {
    const r = result.refused as CheckinRefusal;
    throw new VerityError(r.code, r.message, { status: r.status, details: r.details });
  }
  if ('completed' in result) {
    // The thread did it all: written, and the compliance result stands.
    return answer(ctx, device, now, (result.extra as CheckinPipelineExtra).complianceState!, result.completed.commands, result.completed.acknowledged);
  }
  if (result.finishError) ctx.log.warn({ err: result.finishError, deviceId: device.deviceId }, 'check-in evaluation on the writer thread failed; evaluated here');
  if (!result.outcome.ok) throw refusal(ctx, device, result.outcome);
  // The thread validated this text already: parsing it again here cannot fail.
  return afterWrite(ctx, device, now, result.outcome, parseBodyText(bodyText).report.facts);
}

function parseBodyText(bodyText: string): CheckinBody {
  return parseCheckinBody(parseJsonBody(bodyText), bodyText);
}

/** After the write: dynamic groups and compliance, then the answer. */
async function afterWrite(ctx: ServerContext, device: DevicePrincipal, now: Date, recorded: CheckinRecorded, facts: PostureFacts): Promise<CheckinResponse> {
  const { before, device: after } = recorded;
  // A report older than the device's latest one is not its posture: nothing changed to evaluate.
  if (recorded.postureStale) {
    ctx.log.info({ tenantId: device.tenantId, deviceId: device.deviceId }, 'posture report older than the device\'s latest: kept out of its posture');
    return answer(ctx, device, now, after.complianceState, recorded.commands, recorded.acknowledged);
  }
  // Dynamic groups may change with the inventory; then the groups read in the transaction are stale.
  const groupsChanged = groupInventoryChanged(before, after) && await refreshDeviceGroups(ctx, device.tenantId, device.deviceId);
  // Evaluate the facts just received; the agent sends buffered reports oldest first, so its newest report decides.
  const complianceState = await ctx.compliance.evaluateAfterCheckin(device.tenantId, device.deviceId, now, {
    device: after, facts, storedResultJson: recorded.storedComplianceJson, ...(groupsChanged ? {} : { groupIds: recorded.groupIds }),
  });
  return answer(ctx, device, now, complianceState, recorded.commands, recorded.acknowledged);
}

/** The check-in event and the agent's answer. */
function answer(ctx: ServerContext, device: DevicePrincipal, now: Date, complianceState: string, commands: readonly DeviceCommand[], acknowledged: readonly AcknowledgedCommand[]): CheckinResponse {
  ctx.metrics.checkins.inc();
  for (const a of acknowledged) {
    ctx.metrics.commandResults.inc({ kind: a.kind, status: a.status });
    // A failed command (a lock that did not lock) is something the admin must hear about.
    if (a.status === 'failed') ctx.log.warn({ tenantId: device.tenantId, deviceId: device.deviceId, commandId: a.id, kind: a.kind }, 'device command failed');
  }
  ctx.events.publish({ topic: 'device.checkin', tenantId: device.tenantId, payload: { deviceId: device.deviceId, complianceState }, at: now.toISOString() });
  return {
    deviceId: device.deviceId,
    complianceState,
    nextCheckinSeconds: ctx.config.checkinIntervalSeconds,
    renewCertificate: shouldRenew(device.certificateNotBefore, device.certificateNotAfter, now),
    commands: commands.map((c) => ({ id: c.id, kind: c.kind, payload: c.payload })),
  };
}
