import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { deviceCaError } from './device-ca-errors.js';
import { decodeStrictBase64, decodeStrictBase64Url } from './strict-base64.js';

/**
 * Secrets at rest (the device CA key, the VAPID key, the audit keys, a sealed SMTP password) are
 * sealed with AES-256-GCM from node:crypto (OpenSSL; no library adds anything here). The key is
 * derived with HKDF-SHA256 (RFC 5869) from the configured master key, so the master key itself is
 * never used directly and other purposes can derive independent keys from it with another `info`.
 *
 * Master key forms (docs/security.md):
 *  1. `hex:` followed by hex of >= 32 bytes: raw key material;
 *  2. `base64:` followed by base64 / base64url of >= 32 bytes: raw key material;
 *  3. anything else: a passphrase of >= 32 characters, stretched with scrypt (N=2^15), because a
 *     passphrase has far less entropy than its length suggests and HKDF alone does not slow
 *     guessing. The scrypt salt is fixed: the key must be derivable from configuration alone.
 * Only the prefix makes a string raw key material: `my-company-verity-master-key-for-prod-2024xx`
 * happens to be valid base64, and taking it as 33 raw bytes would skip the stretching it needs.
 *
 * Earlier versions took any string that decoded as hex or base64 to 32+ bytes as raw material. Such
 * a key still opens what it sealed (see `legacyMaterial`); the server then re-seals under the new
 * derivation at start (master-key-rotation.ts), as it does for a rotated master key.
 *
 * Sealed format: `v1:<iv>:<tag>:<ciphertext>`, each part base64url without padding; a 96-bit
 * random IV per message (NIST SP 800-38D). `aad` binds the ciphertext to its purpose (e.g.
 * `device-ca-key`), so a sealed value copied into another column does not open.
 */
const MIN_KEY_BYTES = 32;
const MAX_MASTER_KEY_CHARS = 4096;
const HKDF_SALT = 'verity/secret-box';
const HKDF_INFO = 'verity secret-box v1 aes-256-gcm';
const SCRYPT_SALT = 'verity/master-key-passphrase/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens secrets at rest with a key derived from the master key. */
export interface SecretBox {
  /** Encrypt `plaintext` bound to `aad` under the current master key; returns `v1:<iv>:<tag>:<ciphertext>`. */
  seal(plaintext: Uint8Array | string, aad: string): string;
  /** Decrypt a sealed string (current or previous master key); throws VERITY_CRYPTO_DECRYPT_FAILED on wrong key, wrong aad or tampering. */
  open(sealed: string, aad: string): Buffer;
  /** As `open`, and whether the value was sealed under an older master key (then seal it again). */
  openAndCheck(sealed: string, aad: string): { plaintext: Buffer; stale: boolean };
}

function invalidKey(message: string, detail: string): never {
  throw deviceCaError('VERITY_CRYPTO_MASTER_KEY_INVALID', message, [{ path: '$.masterKey', message: detail }]);
}

/** Input keying material from the configured master key (see the forms above). */
export function masterKeyMaterial(masterKey: string): Buffer {
  const text = masterKey.trim();
  if (text.length < MIN_KEY_BYTES || text.length > MAX_MASTER_KEY_CHARS) {
    invalidKey(`The master key must be ${MIN_KEY_BYTES} to ${MAX_MASTER_KEY_CHARS} characters (hex:…, base64:… or a passphrase).`, 'Wrong length.');
  }
  if (text.startsWith('hex:')) {
    const hex = text.slice(4);
    if (/^(?:[0-9a-fA-F]{2})+$/.test(hex) && hex.length >= MIN_KEY_BYTES * 2) return Buffer.from(hex, 'hex');
    invalidKey('The hex master key must be at least 64 hex digits after "hex:".', 'Not hex of 32+ bytes.');
  }
  if (text.startsWith('base64:')) {
    const decoded = decodeStrictBase64(text.slice(7));
    if (decoded && decoded.length >= MIN_KEY_BYTES) return decoded;
    invalidKey('The base64 master key must decode to at least 32 bytes after "base64:".', 'Not base64 of 32+ bytes.');
  }
  return scryptSync(text.normalize('NFKC'), SCRYPT_SALT, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

/**
 * What versions before the prefix rule made of an unprefixed key that decodes as hex or base64 to
 * 32+ bytes (raw material); undefined for every other key. Used only to open values sealed then.
 */
export function legacyMaterial(masterKey: string): Buffer | undefined {
  const text = masterKey.trim();
  if (text.startsWith('hex:') || text.startsWith('base64:')) return undefined;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(text) && text.length >= MIN_KEY_BYTES * 2) return Buffer.from(text, 'hex');
  const decoded = decodeStrictBase64(text);
  return decoded && decoded.length >= MIN_KEY_BYTES ? decoded : undefined;
}

function decryptFailed(cause?: unknown): never {
  throw deviceCaError('VERITY_CRYPTO_DECRYPT_FAILED', 'A secret stored at rest could not be decrypted (wrong master key, or the value was altered).', [], cause);
}

const sealingKey = (material: Buffer): Buffer => Buffer.from(hkdfSync('sha256', material, HKDF_SALT, HKDF_INFO, 32));

function openWith(key: Buffer, sealed: string, aad: string): Buffer | undefined {
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== 'v1') decryptFailed();
  const iv = decodeStrictBase64Url(parts[1]!);
  const tag = decodeStrictBase64Url(parts[2]!);
  const ciphertext = decodeStrictBase64Url(parts[3]!);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) decryptFailed();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * Encrypt/decrypt secrets at rest with AES-256-GCM under a key derived (HKDF-SHA256) from the master
 * key. `previous` master keys (a rotation in progress, VERITY_MASTER_KEY_PREVIOUS) only open.
 */
export function createSecretBox(masterKey: string, options: { previous?: readonly string[] } = {}): SecretBox {
  const key = sealingKey(masterKeyMaterial(masterKey));
  // Older keys, most likely first: this key's legacy reading, then each previous key in both readings.
  const older: Buffer[] = [];
  const legacy = legacyMaterial(masterKey);
  if (legacy) older.push(sealingKey(legacy));
  for (const p of options.previous ?? []) {
    older.push(sealingKey(masterKeyMaterial(p)));
    const l = legacyMaterial(p);
    if (l) older.push(sealingKey(l));
  }
  const openAndCheck = (sealed: string, aad: string): { plaintext: Buffer; stale: boolean } => {
    if (typeof sealed !== 'string') decryptFailed();
    const current = openWith(key, sealed, aad);
    if (current) return { plaintext: current, stale: false };
    for (const k of older) {
      const plaintext = openWith(k, sealed, aad);
      if (plaintext) return { plaintext, stale: true };
    }
    return decryptFailed();
  };
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1:${iv.toString('base64url')}:${tag.toString('base64url')}:${ciphertext.toString('base64url')}`;
    },
    open: (sealed, aad) => openAndCheck(sealed, aad).plaintext,
    openAndCheck,
  };
}
