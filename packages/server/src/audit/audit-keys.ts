import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Store } from '@verity/store';
import type { SecretBox } from '../device-ca/secret-box.js';

const SETTINGS_KEY = 'audit-keys';

/**
 * The audit log's keys: a random 256-bit HMAC key the chain is keyed with, and an Ed25519 key pair
 * that signs exported chain heads (anyone holding the public key can check them, nobody without the
 * private key can make them). Both are generated once and kept sealed with the master key (purpose
 * `audit-keys`): someone with database access sees neither, and a master key rotation re-seals them
 * without touching the chain.
 */
export interface AuditKeys {
  readonly macKey: Buffer;
  readonly signingKey: KeyObject;
  /** SPKI PEM of the signing key. */
  readonly publicKeyPem: string;
  /** SHA-256 of the public key (SPKI DER), hex, first 32 characters: names the key in exported heads. */
  readonly keyId: string;
  /** Whether the chains written before keying have been marked (then never again: an unkeyed chain later is a rewritten one). */
  boundariesMarked: boolean;
}

const BOUNDARIES_MARKED = 'verity audit: chains written before keying are marked';
const boundaryMac = (macKey: Buffer) => createHmac('sha256', macKey).update(BOUNDARIES_MARKED).digest('hex');

/** Record (MAC'd with the audit key, so it cannot be set by hand) that the pre-keying chains were marked. */
export async function recordBoundariesMarked(store: Store, keys: AuditKeys): Promise<void> {
  const saved = await store.settings.get(SETTINGS_KEY);
  if (!saved) return;
  await store.settings.set(SETTINGS_KEY, JSON.stringify({ ...(JSON.parse(saved) as Record<string, unknown>), boundariesMarked: boundaryMac(keys.macKey) }));
  keys.boundariesMarked = true;
}

/** The id of an audit signing key from its SPKI PEM. */
export function auditKeyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 32);
}

/** Load the sealed audit keys, or create them once (the first replica to boot wins, as for the CA). */
export async function loadOrCreateAuditKeys(store: Store, box: Pick<SecretBox, 'seal' | 'open'>): Promise<AuditKeys> {
  const read = async (): Promise<AuditKeys | undefined> => {
    const saved = await store.settings.get(SETTINGS_KEY);
    if (!saved) return undefined;
    const { sealed, boundariesMarked } = JSON.parse(saved) as { sealed: string; boundariesMarked?: string };
    const inner = JSON.parse(box.open(sealed, SETTINGS_KEY).toString('utf8')) as { macKey: string; signingKeyPem: string };
    const signingKey = createPrivateKey(inner.signingKeyPem);
    const publicKeyPem = createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }).toString();
    const macKey = Buffer.from(inner.macKey, 'base64');
    return { macKey, signingKey, publicKeyPem, keyId: auditKeyId(publicKeyPem), boundariesMarked: boundariesMarked === boundaryMac(macKey) };
  };
  const existing = await read();
  if (existing) return existing;
  const pair = generateKeyPairSync('ed25519');
  const signingKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const sealed = box.seal(JSON.stringify({ macKey: randomBytes(32).toString('base64'), signingKeyPem }), SETTINGS_KEY);
  await store.settings.setIfAbsent(SETTINGS_KEY, JSON.stringify({ sealed, publicKeyPem, keyId: auditKeyId(publicKeyPem) }));
  return (await read())!;
}
