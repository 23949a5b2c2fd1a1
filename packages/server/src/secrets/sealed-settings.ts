import type { Store } from '@verity/store';
import type { SecretBox } from '../device-ca/secret-box.js';

/**
 * Every installation setting that holds a value sealed with the master key: the JSON field that
 * holds it and the purpose (AAD) it was sealed for. A master key rotation re-seals exactly these.
 */
export const SEALED_SETTINGS = [
  { key: 'device-ca', field: 'sealedKey', aad: 'device-ca-key' },
  { key: 'web-push-vapid', field: 'sealedPrivateKey', aad: 'web-push-vapid' },
  { key: 'audit-keys', field: 'sealed', aad: 'audit-keys' },
] as const;

/**
 * Re-seals, under the current master key, every sealed setting that only a previous master key (or
 * the legacy reading of this one) opens; returns the keys it re-sealed. A value no key opens is left
 * as it is: its loader reports VERITY_CRYPTO_DECRYPT_FAILED when it is used.
 */
export async function resealStaleSettings(store: Store, box: SecretBox): Promise<string[]> {
  const resealed: string[] = [];
  for (const { key, field, aad } of SEALED_SETTINGS) {
    const saved = await store.settings.get(key);
    if (!saved) continue;
    const value = JSON.parse(saved) as Record<string, unknown>;
    const sealed = value[field];
    if (typeof sealed !== 'string') continue;
    let opened: { plaintext: Buffer; stale: boolean };
    try {
      opened = box.openAndCheck(sealed, aad);
    } catch {
      continue;
    }
    if (!opened.stale) continue;
    await store.settings.set(key, JSON.stringify({ ...value, [field]: box.seal(opened.plaintext, aad) }));
    resealed.push(key);
  }
  return resealed;
}
