import type { RepositoryContext } from '../repository-context.js';
import { toRecord, toRow } from '../row-mapping.js';
import { conflictError, isUniqueViolation } from '../store-errors.js';

/** A credential of the installation's operator: it manages tenants and is no tenant's admin. */
export interface OperatorCredential { id: string; name: string; tokenHash: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

/** Operator credentials (not tenant data); only the SHA-256 hex of the bearer secret is stored. */
export function operatorCredentialRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Stores a credential (hash only); a taken id or hash is VERITY_STORE_CONFLICT. */
    async create(input: { id?: string; name: string; tokenHash: string }): Promise<OperatorCredential> {
      const record: OperatorCredential = { id: input.id ?? ctx.ids(), name: input.name, tokenHash: input.tokenHash, createdAt: ctx.now().toISOString(), lastUsedAt: null, revokedAt: null };
      try { await db.insertInto('operator_credentials').values(toRow({ ...record }, []) as never).execute(); } catch (e) { throw isUniqueViolation(e) ? conflictError('operator_credentials', e) : e; }
      return record;
    },
    /** The credential with this hash, revoked or not (callers check). */
    async findByHash(tokenHash: string): Promise<OperatorCredential | undefined> {
      const row = await db.selectFrom('operator_credentials').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? toRecord<OperatorCredential>(row, []) : undefined;
    },
    /** How many credentials exist at all (revoked included): none means the installation's first start. */
    async count(): Promise<number> {
      const r = await db.selectFrom('operator_credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Records a use. */
    async touch(id: string, at: string): Promise<void> {
      await db.updateTable('operator_credentials').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    /** Revokes a credential; false when it was unknown or already revoked. */
    async revoke(id: string, at: string): Promise<boolean> {
      const r = await db.updateTable('operator_credentials').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
export type OperatorCredentialRepository = ReturnType<typeof operatorCredentialRepository>;
