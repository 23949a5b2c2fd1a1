import type { CompliancePolicy } from '@verity/core';
import type { CompliancePolicyRecord, PolicyAssignment } from '@verity/store';
import { graphTargetType } from './assigned-policies.js';
import { policyOf } from './compliance-policy-snapshot.js';

/** Graph deviceCompliancePolicyAssignment of a stored assignment. */
export function assignmentView(a: PolicyAssignment) {
  return { id: a.id, target: { '@odata.type': graphTargetType(a), ...(a.groupId ? { groupId: a.groupId } : {}) } };
}

/** The API view of a policy: what is evaluated, what is "not evaluated", its actions and assignments. */
export function policyView(record: CompliancePolicyRecord, assignments?: readonly PolicyAssignment[]) {
  const p = policyOf(record);
  return {
    id: record.id, displayName: record.displayName, description: p.description ?? null, kind: record.kind, platform: record.platform,
    odataType: p.odataType, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt,
    settings: p.settings.map((s) => ({ setting: s.setting, check: s.check, expected: s.expected, path: s.path, evaluated: true })),
    notEvaluated: p.notEvaluated.map((n) => ({ setting: n.setting, reason: n.reason, state: 'notEvaluated' as const })),
    scheduledActions: p.scheduledActions,
    ...(assignments ? { assignments: assignments.map(assignmentView) } : {}),
  };
}

/** View of a policy not stored yet (dry run). */
export function draftView(policy: CompliancePolicy) {
  return {
    id: null, displayName: policy.displayName, description: policy.description ?? null, kind: policy.kind, platform: policy.platform, odataType: policy.odataType,
    settings: policy.settings.map((s) => ({ setting: s.setting, check: s.check, expected: s.expected, path: s.path, evaluated: true })),
    notEvaluated: policy.notEvaluated.map((n) => ({ setting: n.setting, reason: n.reason, state: 'notEvaluated' as const })),
    scheduledActions: policy.scheduledActions,
  };
}
