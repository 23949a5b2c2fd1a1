import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

export type AdminRole = 'globalAdmin' | 'policyAdmin' | 'helpdeskOperator' | 'readOnly';
export interface AdminRoleAssignment { tenantId: string; id: string; userId: string | null; role: AdminRole; scopeTags: string[]; createdAt: string }
export interface NewAdminRoleAssignment { id?: string; userId: string | null; role: AdminRole; scopeTags?: string[] }

/** Admin role assignments (Intune RBAC shape): a role plus scope tags; no tags means all devices. */
export function adminRoleRepository(ctx: RepositoryContext) {
  const t = tenantTable<AdminRoleAssignment>(ctx, { table: 'admin_role_assignments', json: ['scope_tags'] });
  return {
    /** Assigns a role. */
    assign(tenantId: string, input: NewAdminRoleAssignment): Promise<AdminRoleAssignment> {
      return t.insert(tenantId, { id: input.id ?? ctx.ids(), userId: input.userId, role: input.role, scopeTags: input.scopeTags ?? [], createdAt: ctx.now().toISOString() });
    },
    /** An assignment by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Assignments, optionally of one user. */
    list: (tenantId: string, options: PageOptions & { userId?: string } = {}) => t.list(tenantId, options, { user_id: options.userId }),
    /** Changes role or scope tags. */
    update: (tenantId: string, id: string, patch: { role?: AdminRole; scopeTags?: string[] }) => t.update(tenantId, id, patch),
    /** Removes an assignment. */
    remove: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type AdminRoleRepository = ReturnType<typeof adminRoleRepository>;
