import { VerityError, type PostureFacts } from '@verity/core';
import type { CheckinRecorded, DeviceCommand, Store } from '@verity/store';
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
  const recorded = await ctx.store.checkins.record(device.tenantId, checkinWrite(body, device, now));
  if (!recorded.ok) throw deviceAccessError(recorded.reason);
  return recorded;
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
    ...(ship ? { snapshot: snapshot?.source ?? null } : {}),
  };
  // The fallback: the writer thread has failed, the same work here.
  const result = await ctx.store.checkins.recordPipelined(tenantId, { at: now, payload: job }, async () => ({
    outcome: await ctx.store.checkins.record(tenantId, checkinWrite(parseBodyText(bodyText), device, now)), extra: undefined,
  }));
  if ('refused' in result) {
    const r = result.refused as CheckinRefusal;
    throw new VerityError(r.code, r.message, { status: r.status, details: r.details });
  }
  if ('completed' in result) {
    // The thread did it all: written, and the compliance result stands.
    return answer(ctx, device, now, (result.extra as CheckinPipelineExtra).complianceState!, result.completed.commands);
  }
  if (result.finishError) ctx.log.warn({ err: result.finishError, deviceId: device.deviceId }, 'check-in evaluation on the writer thread failed; evaluated here');
  if (!result.outcome.ok) throw deviceAccessError(result.outcome.reason);
  // The thread validated this text already: parsing it again here cannot fail.
  return afterWrite(ctx, device, now, result.outcome, parseBodyText(bodyText).report.facts);
}

function parseBodyText(bodyText: string): CheckinBody {
  return parseCheckinBody(parseJsonBody(bodyText), bodyText);
}

/** After the write: dynamic groups and compliance, then the answer. */
async function afterWrite(ctx: ServerContext, device: DevicePrincipal, now: Date, recorded: CheckinRecorded, facts: PostureFacts): Promise<CheckinResponse> {
  const { before, device: after } = recorded;
  // Dynamic groups may change with the inventory; then the groups read in the transaction are stale.
  const groupsChanged = groupInventoryChanged(before, after) && await refreshDeviceGroups(ctx, device.tenantId, device.deviceId);
  // Evaluate the facts just received; the agent sends buffered reports oldest first, so its newest report decides.
  const complianceState = await ctx.compliance.evaluateAfterCheckin(device.tenantId, device.deviceId, now, {
    device: after, facts, storedResultJson: recorded.storedComplianceJson, ...(groupsChanged ? {} : { groupIds: recorded.groupIds }),
  });
  return answer(ctx, device, now, complianceState, recorded.commands);
}

/** The check-in event and the agent's answer. */
function answer(ctx: ServerContext, device: DevicePrincipal, now: Date, complianceState: string, commands: readonly DeviceCommand[]): CheckinResponse {
  ctx.metrics.checkins.inc();
  ctx.events.publish({ topic: 'device.checkin', tenantId: device.tenantId, payload: { deviceId: device.deviceId, complianceState }, at: now.toISOString() });
  return {
    deviceId: device.deviceId,
    complianceState,
    nextCheckinSeconds: ctx.config.checkinIntervalSeconds,
    renewCertificate: shouldRenew(device.certificateNotBefore, device.certificateNotAfter, now),
    commands: commands.map((c) => ({ id: c.id, kind: c.kind, payload: c.payload })),
  };
}
