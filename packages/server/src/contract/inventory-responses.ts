import { z } from 'zod';

// Response shapes of the inventory and directory routes (devices, enrollment, users, groups, audit,
// tenant), as their handlers build them. Graph documents and posture reports stay `unknown`: their
// own schemas live with their parsers.

const iso = z.string();
const isoOrNull = z.string().nullable();
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A device in the inventory (devices/device-view.ts). */
export const deviceResponse = z.object({
  id: z.string(), displayName: z.string(), hostname: z.string().nullable(), platform: z.string(), ownership: z.string(), joinType: z.string(),
  status: z.string(), enrollmentProfileId: z.string().nullable(), groupTag: z.string().nullable(), primaryUserId: z.string().nullable(),
  osName: z.string().nullable(), osVersion: z.string().nullable(), model: z.string().nullable(), manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(), agentVersion: z.string().nullable(), complianceState: z.string(), noncompliantSince: isoOrNull,
  riskLevel: z.string(), scopeTags: z.array(z.string()), category: z.string().nullable(), extensionAttributes: z.record(z.string(), z.unknown()),
  enrolledAt: iso, lastCheckinAt: isoOrNull, updatedAt: iso,
  /** How re-enrollment recognises the machine (keyed hashes), and the record that replaced this one. */
  hardwareIdentity: z.object({ productUuidHash: z.string().nullable(), machineIdHash: z.string().nullable() }),
  replacedByDeviceId: z.string().nullable(),
});

const postureFact = z.object({ state: z.enum(['known', 'unknown']), value: z.unknown().optional(), source: z.string().optional(), reason: z.string().optional() });
/** A posture report as the agent sent it: facts keyed by name, each with where it came from. */
export const postureReportResponse = z.object({
  schemaVersion: z.number(), collectedAt: iso, platform: z.string(), agentVersion: z.string().optional(), facts: z.record(z.string(), postureFact),
});

export const deviceDetailResponse = deviceResponse.extend({
  posture: z.object({ receivedAt: iso, collectedAt: iso, report: postureReportResponse }).nullable(),
  certificates: z.array(z.object({ serial: z.string(), status: z.string(), notBefore: iso, notAfter: iso, fingerprint256: z.string() })),
  groupIds: z.array(z.string()),
  compliance: z.object({ state: z.string(), evaluatedAt: iso, result: z.unknown() }).nullable(),
});

export const deviceListResponse = z.object({ items: z.array(deviceResponse), nextCursor: z.string().nullable(), total: z.number() });
export const postureHistoryResponse = items(z.object({ id: z.string(), receivedAt: iso, collectedAt: iso, report: postureReportResponse }));
export const deviceActionResponse = z.object({ deviceId: z.string(), status: z.string(), commandId: z.string().optional() });
/** A command sent to a device and what the agent answered (devices/device-command-view.ts). */
export const deviceCommandResponse = z.object({
  id: z.string(), kind: z.string(), state: z.enum(['issued', 'delivered', 'succeeded', 'failed']), payload: z.unknown(), issuedAt: iso,
  deliveredAt: isoOrNull, deliveries: z.number(), redeliverAfter: isoOrNull, completedAt: isoOrNull, detail: z.string().nullable(),
});
/** PATCH /devices/{id}: the device after the change, its groups, and what the change moved. */
export const devicePatchResponse = deviceResponse.extend({ groupIds: z.array(z.string()), groupsChanged: z.boolean(), complianceState: z.string() });

export const enrollmentProfileResponse = z.object({
  id: z.string(), name: z.string(), groupTag: z.string().nullable(), targetGroupIds: z.array(z.string()), ownership: z.string(),
  expiresAt: iso, maxUses: z.number().nullable(), uses: z.number(), revokedAt: isoOrNull, createdAt: iso,
});
export const createdEnrollmentProfileResponse = enrollmentProfileResponse.extend({ token: z.string(), caFingerprint256: z.string(), agentCommand: z.string() });

