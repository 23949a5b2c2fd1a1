import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { createAppSchema, updateAppSchema } from './app-schemas.js';
import { appService, appView } from './app-service.js';

/** `/api/v1/apps`: the upstream apps the identity-aware gateway protects, with their routes. */
export function appRoutes(ctx: ServerContext): AnyRoute[] {
  const service = appService(ctx);
  const read = { kind: 'admin', permission: 'apps.read' } as const;
  const manage = { kind: 'admin', permission: 'apps.manage' } as const;
  const tag = 'apps';
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/apps', auth: read, tag, summary: 'List the apps behind the gateway.',
      handler: async ({ principal }) => ({ items: (await ctx.store.gatewayApps.list(principal.tenantId, { limit: 500 })).map(appView) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps', auth: manage, tag, summary: 'Put an app behind the gateway: hosts and path prefix, upstream URL, the app id policies name.',
      body: createAppSchema, successStatus: 201,
      handler: async ({ principal, body }) => appView(await service.create(principal, body)),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:id', auth: read, tag, summary: 'Show an app.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const app = await ctx.store.gatewayApps.get(principal.tenantId, params.id);
        if (!app) throw notFound('app', params.id);
        return appView(app);
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/apps/:id', auth: manage, tag, summary: 'Change an app (routes, upstream, app id, enabled).',
      params: idParams, body: updateAppSchema,
      handler: async ({ principal, params, body }) => appView(await service.update(principal, params.id, body)),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/apps/:id', auth: manage, tag, summary: 'Remove an app from the gateway.',
      params: idParams,
      handler: async ({ principal, params }) => { await service.delete(principal, params.id); return undefined; },
    }),
  ];
}
