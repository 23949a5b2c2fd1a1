import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

/** An account protection profile: PIN and passkey settings that override the tenant-wide policy for the groups it is assigned to. */
export interface ProtectionProfile {
  tenantId: string; id: string; displayName: string; description: string | null; settings: Record<string, unknown>; groupIds: string[]; createdAt: string; updatedAt: string;
}
export interface NewProtectionProfile { id?: string; displayName: string; description?: string | null; settings: Record<string, unknown>; groupIds: string[] }

/** Account protection profiles. */
export function protectionProfileRepository(ctx: RepositoryContext) {
  const t = tenantTable<ProtectionProfile>(ctx, { table: 'protection_profiles', json: ['settings', 'group_ids'], updatedAt: true, orderBy: 'display_name' });
  return {
    /** Creates a profile. */
    create(tenantId: string, input: NewProtectionProfile): Promise<ProtectionProfile> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, { id: input.id ?? ctx.ids(), displayName: input.displayName, description: input.description ?? null, settings: input.settings, groupIds: input.groupIds, createdAt: now, updatedAt: now });
    },
    /** A profile by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Profiles by name. */
    list: (tenantId: string, options: PageOptions = {}) => t.list(tenantId, { limit: options.limit ?? 500, offset: options.offset }),
    /** Updates fields. */
    update: (tenantId: string, id: string, patch: Partial<Omit<NewProtectionProfile, 'id'>>) => t.update(tenantId, id, patch),
    /** Deletes a profile. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type ProtectionProfileRepository = ReturnType<typeof protectionProfileRepository>;
