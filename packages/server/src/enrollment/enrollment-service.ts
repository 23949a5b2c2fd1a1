import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { parseCsr } from '../device-ca/index.js';
import { hashBearerSecret } from '../auth/secrets.js';
import { recordAudit } from '../audit/audit-record.js';
import { refreshDeviceGroups } from '../groups/dynamic-membership.js';
import { assertTenantEnabled } from '../tenants/tenant-gate.js';
import { enforceDeviceRegistration } from './registration-access.js';
import { newSignIn, passwordStep, tenantIdFor } from '../identity/sign-in/sign-in-service.js';

/** The Entra user action a personal device registration is (what the sign-in log names it by). */
const REGISTER_DEVICE = 'urn:user:registerdevice';
import type { z } from 'zod';
import type { enrollBody, registerBody } from './enrollment-schemas.js';
import { announceReplaced, retireReplacedDevices } from './re-enrollment.js';

export interface EnrollmentResult {
  tenantId: string;
  deviceId: string;
  certificate: string;
  caCertificate: string;
  checkinIntervalSeconds: number;
  /** Earlier records of this machine the enrollment retired (re-enrollment); empty for a new machine. */
  replacedDeviceIds: string[];
}

/** The hardware identity of an enrollment body (absent identifiers are null). */
function hardwareOfBody(device: z.infer<typeof enrollBody>['device']) {
  return { productUuidHash: device.hardwareIdentity?.productUuidHash ?? null, machineIdHash: device.hardwareIdentity?.machineIdHash ?? null };
}

const TOKEN_ERRORS = {
  unknown: ['VERITY_ENROLLMENT_TOKEN_INVALID', 'The enrollment token is not known.'],
  revoked: ['VERITY_ENROLLMENT_TOKEN_INVALID', 'The enrollment token has been revoked.'],
  expired: ['VERITY_ENROLLMENT_TOKEN_EXPIRED', 'The enrollment token has expired; ask for a new one.'],
  exhausted: ['VERITY_ENROLLMENT_TOKEN_EXHAUSTED', 'The enrollment token has been used as many times as it allows.'],
} as const;

function tokenError(kind: keyof typeof TOKEN_ERRORS): VerityError {
  const [code, message] = TOKEN_ERRORS[kind];
  return new VerityError(code, message, { status: 401, details: [{ path: '$.enrollmentToken', message }] });
}

/**
 * Corporate join: an enrollment-profile token plus a CSR. The certificate is signed outside
 * the transaction (no crypto while holding the write lock); the token use, the device, its
 * certificate record, group membership and the audit entry are written together or not at all.
 */
export async function enrollCorporateDevice(ctx: ServerContext, body: z.infer<typeof enrollBody>): Promise<EnrollmentResult> {
  await parseCsr(body.csr);
  const tokenHash = hashBearerSecret(body.enrollmentToken);
  const now = ctx.now();
  const profile = await ctx.store.enrollmentProfiles.findByTokenHash(tokenHash);
  if (!profile) throw tokenError('unknown');
  const precheck = profileProblem(profile, now);
  if (precheck) throw tokenError(precheck);
  await assertTenantEnabled(ctx, profile.tenantId);

  const deviceId = ctx.newId();
  const tenantId = profile.tenantId;
  const issued = await ctx.deviceCa.issueDeviceCertificate({ csrPem: body.csr, tenantId, deviceId, now, validityDays: ctx.config.deviceCertValidityDays });
  const hardware = hardwareOfBody(body.device);
  const replacedDeviceIds = await ctx.store.transaction(async (tx) => {
    const consumed = await tx.enrollmentProfiles.consumeToken(tokenHash, now.toISOString());
    if ('error' in consumed) throw tokenError(consumed.error);
    await tx.devices.create(tenantId, {
      id: deviceId, displayName: body.device.hostname, hostname: body.device.hostname, platform: body.device.platform, ownership: 'corporate', joinType: 'joined',
      enrollmentProfileId: profile.id, groupTag: profile.groupTag, primaryUserId: null, osName: body.device.osName ?? null, osVersion: body.device.osVersion ?? null,
      model: body.device.model ?? null, manufacturer: body.device.manufacturer ?? null, serialNumber: body.device.serialNumber ?? null, scopeTags: profile.scopeTags, enrolledAt: now.toISOString(),
      hardwareProductUuidHash: hardware.productUuidHash, hardwareMachineIdHash: hardware.machineIdHash,
    });
    await tx.certificates.add(tenantId, { serial: issued.serialNumber.toUpperCase(), deviceId, fingerprint256: issued.fingerprint256, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString(), issuedAt: now.toISOString(), certPem: issued.certPem });
    for (const groupId of profile.targetGroupIds) {
      const group = await tx.groups.get(tenantId, groupId);
      if (group && group.memberKind === 'device' && group.membershipType === 'static') await tx.groups.addMembers(tenantId, groupId, [deviceId]);
    }
    await recordAudit(tx, tenantId, null, { action: 'device.enroll', targetType: 'device', targetId: deviceId, details: { joinType: 'joined', enrollmentProfileId: profile.id, hostname: body.device.hostname, certificateSerial: issued.serialNumber } }, now);
    return retireReplacedDevices(tx, { tenantId, newDeviceId: deviceId, ownership: 'corporate', primaryUserId: null, hardware, actor: null, now });
  });
  ctx.metrics.enrollments.inc({ join_type: 'joined' });
  announceReplaced(ctx, tenantId, replacedDeviceIds, deviceId, now);
  await afterEnrollment(ctx, tenantId, deviceId, now);
  return { tenantId, deviceId, certificate: issued.certPem, caCertificate: ctx.deviceCa.certPem, checkinIntervalSeconds: ctx.config.checkinIntervalSeconds, replacedDeviceIds };
}

