import type { PostureFacts } from '@verity/core';
import type { Device, Store } from '@verity/store';
import type { CheckedInDevice, ServerContext } from '../context.js';
import { recordAudit } from '../audit/audit-record.js';
import { assessCheckedIn, computeCompliance, FAILING, type ComputedCompliance as Computed, type DeviceComplianceView } from './compliance-compute.js';
import { loadTenantPolicySnapshot, type TenantPolicySnapshot } from './compliance-policy-snapshot.js';
import { cancelNoncomplianceJobs, scheduleNoncomplianceJobs } from './noncompliance-jobs.js';

export type { DeviceComplianceView } from './compliance-compute.js';

const SNAPSHOT_TTL_MS = 1_000;

/** What one evaluation did. */
export interface EvaluationOutcome { deviceId: string; previousState: string; state: string; changed: boolean; scheduledJobs: number; cancelledJobs: number }

/**
 * The compliance evaluation service: fetches the facts (device, posture, groups, snapshot), asks
 * the pure engine, and writes the result, the device state and the noncompliance jobs in one
 * transaction; publishes `device.compliance.changed` after commit when the state changed.
 */
export function complianceEvaluationService(getCtx: () => ServerContext) {
  // Check-ins reuse a tenant's snapshot for up to SNAPSHOT_TTL_MS instead of re-reading policies,
  // assignments and settings on every request. Changes on this replica drop it at once (events);
  // another replica's change is seen within the TTL (the scale-out bus will carry the same events).
  const snapshots = new Map<string, { at: number; snapshot: TenantPolicySnapshot }>();
  let subscribed = false;
  function cachedSnapshot(tenantId: string): Promise<TenantPolicySnapshot | undefined> {
    const ctx = getCtx();
    if (!subscribed) {
      subscribed = true;
      for (const topic of ['compliance.', 'group.changed', 'tenant.']) ctx.events.subscribe(topic, (e) => { snapshots.delete(e.tenantId); });
    }
    const hit = snapshots.get(tenantId);
    if (hit && performance.now() - hit.at < SNAPSHOT_TTL_MS) return Promise.resolve(hit.snapshot);
    return freshSnapshot(tenantId);
  }
  async function freshSnapshot(tenantId: string): Promise<TenantPolicySnapshot | undefined> {
    const at = performance.now();
    const snapshot = await loadTenantPolicySnapshot(getCtx().store, tenantId);
    if (snapshot) snapshots.set(tenantId, { at, snapshot });
    else snapshots.delete(tenantId);
    return snapshot;
  }

  /** Write one result's device state and episode jobs inside the caller's transaction (the result rows are written in bulk). */
  async function persist(tx: Store, tenantId: string, c: Computed, now: Date): Promise<EvaluationOutcome> {
    const { device, result } = c;
    const previousState = device.complianceState;
    const at = now.toISOString();
    const changed = previousState !== result.state;
    let scheduledJobs = 0;
    let cancelledJobs = 0;
    // An unchanged state keeps noncompliant_since as it is; only a change (or a failing device, whose jobs follow its episode) needs the row.
    const updated = changed ? await tx.devices.setComplianceState(tenantId, device.id, result.state, at) : device;
    if (FAILING.has(result.state) && updated?.noncompliantSince) {
      scheduledJobs = await scheduleNoncomplianceJobs(tx, tenantId, device.id, c.failingPolicies, updated.noncompliantSince);
    } else if (FAILING.has(previousState)) {
      cancelledJobs = await cancelNoncomplianceJobs(tx, tenantId, device.id);
      if (cancelledJobs > 0) {
        await recordAudit(tx, tenantId, null, { action: 'compliance.actions.cancel', targetType: 'device', targetId: device.id, details: { cancelled: cancelledJobs, state: result.state } }, now);
      }
    }
    return { deviceId: device.id, previousState, state: result.state, changed, scheduledJobs, cancelledJobs };
  }

  function publish(tenantId: string, c: Computed, outcome: EvaluationOutcome, now: Date): void {
    if (!outcome.changed) return;
    getCtx().events.publish({
      topic: 'device.compliance.changed', tenantId, at: now.toISOString(),
      payload: { deviceId: c.device.id, previousState: outcome.previousState, state: outcome.state, reasons: c.result.reasons.map((r) => r.code), graceEndsAt: c.view.graceEndsAt },
    });
  }

  const unchanged = (device: Device): EvaluationOutcome => ({ deviceId: device.id, previousState: device.complianceState, state: device.complianceState, changed: false, scheduledJobs: 0, cancelledJobs: 0 });

  /**
   * Evaluate a page of devices: bulk-read their groups (and their primary users' groups) and
   * latest posture, evaluate each, write all results in one transaction, publish after commit.
   */
  async function evaluatePage(snapshot: TenantPolicySnapshot, tenantId: string, devices: readonly Device[], now: Date, knownFacts?: ReadonlyMap<string, PostureFacts>): Promise<EvaluationOutcome[]> {
    const store = getCtx().store;
    const active = devices.filter((d) => d.status === 'active');
    if (active.length === 0) return devices.map(unchanged);
    const memberIds = [...new Set(active.flatMap((d) => (d.primaryUserId ? [d.id, d.primaryUserId] : [d.id])))];
    const needPosture = active.filter((d) => !knownFacts?.has(d.id)).map((d) => d.id);
    const [groups, postures] = await Promise.all([
      store.groups.groupsOfMembers(tenantId, memberIds),
      needPosture.length > 0 ? store.posture.latestForDevices<{ facts?: PostureFacts }>(tenantId, needPosture) : new Map<string, { report: { facts?: PostureFacts } }>(),
    ]);
    const computed = active.map((d) => computeCompliance(snapshot, d, {
      groupIds: new Set([...(groups.get(d.id) ?? []), ...(d.primaryUserId ? groups.get(d.primaryUserId) ?? [] : [])]),
      facts: knownFacts?.get(d.id) ?? postures.get(d.id)?.report.facts ?? {},
    }, now));
    const outcomes = await store.transaction(async (tx) => {
      await tx.deviceCompliance.putMany(tenantId, computed.map((c) => ({ deviceId: c.device.id, state: c.result.state, result: c.view })), now);
      const out: EvaluationOutcome[] = [];
      for (const c of computed) out.push(await persist(tx, tenantId, c, now));
      return out;
    });
    computed.forEach((c, i) => publish(tenantId, c, outcomes[i]!, now));
    const byId = new Map(outcomes.map((o) => [o.deviceId, o]));
    return devices.map((d) => byId.get(d.id) ?? unchanged(d));
  }

  return {
    /** The snapshot check-ins are evaluated against (the short-lived cache above). */
    checkinSnapshot: cachedSnapshot,

    /** Evaluate one device now; undefined if the device or tenant does not exist. */
    async evaluateDevice(tenantId: string, deviceId: string, now: Date): Promise<EvaluationOutcome | undefined> {
      const store = getCtx().store;
      const [snapshot, device] = await Promise.all([freshSnapshot(tenantId), store.devices.get(tenantId, deviceId)]);
      if (!snapshot || !device) return undefined;
      return (await evaluatePage(snapshot, tenantId, [device], now))[0];
    },

    /**
     * The check-in path: the caller already holds the device row, the facts it just stored and
     * usually the groups and the stored result; the snapshot may come from the short-lived cache.
     * Nothing is written when the result is the same as the stored one and no episode is open.
     */
    async evaluateCheckedInDevice(tenantId: string, checkedIn: CheckedInDevice, now: Date): Promise<EvaluationOutcome | undefined> {
      const { device, facts, groupIds, storedResultJson } = checkedIn;
      const snapshot = await cachedSnapshot(tenantId);
      if (!snapshot) return undefined;
      if (!groupIds || storedResultJson === undefined || device.status !== 'active') return (await evaluatePage(snapshot, tenantId, [device], now, new Map([[device.id, facts]])))[0];
      const { computed: c, resultChanged, needsPersist } = assessCheckedIn(snapshot, device, { groupIds: new Set(groupIds), facts }, storedResultJson, now);
      if (!resultChanged && !needsPersist) return unchanged(device);
      const store = getCtx().store;
      const outcome = await store.transaction(async (tx) => {
        if (resultChanged) await tx.deviceCompliance.put(tenantId, device.id, c.result.state, c.view, now);
        return persist(tx, tenantId, c, now);
      });
      publish(tenantId, c, outcome, now);
      return outcome;
    },

    /**
     * Re-evaluate every active device of a tenant (optionally of one platform) against one
     * snapshot: after a policy, assignment, group or settings change. Pages by keyset, 500 a page.
     */
    async evaluateTenant(tenantId: string, now: Date, filter: { platform?: string } = {}): Promise<{ evaluated: number; changed: number }> {
      const store = getCtx().store;
      const snapshot = await freshSnapshot(tenantId);
      if (!snapshot) return { evaluated: 0, changed: 0 };
      let cursor: string | undefined;
      let evaluated = 0;
      let changed = 0;
      do {
        const page = await store.devices.list(tenantId, { status: 'active', ...filter, sort: 'displayName', limit: 500, ...(cursor ? { cursor } : {}) });
        const outcomes = await evaluatePage(snapshot, tenantId, page.items, now);
        evaluated += outcomes.length;
        changed += outcomes.filter((o) => o.changed).length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { evaluated, changed };
    },

    /** The stored result of a device, in the shape the agent's `status` and the portal show. */
    async deviceStatus(tenantId: string, deviceId: string): Promise<DeviceComplianceView> {
      const stored = await getCtx().store.deviceCompliance.get<DeviceComplianceView>(tenantId, deviceId);
      if (!stored) return { state: 'unknown', evaluatedAt: null, graceEndsAt: null, reasons: [], policies: [] };
      return { ...stored.result, state: stored.state, evaluatedAt: stored.evaluatedAt };
    },
  };
}
export type ComplianceEvaluationService = ReturnType<typeof complianceEvaluationService>;
