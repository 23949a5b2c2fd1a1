import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

export interface CompliancePolicyRecord {
  tenantId: string; id: string; displayName: string; kind: string; platform: string; graph: unknown; normalized: unknown; version: number;
  createdAt: string; updatedAt: string;
}
export interface NewCompliancePolicy { id?: string; displayName: string; kind: string; platform: string; graph: unknown; normalized: unknown }

/** Compliance policies: the Graph document as received plus the normalised form the engine evaluates. */
export function compliancePolicyRepository(ctx: RepositoryContext) {
  const t = tenantTable<CompliancePolicyRecord>(ctx, { table: 'compliance_policies', json: ['graph', 'normalized'], updatedAt: true, orderBy: 'display_name' });
  return {
    /** Creates a policy at version 1. */
    create(tenantId: string, input: NewCompliancePolicy): Promise<CompliancePolicyRecord> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, { ...input, id: input.id ?? ctx.ids(), version: 1, createdAt: now, updatedAt: now });
    },
    /** A policy by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Policies, optionally of one platform. */
    list: (tenantId: string, options: PageOptions & { platform?: string } = {}) => t.list(tenantId, { limit: options.limit ?? 500, offset: options.offset }, { platform: options.platform }),
    /** Replaces fields and bumps the version; with `expectedVersion`, refuses (undefined) if someone else changed it first. */
    async update(tenantId: string, id: string, patch: Partial<Omit<NewCompliancePolicy, 'id'>>, expectedVersion?: number): Promise<CompliancePolicyRecord | undefined> {
      const current = await t.get(tenantId, id);
      if (!current || (expectedVersion !== undefined && current.version !== expectedVersion)) return undefined;
      const db = ctx.db;
      const set: Record<string, unknown> = { updated_at: ctx.now().toISOString(), version: current.version + 1 };
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (patch.platform !== undefined) set.platform = patch.platform;
      if (patch.graph !== undefined) set.graph = JSON.stringify(patch.graph);
      if (patch.normalized !== undefined) set.normalized = JSON.stringify(patch.normalized);
      // The version check in WHERE makes the optimistic lock race-free.
      const r = await db.updateTable('compliance_policies').set(set).where('tenant_id', '=', tenantId).where('id', '=', id)
        .where('version', '=', current.version).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? t.get(tenantId, id) : undefined;
    },
    /** Deletes a policy (its assignments are the caller's to remove, in the same transaction). */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type CompliancePolicyRepository = ReturnType<typeof compliancePolicyRepository>;
