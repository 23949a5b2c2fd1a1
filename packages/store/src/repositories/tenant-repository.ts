import type { RepositoryContext } from '../repository-context.js';
import { toRecord, toRow } from '../row-mapping.js';
import { checkLimit, checkOffset, conflictError, isUniqueViolation } from '../store-errors.js';

/** Tenant-wide compliance settings (Intune "compliance policy settings"). */
export interface ComplianceSettings { noPolicyAssignedState: 'compliant' | 'noncompliant'; validityPeriodDays: number }
export type TenantStatus = 'enabled' | 'disabled';
export interface Tenant {
  id: string; name: string; domain: string; createdAt: string; complianceSettings: ComplianceSettings;
  /** A disabled tenant's admins, users and devices are refused (an operator decision); its data stays. */
  status: TenantStatus; disabledAt: string | null;
}
export interface NewTenant { id?: string; name: string; domain: string; complianceSettings?: ComplianceSettings }

const JSON_COLUMNS = ['compliance_settings'];
/** Intune's defaults: devices with no policy assigned are compliant; results stay valid 30 days. */
export const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = { noPolicyAssignedState: 'compliant', validityPeriodDays: 30 };

/** Tenants: the one table that is not itself tenant-scoped. Domains are stored lower-cased. */
export function tenantRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Creates a tenant; a taken domain is VERITY_STORE_CONFLICT. */
    async create(input: NewTenant): Promise<Tenant> {
      const row = toRow({
        id: input.id ?? ctx.ids(), name: input.name, domain: input.domain.toLowerCase(), createdAt: ctx.now().toISOString(),
        complianceSettings: input.complianceSettings ?? DEFAULT_COMPLIANCE_SETTINGS, status: 'enabled', disabledAt: null,
      }, JSON_COLUMNS);
      try { await db.insertInto('tenants').values(row as never).execute(); } catch (e) { throw isUniqueViolation(e) ? conflictError('tenants', e) : e; }
      return toRecord<Tenant>(row, JSON_COLUMNS);
    },
    /** A tenant by id. */
    async get(id: string): Promise<Tenant | undefined> {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord<Tenant>(row, JSON_COLUMNS) : undefined;
    },
    /** A tenant by its (case-insensitive) domain. */
    async findByDomain(domain: string): Promise<Tenant | undefined> {
      const row = await db.selectFrom('tenants').selectAll().where('domain', '=', domain.toLowerCase()).executeTakeFirst();
      return row ? toRecord<Tenant>(row, JSON_COLUMNS) : undefined;
    },
    /** All tenants, by creation. */
    async list(options: { limit?: number; offset?: number } = {}): Promise<Tenant[]> {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id')
        .limit(checkLimit(options.limit, 100)).offset(checkOffset(options.offset)).execute();
      return rows.map((r) => toRecord<Tenant>(r, JSON_COLUMNS));
    },
    /** Updates name and/or compliance settings. */
    async update(id: string, patch: { name?: string; complianceSettings?: ComplianceSettings }): Promise<Tenant | undefined> {
      const set = toRow(patch, JSON_COLUMNS);
      if (Object.keys(set).length === 0) return this.get(id);
      const row = await db.updateTable('tenants').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toRecord<Tenant>(row, JSON_COLUMNS) : undefined;
    },
    /** Enables or disables a tenant; `disabledAt` records when (null once enabled again). */
    async setStatus(id: string, status: TenantStatus, at: string): Promise<Tenant | undefined> {
      const row = await db.updateTable('tenants').set({ status, disabled_at: status === 'disabled' ? at : null }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toRecord<Tenant>(row, JSON_COLUMNS) : undefined;
    },
    /** Deletes a tenant and, by cascade, all its data. */
    async delete(id: string): Promise<boolean> {
      const r = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type TenantRepository = ReturnType<typeof tenantRepository>;
