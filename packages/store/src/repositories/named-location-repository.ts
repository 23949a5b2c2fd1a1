import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

/** Entra namedLocation kinds. */
export type NamedLocationKind = 'ip' | 'country' | 'compliantNetwork';
export interface NamedLocationRecord { tenantId: string; id: string; displayName: string; kind: NamedLocationKind; graph: unknown; createdAt: string; updatedAt: string }
export interface NewNamedLocation { id?: string; displayName: string; kind: NamedLocationKind; graph: unknown }

/** Named locations (IP ranges, countries), stored as their Graph documents. */
export function namedLocationRepository(ctx: RepositoryContext) {
  const t = tenantTable<NamedLocationRecord>(ctx, { table: 'named_locations', json: ['graph'], updatedAt: true, orderBy: 'display_name' });
  return {
    /** Creates a named location. */
    create(tenantId: string, input: NewNamedLocation): Promise<NamedLocationRecord> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, { ...input, id: input.id ?? ctx.ids(), createdAt: now, updatedAt: now });
    },
    /** A named location by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Named locations by name. */
    list: (tenantId: string, options: PageOptions = {}) => t.list(tenantId, { limit: options.limit ?? 500, offset: options.offset }),
    /** Updates fields. */
    update: (tenantId: string, id: string, patch: Partial<Omit<NewNamedLocation, 'id'>>) => t.update(tenantId, id, patch),
    /** Deletes a named location. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type NamedLocationRepository = ReturnType<typeof namedLocationRepository>;
