import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AdapterPayload } from 'oidc-provider';
import { VerityError } from '@verity/core';
import type { OidcClientRecord } from '@verity/store';
import type { ServerContext } from '../../context.js';
import { defineRoute, type AnyRoute } from '../../http/route.js';
import { displayName, idParams } from '../../shared/wire.js';
import { notFound } from '../../shared/not-found.js';
import { recordAudit } from '../../audit/audit-record.js';
import { IDENTITY_ERRORS } from '../identity-errors.js';
import { rotateSigningKey } from './signing-keys.js';

/** What a client secret is sealed to (its tenant and client), so a sealed secret cannot be moved to another client. */
export const secretAad = (tenantId: string, clientId: string) => `oidc-client-secret:${tenantId}:${clientId}`;

/** A new confidential client secret. */
export const newClientSecret = () => `vcs_${randomBytes(32).toString('base64url')}`;

/** Where a gateway receives the provider's answer, on the host of the app the user is on. */
export const GATEWAY_CALLBACK_PATH = '/.verity/callback';
/** Where the provider sends a user back after signing out of Verity from a gateway (RP-initiated logout). */
export const GATEWAY_SIGNED_OUT_PATH = '/.verity/signed-out';

/** How a gateway's client is told apart (metadata): the credential it belongs to, and the ports users reach it on. */
export interface GatewayClientMetadata { tokenId: string; ports: number[] }

/**
 * The redirect URIs of a gateway's client, derived rather than registered: `path` (the callback, or
 * the page after signing out) on every host of an enabled published app, on each port the gateway is
 * reached on. Publishing an app makes its host a sign-in origin; nothing else can be (exact matching
 * stays oidc-provider's).
 */
async function gatewayRedirectUris(ctx: ServerContext, tenantId: string, gateway: GatewayClientMetadata, path: string): Promise<string[]> {
  const hosts = new Set<string>();
  for (const app of await ctx.store.gatewayApps.list(tenantId, { limit: 500 })) if (app.enabled) for (const h of app.hosts) hosts.add(h);
  const out: string[] = [];
  for (const host of hosts) for (const port of gateway.ports) out.push(`https://${host}${port === 443 ? '' : `:${port}`}${path}`);
  return out;
}

/**
 * Redirect URIs: https anywhere, or http on a loopback address for native apps (RFC 8252 §7.3);
 * no fragment (RFC 6749 §3.1.2). Exact-match comparison is oidc-provider's.
 */
const redirectUri = z.string().max(2048).refine((value) => {
  let u: URL;
  try { u = new URL(value); } catch { return false; }
  if (u.hash) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]');
}, 'expected an https:// URI, or http:// on a loopback address, without a fragment');

const appId = z.string().min(1).max(256).regex(/^[A-Za-z0-9_.:-]+$/, 'expected an app id (letters, digits, _ . : -)');

const clientBody = z.strictObject({
  displayName,
  /** The app id conditional access policies target (`includeApplications`); defaults to the client id. */
  appId: appId.optional(),
  redirectUris: z.array(redirectUri).min(1).max(20),
  postLogoutRedirectUris: z.array(redirectUri).max(20).default([]),
  /** A public client (SPA, native app) has no secret and must use PKCE; a confidential one authenticates with client_secret_basic. */
  public: z.boolean().default(false),
});
const patchBody = clientBody.omit({ public: true }).partial().strict();

