import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, toIsoOrNull, type Instant } from '../instant.js';
import type { AdminRole } from './admin-role-repository.js';

/** Roles a token may hold: an admin role, or a machine role (the gateway's, a Shared Signals receiver's). */
export type TokenRole = AdminRole | 'gateway' | 'ssfReceiver';

export interface ApiToken {
  tenantId: string; id: string; name: string; tokenHash: string; role: TokenRole; scopeTags: string[]; createdBy: string | null;
  createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null;
}
export interface NewApiToken { id?: string; name: string; tokenHash: string; role: TokenRole; scopeTags?: string[]; createdBy?: string | null; expiresAt?: Instant | null }

const JSON_COLUMNS = ['scope_tags'];

/** API tokens; only the sha256 hex of the secret is stored. */
export function apiTokenRepository(ctx: RepositoryContext) {
  const t = tenantTable<ApiToken>(ctx, { table: 'api_tokens', json: JSON_COLUMNS });
  return {
    /** Stores a token (hash only). */
    create(tenantId: string, input: NewApiToken): Promise<ApiToken> {
      return t.insert(tenantId, {
        id: input.id ?? ctx.ids(), name: input.name, tokenHash: input.tokenHash, role: input.role, scopeTags: input.scopeTags ?? [],
        createdBy: input.createdBy ?? null, createdAt: ctx.now().toISOString(), expiresAt: toIsoOrNull(input.expiresAt, '$.expiresAt'),
        lastUsedAt: null, revokedAt: null,
      });
    },
    /**
     * The token with this hash, in whichever tenant holds it. The one cross-tenant lookup besides
     * sessions: the bearer token is what identifies the tenant. Callers still check expiry and revocation.
     */
    async findByHash(tokenHash: string): Promise<ApiToken | undefined> {
      const row = await ctx.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? toRecord<ApiToken>(row, JSON_COLUMNS) : undefined;
    },
    /** A token by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Tokens by creation. */
    list: (tenantId: string, options: PageOptions = {}) => t.list(tenantId, options),
    /** Records a use. */
    async touch(tenantId: string, id: string, at: Instant): Promise<boolean> {
      const r = await ctx.db.updateTable('api_tokens').set({ last_used_at: toIso(at) }).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Revokes a token (idempotent: the first revocation time is kept). */
    async revoke(tenantId: string, id: string, at: Instant): Promise<boolean> {
      const r = await ctx.db.updateTable('api_tokens').set({ revoked_at: toIso(at) }).where('tenant_id', '=', tenantId).where('id', '=', id)
        .where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Deletes a token. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type ApiTokenRepository = ReturnType<typeof apiTokenRepository>;
