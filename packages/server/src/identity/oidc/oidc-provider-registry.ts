import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ACR_VALUES } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { activeDeviceOf, deviceClaimsOf } from '../device/device-claims.js';
import { VerityOidcAdapter } from './oidc-adapter.js';
import { cookieKey, loadSigningKeys } from './signing-keys.js';
import { issuerOf } from './oidc-clients.js';
import { loadGrantContext } from './grant-context.js';

/** Lifetimes (seconds): short access tokens (opaque; introspect them), rotating refresh tokens. */
const TTL = { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 14 * 86_400, Interaction: 600, Session: 12 * 3600, Grant: 14 * 86_400 };
/** A provider is rebuilt at least this often, so a key rotated on another replica is picked up. */
const PROVIDER_MAX_AGE_MS = 60_000;

/** The check that makes every authorization a conditional access decision: the login prompt until this request was decided. */
const conditionalAccessCheck = new interactionPolicy.Check('verity_conditional_access', 'Conditional access decides every authorization', (ctx) => {
  const result = ctx.oidc.result as { verity?: { signInId?: string } } | undefined;
  return result?.verity?.signInId ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
});

function policy() {
  const p = interactionPolicy.base();
  p.get('login')!.checks.add(conditionalAccessCheck);
  return p;
}

function page(title: string, body: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto"><h1>${esc(title)}</h1>${body.replace(/\{\{(.*?)\}\}/g, (_, s: string) => esc(s))}</body></html>`;
}

/** The configuration of one tenant's provider. */
async function configuration(ctx: ServerContext, tenantId: string, mountPath: string): Promise<Configuration> {
  const [keys, cookie] = await Promise.all([loadSigningKeys(ctx, tenantId), cookieKey(ctx, tenantId)]);
  return {
    adapter: (name: string) => new VerityOidcAdapter(ctx, tenantId, name),
    jwks: { keys: keys as Configuration['jwks'] extends { keys: infer K } | undefined ? K : never },
    cookies: { keys: [cookie], long: { signed: true, httpOnly: true, sameSite: 'lax' }, short: { signed: true, httpOnly: true, sameSite: 'lax' } },
    features: {
      devInteractions: { enabled: false },
      // A client may introspect or revoke only the tokens issued to it (the gateway is a client of its own).
      introspection: { enabled: true, allowedPolicy: async (koa, caller, token) => (token as { clientId?: string }).clientId === caller.clientId },
      revocation: { enabled: true, allowedPolicy: async (koa, caller, token) => (token as { clientId?: string }).clientId === caller.clientId },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (koa, form) => { koa.body = page('Sign out', `<p>Sign out of Verity?</p>${form}<button form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>`); },
        postLogoutSuccessSource: async (koa) => { koa.body = page('Signed out', '<p>You are signed out of Verity.</p>'); },
      },
    },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      sid: null, iss: null,
      // How the user signed in (amr, acr) and the device claims ride on `openid`: every ID token says them, unasked.
      openid: ['sub', 'acr', 'amr', 'auth_time', 'device_id', 'trust_type', 'is_compliant', 'device_risk_level', 'verity_sid'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    conformIdTokenClaims: false,
    acrValues: Object.values(ACR_VALUES),
    clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], id_token_signed_response_alg: 'ES256', token_endpoint_auth_method: 'client_secret_basic' },
    issueRefreshToken: async (_koa, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: TTL,
    // `verity_app_id`: the published app a gateway signs a user in to (gateways only; see gateway-clients.ts).
    extraParams: ['device_token', 'verity_app_id'],
    clientBasedCORS: (_koa, origin, client) => client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    interactions: { url: (_koa, interaction) => `${mountPath}/interaction/${interaction.uid}`, policy: policy() },
    findAccount: async (_koa, sub, token) => {
      const user = await ctx.store.users.get(tenantId, sub);
      // A disabled or deleted user has no account: userinfo and refresh are refused at once.
      if (!user || user.status !== 'enabled') return undefined;
      const grantId = (token as { grantId?: string } | undefined)?.grantId;
      return {
        accountId: sub,
        claims: async () => {
          const context = grantId ? await loadGrantContext(ctx, tenantId, grantId) : undefined;
          const device = context?.deviceId ? activeDeviceOf(await ctx.store.devices.get(tenantId, context.deviceId)) : null;
          // `verity_sid`: the Verity session of this grant, the id revocations name (see oidc-sessions.ts).
          return { sub, name: user.displayName, preferred_username: user.userPrincipalName, email: user.userPrincipalName, ...(grantId ? { verity_sid: grantId } : {}), ...deviceClaimsOf(device) };
        },
      };
    },
    // Opaque access tokens carry the device and how the user signed in; introspection returns them (the gateway reads them there).
    extraTokenClaims: async (_koa, token) => {
      const grantId = (token as { grantId?: string }).grantId;
      const context = grantId ? await loadGrantContext(ctx, tenantId, grantId) : undefined;
      if (!context) return undefined;
      const device = context.deviceId ? activeDeviceOf(await ctx.store.devices.get(tenantId, context.deviceId)) : null;
      return { amr: context.amr, acr: context.acr, ...deviceClaimsOf(device) };
    },
    renderError: async (koa, out) => {
      koa.type = 'html';
      koa.body = page('Sign-in error', `<p><strong>{{${String(out.error)}}}</strong></p><p>{{${String(out.error_description ?? '')}}}</p>`);
    },
  };
}

export interface ProviderRegistry {
  /** The tenant's provider (built on first use, rebuilt after a key rotation or a minute), or undefined for an unknown tenant. */
  get(tenantId: string): Promise<Provider | undefined>;
  /** Forget a tenant's provider (its keys changed). */
  invalidate(tenantId: string): void;
}

/**
 * One oidc-provider instance per tenant, issuer `<public URL>/oidc/<tenant id>`: each tenant has its
 * own keys, clients, sessions and tokens, and nothing of one tenant is reachable from another's issuer.
 */
export function providerRegistry(ctx: ServerContext, publicUrl: () => string): ProviderRegistry {
  const cache = new Map<string, { provider: Promise<Provider | undefined>; builtAt: number }>();
  return {
    invalidate: (tenantId) => void cache.delete(tenantId),
    get(tenantId) {
      const hit = cache.get(tenantId);
      if (hit && Date.now() - hit.builtAt < PROVIDER_MAX_AGE_MS) return hit.provider;
      const provider = (async () => {
        if (!(await ctx.store.tenants.get(tenantId))) return undefined;
        const issuer = issuerOf(publicUrl(), tenantId);
        const p = new Provider(issuer, await configuration(ctx, tenantId, new URL(issuer).pathname));
        p.on('server_error', (_koa: KoaContextWithOIDC, err: Error) => ctx.log.error({ err, tenantId }, 'oidc provider error'));
        return p;
      })();
      cache.set(tenantId, { provider, builtAt: Date.now() });
      provider.catch(() => cache.delete(tenantId));
      return provider;
    },
  };
}
