import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** Bearer secrets carry a prefix naming their kind, so a leaked one is recognisable (like GitHub's ghp_). */
export type SecretKind = 'vrt' /* API token */ | 'vrs' /* session */ | 'vre' /* enrollment token */ | 'vro' /* operator credential */ | 'vst' /* sign-in transaction */ | 'vsc' /* SCIM token */;

/** A new random bearer secret: `<kind>_<43 chars of base64url>` (256 bits). */
export function newBearerSecret(kind: SecretKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

/** Bearer secrets are stored only as their SHA-256 (they are high-entropy, so no salt or KDF is needed). */
export function hashBearerSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

// scrypt from node:crypto: memory-hard, built in, no native addon to build. N=2^15 ≈ 50 ms here.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Hash a user password as `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFKC'), salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Constant-time check of a password against a stored hash; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Spend the same time as a real check so unknown users are not distinguishable by timing.
    await scrypt(password, randomBytes(16), 32, SCRYPT);
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem,
  });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
