import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { deviceCaError } from './device-ca-errors.js';
import { decodeStrictBase64, decodeStrictBase64Url } from './strict-base64.js';

/**
 * Secrets at rest (the device CA key, SMTP passwords) are sealed with AES-256-GCM from
 * node:crypto (OpenSSL; no library adds anything here). The key is derived with HKDF-SHA256
 * (RFC 5869) from the configured master key, so the master key itself is never used directly
 * and other purposes can later derive independent keys from it with another `info`.
 *
 * Master key forms, tried in this order so the same string always yields the same key:
 *  1. hex of >= 32 bytes (64+ hex digits, optional `hex:` prefix);
 *  2. base64 / base64url of >= 32 bytes (optional `base64:` prefix);
 *  3. otherwise a passphrase of >= 32 characters, stretched with scrypt (N=2^15) because a
 *     passphrase has far less entropy than its length suggests and HKDF alone does not slow
 *     guessing. The scrypt salt is fixed: the key must be derivable from configuration alone.
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
  /** Encrypt `plaintext` bound to `aad`; returns `v1:<iv>:<tag>:<ciphertext>`. */
  seal(plaintext: Uint8Array | string, aad: string): string;
  /** Decrypt a sealed string; throws VERITY_CRYPTO_DECRYPT_FAILED on wrong key, wrong aad or tampering. */
  open(sealed: string, aad: string): Buffer;
}

/** Input keying material from the configured master key (see the forms above). */
function masterKeyMaterial(masterKey: string): Buffer {
  const text = masterKey.trim();
  if (text.length < MIN_KEY_BYTES || text.length > MAX_MASTER_KEY_CHARS) {
    throw deviceCaError('VERITY_CRYPTO_MASTER_KEY_INVALID', `The master key must be ${MIN_KEY_BYTES} to ${MAX_MASTER_KEY_CHARS} characters (hex, base64 or a passphrase).`, [{ path: '$.masterKey', message: 'Wrong length.' }]);
  }
  const hex = text.startsWith('hex:') ? text.slice(4) : text;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(hex) && hex.length >= MIN_KEY_BYTES * 2) return Buffer.from(hex, 'hex');
  if (text.startsWith('hex:')) throw deviceCaError('VERITY_CRYPTO_MASTER_KEY_INVALID', 'The hex master key must be at least 64 hex digits.', [{ path: '$.masterKey', message: 'Not hex of 32+ bytes.' }]);
  const b64 = text.startsWith('base64:') ? text.slice(7) : text;
  const decoded = decodeStrictBase64(b64);
  if (decoded && decoded.length >= MIN_KEY_BYTES) return decoded;
  if (text.startsWith('base64:')) throw deviceCaError('VERITY_CRYPTO_MASTER_KEY_INVALID', 'The base64 master key must decode to at least 32 bytes.', [{ path: '$.masterKey', message: 'Not base64 of 32+ bytes.' }]);
  return scryptSync(text.normalize('NFKC'), SCRYPT_SALT, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

function decryptFailed(cause?: unknown): never {
  throw deviceCaError('VERITY_CRYPTO_DECRYPT_FAILED', 'A secret stored at rest could not be decrypted (wrong master key, or the value was altered).', [], cause);
}

/** Encrypt/decrypt secrets at rest with AES-256-GCM under a key derived (HKDF-SHA256) from the master key. */
export function createSecretBox(masterKey: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', masterKeyMaterial(masterKey), HKDF_SALT, HKDF_INFO, 32));
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
    open(sealed, aad) {
      if (typeof sealed !== 'string') decryptFailed();
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
      } catch (error) {
        return decryptFailed(error);
      }
    },
  };
}
