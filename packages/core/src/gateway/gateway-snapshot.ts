import { z } from 'zod';

/**
 * What the control plane pushes to a gateway so that it can decide every request locally: one
 * full snapshot when the gateway connects, then ordered deltas. The wire shapes are defined once
 * here and validated by the gateway at its edge (the control plane builds them from the store).
 *
 * Users' groups and roles travel as integer indexes into the snapshot's `groupIds` and `roleIds`
 * tables (resolved transitively by the control plane): a user in 200 groups costs 200 small
 * numbers instead of 200 GUIDs, and every user in a group shares one string on the gateway.
 */
export const GATEWAY_SNAPSHOT_FORMAT = 1;

const id = z.string().min(1).max(256);
const shortText = z.string().max(1024);
const isoTime = z.string().min(20).max(40);
/** `<epoch>.<sequence>`: the epoch names the control plane's feed, the sequence orders its deltas. */
export const snapshotVersionSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.\d{1,15}$/);

/** A route to an upstream app: requests for one of `hosts` under `pathPrefix` go to `upstreamUrl`. */
export const snapshotAppSchema = z.strictObject({
  id,
  displayName: shortText,
  /** The application id conditional access policies name (`includeApplications`). */
  appId: id,
  /** Host names (lower case, no port) this app answers on. */
  hosts: z.array(z.string().min(1).max(253)).min(1).max(50),
  /** Path prefix, starting with `/`; `/` routes the whole host. */
  pathPrefix: z.string().min(1).max(1024).startsWith('/'),
  upstreamUrl: z.string().min(8).max(2048),
  enabled: z.boolean(),
});
export type SnapshotApp = z.infer<typeof snapshotAppSchema>;

export const snapshotUserSchema = z.strictObject({
  id,
  userPrincipalName: z.string().max(256),
  displayName: shortText,
  enabled: z.boolean(),
  userType: z.enum(['member', 'guest']),
  /** Indexes into the snapshot's `groupIds`. */
  groups: z.array(z.number().int().min(0)).max(10_000),
  /** Indexes into the snapshot's `roleIds` (Entra directory role template ids). */
  roles: z.array(z.number().int().min(0)).max(500),
});
export type SnapshotUser = z.infer<typeof snapshotUserSchema>;

const ruleValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null(), z.array(z.string().max(1024)).max(256)]);

/** One failing compliance setting with the fix the end user sees (the portal's remediation text). */
export const snapshotRemediationSchema = z.strictObject({
  policy: shortText,
  setting: z.string().max(256),
  reason: shortText,
  remediation: z.string().max(2048),
});

export const snapshotDeviceSchema = z.strictObject({
  id,
  displayName: shortText,
  status: z.enum(['active', 'revoked', 'retired']),
  /** The compliance state as the control plane evaluated it (`compliant`, `noncompliant`, `inGracePeriod`, ...). */
  complianceState: z.string().min(1).max(32),
  joinType: z.enum(['joined', 'registered']),
  /** The conditional access platform (Graph `conditionalAccessDevicePlatform`), null when Verity's platform has none. */
  platform: z.enum(['android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone']).nullable(),
  riskLevel: z.string().max(16),
  primaryUserId: id.nullable(),
  /** Device filter properties (`operatingSystem`, `extensionAttribute1`, ...). */
  attributes: z.record(z.string().min(1).max(64), ruleValue).refine((r) => Object.keys(r).length <= 128, 'at most 128 attributes'),
  /** Why the device is not compliant and how to fix it (empty when compliant). */
  remediation: z.array(snapshotRemediationSchema).max(50),
});
export type SnapshotDevice = z.infer<typeof snapshotDeviceSchema>;

/** The public key(s) that sign user session tokens, and their issuer (the control plane's sign-in). */
export const sessionIssuerSchema = z.strictObject({
  issuer: z.string().min(1).max(2048),
  jwks: z.strictObject({ keys: z.array(z.record(z.string().max(64), z.unknown())).min(1).max(10) }),
});
export type SessionIssuer = z.infer<typeof sessionIssuerSchema>;

/** Graph documents, validated again by the gateway's importers (the same ones the control plane used). */
const graphDocuments = z.array(z.unknown()).max(2_000);

export const gatewaySnapshotSchema = z.strictObject({
  format: z.literal(GATEWAY_SNAPSHOT_FORMAT),
  version: snapshotVersionSchema,
  tenantId: id,
  issuedAt: isoTime,
  /** Where end users fix their devices (the control plane's portal). */
  portalUrl: z.string().min(8).max(2048),
  /** The device CA that issues the certificates devices present (PEM). */
  deviceCaPem: z.string().min(100).max(20_000),
  sessionIssuer: sessionIssuerSchema,
  policies: graphDocuments,
  namedLocations: graphDocuments,
  apps: z.array(snapshotAppSchema).max(1_000),
  groupIds: z.array(id).max(1_000_000),
  roleIds: z.array(id).max(1_000),
  users: z.array(snapshotUserSchema).max(1_000_000),
  devices: z.array(snapshotDeviceSchema).max(1_000_000),
  /** Sessions signed out or revoked before they expire. */
  revokedSessions: z.array(id).max(1_000_000),
  /** Serials of revoked certificates that have not expired yet (upper-case hex). */
  revokedCertificates: z.array(z.string().min(1).max(128)).max(1_000_000),
});
export type GatewaySnapshot = z.infer<typeof gatewaySnapshotSchema>;

/** One change to a snapshot. Entities are sent whole (upserts), so applying a delta twice is harmless. */
export const snapshotChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('policies'), policies: graphDocuments, namedLocations: graphDocuments }),
  z.strictObject({ kind: z.literal('apps'), apps: z.array(snapshotAppSchema).max(1_000) }),
  z.strictObject({ kind: z.literal('user'), user: snapshotUserSchema }),
  z.strictObject({ kind: z.literal('user.removed'), userId: id }),
  z.strictObject({ kind: z.literal('device'), device: snapshotDeviceSchema }),
  z.strictObject({ kind: z.literal('device.removed'), deviceId: id }),
  z.strictObject({ kind: z.literal('sessions.revoked'), sessionIds: z.array(id).max(100_000), userId: id.nullable() }),
  z.strictObject({ kind: z.literal('certificates.revoked'), serials: z.array(z.string().min(1).max(128)).max(100_000) }),
]);
export type SnapshotChange = z.infer<typeof snapshotChangeSchema>;

export const snapshotDeltaSchema = z.strictObject({
  version: snapshotVersionSchema,
  at: isoTime,
  /** The event that caused the change (`device.compliance.changed`, ...), for logs. */
  cause: z.string().max(128),
  /**
   * Entries of the `groupIds` / `roleIds` tables from index `from` on, set before the change is
   * applied. The tables only grow; an entry may come again (same index, same id) when a full
   * snapshot built in between already carried it.
   */
  groupIds: z.strictObject({ from: z.number().int().min(0), ids: z.array(id).max(100_000) }).optional(),
  roleIds: z.strictObject({ from: z.number().int().min(0), ids: z.array(id).max(1_000) }).optional(),
  change: snapshotChangeSchema,
});
export type SnapshotDelta = z.infer<typeof snapshotDeltaSchema>;

/** The sequence number of a snapshot version (`epoch.seq`). */
export function versionSequence(version: string): number {
  return Number(version.slice(version.lastIndexOf('.') + 1));
}

/** The epoch (feed instance) of a snapshot version. */
export function versionEpoch(version: string): string {
  return version.slice(0, version.lastIndexOf('.'));
}
