import type { RepositoryContext } from '../repository-context.js';

/** A tenant's identity settings as stored: a JSON document the server validates and fills with defaults. */
export interface IdentitySettingsRecord { tenantId: string; settings: Record<string, unknown>; updatedAt: string }

/** Tenant identity settings (break-glass accounts, password, lockout, tenant-wide PIN and passkey policy): one row per tenant. */
export function identitySettingsRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** The stored settings, or undefined when the tenant never changed them. */
    async get(tenantId: string): Promise<IdentitySettingsRecord | undefined> {
      const row = await db.selectFrom('identity_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
      return row ? { tenantId, settings: JSON.parse(row.settings) as Record<string, unknown>, updatedAt: row.updated_at } : undefined;
    },
    /** Replaces the settings (insert or update). */
    async put(tenantId: string, settings: Record<string, unknown>): Promise<IdentitySettingsRecord> {
      const updatedAt = ctx.now().toISOString();
      const value = JSON.stringify(settings);
      await db.insertInto('identity_settings').values({ tenant_id: tenantId, settings: value, updated_at: updatedAt })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ settings: value, updated_at: updatedAt })).execute();
      return { tenantId, settings, updatedAt };
    },
  };
}
export type IdentitySettingsRepository = ReturnType<typeof identitySettingsRepository>;
