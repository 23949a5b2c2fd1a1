import { evaluateDeviceCompliance, type ComplianceDevice, type CompliancePolicy, type DeviceComplianceResult, type PostureFacts } from '@verity/core';
import type { Device, Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import { recordAudit } from '../audit/audit-record.js';
import { resolveAssignedPolicyIds } from './assigned-policies.js';
import { loadTenantPolicySnapshot, type TenantPolicySnapshot } from './compliance-policy-snapshot.js';
import { cancelNoncomplianceJobs, scheduleNoncomplianceJobs } from './noncompliance-jobs.js';

/** One device's compliance as stored, returned to admins, the portal and the agent's `status`. */
export interface DeviceComplianceView {
  state: string;
  evaluatedAt: string | null;
  graceEndsAt: string | null;
  reasons: { code: string; message: string }[];
  policies: {
    policyId: string; displayName: string; state: string;
    settings: { setting: string; state: string; observed: unknown; expected: unknown; reason: string; remediation: string; code: string }[];
    notEvaluated: { setting: string; reason: string }[];
  }[];
}

/** States of a noncompliance episode: the device fails a policy, within or past its grace period. */
const FAILING = new Set(['noncompliant', 'inGracePeriod']);
const RISK_LEVELS = new Set(['none', 'low', 'medium', 'high']);

function viewOf(result: DeviceComplianceResult, evaluatedAt: string): DeviceComplianceView {
  return {
    state: result.state,
    evaluatedAt,
    graceEndsAt: result.graceEndsAt ? result.graceEndsAt.toISOString() : null,
    reasons: result.reasons.map((r) => ({ code: r.code, message: r.message })),
    policies: result.policies.map((p) => ({
      policyId: p.policyId, displayName: p.displayName, state: p.state,
      settings: p.settings.map((s) => ({ setting: s.setting, state: s.state, observed: s.observed ?? null, expected: s.expected ?? null, reason: s.reason, remediation: s.remediation, code: s.code })),
      notEvaluated: p.notEvaluated.map((n) => ({ setting: n.setting, reason: n.reason })),
    })),
  };
}

/** What one evaluation did. */
export interface EvaluationOutcome { deviceId: string; previousState: string; state: string; changed: boolean; scheduledJobs: number; cancelledJobs: number }

/** Groups that reach a device: its own and its primary user's. */
async function groupsReaching(store: Store, tenantId: string, device: Device): Promise<Set<string>> {
  const [own, user] = await Promise.all([
    store.groups.groupsOfMember(tenantId, device.id),
    device.primaryUserId ? store.groups.groupsOfMember(tenantId, device.primaryUserId) : Promise.resolve([] as string[]),
  ]);
  return new Set([...own, ...user]);
}

/**
 * The compliance evaluation service: fetches the facts (device, posture, groups, snapshot), asks
 * the pure engine, and writes the result, the device state and the noncompliance jobs in one
 * transaction; publishes `device.compliance.changed` after commit when the state changed.
 */
export function complianceEvaluationService(getCtx: () => ServerContext) {
  async function evaluateWith(snapshot: TenantPolicySnapshot, tenantId: string, device: Device, now: Date): Promise<EvaluationOutcome> {
    const ctx = getCtx();
    const previousState = device.complianceState;
    if (device.status !== 'active') return { deviceId: device.id, previousState, state: previousState, changed: false, scheduledJobs: 0, cancelledJobs: 0 };
    const [groupIds, posture] = await Promise.all([groupsReaching(ctx.store, tenantId, device), ctx.store.posture.latest<{ facts?: PostureFacts }>(tenantId, device.id)]);
    const assigned = resolveAssignedPolicyIds(snapshot.policies, snapshot.assignments, { platform: device.platform, groupIds, hasPrimaryUser: device.primaryUserId !== null });
    const compiled = assigned.map((id) => snapshot.byId.get(id)!);
    const engineDevice: ComplianceDevice = {
      id: device.id,
      platform: device.platform as ComplianceDevice['platform'],
      facts: posture?.report.facts ?? {},
      lastCheckInAt: device.lastCheckinAt ? new Date(device.lastCheckinAt) : null,
      riskLevel: (RISK_LEVELS.has(device.riskLevel) ? device.riskLevel : 'unknown') as ComplianceDevice['riskLevel'],
    };
    // A device that leaves its episode and fails again starts a new one (fresh grace period).
    const noncompliantSince = FAILING.has(previousState) && device.noncompliantSince ? new Date(device.noncompliantSince) : null;
    const result = evaluateDeviceCompliance({ device: engineDevice, policies: compiled, settings: snapshot.settings, noncompliantSince, now });
    const at = now.toISOString();
    const view = viewOf(result, at);
    const failingPolicies: CompliancePolicy[] = result.policies
      .filter((p) => FAILING.has(p.state))
      .map((p) => snapshot.byId.get(p.policyId)!.policy);

    const { scheduledJobs, cancelledJobs } = await ctx.store.transaction(async (tx) => {
      await tx.deviceCompliance.put(tenantId, device.id, result.state, view, at);
      const updated = await tx.devices.setComplianceState(tenantId, device.id, result.state, at);
      let scheduled = 0;
      let cancelled = 0;
      if (FAILING.has(result.state) && updated?.noncompliantSince) {
        scheduled = await scheduleNoncomplianceJobs(tx, tenantId, device.id, failingPolicies, updated.noncompliantSince);
      } else if (FAILING.has(previousState)) {
        cancelled = await cancelNoncomplianceJobs(tx, tenantId, device.id);
        if (cancelled > 0) {
          await recordAudit(tx, tenantId, null, { action: 'compliance.actions.cancel', targetType: 'device', targetId: device.id, details: { cancelled, state: result.state } }, now);
        }
      }
      return { scheduledJobs: scheduled, cancelledJobs: cancelled };
    });
    const changed = previousState !== result.state;
    if (changed) {
      ctx.events.publish({
        topic: 'device.compliance.changed', tenantId, at,
        payload: { deviceId: device.id, previousState, state: result.state, reasons: result.reasons.map((r) => r.code), graceEndsAt: view.graceEndsAt },
      });
    }
    return { deviceId: device.id, previousState, state: result.state, changed, scheduledJobs, cancelledJobs };
  }

  return {
    /** Evaluate one device now; undefined if the device or tenant does not exist. */
    async evaluateDevice(tenantId: string, deviceId: string, now: Date): Promise<EvaluationOutcome | undefined> {
      const store = getCtx().store;
      const [snapshot, device] = await Promise.all([loadTenantPolicySnapshot(store, tenantId), store.devices.get(tenantId, deviceId)]);
      if (!snapshot || !device) return undefined;
      return evaluateWith(snapshot, tenantId, device, now);
    },

    /**
     * Re-evaluate every active device of a tenant (optionally of one platform) against one
     * snapshot: after a policy, assignment, group or settings change. Pages by keyset.
     */
    async evaluateTenant(tenantId: string, now: Date, filter: { platform?: string } = {}): Promise<{ evaluated: number; changed: number }> {
      const store = getCtx().store;
      const snapshot = await loadTenantPolicySnapshot(store, tenantId);
      if (!snapshot) return { evaluated: 0, changed: 0 };
      let cursor: string | undefined;
      let evaluated = 0;
      let changed = 0;
      do {
        const page = await store.devices.list(tenantId, { status: 'active', ...filter, sort: 'displayName', limit: 500, ...(cursor ? { cursor } : {}) });
        for (const device of page.items) {
          const outcome = await evaluateWith(snapshot, tenantId, device, now);
          evaluated++;
          if (outcome.changed) changed++;
        }
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
