import type { ServerContext } from '../context.js';
import type { AnyRoute } from '../http/route.js';
import { identitySettingsRoutes } from './settings/settings-routes.js';
import { signInRoutes } from './sign-in/sign-in-routes.js';
import { securityRoutes } from './account/security-routes.js';

/** Every route of the identity provider that runs through Verity's route machinery (problem+json). */
export function identityRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  return [...identitySettingsRoutes(ctx), ...signInRoutes(ctx, publicUrl), ...securityRoutes(ctx, publicUrl)];
}
