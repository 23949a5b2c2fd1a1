import { inTransaction, type RepositoryContext } from '../repository-context.js';
import { tenantTable } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';

export type PolicyType = 'compliance' | 'access';
export type AssignmentTargetType = 'group' | 'allUsers' | 'allDevices';
export interface PolicyAssignment {
  tenantId: string; id: string; policyType: PolicyType; policyId: string; targetType: AssignmentTargetType; groupId: string | null;
  mode: 'include' | 'exclude'; createdAt: string;
}
export interface NewPolicyAssignment { id?: string; policyType: PolicyType; policyId: string; targetType: AssignmentTargetType; groupId?: string | null; mode?: 'include' | 'exclude' }

/** Policy assignments (Graph deviceCompliancePolicyAssignment shape): include/exclude a group, all users or all devices. */
export function policyAssignmentRepository(ctx: RepositoryContext) {
  const t = tenantTable<PolicyAssignment>(ctx, { table: 'policy_assignments', json: [] });
  const db = ctx.db;
  return {
    /** Adds an assignment. */
    add(tenantId: string, input: NewPolicyAssignment): Promise<PolicyAssignment> {
      return t.insert(tenantId, {
        id: input.id ?? ctx.ids(), policyType: input.policyType, policyId: input.policyId, targetType: input.targetType,
        groupId: input.groupId ?? null, mode: input.mode ?? 'include', createdAt: ctx.now().toISOString(),
      });
    },
    /** Assignments of one policy. */
    async listForPolicy(tenantId: string, policyType: PolicyType, policyId: string): Promise<PolicyAssignment[]> {
      const rows = await db.selectFrom('policy_assignments').selectAll().where('tenant_id', '=', tenantId).where('policy_type', '=', policyType)
        .where('policy_id', '=', policyId).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => toRecord<PolicyAssignment>(r, []));
    },
    /** Every assignment of a policy type in the tenant (to build the evaluation snapshot). */
    async listAll(tenantId: string, policyType: PolicyType): Promise<PolicyAssignment[]> {
      const rows = await db.selectFrom('policy_assignments').selectAll().where('tenant_id', '=', tenantId).where('policy_type', '=', policyType)
        .orderBy('policy_id').orderBy('id').execute();
      return rows.map((r) => toRecord<PolicyAssignment>(r, []));
    },
    /** Replaces all assignments of a policy (Graph `assign` action semantics). */
    async replaceForPolicy(tenantId: string, policyType: PolicyType, policyId: string, assignments: readonly Omit<NewPolicyAssignment, 'policyType' | 'policyId'>[]): Promise<PolicyAssignment[]> {
      return inTransaction(db, async (trx) => {
        await trx.deleteFrom('policy_assignments').where('tenant_id', '=', tenantId).where('policy_type', '=', policyType).where('policy_id', '=', policyId).execute();
        const inTx = policyAssignmentRepository({ ...ctx, db: trx });
        const out: PolicyAssignment[] = [];
        for (const a of assignments) out.push(await inTx.add(tenantId, { ...a, policyType, policyId }));
        return out;
      });
    },
    /** Removes one assignment. */
    remove: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type PolicyAssignmentRepository = ReturnType<typeof policyAssignmentRepository>;
