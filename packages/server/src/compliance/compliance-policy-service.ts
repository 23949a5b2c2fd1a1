import { documentChanges, importCompliancePolicy, exportCompliancePolicy, VerityError, type CompliancePolicy, type DocumentChange, type ImportReport } from '@verity/core';
import type { CompliancePolicyRecord, PolicyAssignment, Store } from '@verity/store';
import type { z } from 'zod';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { notFound } from '../shared/not-found.js';
import { GRAPH_TARGET_TYPES } from './assigned-policies.js';
import { policyOf } from './compliance-policy-snapshot.js';
import type { assignBody, complianceSettingsPatch } from './compliance-schemas.js';
import { COMPLIANCE_JOB_KINDS } from './noncompliance-jobs.js';
import { idFor } from '../access/access-policy-service.js';
import { assertSameKind, matchByDisplayName, type ImportMatch } from '../imports/import-matching.js';

/** What an import of a compliance policy did: create, update the matched policy, or nothing (unchanged); with the changes for an update. */
export interface ComplianceImportOutcome {
  readonly record?: CompliancePolicyRecord;
  readonly policy: CompliancePolicy;
  readonly report: ImportReport;
  readonly action: 'create' | 'update' | 'unchanged';
  readonly matchedId: string | null;
  readonly changes?: DocumentChange[];
  /** The platform the matched policy had (its devices are re-evaluated too when it changes). */
  readonly previousPlatform?: string;
}

/**
 * Cancel the pending noncompliance actions a policy scheduled (its devices may stay in their
 * episode because of another policy, and the removed policy's lock or retire must not run).
 */
