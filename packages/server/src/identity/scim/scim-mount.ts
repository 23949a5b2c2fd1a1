import type { AnyFastify } from '../identity-routes.js';
import type { ServerContext } from '../../context.js';
import type { AnyRoute } from '../../http/route.js';

/** SCIM token administration (problem+json routes). */
export function scimRoutes(_ctx: ServerContext): AnyRoute[] {
  return [];
}

/** Mount SCIM 2.0 under /scim/v2 with its own error shape. */
export function mountScim(_app: AnyFastify, _ctx: ServerContext): void {}
