import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { ServerContext } from '../context.js';

/** What a signing key is for: each purpose has its own key, so one leaking never forges the other's tokens. */
export type SigningKeyPurpose = 'gateway-session' | 'ssf-transmitter';

/** An installation-wide ES256 signing key: the private key for signing, the public JWK for verifiers. */
export interface SigningKey {
  readonly alg: 'ES256';
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public key as a JWK with `kid`, `alg` and `use` (what a JWKS publishes). */
  readonly publicJwk: JWK;
}

const loaded = new WeakMap<object, Map<SigningKeyPurpose, Promise<SigningKey>>>();

function fromPkcs8(pem: string, kid: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  return { alg: 'ES256', kid, privateKey, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
}

/**
 * The signing key of one purpose, created on first use and kept sealed with the master key in the
 * installation settings (like the device CA key). ES256 because every JOSE library verifies it.
 */
export function signingKey(ctx: Pick<ServerContext, 'store' | 'secretBox'>, purpose: SigningKeyPurpose): Promise<SigningKey> {
  let byPurpose = loaded.get(ctx.store);
  if (!byPurpose) loaded.set(ctx.store, (byPurpose = new Map()));
  let key = byPurpose.get(purpose);
  if (!key) {
    const settingsKey = `signing-key:${purpose}`;
    key = (async () => {
      const read = async () => {
        const saved = await ctx.store.settings.get(settingsKey);
        if (!saved) return undefined;
        const { kid, sealedKey } = JSON.parse(saved) as { kid: string; sealedKey: string };
        return fromPkcs8(ctx.secretBox.open(sealedKey, settingsKey).toString('utf8'), kid);
      };
      const existing = await read();
      if (existing) return existing;
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const kid = `${purpose}-${crypto.randomUUID().slice(0, 8)}`;
      // setIfAbsent: when two replicas boot at once, both end up using the first one's key.
      await ctx.store.settings.setIfAbsent(settingsKey, JSON.stringify({ kid, sealedKey: ctx.secretBox.seal(pem, settingsKey) }));
      return (await read())!;
    })();
    const pending = key;
    pending.catch(() => byPurpose.delete(purpose));
    byPurpose.set(purpose, pending);
  }
  return key;
}
