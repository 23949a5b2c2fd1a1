import { evaluateDeviceCompliance, type ComplianceDevice, type CompliancePolicy, type DeviceComplianceResult, type PostureFacts } from '@verity/core';
import type { Device } from '@verity/store';
import { resolveAssignedPolicyIds } from './assigned-policies.js';
import type { TenantPolicySnapshot } from './compliance-policy-snapshot.js';

// Evaluating one device against a tenant's snapshot, and comparing with its stored result: pure,
// so that it runs wherever the facts are (the evaluation service, the check-in writer thread).

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
export const FAILING: ReadonlySet<string> = new Set(['noncompliant', 'inGracePeriod']);
const RISK_LEVELS = new Set(['none', 'low', 'medium', 'high']);
/** The evaluatedAt of a stored view serialised by viewOf's key order (state first, then evaluatedAt). */
const STORED_EVALUATED_AT = /^\{"state":"[^"\\]*","evaluatedAt":("[^"\\]*"|null),/;

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

/** What the engine needs besides the snapshot, read per device or in bulk per page. */
export interface DeviceFacts { readonly groupIds: ReadonlySet<string>; readonly facts: PostureFacts }
export interface ComputedCompliance { readonly device: Device; readonly result: DeviceComplianceResult; readonly view: DeviceComplianceView; readonly failingPolicies: CompliancePolicy[] }

export function computeCompliance(snapshot: TenantPolicySnapshot, device: Device, input: DeviceFacts, now: Date): ComputedCompliance {
  const assigned = resolveAssignedPolicyIds(snapshot.policies, snapshot.assignments, { platform: device.platform, groupIds: input.groupIds, hasPrimaryUser: device.primaryUserId !== null });
  const engineDevice: ComplianceDevice = {
    id: device.id,
    platform: device.platform as ComplianceDevice['platform'],
    facts: input.facts,
    lastCheckInAt: device.lastCheckinAt ? new Date(device.lastCheckinAt) : null,
    riskLevel: (RISK_LEVELS.has(device.riskLevel) ? device.riskLevel : 'unknown') as ComplianceDevice['riskLevel'],
  };
  // A device that leaves its episode and fails again starts a new one (fresh grace period).
  const noncompliantSince = FAILING.has(device.complianceState) && device.noncompliantSince ? new Date(device.noncompliantSince) : null;
  const result = evaluateDeviceCompliance({ device: engineDevice, policies: assigned.map((id) => snapshot.byId.get(id)!), settings: snapshot.settings, noncompliantSince, now });
  const failingPolicies = result.policies.filter((p) => FAILING.has(p.state)).map((p) => snapshot.byId.get(p.policyId)!.policy);
  return { device, result, view: viewOf(result, now.toISOString()), failingPolicies };
}

/**
 * Whether a freshly computed view equals the stored one, ignoring when each was computed: the
 * views are built by one function, so equal results serialize to equal text.
 */
export function sameView(view: DeviceComplianceView, storedJson: string): boolean {
  // Usually the stored text is this function's own serialisation: then the fresh view, given the
  // stored evaluatedAt, serialises to exactly that text, with no parse. Equal text always means
  // equal views; any other text (another key order, say) takes the full comparison below.
  const at = STORED_EVALUATED_AT.exec(storedJson);
  if (at && JSON.stringify({ ...view, evaluatedAt: JSON.parse(at[1]!) as string | null }) === storedJson) return true;
  let stored: DeviceComplianceView;
  try { stored = JSON.parse(storedJson) as DeviceComplianceView; } catch { return false; }
  return JSON.stringify({ ...view, evaluatedAt: null }) === JSON.stringify({ ...stored, evaluatedAt: null });
}


/**
 * What a check-in's evaluation has to do: store a changed result (`resultChanged`), and/or update
 * the device's state and episode (`needsPersist`: a state change, or a failing device whose result
 * changed, since its episode's jobs follow the failing policies). Neither, for most check-ins: an
 * unchanged stored result was written in the same transaction as its jobs, so a device that stays
 * noncompliant checks in as cheaply as a compliant one.
 */
export function assessCheckedIn(snapshot: TenantPolicySnapshot, device: Device, input: DeviceFacts, storedResultJson: string | null, now: Date): { computed: ComputedCompliance; resultChanged: boolean; needsPersist: boolean } {
  const computed = computeCompliance(snapshot, device, input, now);
  const resultChanged = storedResultJson === null || !sameView(computed.view, storedResultJson);
  const needsPersist = device.complianceState !== computed.result.state || (FAILING.has(computed.result.state) && resultChanged);
  return { computed, resultChanged, needsPersist };
}