/** oidc-provider client metadata of a registered client (the secret unsealed), or undefined. */
export async function clientMetadataOf(ctx: ServerContext, tenantId: string, clientId: string): Promise<AdapterPayload | undefined> {
  const c = await ctx.store.oidc.getClient(tenantId, clientId);
  if (!c) return undefined;
  const m = c.metadata as { redirectUris: string[]; postLogoutRedirectUris: string[]; public: boolean; gateway?: GatewayClientMetadata };
  const redirectUris = m.gateway ? await gatewayRedirectUris(ctx, tenantId, m.gateway, GATEWAY_CALLBACK_PATH) : m.redirectUris;
  const postLogoutRedirectUris = m.gateway ? await gatewayRedirectUris(ctx, tenantId, m.gateway, GATEWAY_SIGNED_OUT_PATH) : m.postLogoutRedirectUris;
  // A gateway with no app published yet has nowhere to sign anyone in to.
  if (redirectUris.length === 0) return undefined;
  return {
    client_id: c.id, client_name: c.displayName, redirect_uris: redirectUris, post_logout_redirect_uris: postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], id_token_signed_response_alg: 'ES256',
    ...(m.public || !c.sealedSecret
      // A public client: an SPA (https redirects) is a `web` client, an app on a loopback redirect a `native` one (RFC 8252).
      ? { token_endpoint_auth_method: 'none', application_type: m.redirectUris.every((u) => u.startsWith('https:')) ? 'web' as const : 'native' as const }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: ctx.secretBox.open(c.sealedSecret, secretAad(tenantId, c.id)).toString('utf8') }),
  } as AdapterPayload;
}

/** The Verity app id a client's sign-ins are decided for. */
export async function appIdOfClient(ctx: ServerContext, tenantId: string, clientId: string): Promise<string> {
  return (await ctx.store.oidc.getClient(tenantId, clientId))?.appId ?? clientId;
}

/** The issuer URL of a tenant's provider. */
export function issuerOf(publicUrl: string, tenantId: string): string {
  return `${new URL(publicUrl).origin}/oidc/${tenantId}`;
}

