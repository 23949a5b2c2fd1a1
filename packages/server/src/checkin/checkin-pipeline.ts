// The check-in's work on the store's SQLite writer thread (the store's CheckinPipeline): the event
// loop hands over the agent's JSON text, the thread parses and validates it, writes it, and checks
// whether the device's compliance result stays as stored. That is the whole check-in for most
// agents; the event loop only does TLS, HTTP and the answer. Whatever the thread leaves undone
// (a refusal aside) the event loop does as it would without the thread (checkin-service.ts).
// This module runs in the thread: no server context, only its jobs and its own module state.
import { isVerityError, type ErrorDetail, type PostureFacts } from '@verity/core';
import { toIso, type CheckinRecorded, type CheckinWrite } from '@verity/store';
import { parseJsonBody } from '../http/json-text.js';
import { assessCheckedIn } from '../compliance/compliance-compute.js';
import { buildTenantPolicySnapshot, type TenantPolicySnapshot, type TenantPolicySnapshotSource } from '../compliance/compliance-policy-snapshot.js';
import { parseCheckinBody } from './checkin-schemas.js';
import { checkinWrite, groupInventoryChanged } from './checkin-write.js';

/** One check-in as the event loop hands it over. */
export interface CheckinPipelineJob {
  readonly tenantId: string;
  readonly deviceId: string;
  readonly certificateSerial: string;
  /** The request body as received. */
  readonly text: string;
  /** The check-in time (ISO), also the evaluation time. */
  readonly now: string;
  /** Seconds the commands handed out wait for their results before they are offered again. */
  readonly commandLeaseSeconds: number;
  /**
   * The tenant's policy snapshot, when it differs from the one the last job of this tenant brought
   * (the thread keeps the latest per tenant; jobs arrive in order); null when the tenant has none.
   */
  readonly snapshot?: TenantPolicySnapshotSource | null;
}

/** A refused check-in: the VerityError to answer with, as plain data. */
export interface CheckinRefusal { code: string; message: string; status: number; details: ErrorDetail[] }

/** What the thread settled beyond the write. */
export interface CheckinPipelineExtra {
  /** Set when the evaluation leaves the stored result and the device's state as they are: the state to answer with. */
  complianceState?: string;
}

interface Carry { tenantId: string; facts: PostureFacts; now: Date }

const snapshots = new Map<string, TenantPolicySnapshot | null>();

export function prepare(payload: unknown): { write: CheckinWrite; carry: Carry } | { refused: CheckinRefusal } {
  const job = payload as CheckinPipelineJob;
  if (job.snapshot !== undefined) snapshots.set(job.tenantId, job.snapshot && buildTenantPolicySnapshot(job.snapshot));
  try {
    const body = parseCheckinBody(parseJsonBody(job.text), job.text);
    const now = new Date(job.now);
    const write = checkinWrite(body, job, now, job.commandLeaseSeconds);
    // Normalised here, where a bad timestamp is still the agent's 400, not a failed write.
    write.posture.collectedAt = toIso(write.posture.collectedAt, '$.collectedAt');
    return { write, carry: { tenantId: job.tenantId, facts: body.report.facts, now } };
  } catch (error) {
    if (!isVerityError(error)) throw error;
    return { refused: { code: error.code, message: error.message, status: error.status, details: [...error.details] } };
  }
}

/**
 * The evaluation's fast path (as in the evaluation service's evaluateCheckedInDevice): when the
 * freshly computed result equals the stored one and the device's state stands, nothing is to be
 * written and the check-in is done. Anything else (no snapshot yet, a device not active, inventory
 * that dynamic groups read changed, a result to store) is left to the event loop.
 */
export function finish(carry: unknown, recorded: CheckinRecorded): { extra: CheckinPipelineExtra; complete: boolean } {
  const { tenantId, facts, now } = carry as Carry;
  const snapshot = snapshots.get(tenantId);
  const { before, device } = recorded;
  const leftToCaller = { extra: {}, complete: false };
  // A report older than the device's latest is not its posture: nothing to evaluate, the state stands.
  if (recorded.postureStale) return { extra: { complianceState: device.complianceState }, complete: true };
  if (!snapshot || device.status !== 'active' || groupInventoryChanged(before, device)) return leftToCaller;
  const { resultChanged, needsPersist } = assessCheckedIn(snapshot, device, { groupIds: new Set(recorded.groupIds), facts }, recorded.storedComplianceJson, now);
  // Done: the caller needs only the commands to answer (not the rows, groups and stored result).
  return resultChanged || needsPersist ? leftToCaller : { extra: { complianceState: device.complianceState }, complete: true };
}