export const userResponse = z.object({
  id: z.string(), userPrincipalName: z.string(), displayName: z.string(), status: z.string(), userType: z.string(),
  department: z.string().nullable(), jobTitle: z.string().nullable(), attributes: z.record(z.string(), z.unknown()), createdAt: iso, updatedAt: iso,
});
export const groupResponse = z.object({
  id: z.string(), displayName: z.string(), description: z.string().nullable(), memberKind: z.enum(['user', 'device']),
  membershipType: z.enum(['static', 'dynamic']), membershipRule: z.string().nullable(), createdAt: iso, updatedAt: iso,
});
export const groupMembersResponse = items(z.object({ memberId: z.string(), source: z.string() }));

export const auditEntryResponse = z.object({
  seq: z.number(), id: z.string(), at: iso, actorType: z.string(), actorId: z.string().nullable(), action: z.string(),
  targetType: z.string().nullable(), targetId: z.string().nullable(), details: z.unknown(), prevHash: z.string(), hash: z.string(),
});
export const auditVerifyResponse = z.union([
  z.object({ ok: z.literal(true), count: z.number() }),
  z.object({ ok: z.literal(false), brokenAtSeq: z.number(), reason: z.string() }),
]);

export const tenantResponse = z.object({
  id: z.string(), name: z.string(), domain: z.string(), complianceSettings: z.unknown(), createdAt: iso,
  you: z.object({ role: z.string(), scopeTags: z.array(z.string()), actorType: z.string(), actorId: z.string() }),
});
/** A portal or console session started (identity/sign-in/session-sign-in.ts): the cookie is set too; how the user signed in. */
export const loginResponse = z.object({
  token: z.string(), tenantId: z.string(), userId: z.string(), expiresAt: iso,
  methods: z.array(z.string()), strength: z.string().nullable(), deviceId: z.string().nullable(), signInId: z.string(),
});

/** Route -> response schema for the inventory and directory routes. */
export const INVENTORY_RESPONSES: Record<string, z.ZodType> = {
  'GET /api/v1/devices': deviceListResponse,
  'GET /api/v1/devices/stale': z.object({ items: z.array(deviceResponse), olderThan: iso }),
  'GET /api/v1/devices/:id': deviceDetailResponse,
  'GET /api/v1/devices/:id/posture': postureHistoryResponse,
  'PATCH /api/v1/devices/:id': devicePatchResponse,
  'GET /api/v1/devices/:id/commands': z.object({ deviceId: z.string(), items: z.array(deviceCommandResponse) }),
  'GET /api/v1/devices/duplicates': items(z.object({ devices: z.array(deviceResponse) })),
  'POST /api/v1/devices/:id/revoke': deviceActionResponse,
  'POST /api/v1/devices/:id/retire': deviceActionResponse,
  'POST /api/v1/devices/:id/lock': deviceActionResponse,
  'GET /api/v1/enrollment-profiles': items(enrollmentProfileResponse),
  'POST /api/v1/enrollment-profiles': createdEnrollmentProfileResponse,
  'GET /api/v1/users': z.object({ items: z.array(userResponse), nextOffset: z.number().nullable() }),
  'POST /api/v1/users': userResponse,
  'GET /api/v1/users/:id': userResponse,
  'PATCH /api/v1/users/:id': userResponse,
  'GET /api/v1/groups': z.object({ items: z.array(groupResponse), nextOffset: z.number().nullable() }),
  'POST /api/v1/groups': groupResponse,
  'GET /api/v1/groups/:id': groupResponse,
  'PATCH /api/v1/groups/:id': groupResponse,
  'GET /api/v1/groups/:id/members': groupMembersResponse,
  'GET /api/v1/audit': items(auditEntryResponse),
  'GET /api/v1/audit/verify': auditVerifyResponse,
  'GET /api/v1/tenant': tenantResponse,
  'POST /api/v1/auth/login': loginResponse,
  'GET /api/v1/ca': z.object({ caCertificate: z.string(), fingerprint256: z.string() }),
};
