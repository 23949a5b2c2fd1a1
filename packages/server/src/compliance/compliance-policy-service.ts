import { importCompliancePolicy, exportCompliancePolicy, VerityError, type CompliancePolicy, type ImportReport } from '@verity/core';
import type { CompliancePolicyRecord, PolicyAssignment } from '@verity/store';
import type { z } from 'zod';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { notFound } from '../shared/not-found.js';
import { GRAPH_TARGET_TYPES } from './assigned-policies.js';
import { policyOf } from './compliance-policy-snapshot.js';
import type { assignBody, complianceSettingsPatch } from './compliance-schemas.js';

/** Beyond this many devices a change re-evaluates in the background instead of before answering. */
const INLINE_REEVALUATION_LIMIT = 2_000;

/**
 * Re-evaluate the devices a change affects, right after its commit. Small tenants are done
 * before the response (the admin sees the effect at once); large ones in the background,
 * reported through `device.compliance.changed` events.
 */
export async function reevaluateAfterChange(ctx: ServerContext, tenantId: string, filter: { platform?: string } = {}): Promise<{ evaluated: number; changed: number } | { background: true }> {
  const count = await ctx.store.devices.count(tenantId, { status: 'active', ...filter });
  const run = () => ctx.compliance.reevaluateTenant(tenantId, ctx.now(), filter);
  if (count <= INLINE_REEVALUATION_LIMIT) return run();
  void run().catch((err: unknown) => ctx.log.error({ err, tenantId }, 'background compliance re-evaluation failed'));
  return { background: true };
}

function stored(policy: CompliancePolicy) {
  const { graph, id: _id, ...normalized } = policy;
  return { displayName: policy.displayName, kind: policy.kind, platform: policy.platform, graph, normalized };
}

