import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

/**
 * `portal`, `admin`: browser sessions of Verity's own pages. `oidc`: the sign-in behind one
 * OpenID Connect grant (its id is the grant id; the gateway's sessions are of this kind), kept so
 * that revoking it is recorded and named to gateways. `gateway`: the control plane's former
 * password sign-in for gateways (issued only to gateways set to `control-plane-password`).
 */
export type SessionKind = 'portal' | 'admin' | 'oidc' | 'gateway';
export interface Session {
  tenantId: string; id: string; userId: string; tokenHash: string; kind: SessionKind; createdAt: string; expiresAt: string; revokedAt: string | null;
  /** How the session was signed in: Verity method names (`password`, `totp`, `passkey`…), null for sessions older than the identity provider. */
  methods: string[] | null; authTime: string | null; deviceId: string | null; strength: string | null;
}
export interface NewSession {
  id?: string; userId: string; tokenHash: string; kind: SessionKind; expiresAt: Instant;
  methods?: readonly string[]; authTime?: Instant; deviceId?: string | null; strength?: string | null;
}

/** Browser sessions (portal and admin console); only the hash of the cookie secret is stored. */
export function sessionRepository(ctx: RepositoryContext) {
  const t = tenantTable<Session>(ctx, { table: 'sessions', json: ['methods'] });
  const db = ctx.db;
  return {
    /** Creates a session. */
    create(tenantId: string, input: NewSession): Promise<Session> {
      return t.insert(tenantId, {
        id: input.id ?? ctx.ids(), userId: input.userId, tokenHash: input.tokenHash, kind: input.kind, createdAt: ctx.now().toISOString(),
        expiresAt: toIso(input.expiresAt, '$.expiresAt'), revokedAt: null,
        methods: input.methods ? [...input.methods] : null, authTime: input.authTime ? toIso(input.authTime, '$.authTime') : null,
        deviceId: input.deviceId ?? null, strength: input.strength ?? null,
      });
    },
    /** The session with this cookie hash in whichever tenant holds it: the cookie identifies the tenant (cross-tenant by design). */
    async findByHash(tokenHash: string): Promise<Session | undefined> {
      const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? toRecord<Session>(row, ['methods']) : undefined;
    },
    /**
     * Records the session of an OpenID Connect grant (id = the grant id), or brings a live one up
     * to date after another sign-in on the same grant (step-up: new methods, later expiry). A
     * revoked one stays revoked. Returns whether the session is live.
     */
    async recordGrantSession(tenantId: string, input: NewSession & { id: string; kind: 'oidc' }): Promise<boolean> {
      const row = {
        tenant_id: tenantId, id: input.id, user_id: input.userId, token_hash: input.tokenHash, kind: input.kind, created_at: ctx.now().toISOString(),
        expires_at: toIso(input.expiresAt, '$.expiresAt'), revoked_at: null, methods: input.methods ? JSON.stringify([...input.methods]) : null,
        auth_time: input.authTime ? toIso(input.authTime, '$.authTime') : null, device_id: input.deviceId ?? null, strength: input.strength ?? null,
      };
      await db.insertInto('sessions').values(row).onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet({
        expires_at: row.expires_at, methods: row.methods, auth_time: row.auth_time, device_id: row.device_id, strength: row.strength,
      }).where('sessions.revoked_at', 'is', null).where('sessions.user_id', '=', input.userId)).execute();
      const stored = await t.get(tenantId, input.id);
      return stored !== undefined && stored.revokedAt === null && stored.userId === input.userId;
    },
    /** A session by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Sessions of a user. */
    listForUser: (tenantId: string, userId: string, options: PageOptions = {}) => t.list(tenantId, options, { user_id: userId }),
    /** Revokes one session. */
    async revoke(tenantId: string, id: string, at: Instant): Promise<boolean> {
      const r = await db.updateTable('sessions').set({ revoked_at: toIso(at) }).where('tenant_id', '=', tenantId).where('id', '=', id)
        .where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Revokes every live session of a user (sign-out everywhere, user disabled); returns how many. */
    async revokeAllForUser(tenantId: string, userId: string, at: Instant): Promise<number> {
      const r = await db.updateTable('sessions').set({ revoked_at: toIso(at) }).where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /** Revokes every live session of a user and returns their ids (the gateways are told which). */
    async revokeAllForUserReturningIds(tenantId: string, userId: string, at: Instant): Promise<string[]> {
      const rows = await db.updateTable('sessions').set({ revoked_at: toIso(at) }).where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where('revoked_at', 'is', null).returning('id').execute();
      return rows.map((r) => r.id);
    },
    /** Ids of sessions revoked before they expire (what gateways must refuse until then). */
    async listRevokedUnexpired(tenantId: string, now: Instant): Promise<string[]> {
      const rows = await db.selectFrom('sessions').select('id').where('tenant_id', '=', tenantId).where('revoked_at', 'is not', null)
        .where('expires_at', '>', toIso(now)).orderBy('id').execute();
      return rows.map((r) => r.id);
    },
    /** Deletes sessions that expired before `before`; returns how many. */
    async deleteExpired(tenantId: string, before: Instant): Promise<number> {
      const r = await db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('expires_at', '<', toIso(before)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
export type SessionRepository = ReturnType<typeof sessionRepository>;
