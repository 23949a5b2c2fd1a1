import { sql } from 'kysely';
import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

export interface EnrollmentProfile {
  tenantId: string; id: string; name: string; groupTag: string | null; targetGroupIds: string[]; scopeTags: string[]; ownership: 'corporate'; tokenHash: string;
  expiresAt: string; maxUses: number | null; uses: number; revokedAt: string | null; createdBy: string | null; createdAt: string;
}
export interface NewEnrollmentProfile {
  id?: string; name: string; groupTag?: string | null; targetGroupIds?: string[]; scopeTags?: string[]; tokenHash: string; expiresAt: Instant; maxUses?: number | null; createdBy?: string | null;
}
/** Why an enrollment token was refused, so the server can say which. */
export type EnrollmentTokenError = 'unknown' | 'expired' | 'exhausted' | 'revoked';

const JSON_COLUMNS = ['target_group_ids', 'scope_tags'];

/** Enrollment profiles (Autopilot-like): a hashed one-time or N-time token that enrols corporate devices. */
export function enrollmentProfileRepository(ctx: RepositoryContext) {
  const t = tenantTable<EnrollmentProfile>(ctx, { table: 'enrollment_profiles', json: JSON_COLUMNS });
  const db = ctx.db;
  return {
    /** Creates a profile. */
    create(tenantId: string, input: NewEnrollmentProfile): Promise<EnrollmentProfile> {
      return t.insert(tenantId, {
        id: input.id ?? ctx.ids(), name: input.name, groupTag: input.groupTag ?? null, targetGroupIds: input.targetGroupIds ?? [], scopeTags: input.scopeTags ?? [], ownership: 'corporate',
        tokenHash: input.tokenHash, expiresAt: toIso(input.expiresAt, '$.expiresAt'), maxUses: input.maxUses ?? null, uses: 0, revokedAt: null,
        createdBy: input.createdBy ?? null, createdAt: ctx.now().toISOString(),
      });
    },
    /** A profile by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Profiles by creation. */
    list: (tenantId: string, options: PageOptions = {}) => t.list(tenantId, options),
    /** Updates name, tag, target groups, expiry or max uses. */
    update: (tenantId: string, id: string, patch: { name?: string; groupTag?: string | null; targetGroupIds?: string[]; expiresAt?: Instant; maxUses?: number | null }) =>
      t.update(tenantId, id, { ...patch, expiresAt: patch.expiresAt === undefined ? undefined : toIso(patch.expiresAt, '$.expiresAt') }),
    /** Revokes a profile's token. */
    async revoke(tenantId: string, id: string, at: Instant): Promise<boolean> {
      const r = await db.updateTable('enrollment_profiles').set({ revoked_at: toIso(at) }).where('tenant_id', '=', tenantId).where('id', '=', id)
        .where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Deletes a profile. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
    /** The profile holding this token hash. Cross-tenant by design, like consumeToken: the token names the tenant. */
    async findByTokenHash(tokenHash: string): Promise<EnrollmentProfile | undefined> {
      const row = await db.selectFrom('enrollment_profiles').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? toRecord<EnrollmentProfile>(row, JSON_COLUMNS) : undefined;
    },
    /**
     * Spends one use of the token with this hash, atomically: one conditional UPDATE ... RETURNING, so
     * concurrent enrolments can never exceed max_uses on either engine. Cross-tenant by design: the
     * enrollment token is what names the tenant. On refusal, a second read says why.
     */
    async consumeToken(tokenHash: string, now: Instant): Promise<EnrollmentProfile | { error: EnrollmentTokenError }> {
      const at = toIso(now, '$.now');
      const row = await db.updateTable('enrollment_profiles').set({ uses: sql`uses + 1` })
        .where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).where('expires_at', '>', at)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .returningAll().executeTakeFirst();
      if (row) return toRecord<EnrollmentProfile>(row, JSON_COLUMNS);
      const found = await db.selectFrom('enrollment_profiles').select(['revoked_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!found) return { error: 'unknown' };
      if (found.revoked_at !== null) return { error: 'revoked' };
      if (found.expires_at <= at) return { error: 'expired' };
      return { error: 'exhausted' };
    },
  };
}
export type EnrollmentProfileRepository = ReturnType<typeof enrollmentProfileRepository>;

/** Narrows a consumeToken result to the refusal. */
export function isEnrollmentTokenError(value: EnrollmentProfile | { error: EnrollmentTokenError }): value is { error: EnrollmentTokenError } {
  return 'error' in value;
}