function view(c: OidcClientRecord, issuer: string) {
  const m = c.metadata as { redirectUris: string[]; postLogoutRedirectUris: string[]; public: boolean };
  return {
    clientId: c.id, displayName: c.displayName, appId: c.appId, redirectUris: m.redirectUris, postLogoutRedirectUris: m.postLogoutRedirectUris,
    public: m.public, issuer, discoveryUrl: `${issuer}/.well-known/openid-configuration`, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

function invalid(message: string, path: string): VerityError {
  return new VerityError(IDENTITY_ERRORS.clientInvalid, message, { status: 400, details: [{ path, message }] });
}

/** Client registration by admins (`/api/v1/oidc-clients`) and signing-key rotation. */
export function oidcClientRoutes(ctx: ServerContext, publicUrl: () => string, onKeysRotated: (tenantId: string) => void): AnyRoute[] {
  const tag = 'oidc';
  const read = { kind: 'admin', permission: 'tenant.read' } as const;
  const manage = { kind: 'admin', permission: 'tenant.manage' } as const;
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/oidc-clients', auth: read, tag, summary: 'List OpenID Connect clients.',
      handler: async ({ principal }) => ({ items: (await ctx.store.oidc.listClients(principal.tenantId, { limit: 500 })).map((c) => view(c, issuerOf(publicUrl(), principal.tenantId))) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/oidc-clients', auth: manage, tag, successStatus: 201,
      summary: 'Register an OpenID Connect client (code flow with PKCE, refresh tokens); the secret of a confidential client is shown once.',
      body: clientBody,
      handler: async ({ principal, body }) => {
        const clientId = ctx.newId();
        const secret = body.public ? null : newClientSecret();
        const now = ctx.now();
        const c = await ctx.store.transaction(async (tx) => {
          const created = await tx.oidc.createClient(principal.tenantId, {
            id: clientId, displayName: body.displayName, appId: body.appId ?? clientId,
            metadata: { redirectUris: body.redirectUris, postLogoutRedirectUris: body.postLogoutRedirectUris, public: body.public },
            sealedSecret: secret ? ctx.secretBox.seal(secret, secretAad(principal.tenantId, clientId)) : null,
          });
          await recordAudit(tx, principal.tenantId, principal, { action: 'oidc-client.create', targetType: 'oidcClient', targetId: clientId, details: { displayName: body.displayName, appId: created.appId, public: body.public, redirectUris: body.redirectUris } }, now);
          return created;
        });
        return { ...view(c, issuerOf(publicUrl(), principal.tenantId)), ...(secret ? { clientSecret: secret } : {}) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/oidc-clients/:id', auth: read, tag, summary: 'Show an OpenID Connect client (never its secret).',
      params: idParams,
      handler: async ({ principal, params }) => {
        const c = await ctx.store.oidc.getClient(principal.tenantId, params.id);
        if (!c) throw notFound('oidc client', params.id);
        return view(c, issuerOf(publicUrl(), principal.tenantId));
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/oidc-clients/:id', auth: manage, tag, summary: 'Change a client\'s name, app id or redirect URIs.',
      params: idParams, body: patchBody,
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        const c = await ctx.store.transaction(async (tx) => {
          const existing = await tx.oidc.getClient(principal.tenantId, params.id);
          if (!existing) throw notFound('oidc client', params.id);
          const m = existing.metadata as Record<string, unknown>;
          const updated = await tx.oidc.updateClient(principal.tenantId, params.id, {
            ...(body.displayName ? { displayName: body.displayName } : {}), ...(body.appId ? { appId: body.appId } : {}),
            metadata: { ...m, ...(body.redirectUris ? { redirectUris: body.redirectUris } : {}), ...(body.postLogoutRedirectUris ? { postLogoutRedirectUris: body.postLogoutRedirectUris } : {}) },
          });
          if (!updated) throw invalid('The client changed concurrently.', '$');
          await recordAudit(tx, principal.tenantId, principal, { action: 'oidc-client.update', targetType: 'oidcClient', targetId: params.id, details: { fields: Object.keys(body) } }, now);
          return updated;
        });
        return view(c, issuerOf(publicUrl(), principal.tenantId));
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/oidc-clients/:id/secret', auth: manage, tag, summary: 'Replace a confidential client\'s secret; the new one is shown once.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        const secret = newClientSecret();
        await ctx.store.transaction(async (tx) => {
          const existing = await tx.oidc.getClient(principal.tenantId, params.id);
          if (!existing) throw notFound('oidc client', params.id);
          if ((existing.metadata as { public?: boolean }).public) throw invalid('A public client has no secret.', '$params.id');
          await tx.oidc.updateClient(principal.tenantId, params.id, { sealedSecret: ctx.secretBox.seal(secret, secretAad(principal.tenantId, params.id)) });
          await recordAudit(tx, principal.tenantId, principal, { action: 'oidc-client.secret.rotate', targetType: 'oidcClient', targetId: params.id }, now);
        });
        return { clientId: params.id, clientSecret: secret };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/oidc-clients/:id', auth: manage, tag, summary: 'Delete a client; its tokens stop working.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.oidc.deleteClient(principal.tenantId, params.id))) throw notFound('oidc client', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'oidc-client.delete', targetType: 'oidcClient', targetId: params.id }, now);
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/oidc/signing-keys', auth: read, tag, summary: 'The tenant\'s token signing keys (public parts) and their state.',
      handler: async ({ principal }) => ({ items: (await ctx.store.oidc.signingKeys(principal.tenantId)).map((k) => ({ kid: k.kid, alg: k.alg, status: k.status, createdAt: k.createdAt, retiredAt: k.retiredAt, publicJwk: k.publicJwk })) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/oidc/signing-keys/rotate', auth: manage, tag,
      summary: 'Rotate the token signing key: a new key signs from now on; the previous one stays published for a day so issued tokens still verify.',
      handler: async ({ principal }) => {
        const kid = await rotateSigningKey(ctx, principal.tenantId);
        await ctx.store.transaction((tx) => recordAudit(tx, principal.tenantId, principal, { action: 'oidc.signing-key.rotate', targetType: 'tenant', targetId: principal.tenantId, details: { kid } }, ctx.now()));
        onKeysRotated(principal.tenantId);
        return { kid };
      },
    }),
  ];
}
