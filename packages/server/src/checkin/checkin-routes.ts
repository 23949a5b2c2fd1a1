import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { renewDeviceCertificate } from './renewal.js';
import { notFound } from '../shared/not-found.js';
import { checkinBody, renewBody } from './checkin-schemas.js';
import { checkIn } from './checkin-service.js';

/** Device-facing routes, authenticated by the device certificate (mTLS). */
export function checkinRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/device/checkin', auth: { kind: 'device', accessRecheckedByHandler: true }, tag: 'devices', summary: 'Check in: send posture, receive commands.',
      body: checkinBody, jsonBodyText: true, bodyLimit: 256 * 1024, rateLimitPerMinute: ctx.config.checkinRateLimitPerMinute,
      handler: async ({ principal, bodyText }) => checkIn(ctx, principal, bodyText),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/device/renew', auth: { kind: 'device', accessRecheckedByHandler: true }, tag: 'devices', summary: 'Renew the device certificate with a new key pair (the old certificate is refused from then on).',
      body: renewBody, bodyLimit: 64 * 1024, rateLimitPerMinute: 10,
      handler: async ({ principal, body }) => renewDeviceCertificate(ctx, principal, body.csr),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/device/status', auth: { kind: 'device' }, tag: 'devices', summary: 'The device\'s own status and compliance, with remediation steps.',
      rateLimitPerMinute: ctx.config.checkinRateLimitPerMinute,
      handler: async ({ principal }) => {
        const device = await ctx.store.devices.get(principal.tenantId, principal.deviceId);
        if (!device) throw notFound('device', principal.deviceId);
        return {
          deviceId: device.id, tenantId: device.tenantId, status: device.status, complianceState: device.complianceState, lastCheckinAt: device.lastCheckinAt,
          certificate: { serial: principal.certificateSerial, notAfter: principal.certificateNotAfter.toISOString() },
          compliance: await ctx.compliance.deviceStatus(principal.tenantId, principal.deviceId),
        };
      },
    }),
  ];
}
