import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { parseCsr } from '../device-ca/index.js';
import { recordAudit } from '../audit/audit-record.js';
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
      method: 'POST', url: '/api/v1/device/renew', auth: { kind: 'device' }, tag: 'devices', summary: 'Renew the device certificate with a new key pair.',
      body: renewBody, bodyLimit: 64 * 1024, rateLimitPerMinute: 10,
      handler: async ({ principal, body }) => {
        await parseCsr(body.csr);
        const now = ctx.now();
        const issued = await ctx.deviceCa.issueDeviceCertificate({ csrPem: body.csr, tenantId: principal.tenantId, deviceId: principal.deviceId, now, validityDays: ctx.config.deviceCertValidityDays });
        await ctx.store.transaction(async (tx) => {
          const serial = issued.serialNumber.toUpperCase();
          await tx.certificates.add(principal.tenantId, { serial, deviceId: principal.deviceId, fingerprint256: issued.fingerprint256, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString(), issuedAt: now.toISOString(), certPem: issued.certPem });
          await tx.certificates.supersedeOthers(principal.tenantId, principal.deviceId, serial);
          await recordAudit(tx, principal.tenantId, principal, { action: 'device.certificate.renew', targetType: 'device', targetId: principal.deviceId, details: { previousSerial: principal.certificateSerial, serial: issued.serialNumber } }, now);
        });
        return { certificate: issued.certPem, caCertificate: ctx.deviceCa.certPem };
      },
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
