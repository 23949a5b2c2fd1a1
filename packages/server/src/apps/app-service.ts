import { VerityError } from '@verity/core';
import type { GatewayAppRecord, NewGatewayApp, Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { notFound } from '../shared/not-found.js';
import type { CreateApp, UpdateApp } from './app-schemas.js';

/** Event published after an app is created, changed or deleted (the gateway snapshot feed listens). */
export const APP_CHANGED = 'app.changed';

/** An app as the API shows it. */
export function appView(a: GatewayAppRecord) {
  return { id: a.id, displayName: a.displayName, appId: a.appId, hosts: a.hosts, pathPrefix: a.pathPrefix, upstreamUrl: a.upstreamUrl, enabled: a.enabled, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

/** Two enabled apps may not claim the same host and path prefix: the gateway could not tell which one a request is for. */
async function checkRouteFree(tx: Store, tenantId: string, app: Omit<NewGatewayApp, 'id'>, selfId: string | null): Promise<void> {
  if (!app.enabled) return;
  const clash = (await tx.gatewayApps.list(tenantId, { limit: 500 })).find((o) => o.id !== selfId && o.enabled && o.pathPrefix === app.pathPrefix && o.hosts.some((h) => app.hosts.includes(h)));
  if (clash) {
    const host = clash.hosts.find((h) => app.hosts.includes(h))!;
    throw new VerityError('VERITY_APP_ROUTE_CONFLICT', `App "${clash.displayName}" (${clash.id}) already routes ${host}${app.pathPrefix}.`, {
      status: 409, details: [{ path: '$.hosts', message: `${host}${app.pathPrefix} is taken by app ${clash.id}` }],
    });
  }
}

/** Apps behind the gateway: create, change, delete, each audited and announced to the gateways. */
export function appService(ctx: ServerContext) {
  const announce = (tenantId: string, appId: string, at: Date) => ctx.events.publish({ topic: APP_CHANGED, tenantId, payload: { appId }, at: at.toISOString() });
  return {
    /** Create an app route. */
    async create(principal: AdminPrincipal, body: CreateApp): Promise<GatewayAppRecord> {
      const now = ctx.now();
      const app = await ctx.store.transaction(async (tx) => {
        await checkRouteFree(tx, principal.tenantId, body, null);
        const created = await tx.gatewayApps.create(principal.tenantId, { id: ctx.newId(), ...body });
        await recordAudit(tx, principal.tenantId, principal, { action: 'app.create', targetType: 'app', targetId: created.id, details: { displayName: body.displayName, appId: body.appId, hosts: body.hosts, pathPrefix: body.pathPrefix, upstreamUrl: body.upstreamUrl } }, now);
        return created;
      });
      announce(principal.tenantId, app.id, now);
      return app;
    },
    /** Change part of an app. */
    async update(principal: AdminPrincipal, id: string, body: UpdateApp): Promise<GatewayAppRecord> {
      const now = ctx.now();
      const app = await ctx.store.transaction(async (tx) => {
        const existing = await tx.gatewayApps.get(principal.tenantId, id);
        if (!existing) throw notFound('app', id);
        const { id: _id, tenantId: _t, createdAt: _c, updatedAt: _u, ...current } = existing;
        await checkRouteFree(tx, principal.tenantId, { ...current, ...body }, id);
        const updated = await tx.gatewayApps.update(principal.tenantId, id, body);
        if (!updated) throw notFound('app', id);
        await recordAudit(tx, principal.tenantId, principal, { action: 'app.update', targetType: 'app', targetId: id, details: { fields: Object.keys(body) } }, now);
        return updated;
      });
      announce(principal.tenantId, app.id, now);
      return app;
    },
    /** Delete an app: the gateways stop routing it. */
    async delete(principal: AdminPrincipal, id: string): Promise<void> {
      const now = ctx.now();
      await ctx.store.transaction(async (tx) => {
        if (!(await tx.gatewayApps.delete(principal.tenantId, id))) throw notFound('app', id);
        await recordAudit(tx, principal.tenantId, principal, { action: 'app.delete', targetType: 'app', targetId: id }, now);
      });
      announce(principal.tenantId, id, now);
    },
  };
}