/**
 * Personal register: the user's own credentials plus a CSR; the device is owned by that user.
 * Conditional access decides the registration (user action urn:user:registerdevice) before any
 * certificate is issued; a refusal is logged and nothing is written.
 */
export async function registerPersonalDevice(ctx: ServerContext, body: z.infer<typeof registerBody>, ip: string | null = null): Promise<EnrollmentResult> {
  await parseCsr(body.csr);
  // The password is checked by the identity provider's first step, as for every sign-in: the same
  // per-account back-off (VERITY_AUTH_THROTTLED), the same answer and work for an unknown tenant,
  // unknown user, wrong password or disabled account (VERITY_AUTH_INVALID_CREDENTIALS), logged.
  const signIn = newSignIn({ tenantId: await tenantIdFor(ctx, body.tenant), tenantInput: body.tenant, appId: REGISTER_DEVICE, flow: { kind: 'session', sessionKind: 'portal' }, ip, device: null });
  const proven = await passwordStep(ctx, null, signIn, body.username, body.password);
  const tenant = await ctx.store.tenants.get(proven.tenantId);
  const user = proven.userId ? await ctx.store.users.get(proven.tenantId, proven.userId) : undefined;
  if (!tenant || !user) throw new VerityError('VERITY_AUTH_INVALID_CREDENTIALS', 'The tenant, user name or password is wrong, or the account is disabled.', { status: 401 });
  await assertTenantEnabled(ctx, tenant.id);
  const signInId = await enforceDeviceRegistration(ctx, { tenantId: tenant.id, userId: user.id, ip, platform: body.device.platform });
  const now = ctx.now();
  const deviceId = ctx.newId();
  const issued = await ctx.deviceCa.issueDeviceCertificate({ csrPem: body.csr, tenantId: tenant.id, deviceId, now, validityDays: ctx.config.deviceCertValidityDays });
  const hardware = hardwareOfBody(body.device);
  const actor = { kind: 'user', tenantId: tenant.id, userId: user.id } as const;
  const replacedDeviceIds = await ctx.store.transaction(async (tx) => {
    await tx.devices.create(tenant.id, {
      id: deviceId, displayName: body.device.hostname, hostname: body.device.hostname, platform: body.device.platform, ownership: 'personal', joinType: 'registered',
      enrollmentProfileId: null, groupTag: null, primaryUserId: user.id, osName: body.device.osName ?? null, osVersion: body.device.osVersion ?? null,
      model: body.device.model ?? null, manufacturer: body.device.manufacturer ?? null, serialNumber: body.device.serialNumber ?? null, scopeTags: [], enrolledAt: now.toISOString(),
      hardwareProductUuidHash: hardware.productUuidHash, hardwareMachineIdHash: hardware.machineIdHash,
    });
    await tx.certificates.add(tenant.id, { serial: issued.serialNumber.toUpperCase(), deviceId, fingerprint256: issued.fingerprint256, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString(), issuedAt: now.toISOString(), certPem: issued.certPem });
    await recordAudit(tx, tenant.id, actor, { action: 'device.register', targetType: 'device', targetId: deviceId, details: { joinType: 'registered', hostname: body.device.hostname, certificateSerial: issued.serialNumber, signInId } }, now);
    return retireReplacedDevices(tx, { tenantId: tenant.id, newDeviceId: deviceId, ownership: 'personal', primaryUserId: user.id, hardware, actor, now });
  });
  ctx.metrics.enrollments.inc({ join_type: 'registered' });
  announceReplaced(ctx, tenant.id, replacedDeviceIds, deviceId, now);
  await afterEnrollment(ctx, tenant.id, deviceId, now);
  return { tenantId: tenant.id, deviceId, certificate: issued.certPem, caCertificate: ctx.deviceCa.certPem, checkinIntervalSeconds: ctx.config.checkinIntervalSeconds, replacedDeviceIds };
}

async function afterEnrollment(ctx: ServerContext, tenantId: string, deviceId: string, now: Date): Promise<void> {
  await refreshDeviceGroups(ctx, tenantId, deviceId);
  ctx.events.publish({ topic: 'device.enrolled', tenantId, payload: { deviceId }, at: now.toISOString() });
}

function profileProblem(p: { expiresAt: string; revokedAt: string | null; maxUses: number | null; uses: number }, now: Date): keyof typeof TOKEN_ERRORS | undefined {
  if (p.revokedAt) return 'revoked';
  if (p.expiresAt <= now.toISOString()) return 'expired';
  if (p.maxUses !== null && p.uses >= p.maxUses) return 'exhausted';
  return undefined;
}
