import type { OidcClientRecord, Store } from '@verity/store';
import type { ServerContext } from '../../context.js';
import type { AdminPrincipal } from '../../auth/principal.js';
import { recordAudit } from '../../audit/audit-record.js';
import { VERITY_APPS } from '../../access/decide-sign-in.js';
import { newClientSecret, secretAad, type GatewayClientMetadata } from './oidc-clients.js';

/**
 * The identity-aware gateway is a confidential OpenID Connect client of its tenant: one client per
 * gateway credential (API token with the `gateway` role), registered by the control plane when the
 * credential is created. Its redirect URIs are derived from the published apps (see
 * `clientMetadataOf`); and it may name the app a user is on (`verity_app_id`) so that conditional
 * access decides the sign-in, and steps it up, for that app.
 */

/** The client id of a gateway credential's client. */
export const gatewayClientIdOf = (tokenId: string) => `gateway-${tokenId}`;

/** Gateways behind one credential listen on at most this many distinct ports. */
const MAX_PORTS = 10;

function gatewayMetadataOf(c: OidcClientRecord | undefined): GatewayClientMetadata | undefined {
  return (c?.metadata as { gateway?: GatewayClientMetadata } | undefined)?.gateway;
}

/** Register the client of a gateway credential (inside the caller's transaction, audited); an existing one is kept. */
export async function registerGatewayClient(ctx: ServerContext, tx: Store, principal: AdminPrincipal, token: { id: string; name: string }): Promise<OidcClientRecord> {
  const tenantId = principal.tenantId;
  const id = gatewayClientIdOf(token.id);
  const existing = await tx.oidc.getClient(tenantId, id);
  if (existing) return existing;
  const gateway: GatewayClientMetadata = { tokenId: token.id, ports: [] };
  const created = await tx.oidc.createClient(tenantId, {
    id, displayName: `Gateway ${token.name}`.slice(0, 256), appId: VERITY_APPS.gateway,
    metadata: { redirectUris: [], postLogoutRedirectUris: [], public: false, gateway },
    sealedSecret: ctx.secretBox.seal(newClientSecret(), secretAad(tenantId, id)),
  });
  await recordAudit(tx, tenantId, principal, { action: 'oidc-client.create', targetType: 'oidcClient', targetId: id, details: { displayName: created.displayName, appId: created.appId, gatewayToken: token.id } }, ctx.now());
  return created;
}

/** Remove a gateway credential's client (the credential was revoked): its tokens stop working. */
export async function removeGatewayClient(tx: Store, tenantId: string, tokenId: string): Promise<boolean> {
  return tx.oidc.deleteClient(tenantId, gatewayClientIdOf(tokenId));
}

/**
 * The gateway's client as the gateway needs it (issuer, id, secret), after recording the ports it
 * is reached on. A credential older than its client gets one now.
 */
export async function gatewayClientFor(ctx: ServerContext, principal: AdminPrincipal, tokenName: string, ports: readonly number[]): Promise<{ clientId: string; clientSecret: string }> {
  const tenantId = principal.tenantId;
  const client = await ctx.store.transaction(async (tx) => {
    const c = await registerGatewayClient(ctx, tx, principal, { id: principal.actorId, name: tokenName });
    const gateway = gatewayMetadataOf(c) ?? { tokenId: principal.actorId, ports: [] };
    const added = ports.filter((p) => !gateway.ports.includes(p));
    if (added.length === 0) return c;
    // The newest ports win when there are too many (a gateway moved); each is one origin users may be sent back to.
    const next = { ...gateway, ports: [...gateway.ports, ...added].slice(-MAX_PORTS) };
    const updated = await tx.oidc.updateClient(tenantId, c.id, { metadata: { ...(c.metadata as Record<string, unknown>), gateway: next } });
    await recordAudit(tx, tenantId, principal, { action: 'oidc-client.update', targetType: 'oidcClient', targetId: c.id, details: { gatewayPorts: next.ports } }, ctx.now());
    return updated ?? c;
  });
  if (!client.sealedSecret) throw new Error(`gateway client ${client.id} has no secret`);
  return { clientId: client.id, clientSecret: ctx.secretBox.open(client.sealedSecret, secretAad(tenantId, client.id)).toString('utf8') };
}

/**
 * The app conditional access decides an authorization for: the client's app id, or for a gateway
 * the published app it names in `verity_app_id` (its display name is shown on the sign-in page).
 * Anyone else naming an app, or a gateway naming one that is not published, is refused.
 */
export async function appIdForAuthorization(ctx: ServerContext, tenantId: string, clientId: string, named: unknown): Promise<{ appId: string; displayName?: string } | { refused: string }> {
  const client = await ctx.store.oidc.getClient(tenantId, clientId);
  const appId = client?.appId ?? clientId;
  if (named === undefined || named === '') return { appId };
  if (!gatewayMetadataOf(client)) return { refused: 'verity_app_id is accepted from gateways only.' };
  const app = typeof named === 'string' ? (await ctx.store.gatewayApps.list(tenantId, { limit: 500 })).find((a) => a.enabled && a.appId === named) : undefined;
  if (!app) return { refused: `No published app has the app id ${String(named).slice(0, 256)}.` };
  return { appId: app.appId, displayName: app.displayName };
}
