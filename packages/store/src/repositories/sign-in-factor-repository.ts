import type { RepositoryContext } from '../repository-context.js';
import { toIso, type Instant } from '../instant.js';

/** A user's TOTP authenticator: the seed sealed by the server, pending until the first code confirms it. */
export interface TotpFactor { tenantId: string; userId: string; sealedSecret: string; status: 'pending' | 'active'; lastStep: number | null; createdAt: string; confirmedAt: string | null }

/** A user's Verity PIN on one device: its hash, the hashes of earlier PINs (history), when it expires. */
export interface DevicePin { tenantId: string; userId: string; deviceId: string; pinHash: string; history: string[]; setAt: string; expiresAt: string | null }

/** Password history, TOTP factors, recovery codes and device PINs: the sign-in factors besides passkeys. */
export function signInFactorRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Remembers a password hash a user had (for "no reuse of the last N"). */
    async addPasswordHistory(tenantId: string, userId: string, passwordHash: string): Promise<void> {
      await db.insertInto('password_history').values({ tenant_id: tenantId, id: ctx.ids(), user_id: userId, password_hash: passwordHash, created_at: ctx.now().toISOString() }).execute();
    },
    /** The user's last `limit` password hashes, newest first. */
    async passwordHistory(tenantId: string, userId: string, limit: number): Promise<string[]> {
      if (limit <= 0) return [];
      const rows = await db.selectFrom('password_history').select('password_hash').where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(limit, 50)).execute();
      return rows.map((r) => r.password_hash);
    },
    /** The user's TOTP factor. */
    async totp(tenantId: string, userId: string): Promise<TotpFactor | undefined> {
      const r = await db.selectFrom('totp_factors').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      return r ? { tenantId, userId, sealedSecret: r.sealed_secret, status: r.status === 'active' ? 'active' : 'pending', lastStep: r.last_step === null ? null : Number(r.last_step), createdAt: r.created_at, confirmedAt: r.confirmed_at } : undefined;
    },
    /** Starts (or restarts) TOTP enrollment with a new sealed seed: pending until confirmed. */
    async putPendingTotp(tenantId: string, userId: string, sealedSecret: string): Promise<void> {
      const at = ctx.now().toISOString();
      await db.deleteFrom('totp_factors').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      await db.insertInto('totp_factors').values({ tenant_id: tenantId, user_id: userId, sealed_secret: sealedSecret, status: 'pending', last_step: null, created_at: at, confirmed_at: null }).execute();
    },
    /**
     * Accepts a TOTP time step: succeeds only when it is later than the last step used, so a code
     * cannot be used twice within its window (the compare-and-set makes two concurrent uses of one code fail one of them).
     */
    async useTotpStep(tenantId: string, userId: string, step: number, activate: boolean, at: Instant): Promise<boolean> {
      const r = await db.updateTable('totp_factors')
        .set({ last_step: step, ...(activate ? { status: 'active', confirmed_at: toIso(at) } : {}) })
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Removes the user's TOTP factor. */
    async deleteTotp(tenantId: string, userId: string): Promise<boolean> {
      const r = await db.deleteFrom('totp_factors').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** Replaces the user's recovery codes (hashes only). */
    async replaceRecoveryCodes(tenantId: string, userId: string, codeHashes: readonly string[]): Promise<void> {
      await db.deleteFrom('recovery_codes').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      const at = ctx.now().toISOString();
      if (codeHashes.length > 0) await db.insertInto('recovery_codes').values(codeHashes.map((h) => ({ tenant_id: tenantId, user_id: userId, code_hash: h, created_at: at, used_at: null }))).execute();
    },
    /** Uses a recovery code once: true when it existed and was unused. */
    async useRecoveryCode(tenantId: string, userId: string, codeHash: string, at: Instant): Promise<boolean> {
      const r = await db.updateTable('recovery_codes').set({ used_at: toIso(at) }).where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** How many unused recovery codes the user has left. */
    async recoveryCodesLeft(tenantId: string, userId: string): Promise<number> {
      const r = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where('used_at', 'is', null).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    /** The user's PIN on a device. */
    async devicePin(tenantId: string, userId: string, deviceId: string): Promise<DevicePin | undefined> {
      const r = await db.selectFrom('device_pins').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
      return r ? { tenantId, userId, deviceId, pinHash: r.pin_hash, history: JSON.parse(r.history) as string[], setAt: r.set_at, expiresAt: r.expires_at } : undefined;
    },
    /** Sets (or replaces) the user's PIN on a device. */
    async putDevicePin(tenantId: string, userId: string, deviceId: string, pinHash: string, history: readonly string[], expiresAt: Instant | null): Promise<void> {
      const row = { tenant_id: tenantId, user_id: userId, device_id: deviceId, pin_hash: pinHash, history: JSON.stringify(history), set_at: ctx.now().toISOString(), expires_at: expiresAt === null ? null : toIso(expiresAt) };
      await db.insertInto('device_pins').values(row).onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'device_id']).doUpdateSet({ pin_hash: row.pin_hash, history: row.history, set_at: row.set_at, expires_at: row.expires_at })).execute();
    },
    /** Removes the user's PIN on a device. */
    async deleteDevicePin(tenantId: string, userId: string, deviceId: string): Promise<boolean> {
      const r = await db.deleteFrom('device_pins').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type SignInFactorRepository = ReturnType<typeof signInFactorRepository>;