/** Compliance policies: import (Graph JSON), replace, delete, export, assign; tenant compliance settings. */
export function compliancePolicyService(ctx: ServerContext) {
  async function getRecord(tenantId: string, id: string): Promise<CompliancePolicyRecord> {
    const r = await ctx.store.compliancePolicies.get(tenantId, id);
    if (!r) throw notFound('compliance policy', id);
    return r;
  }

  return {
    /** Validate Graph JSON; unless a dry run, store it as a new policy (audited). Re-evaluation is the caller's, after commit. */
    async importPolicy(admin: AdminPrincipal, json: unknown, dryRun: boolean): Promise<{ record?: CompliancePolicyRecord; policy: CompliancePolicy; report: ImportReport }> {
      const { policy, report } = importCompliancePolicy(json);
      if (dryRun) return { policy, report };
      const now = ctx.now();
      const record = await ctx.store.transaction(async (tx) => {
        const r = await tx.compliancePolicies.create(admin.tenantId, { id: ctx.newId(), ...stored(policy) });
        await recordAudit(tx, admin.tenantId, admin, { action: 'compliance.policy.create', targetType: 'compliancePolicy', targetId: r.id, details: { displayName: r.displayName, kind: r.kind, notEvaluated: report.notEvaluated.map((n) => n.setting) } }, now);
        return r;
      });
      ctx.events.publish({ topic: 'compliance.policy.changed', tenantId: admin.tenantId, payload: { policyId: record.id, change: 'create' }, at: now.toISOString() });
      return { record, policy, report };
    },

    /** Replace a policy with new Graph JSON (edit); with `expectedVersion`, refuse if someone changed it meanwhile. */
    async replacePolicy(admin: AdminPrincipal, id: string, json: unknown, expectedVersion?: number): Promise<{ record: CompliancePolicyRecord; previousPlatform: string; report: ImportReport }> {
      const { policy, report } = importCompliancePolicy(json);
      const now = ctx.now();
      const out = await ctx.store.transaction(async (tx) => {
        const current = await tx.compliancePolicies.get(admin.tenantId, id);
        if (!current) throw notFound('compliance policy', id);
        const r = await tx.compliancePolicies.update(admin.tenantId, id, stored(policy), expectedVersion ?? current.version);
        if (!r) throw new VerityError('VERITY_COMPLIANCE_POLICY_VERSION_CONFLICT', 'The policy was changed by someone else; reload it and apply your edit again.', { status: 409, details: [{ path: '$', message: `expected version ${expectedVersion ?? current.version}` }] });
        await recordAudit(tx, admin.tenantId, admin, { action: 'compliance.policy.update', targetType: 'compliancePolicy', targetId: id, details: { displayName: r.displayName, version: r.version } }, now);
        return { record: r, previousPlatform: current.platform };
      });
      ctx.events.publish({ topic: 'compliance.policy.changed', tenantId: admin.tenantId, payload: { policyId: id, change: 'update' }, at: now.toISOString() });
      return { ...out, report };
    },

    /** Delete a policy and its assignments. */
    async deletePolicy(admin: AdminPrincipal, id: string): Promise<CompliancePolicyRecord> {
      const now = ctx.now();
      const record = await ctx.store.transaction(async (tx) => {
        const r = await tx.compliancePolicies.get(admin.tenantId, id);
        if (!r) throw notFound('compliance policy', id);
        await tx.assignments.replaceForPolicy(admin.tenantId, 'compliance', id, []);
        await tx.compliancePolicies.delete(admin.tenantId, id);
        await recordAudit(tx, admin.tenantId, admin, { action: 'compliance.policy.delete', targetType: 'compliancePolicy', targetId: id, details: { displayName: r.displayName } }, now);
        return r;
      });
      ctx.events.publish({ topic: 'compliance.policy.changed', tenantId: admin.tenantId, payload: { policyId: id, change: 'delete' }, at: now.toISOString() });
      return record;
    },

    /** The policy as Graph JSON (faithful: unknown and unevaluated properties kept). */
    async exportPolicy(tenantId: string, id: string): Promise<Record<string, unknown>> {
      const r = await getRecord(tenantId, id);
      return exportCompliancePolicy(policyOf(r), { version: r.version });
    },

    getRecord,

    /** Replace a policy's assignments (Graph `assign` semantics); every group must exist in the tenant. */
    async assign(admin: AdminPrincipal, id: string, body: z.infer<typeof assignBody>): Promise<{ record: CompliancePolicyRecord; assignments: PolicyAssignment[] }> {
      const now = ctx.now();
      const out = await ctx.store.transaction(async (tx) => {
        const record = await tx.compliancePolicies.get(admin.tenantId, id);
        if (!record) throw notFound('compliance policy', id);
        const rows = [];
        const problems: { path: string; message: string }[] = [];
        for (const [i, a] of body.assignments.entries()) {
          const kind = GRAPH_TARGET_TYPES[a.target['@odata.type']];
          const path = `$.assignments[${i}].target.groupId`;
          if (kind.targetType === 'group') {
            if (!a.target.groupId) { problems.push({ path, message: 'a group target needs groupId' }); continue; }
            // Another tenant's group is answered exactly like a missing one.
            if (!(await tx.groups.get(admin.tenantId, a.target.groupId))) { problems.push({ path, message: `no group ${a.target.groupId} in this tenant` }); continue; }
          }
          rows.push({ targetType: kind.targetType, mode: kind.mode, groupId: kind.targetType === 'group' ? a.target.groupId ?? null : null });
        }
        if (problems.length > 0) throw new VerityError('VERITY_COMPLIANCE_ASSIGNMENT_INVALID', 'Some assignment targets are not valid.', { status: 400, details: problems });
        const assignments = await tx.assignments.replaceForPolicy(admin.tenantId, 'compliance', id, rows);
        await recordAudit(tx, admin.tenantId, admin, { action: 'compliance.policy.assign', targetType: 'compliancePolicy', targetId: id, details: { assignments: rows } }, now);
        return { record, assignments };
      });
      ctx.events.publish({ topic: 'compliance.assignment.changed', tenantId: admin.tenantId, payload: { policyId: id }, at: now.toISOString() });
      return out;
    },

    /** Change tenant-wide compliance settings (audited). */
    async updateSettings(admin: AdminPrincipal, patch: z.infer<typeof complianceSettingsPatch>) {
      const now = ctx.now();
      const settings = await ctx.store.transaction(async (tx) => {
        const tenant = await tx.tenants.get(admin.tenantId);
        if (!tenant) throw notFound('tenant', admin.tenantId);
        const next = { ...tenant.complianceSettings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
        await tx.tenants.update(admin.tenantId, { complianceSettings: next });
        await recordAudit(tx, admin.tenantId, admin, { action: 'compliance.settings.update', targetType: 'tenant', targetId: admin.tenantId, details: { previous: tenant.complianceSettings, next } }, now);
        return next;
      });
      ctx.events.publish({ topic: 'compliance.settings.changed', tenantId: admin.tenantId, payload: { ...settings }, at: now.toISOString() });
      return settings;
    },
  };
}
