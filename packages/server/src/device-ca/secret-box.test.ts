import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

const HEX_KEY = randomBytes(32).toString('hex');
const B64_KEY = randomBytes(32).toString('base64');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('createSecretBox', () => {
  it('round-trips strings and bytes with the same aad', () => {
    const box = createSecretBox(HEX_KEY);
    const sealed = box.seal('-----BEGIN PRIVATE KEY-----\nabc\n', 'device-ca-key');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(box.open(sealed, 'device-ca-key').toString('utf8')).toBe('-----BEGIN PRIVATE KEY-----\nabc\n');
    const bytes = randomBytes(100);
    expect(box.open(box.seal(bytes, 'x'), 'x').equals(bytes)).toBe(true);
    expect(box.open(box.seal('', 'x'), 'x').length).toBe(0);
  });

  it('uses a fresh IV per seal', () => {
    const box = createSecretBox(HEX_KEY);
    expect(box.seal('same', 'a')).not.toBe(box.seal('same', 'a'));
  });

  it('derives the same key from the same raw key material in every prefixed form', () => {
    const sealed = createSecretBox(`base64:${B64_KEY}`).seal('secret', 'a');
    expect(createSecretBox(`base64:${Buffer.from(B64_KEY, 'base64').toString('base64url')}`).open(sealed, 'a').toString()).toBe('secret');
    expect(createSecretBox(`hex:${Buffer.from(B64_KEY, 'base64').toString('hex')}`).open(sealed, 'a').toString()).toBe('secret');
    const passphrase = 'correct horse battery staple, but longer!';
    const byPassphrase = createSecretBox(passphrase).seal('p', 'a');
    expect(createSecretBox(passphrase).open(byPassphrase, 'a').toString()).toBe('p');
  });

  it('stretches a passphrase that happens to decode as base64 or hex instead of taking it as raw key material', () => {
    // 44 characters of valid base64 (33 bytes): the old parser used them as the key itself.
    const looksLikeBase64 = 'my-company-verity-master-key-for-prod-2024xx';
    const sealed = createSecretBox(looksLikeBase64).seal('secret', 'a');
    expect(codeOf(() => createSecretBox(`base64:${looksLikeBase64}`).open(sealed, 'a'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
    expect(createSecretBox(looksLikeBase64).openAndCheck(sealed, 'a')).toMatchObject({ stale: false });
    const looksLikeHex = HEX_KEY;
    const sealedHex = createSecretBox(looksLikeHex).seal('secret', 'a');
    expect(codeOf(() => createSecretBox(`hex:${looksLikeHex}`).open(sealedHex, 'a'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
  });

  it('opens what the legacy reading of an unprefixed key sealed, and says it is stale (to be sealed again)', () => {
    // What earlier versions did with an unprefixed base64 key: raw material, as the `base64:` form now.
    const legacySealed = createSecretBox(`base64:${B64_KEY}`).seal('ca key', 'device-ca-key');
    const box = createSecretBox(B64_KEY);
    const opened = box.openAndCheck(legacySealed, 'device-ca-key');
    expect(opened.stale).toBe(true);
    expect(opened.plaintext.toString()).toBe('ca key');
    expect(box.openAndCheck(box.seal('ca key', 'device-ca-key'), 'device-ca-key').stale).toBe(false);
  });

  it('opens values sealed under the previous master key during a rotation, and seals only under the new one', () => {
    const oldKey = 'the old master key, long enough to be a passphrase';
    const newKey = `hex:${randomBytes(32).toString('hex')}`;
    const sealedOld = createSecretBox(oldKey).seal('vapid', 'web-push-vapid');
    const rotating = createSecretBox(newKey, { previous: [oldKey] });
    expect(rotating.openAndCheck(sealedOld, 'web-push-vapid')).toMatchObject({ stale: true });
    const resealed = rotating.seal('vapid', 'web-push-vapid');
    expect(createSecretBox(newKey).open(resealed, 'web-push-vapid').toString()).toBe('vapid');
    expect(codeOf(() => createSecretBox(oldKey).open(resealed, 'web-push-vapid'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
    expect(codeOf(() => createSecretBox(newKey).open(sealedOld, 'web-push-vapid'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
  });

  it('rejects a wrong master key, a wrong aad and malformed input with DECRYPT_FAILED (500, not exposed)', () => {
    const box = createSecretBox(HEX_KEY);
    const sealed = box.seal('secret', 'device-ca-key');
    expect(codeOf(() => createSecretBox(`hex:${randomBytes(32).toString('hex')}`).open(sealed, 'device-ca-key'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
    expect(codeOf(() => box.open(sealed, 'smtp-password'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
    for (const bad of ['', 'v1', 'v2:a:b:c', 'v1:::', `${sealed}:x`, sealed.replace('v1', 'v0'), 'v1:!!!!:????:....']) {
      expect(codeOf(() => box.open(bad, 'device-ca-key'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
    }
    expect(() => box.open(sealed, 'other')).toThrow(expect.objectContaining({ status: 500, expose: false }));
  });

  it('detects tampering with any single character of iv, tag or ciphertext', () => {
    const box = createSecretBox(HEX_KEY);
    const sealed = box.seal('a secret worth protecting', 'aad');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 3, max: sealed.length - 1 }), fc.integer({ min: 1, max: 63 }), (index, shift) => {
        const ch = sealed[index]!;
        if (ch === ':') return;
        const replacement = alphabet[(alphabet.indexOf(ch) + shift) % 64]!;
        const tampered = sealed.slice(0, index) + replacement + sealed.slice(index + 1);
        expect(codeOf(() => box.open(tampered, 'aad'))).toBe('VERITY_CRYPTO_DECRYPT_FAILED');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses master keys that are too short', () => {
    expect(codeOf(() => createSecretBox('short'))).toBe('VERITY_CRYPTO_MASTER_KEY_INVALID');
    expect(codeOf(() => createSecretBox('hex:abcd'.padEnd(40, '0')))).toBe('VERITY_CRYPTO_MASTER_KEY_INVALID');
    expect(codeOf(() => createSecretBox(`hex:${'zz'.repeat(40)}`))).toBe('VERITY_CRYPTO_MASTER_KEY_INVALID');
    expect(codeOf(() => createSecretBox(`base64:${randomBytes(16).toString('base64')}xxxxxxxxx`))).toBe('VERITY_CRYPTO_MASTER_KEY_INVALID');
  });
});
