import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { recordAudit } from '../audit/audit-record.js';
import { hashBearerSecret, newBearerSecret } from '../auth/secrets.js';
import { createProfileBody, enrollBody, registerBody } from './enrollment-schemas.js';
import { enrollCorporateDevice, registerPersonalDevice } from './enrollment-service.js';
import { VerityError } from '@verity/core';

function profileView(p: { id: string; name: string; groupTag: string | null; targetGroupIds: string[]; ownership: string; expiresAt: string; maxUses: number | null; uses: number; revokedAt: string | null; createdAt: string }) {
  return { id: p.id, name: p.name, groupTag: p.groupTag, targetGroupIds: p.targetGroupIds, ownership: p.ownership, expiresAt: p.expiresAt, maxUses: p.maxUses, uses: p.uses, revokedAt: p.revokedAt, createdAt: p.createdAt };
}

/** Enrollment profiles (admin) and the two enrollment paths (device). */
export function enrollmentRoutes(ctx: ServerContext, publicUrl: () => string): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/enrollment-profiles', auth: { kind: 'admin', permission: 'enrollment.read' }, tag: 'enrollment', summary: 'List enrollment profiles.',
      handler: async ({ principal }) => ({ items: (await ctx.store.enrollmentProfiles.list(principal.tenantId)).map(profileView) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/enrollment-profiles', auth: { kind: 'admin', permission: 'enrollment.manage' }, tag: 'enrollment',
      summary: 'Create a corporate enrollment profile; returns its token (shown once) and the agent command line.',
      body: createProfileBody, successStatus: 201,
      handler: async ({ principal, body }) => {
        const now = ctx.now();
        const expiresAt = body.expiresAt ? new Date(body.expiresAt) : new Date(now.getTime() + body.expiresInHours * 3600_000);
        if (expiresAt <= now) throw new VerityError('VERITY_REQUEST_INVALID', 'expiresAt is in the past.', { details: [{ path: '$.expiresAt', message: 'must be in the future' }] });
        const token = newBearerSecret('vre');
        const profile = await ctx.store.transaction(async (tx) => {
          for (const [i, groupId] of body.targetGroupIds.entries()) {
            const g = await tx.groups.get(principal.tenantId, groupId);
            if (!g || g.memberKind !== 'device' || g.membershipType !== 'static') {
              throw new VerityError('VERITY_REQUEST_INVALID', `Target group ${groupId} is not a static device group of this tenant.`, { details: [{ path: `$.targetGroupIds[${i}]`, message: 'not a static device group' }] });
            }
          }
          const p = await tx.enrollmentProfiles.create(principal.tenantId, {
            id: ctx.newId(), name: body.name, groupTag: body.groupTag ?? null, targetGroupIds: body.targetGroupIds, tokenHash: hashBearerSecret(token),
            expiresAt: expiresAt.toISOString(), maxUses: body.maxUses, scopeTags: body.scopeTags, createdBy: principal.actorId,
          });
          await recordAudit(tx, principal.tenantId, principal, { action: 'enrollmentProfile.create', targetType: 'enrollmentProfile', targetId: p.id, details: { name: body.name, maxUses: body.maxUses, expiresAt: p.expiresAt } }, now);
          return p;
        });
        const agentCommand = `npm run agent -- enroll --server ${publicUrl()} --token ${token} --ca-fingerprint ${ctx.deviceCa.fingerprint256}`;
        return { ...profileView(profile), token, caFingerprint256: ctx.deviceCa.fingerprint256, agentCommand };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/enrollment-profiles/:id', auth: { kind: 'admin', permission: 'enrollment.manage' }, tag: 'enrollment', summary: 'Revoke an enrollment profile\'s token.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.enrollmentProfiles.revoke(principal.tenantId, params.id, now.toISOString()))) throw notFound('enrollment profile', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'enrollmentProfile.revoke', targetType: 'enrollmentProfile', targetId: params.id }, now);
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/enroll', auth: { kind: 'public' }, tag: 'devices', summary: 'Corporate join: enroll a device with a profile token and a CSR.',
      body: enrollBody, bodyLimit: 64 * 1024, rateLimitPerMinute: ctx.config.enrollRateLimitPerMinute, successStatus: 201,
      handler: async ({ body }) => enrollCorporateDevice(ctx, body),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/register', auth: { kind: 'public' }, tag: 'devices', summary: 'Personal register: a user registers their own device with their credentials and a CSR.',
      body: registerBody, bodyLimit: 64 * 1024, rateLimitPerMinute: ctx.config.enrollRateLimitPerMinute, successStatus: 201,
      handler: async ({ body, ip }) => registerPersonalDevice(ctx, body, ip),
    }),
  ];
}
