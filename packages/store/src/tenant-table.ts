import type { Kysely } from 'kysely';
import type { RepositoryContext } from './repository-context.js';
import { toRecord, toRow } from './row-mapping.js';
import { checkLimit, checkOffset, conflictError, isUniqueViolation } from './store-errors.js';

/** How a plain tenant-scoped table is stored. */
export interface TenantTableSpec {
  readonly table: string;
  /** Columns holding JSON text. */
  readonly json: readonly string[];
  /** The table has an `updated_at` column to set on every update. */
  readonly updatedAt?: boolean;
  /** Default list order (a column; `id` is always the tiebreak). */
  readonly orderBy?: string;
}

/** Paging for list methods. */
export interface PageOptions { limit?: number; offset?: number }

/**
 * The create/get/list/update/delete every tenant table needs, shared so that the tenant filter is
 * written once: every statement here has `WHERE tenant_id = ?`. Uses `Kysely<any>` because the
 * table name is a parameter; repositories expose typed records on top.
 */
export function tenantTable<R>(ctx: RepositoryContext, spec: TenantTableSpec) {
  const db = ctx.db as unknown as Kysely<any>;
  const { table, json } = spec;
  const order = spec.orderBy ?? 'created_at';
  return {
    async insert(tenantId: string, values: Record<string, unknown>): Promise<R> {
      const row = toRow({ ...values, tenantId }, json);
      try {
        await db.insertInto(table).values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw conflictError(table, error);
        throw error;
      }
      return toRecord<R>(row, json);
    },
    async get(tenantId: string, id: string): Promise<R | undefined> {
      const row = await db.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row ? toRecord<R>(row, json) : undefined;
    },
    async list(tenantId: string, options: PageOptions = {}, where: Record<string, unknown> = {}): Promise<R[]> {
      let query = db.selectFrom(table).selectAll().where('tenant_id', '=', tenantId);
      for (const [column, value] of Object.entries(where)) if (value !== undefined) query = query.where(column, '=', value);
      const rows = await query.orderBy(order).orderBy('id').limit(checkLimit(options.limit, 100)).offset(checkOffset(options.offset)).execute();
      return rows.map((row) => toRecord<R>(row, json));
    },
    async update(tenantId: string, id: string, patch: Record<string, unknown>): Promise<R | undefined> {
      const set = toRow(patch, json);
      delete set.tenant_id; delete set.id; delete set.created_at;
      if (spec.updatedAt) set.updated_at = ctx.now().toISOString();
      if (Object.keys(set).length === 0) return this.get(tenantId, id);
      try {
        const row = await db.updateTable(table).set(set).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
        return row ? toRecord<R>(row, json) : undefined;
      } catch (error) {
        if (isUniqueViolation(error)) throw conflictError(table, error);
        throw error;
      }
    },
    async delete(tenantId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom(table).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
