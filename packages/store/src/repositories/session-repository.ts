import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

/** `gateway`: a user signed in through the identity-aware gateway (its session token is verified by gateways). */
export type SessionKind = 'portal' | 'admin' | 'gateway';
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
