import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { ServerContext } from '../../context.js';

/** RFC 6238 defaults every authenticator app supports: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;
/** One step either side: codes from a clock up to 30 s off are accepted. */
const WINDOW = 1;

const aad = (tenantId: string, userId: string) => `totp:${tenantId}:${userId}`;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: 'Verity', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** Start TOTP enrollment: a new 160-bit seed, sealed with the master key; the user gets it once (and an otpauth:// URI for a QR code). */
export async function startTotpEnrollment(ctx: ServerContext, tenantId: string, userId: string, label: string): Promise<{ secret: string; otpauthUri: string }> {
  const secret = new Secret({ size: 20 }).base32;
  await ctx.store.signInFactors.putPendingTotp(tenantId, userId, ctx.secretBox.seal(secret, aad(tenantId, userId)));
  return { secret, otpauthUri: totpFor(secret, label).toString() };
}

/** Why a TOTP code was refused (closed list, logged). */
export type TotpRefusal = 'not-enrolled' | 'wrong-code' | 'reused-code';

/**
 * Check a code: valid within one step of now, and from a later time step than any code accepted
 * before (a code, or an older one, is never accepted twice). `confirm` activates a pending factor.
 */
export async function verifyTotp(ctx: ServerContext, tenantId: string, userId: string, code: string, options: { confirm: boolean }): Promise<TotpRefusal | null> {
  const factor = await ctx.store.signInFactors.totp(tenantId, userId);
  if (!factor || (factor.status !== 'active' && !options.confirm)) return 'not-enrolled';
  const secret = ctx.secretBox.open(factor.sealedSecret, aad(tenantId, userId)).toString('utf8');
  const now = ctx.now();
  const delta = totpFor(secret, userId).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return 'wrong-code';
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  return (await ctx.store.signInFactors.useTotpStep(tenantId, userId, step, options.confirm, now)) ? null : 'reused-code';
}

/** Ten single-use recovery codes (~49 bits each, `xxxxx-xxxxx`), shown once; stored as salted hashes. */
export async function issueRecoveryCodes(ctx: ServerContext, tenantId: string, userId: string): Promise<string[]> {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: 10 }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await ctx.store.signInFactors.replaceRecoveryCodes(tenantId, userId, codes.map((c) => recoveryCodeHash(tenantId, userId, c)));
  return codes;
}

/** The stored form of a recovery code (salted with tenant and user, so equal codes of two users differ). */
export function recoveryCodeHash(tenantId: string, userId: string, code: string): string {
  return createHash('sha256').update(`recovery:${tenantId}:${userId}:${code.trim().toLowerCase()}`).digest('hex');
}
