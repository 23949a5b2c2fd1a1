import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toIso, type Instant } from '../instant.js';

/** An OpenID Connect client registered by an admin; `metadata` holds its OIDC client metadata (RFC 7591 names). */
export interface OidcClientRecord {
  tenantId: string; id: string; displayName: string; appId: string; metadata: Record<string, unknown>; sealedSecret: string | null; createdAt: string; updatedAt: string;
}
export interface NewOidcClient { id: string; displayName: string; appId: string; metadata: Record<string, unknown>; sealedSecret: string | null }

/** A token signing key: the private JWK sealed by the server, the public JWK in clear for the JWKS. */
export interface OidcSigningKey {
  tenantId: string; kid: string; alg: string; sealedPrivateJwk: string; publicJwk: Record<string, unknown>; status: 'active' | 'retiring' | 'retired'; createdAt: string; retiredAt: string | null;
}

/** One stored oidc-provider model instance (session, grant, code, tokens, interaction). */
export interface OidcPayloadRecord { payload: Record<string, unknown>; consumedAt: string | null; expiresAt: string | null }

/** The OIDC provider's clients, signing keys and protocol state (the oidc-provider adapter's storage). */
export function oidcRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const clients = tenantTable<OidcClientRecord>(ctx, { table: 'oidc_clients', json: ['metadata'], updatedAt: true, orderBy: 'display_name' });
  const now = () => ctx.now().toISOString();
  return {
    /** Registers a client. */
    createClient(tenantId: string, c: NewOidcClient): Promise<OidcClientRecord> {
      const at = now();
      return clients.insert(tenantId, { ...c, createdAt: at, updatedAt: at });
    },
    /** A client by client_id. */
    getClient: (tenantId: string, id: string) => clients.get(tenantId, id),
    /** Clients by name. */
    listClients: (tenantId: string, options: PageOptions = {}) => clients.list(tenantId, options),
    /** Updates a client. */
    updateClient: (tenantId: string, id: string, patch: Partial<Omit<NewOidcClient, 'id'>>) => clients.update(tenantId, id, patch),
    /** Deletes a client. */
    deleteClient: (tenantId: string, id: string) => clients.delete(tenantId, id),

    /** Signing keys of a tenant (active and retiring first, newest first). */
    async signingKeys(tenantId: string): Promise<OidcSigningKey[]> {
      const rows = await db.selectFrom('oidc_signing_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('kid').limit(50).execute();
      return rows.map((r) => ({
        tenantId, kid: r.kid, alg: r.alg, sealedPrivateJwk: r.sealed_private_jwk, publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>,
        status: r.status as OidcSigningKey['status'], createdAt: r.created_at, retiredAt: r.retired_at,
      }));
    },
    /** Adds a new active key; every previously active key becomes `retiring` (still published, no longer used to sign). */
    async addActiveSigningKey(tenantId: string, key: { kid: string; alg: string; sealedPrivateJwk: string; publicJwk: Record<string, unknown> }): Promise<void> {
      await db.updateTable('oidc_signing_keys').set({ status: 'retiring' }).where('tenant_id', '=', tenantId).where('status', '=', 'active').execute();
      await db.insertInto('oidc_signing_keys').values({
        tenant_id: tenantId, kid: key.kid, alg: key.alg, sealed_private_jwk: key.sealedPrivateJwk, public_jwk: JSON.stringify(key.publicJwk), status: 'active', created_at: now(), retired_at: null,
      }).execute();
    },
    /** Retires `retiring` keys created before `before` (no unexpired token can carry their signature any more). */
    async retireSigningKeys(tenantId: string, before: Instant): Promise<number> {
      const r = await db.updateTable('oidc_signing_keys').set({ status: 'retired', retired_at: now() }).where('tenant_id', '=', tenantId).where('status', '=', 'retiring')
        .where('created_at', '<', toIso(before)).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Stores a model instance, replacing any previous one with the same id. */
    async upsertPayload(tenantId: string, model: string, id: string, payload: Record<string, unknown>, expiresAt: Instant | null): Promise<void> {
      const str = (v: unknown) => (typeof v === 'string' ? v : null);
      const row = {
        tenant_id: tenantId, model, id, payload: JSON.stringify(payload), grant_id: str(payload.grantId), user_code: str(payload.userCode), uid: str(payload.uid),
        account_id: str(payload.accountId), expires_at: expiresAt === null ? null : toIso(expiresAt), consumed_at: null,
      };
      await db.insertInto('oidc_payloads').values(row).onConflict((oc) => oc.columns(['tenant_id', 'model', 'id']).doUpdateSet({
        payload: row.payload, grant_id: row.grant_id, user_code: row.user_code, uid: row.uid, account_id: row.account_id, expires_at: row.expires_at, consumed_at: null,
      })).execute();
    },
    /** A model instance by id, unless expired. */
    async findPayload(tenantId: string, model: string, id: string): Promise<OidcPayloadRecord | undefined> {
      const r = await db.selectFrom('oidc_payloads').select(['payload', 'consumed_at', 'expires_at']).where('tenant_id', '=', tenantId).where('model', '=', model).where('id', '=', id).executeTakeFirst();
      if (!r || (r.expires_at !== null && r.expires_at <= now())) return undefined;
      return { payload: JSON.parse(r.payload) as Record<string, unknown>, consumedAt: r.consumed_at, expiresAt: r.expires_at };
    },
    /** A model instance by one of its secondary keys (`uid` of a session, `user_code` of a device code). */
    async findPayloadBy(tenantId: string, model: string, column: 'uid' | 'user_code', value: string): Promise<OidcPayloadRecord | undefined> {
      const r = await db.selectFrom('oidc_payloads').select(['payload', 'consumed_at', 'expires_at']).where('tenant_id', '=', tenantId).where('model', '=', model).where(column, '=', value).executeTakeFirst();
      if (!r || (r.expires_at !== null && r.expires_at <= now())) return undefined;
      return { payload: JSON.parse(r.payload) as Record<string, unknown>, consumedAt: r.consumed_at, expiresAt: r.expires_at };
    },
    /** Marks a model instance consumed (codes, rotated refresh tokens). */
    async consumePayload(tenantId: string, model: string, id: string): Promise<void> {
      await db.updateTable('oidc_payloads').set({ consumed_at: now() }).where('tenant_id', '=', tenantId).where('model', '=', model).where('id', '=', id).execute();
    },
    /** Deletes a model instance. */
    async destroyPayload(tenantId: string, model: string, id: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('tenant_id', '=', tenantId).where('model', '=', model).where('id', '=', id).execute();
    },
    /** Deletes everything issued under a grant (codes, access and refresh tokens). */
    async revokeByGrantId(tenantId: string, grantId: string): Promise<number> {
      const r = await db.deleteFrom('oidc_payloads').where('tenant_id', '=', tenantId).where('grant_id', '=', grantId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /** Grant ids of everything an account holds (to revoke all of a user's tokens). */
    async grantIdsOfAccount(tenantId: string, accountId: string): Promise<string[]> {
      const rows = await db.selectFrom('oidc_payloads').select('grant_id').distinct().where('tenant_id', '=', tenantId).where('account_id', '=', accountId)
        .where('grant_id', 'is not', null).limit(10_000).execute();
      return rows.map((r) => r.grant_id!).filter((g) => g.length > 0);
    },
    /** Deletes an account's provider sessions (and grants); returns how many rows went. */
    async destroyAccountState(tenantId: string, accountId: string): Promise<number> {
      const r = await db.deleteFrom('oidc_payloads').where('tenant_id', '=', tenantId).where('account_id', '=', accountId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /** Deletes expired instances of every tenant (retention); returns how many. */
    async pruneExpired(before: Instant): Promise<number> {
      const r = await db.deleteFrom('oidc_payloads').where('expires_at', '<', toIso(before)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
export type OidcRepository = ReturnType<typeof oidcRepository>;