async function cancelPolicyActions(tx: Store, tenantId: string, policyId: string): Promise<number> {
  let cancelled = 0;
  for (const kind of COMPLIANCE_JOB_KINDS) {
    for (const status of ['pending', 'running'] as const) {
      const jobs = await tx.jobs.list(tenantId, { kind, status, limit: 500 });
      for (const j of jobs) if ((j.payload as { policyId?: string } | null)?.policyId === policyId && (await tx.jobs.cancel(tenantId, j.id))) cancelled++;
    }
  }
  return cancelled;
}

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
    /**
     * Validate Graph JSON and store it (audited with before and after), unless a dry run. A
     * re-import matches the stored policy by Graph id (or, with `match: 'displayName'`, by name)
     * and updates it; a match of another kind (windows10 over macOS) is refused (409). Re-evaluation
     * is the caller's, after commit.
     */
    async importPolicy(admin: AdminPrincipal, json: unknown, opts: { dryRun: boolean; match?: ImportMatch }): Promise<ComplianceImportOutcome> {
      const { policy, report } = importCompliancePolicy(json);
      const now = ctx.now();
      const out = await ctx.store.transaction(async (tx) => {
        let id = idFor(ctx, json);
        let existing = await tx.compliancePolicies.get(admin.tenantId, id);
        if (opts.match === 'displayName') {
          existing = matchByDisplayName(await tx.compliancePolicies.list(admin.tenantId, { limit: 500 }), policy.displayName);
          if (existing) id = existing.id;
        }
        await assertSameKind(tx, admin.tenantId, id, 'compliancePolicy', policy.kind);
        const after = exportCompliancePolicy({ ...policy, id });
        const before = existing ? exportCompliancePolicy(policyOf(existing)) : null;
        const changes = before ? documentChanges(before, after) : undefined;
        const action = !existing ? 'create' : changes!.length === 0 ? 'unchanged' : 'update';
        const base = { policy, report, action, matchedId: existing?.id ?? null, ...(changes ? { changes } : {}), ...(existing ? { previousPlatform: existing.platform } : {}) } as const;
        if (opts.dryRun || action === 'unchanged') return { ...base, ...(existing && !opts.dryRun ? { record: existing } : {}) };
        const record = existing
          ? await tx.compliancePolicies.update(admin.tenantId, id, stored(policy), existing.version)
          : await tx.compliancePolicies.create(admin.tenantId, { id, ...stored(policy) });
        if (!record) throw new VerityError('VERITY_COMPLIANCE_POLICY_VERSION_CONFLICT', 'The policy was changed by someone else while importing; import again.', { status: 409 });
        await recordAudit(tx, admin.tenantId, admin, {
          action: existing ? 'compliance.policy.update' : 'compliance.policy.create', targetType: 'compliancePolicy', targetId: record.id,
          details: { displayName: record.displayName, kind: record.kind, version: record.version, before, after, changes: changes ?? [], notEvaluated: report.notEvaluated.map((n) => n.setting) },
        }, now);
        return { ...base, record };
      });
      if (!opts.dryRun && out.action !== 'unchanged') ctx.events.publish({ topic: 'compliance.policy.changed', tenantId: admin.tenantId, payload: { policyId: out.record!.id, change: out.action }, at: now.toISOString() });
      return out;
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
        const before = exportCompliancePolicy(policyOf(current));
        const after = exportCompliancePolicy(policyOf(r));
        await recordAudit(tx, admin.tenantId, admin, { action: 'compliance.policy.update', targetType: 'compliancePolicy', targetId: id, details: { displayName: r.displayName, version: r.version, before, after, changes: documentChanges(before, after) } }, now);
        return { record: r, previousPlatform: current.platform };
      });
      ctx.events.publish({ topic: 'compliance.policy.changed', tenantId: admin.tenantId, payload: { policyId: id, change: 'update' }, at: now.toISOString() });
      return { ...out, report };
    },

    /**
     * Delete a policy. An assigned policy is refused (409 VERITY_COMPLIANCE_POLICY_ASSIGNED, nothing
     * changed): unassign it first, so that removing enforcement is a deliberate step. The pending
     * noncompliance actions it scheduled are cancelled in the same transaction; the caller
     * re-evaluates its platform's devices after commit.
     */
    async deletePolicy(admin: AdminPrincipal, id: string): Promise<{ record: CompliancePolicyRecord; cancelledActions: number }> {
      const now = ctx.now();
      const out = await ctx.store.transaction(async (tx) => {
        const r = await tx.compliancePolicies.get(admin.tenantId, id);
        if (!r) throw notFound('compliance policy', id);
        const assignments = await tx.assignments.listForPolicy(admin.tenantId, 'compliance', id);
        if (assignments.length > 0)
          throw new VerityError('VERITY_COMPLIANCE_POLICY_ASSIGNED', `Policy ${id} is assigned (${assignments.length} assignment${assignments.length === 1 ? '' : 's'}); unassign it first (verity compliance unassign ${id}).`, {
            status: 409, details: assignments.slice(0, 20).map((a, i) => ({ path: `$.assignments[${i}]`, message: a.groupId ? `${a.mode} group ${a.groupId}` : `${a.mode} ${a.targetType}` })),
          });
        const cancelledActions = await cancelPolicyActions(tx, admin.tenantId, id);
        await tx.compliancePolicies.delete(admin.tenantId, id);
        await recordAudit(tx, admin.tenantId, admin, {
          action: 'compliance.policy.delete', targetType: 'compliancePolicy', targetId: id,
          details: { displayName: r.displayName, before: exportCompliancePolicy(policyOf(r)), after: null, cancelledActions },
        }, now);
        return { record: r, cancelledActions };
      });
      ctx.events.publish({ topic: 'compliance.policy.changed', tenantId: admin.tenantId, payload: { policyId: id, change: 'delete' }, at: now.toISOString() });
      return out;
    },

    /** Remove every assignment of a policy (audited with the assignments before) and cancel the actions it scheduled; the caller re-evaluates. */
    async unassign(admin: AdminPrincipal, id: string): Promise<{ record: CompliancePolicyRecord; removed: number; cancelledActions: number }> {
      const now = ctx.now();
      const out = await ctx.store.transaction(async (tx) => {
        const record = await tx.compliancePolicies.get(admin.tenantId, id);
        if (!record) throw notFound('compliance policy', id);
        const before = await tx.assignments.listForPolicy(admin.tenantId, 'compliance', id);
        await tx.assignments.replaceForPolicy(admin.tenantId, 'compliance', id, []);
        const cancelledActions = await cancelPolicyActions(tx, admin.tenantId, id);
        await recordAudit(tx, admin.tenantId, admin, {
          action: 'compliance.policy.unassign', targetType: 'compliancePolicy', targetId: id,
          details: { before: before.map((a) => ({ targetType: a.targetType, mode: a.mode, groupId: a.groupId })), after: [], cancelledActions },
        }, now);
        return { record, removed: before.length, cancelledActions };
      });
      ctx.events.publish({ topic: 'compliance.assignment.changed', tenantId: admin.tenantId, payload: { policyId: id }, at: now.toISOString() });
      return out;
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
        const before = await tx.assignments.listForPolicy(admin.tenantId, 'compliance', id);
        const assignments = await tx.assignments.replaceForPolicy(admin.tenantId, 'compliance', id, rows);
        await recordAudit(tx, admin.tenantId, admin, {
          action: 'compliance.policy.assign', targetType: 'compliancePolicy', targetId: id,
          details: { before: before.map((a) => ({ targetType: a.targetType, mode: a.mode, groupId: a.groupId })), assignments: rows },
        }, now);
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
