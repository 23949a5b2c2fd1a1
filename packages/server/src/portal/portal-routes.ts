import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { notFound } from '../shared/not-found.js';
import { recordAudit } from '../audit/audit-record.js';
import { vapidKeys } from '../notifications/web-push-sender.js';
import { portalDeviceView } from './portal-device-view.js';
import type { DeviceComplianceView } from '../compliance/compliance-compute.js';
import { assertPushEndpoint } from '../notifications/push-endpoints.js';

/** RFC 8291 subscription as the browser's PushSubscription.toJSON() gives it; push services are HTTPS. */
const pushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: z.string().min(16).max(256).regex(/^[A-Za-z0-9_-]+=*$/), auth: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+=*$/) }).strict(),
}).strict();

/** The end-user portal's API (the page is the console's /portal): the signed-in user's devices with remediation, Web Push subscriptions. */
export function portalRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/me/devices', auth: { kind: 'user' }, tag: 'portal', summary: 'The signed-in user\'s devices with compliance and how to fix each failing setting.',
      handler: async ({ principal }) => {
        const user = await ctx.store.users.get(principal.tenantId, principal.userId);
        if (!user) throw notFound('user', principal.userId);
        const page = await ctx.store.devices.list(principal.tenantId, { primaryUserId: principal.userId, limit: 100 });
        const now = ctx.now();
        const items = await Promise.all(page.items.map(async (d) => {
          const compliance = (await ctx.compliance.deviceStatus(principal.tenantId, d.id)) as DeviceComplianceView;
          return {
            id: d.id, displayName: d.displayName, platform: d.platform, osName: d.osName, osVersion: d.osVersion, status: d.status, lastCheckinAt: d.lastCheckinAt,
            compliance, view: portalDeviceView(d, compliance, now),
          };
        }));
        return { user: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName }, items };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/push/vapid-public-key', auth: { kind: 'public' }, tag: 'portal', summary: 'The VAPID public key browsers subscribe with (RFC 8292).',
      handler: async () => ({ publicKey: (await vapidKeys(ctx)).publicKey }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/me/push-subscriptions', auth: { kind: 'user' }, tag: 'portal', summary: 'Subscribe this browser to Web Push noncompliance notifications.',
      body: pushSubscriptionBody, successStatus: 201, rateLimitPerMinute: 30,
      handler: async ({ principal, body }) => {
        assertPushEndpoint(body.endpoint, ctx.config.pushServiceHosts);
        const now = ctx.now();
        const sub = await ctx.store.transaction(async (tx) => {
          const s = await tx.pushSubscriptions.save(principal.tenantId, { userId: principal.userId, endpoint: body.endpoint, keys: body.keys });
          await recordAudit(tx, principal.tenantId, principal, { action: 'push.subscribe', targetType: 'user', targetId: principal.userId, details: { subscriptionId: s.id, origin: new URL(body.endpoint).origin } }, now);
          return s;
        });
        return { id: sub.id, createdAt: sub.createdAt };
      },
    }),
  ];
}
