import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toIso, type Instant } from '../instant.js';

/** A SCIM bearer token of a tenant (hash only). */
export interface ScimToken {
  tenantId: string; id: string; name: string; tokenHash: string; createdBy: string | null; createdAt: string; expiresAt: string | null; revokedAt: string | null; lastUsedAt: string | null;
}
/** What SCIM knows about a Verity user or group beyond Verity's own columns: externalId, the SCIM attributes, and its version (ETag). */
export interface ScimResourceRecord {
  tenantId: string; resourceType: 'User' | 'Group'; id: string; externalId: string | null; data: Record<string, unknown>; version: number; createdAt: string; updatedAt: string;
}

type ResourceRow = { tenant_id: string; resource_type: string; id: string; external_id: string | null; data: string; version: number; created_at: string; updated_at: string };
const toResource = (r: ResourceRow): ScimResourceRecord => ({
  tenantId: r.tenant_id, resourceType: r.resource_type === 'Group' ? 'Group' : 'User', id: r.id, externalId: r.external_id,
  data: JSON.parse(r.data) as Record<string, unknown>, version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
});

/** SCIM provisioning: per-tenant bearer tokens and the SCIM side of users and groups. */
export function scimRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const tokens = tenantTable<ScimToken>(ctx, { table: 'scim_tokens', json: [] });
  return {
    /** Stores a token (hash only). */
    createToken(tenantId: string, t: { id: string; name: string; tokenHash: string; createdBy: string | null; expiresAt: string | null }): Promise<ScimToken> {
      return tokens.insert(tenantId, { ...t, createdAt: ctx.now().toISOString(), revokedAt: null, lastUsedAt: null });
    },
    /** The token with this hash, in whichever tenant holds it (the token names the tenant). */
    async findTokenByHash(tokenHash: string): Promise<ScimToken | undefined> {
      const r = await db.selectFrom('scim_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r ? { tenantId: r.tenant_id, id: r.id, name: r.name, tokenHash: r.token_hash, createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at } : undefined;
    },
    /** Tokens of a tenant. */
    listTokens: (tenantId: string, options: PageOptions = {}) => tokens.list(tenantId, options),
    /** Revokes a token. */
    async revokeToken(tenantId: string, id: string, at: Instant): Promise<boolean> {
      const r = await db.updateTable('scim_tokens').set({ revoked_at: toIso(at) }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Records a use. */
    async touchToken(tenantId: string, id: string, at: Instant): Promise<void> {
      await db.updateTable('scim_tokens').set({ last_used_at: toIso(at) }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },

    /** The SCIM record of a user or group. */
    async getResource(tenantId: string, type: 'User' | 'Group', id: string): Promise<ScimResourceRecord | undefined> {
      const r = await db.selectFrom('scim_resources').selectAll().where('tenant_id', '=', tenantId).where('resource_type', '=', type).where('id', '=', id).executeTakeFirst();
      return r ? toResource(r) : undefined;
    },
    /** SCIM records of many resources at once. */
    async getResources(tenantId: string, type: 'User' | 'Group', ids: readonly string[]): Promise<Map<string, ScimResourceRecord>> {
      const out = new Map<string, ScimResourceRecord>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = await db.selectFrom('scim_resources').selectAll().where('tenant_id', '=', tenantId).where('resource_type', '=', type).where('id', 'in', chunk as string[]).execute();
        for (const r of rows) out.set(r.id, toResource(r));
      }
      return out;
    },
    /** Ids of resources with this externalId. */
    async idsByExternalId(tenantId: string, type: 'User' | 'Group', externalId: string): Promise<string[]> {
      const rows = await db.selectFrom('scim_resources').select('id').where('tenant_id', '=', tenantId).where('resource_type', '=', type).where('external_id', '=', externalId).limit(100).execute();
      return rows.map((r) => r.id);
    },
    /** Creates or replaces the SCIM record; the version goes up by one on every write (the ETag). */
    async putResource(tenantId: string, type: 'User' | 'Group', id: string, externalId: string | null, data: Record<string, unknown>): Promise<ScimResourceRecord> {
      const at = ctx.now().toISOString();
      const existing = await this.getResource(tenantId, type, id);
      if (existing) {
        await db.updateTable('scim_resources').set({ external_id: externalId, data: JSON.stringify(data), version: existing.version + 1, updated_at: at })
          .where('tenant_id', '=', tenantId).where('resource_type', '=', type).where('id', '=', id).execute();
        return { ...existing, externalId, data, version: existing.version + 1, updatedAt: at };
      }
      await db.insertInto('scim_resources').values({ tenant_id: tenantId, resource_type: type, id, external_id: externalId, data: JSON.stringify(data), version: 1, created_at: at, updated_at: at }).execute();
      return { tenantId, resourceType: type, id, externalId, data, version: 1, createdAt: at, updatedAt: at };
    },
    /** Deletes the SCIM record. */
    async deleteResource(tenantId: string, type: 'User' | 'Group', id: string): Promise<boolean> {
      const r = await db.deleteFrom('scim_resources').where('tenant_id', '=', tenantId).where('resource_type', '=', type).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type ScimRepository = ReturnType<typeof scimRepository>;
