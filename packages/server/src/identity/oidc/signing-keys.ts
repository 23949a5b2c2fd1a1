import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { ServerContext } from '../../context.js';

/** Tokens are signed with ES256 (P-256): short signatures, supported by every OIDC client library. */
const ALG = 'ES256';
/** A retiring key stays in the JWKS this long after its successor took over (longer than any ID token lives). */
export const RETIRING_KEEP_HOURS = 24;
/** Keys are rotated automatically once they are this old. */
export const ROTATE_AFTER_DAYS = 90;

const aad = (tenantId: string, kid: string) => `oidc-signing-key:${tenantId}:${kid}`;

/** Create a new active signing key for a tenant (sealed with the master key); the previous active key becomes retiring. */
export async function rotateSigningKey(ctx: ServerContext, tenantId: string): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = randomBytes(12).toString('base64url');
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  await ctx.store.transaction(async (tx) => {
    await tx.oidc.addActiveSigningKey(tenantId, { kid, alg: ALG, sealedPrivateJwk: ctx.secretBox.seal(JSON.stringify(privateJwk), aad(tenantId, kid)), publicJwk });
  });
  return kid;
}

/**
 * The private JWKS the provider signs with and publishes (public parts) for a tenant: the active
 * key first (oidc-provider signs with the first key of the algorithm), then keys retired less
 * than a day ago so that tokens they signed still verify. Creates the first key, and rotates one
 * older than ROTATE_AFTER_DAYS.
 */
export async function loadSigningKeys(ctx: ServerContext, tenantId: string): Promise<JWK[]> {
  let keys = await ctx.store.oidc.signingKeys(tenantId);
  const active = keys.find((k) => k.status === 'active');
  const now = ctx.now().getTime();
  if (!active || now - Date.parse(active.createdAt) > ROTATE_AFTER_DAYS * 86_400_000) {
    await rotateSigningKey(ctx, tenantId);
    keys = await ctx.store.oidc.signingKeys(tenantId);
  }
  await ctx.store.oidc.retireSigningKeys(tenantId, new Date(now - RETIRING_KEEP_HOURS * 3600_000));
  keys = await ctx.store.oidc.signingKeys(tenantId);
  const usable = [...keys.filter((k) => k.status === 'active'), ...keys.filter((k) => k.status === 'retiring')];
  return usable.map((k) => JSON.parse(ctx.secretBox.open(k.sealedPrivateJwk, aad(tenantId, k.kid)).toString('utf8')) as JWK);
}

/** The key that signs the provider's cookies for a tenant: random, sealed in the installation settings, created once. */
export async function cookieKey(ctx: ServerContext, tenantId: string): Promise<string> {
  const name = `oidc-cookie-key:${tenantId}`;
  const saved = await ctx.store.settings.get(name);
  if (saved) return ctx.secretBox.open(saved, name).toString('utf8');
  const key = randomBytes(32).toString('base64url');
  await ctx.store.settings.setIfAbsent(name, ctx.secretBox.seal(key, name));
  return ctx.secretBox.open((await ctx.store.settings.get(name))!, name).toString('utf8');
}
