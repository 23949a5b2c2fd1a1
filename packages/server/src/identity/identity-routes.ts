import type { FastifyInstance } from 'fastify';

/** Any Fastify server (HTTPS or plain, any logger): the mounts only add routes and hooks. */
export type AnyFastify = FastifyInstance<any, any, any, any, any>;
import type { ServerContext } from '../context.js';
import type { AnyRoute } from '../http/route.js';
import { identitySettingsRoutes } from './settings/settings-routes.js';
import { signInRoutes } from './sign-in/sign-in-routes.js';
import { securityRoutes } from './account/security-routes.js';
import { identityUiRoutes } from './ui/ui-routes.js';
import { providerRegistry } from './oidc/oidc-provider-registry.js';
import { oidcClientRoutes } from './oidc/oidc-clients.js';
import { interactionRoutes } from './oidc/interaction-routes.js';
import { mountOidcProviders } from './oidc/oidc-mount.js';
import { scimRoutes, mountScim } from './scim/scim-mount.js';
import { startIdentityRetention } from './identity-retention.js';

/** Verity's identity provider: its routes (Verity's route machinery, problem+json) and the protocol mounts (OIDC, SCIM). */
export interface IdentityProvider {
  readonly routes: AnyRoute[];
  /** Mount the OIDC providers and SCIM on the server (after `buildApp`, before `listen`). */
  mount(app: AnyFastify): void;
  /** Start background upkeep (hourly pruning of expired identity state); returns its stop. */
  start(): { stop(): void };
}

/** Build the identity provider of this server. */
export function createIdentityProvider(ctx: ServerContext, publicUrl: () => string): IdentityProvider {
  const registry = providerRegistry(ctx, publicUrl);
  ctx.events.subscribe('identity.oidc.keys.rotated', (event) => registry.invalidate(event.tenantId));
  const routes = [
    ...identitySettingsRoutes(ctx), ...signInRoutes(ctx, publicUrl), ...securityRoutes(ctx, publicUrl), ...identityUiRoutes(ctx),
    ...oidcClientRoutes(ctx, publicUrl, (tenantId) => {
      registry.invalidate(tenantId);
      ctx.events.publish({ topic: 'identity.oidc.keys.rotated', tenantId, payload: {}, at: ctx.now().toISOString() });
    }),
    ...interactionRoutes(ctx, registry, publicUrl),
    ...scimRoutes(ctx),
  ];
  return {
    routes,
    mount(app) {
      mountOidcProviders(app, ctx, registry);
      mountScim(app, ctx);
    },
    start: () => startIdentityRetention(ctx),
  };
}
