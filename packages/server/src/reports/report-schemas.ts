import { z } from 'zod';

/** `?range=`: how far back a time chart reaches; 24h is by the hour, 7d and 30d by the day. */
export const REPORT_RANGES = { '24h': { hours: 24, bucket: 'hour' }, '7d': { hours: 7 * 24, bucket: 'day' }, '30d': { hours: 30 * 24, bucket: 'day' } } as const;
export type ReportRange = keyof typeof REPORT_RANGES;
export const rangeQuery = z.object({ range: z.enum(['24h', '7d', '30d']).default('7d') }).strict();
export const failingSettingsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
export const failingSettingDevicesQuery = z.object({
  setting: z.string().min(1).max(256),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();

const count = z.object({ key: z.string(), count: z.number().int() });

/** Device counts per dimension: every device by status; active devices by platform, ownership and compliance state. */
export const deviceReportResponse = z.object({
  total: z.number().int(),
  active: z.number().int(),
  byStatus: z.array(count),
  byPlatform: z.array(count),
  byOwnership: z.array(count),
  byComplianceState: z.array(count),
});
export type DeviceReport = z.infer<typeof deviceReportResponse>;

export const failingSettingsResponse = z.object({
  items: z.array(z.object({ setting: z.string(), code: z.string(), devices: z.number().int() })),
});
export const failingSettingDevicesResponse = z.object({
  setting: z.string(),
  items: z.array(z.object({ id: z.string(), displayName: z.string(), platform: z.string(), complianceState: z.string(), lastCheckinAt: z.string().nullable() })),
});

const series = z.object({ from: z.string(), bucket: z.enum(['hour', 'day']) });
/** Active, revoked and retired devices by when they last checked in, one point per bucket (empty buckets included). */
export const checkinReportResponse = series.extend({
  points: z.array(z.object({ bucket: z.string(), active: z.number().int(), revoked: z.number().int(), retired: z.number().int() })),
  /** Active devices whose last check-in is older than `from`. */
  silentSince: z.number().int(),
  /** Active devices that never checked in. */
  neverCheckedIn: z.number().int(),
});
export type CheckinReport = z.infer<typeof checkinReportResponse>;

/** Sign-ins by result, one point per bucket (empty buckets included). */
export const signInReportResponse = series.extend({
  points: z.array(z.object({ bucket: z.string(), grant: z.number().int(), block: z.number().int(), controlsRequired: z.number().int() })),
});
export type SignInReport = z.infer<typeof signInReportResponse>;

/** Noncompliance actions waiting, running or failed, per action type. */
export const actionReportResponse = z.object({
  items: z.array(z.object({ actionType: z.string(), pending: z.number().int(), running: z.number().int(), failed: z.number().int() })),
});
export type ActionReport = z.infer<typeof actionReportResponse>;
