import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

/** Entra conditionalAccessPolicy state. */
export type AccessPolicyState = 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
export interface AccessPolicyRecord { tenantId: string; id: string; displayName: string; state: AccessPolicyState; graph: unknown; createdAt: string; updatedAt: string }
export interface NewAccessPolicy { id?: string; displayName: string; state: AccessPolicyState; graph: unknown }

/** Conditional access policies, stored as their Graph documents. */
export function accessPolicyRepository(ctx: RepositoryContext) {
  const t = tenantTable<AccessPolicyRecord>(ctx, { table: 'access_policies', json: ['graph'], updatedAt: true, orderBy: 'display_name' });
  return {
    /** Creates a policy. */
    create(tenantId: string, input: NewAccessPolicy): Promise<AccessPolicyRecord> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, { ...input, id: input.id ?? ctx.ids(), createdAt: now, updatedAt: now });
    },
    /** A policy by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Policies by name, optionally in one state. */
    list: (tenantId: string, options: PageOptions & { state?: AccessPolicyState } = {}) => t.list(tenantId, { limit: options.limit ?? 500, offset: options.offset }, { state: options.state }),
    /** Updates fields. */
    update: (tenantId: string, id: string, patch: Partial<Omit<NewAccessPolicy, 'id'>>) => t.update(tenantId, id, patch),
    /** Deletes a policy. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type AccessPolicyRepository = ReturnType<typeof accessPolicyRepository>;
