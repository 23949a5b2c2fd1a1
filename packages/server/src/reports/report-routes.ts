import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { COMPLIANCE_JOB_KINDS } from '../compliance/noncompliance-jobs.js';
import type { ReportScope } from '@verity/store';
import {
  REPORT_RANGES, actionReportResponse, checkinReportResponse, deviceReportResponse, failingSettingDevicesResponse, failingSettingsQuery,
  failingSettingDevicesQuery, failingSettingsResponse, rangeQuery, signInReportResponse,
  type ActionReport, type CheckinReport, type DeviceReport, type ReportRange, type SignInReport,
} from './report-schemas.js';
import { bucketLabels, countBy, toSeries } from './report-series.js';

/** The admin's tenant and, when they are limited to scope tags, those tags: every count is of what they may see. */
function scopeOf(admin: AdminPrincipal): ReportScope {
  return admin.scopeTags.length > 0 ? { tenantId: admin.tenantId, scopeTags: admin.scopeTags } : { tenantId: admin.tenantId };
}

function window(ctx: ServerContext, range: ReportRange) {
  const now = ctx.now();
  const { hours, bucket } = REPORT_RANGES[range];
  const from = new Date(now.getTime() - hours * 3_600_000);
  return { now, from, bucket, labels: bucketLabels(from, now, bucket) };
}

/** Dashboard aggregates for the console: device breakdowns, failing settings, check-ins, sign-ins, noncompliance actions. */
export function reportRoutes(ctx: ServerContext): AnyRoute[] {
  const devicesRead = { kind: 'admin', permission: 'devices.read' } as const;
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/reports/devices', auth: devicesRead, tag: 'reports',
      summary: 'Device counts by status, and active devices by platform, ownership and compliance state.',
      response: deviceReportResponse,
      handler: async ({ principal }): Promise<DeviceReport> => {
        const rows = await ctx.store.reports.deviceBreakdown(scopeOf(principal));
        const active = rows.filter((r) => r.status === 'active');
        return {
          total: rows.reduce((n, r) => n + r.count, 0),
          active: active.reduce((n, r) => n + r.count, 0),
          byStatus: countBy(rows, (r) => r.status, (r) => r.count),
          byPlatform: countBy(active, (r) => r.platform, (r) => r.count),
          byOwnership: countBy(active, (r) => r.ownership, (r) => r.count),
          byComplianceState: countBy(active, (r) => r.complianceState, (r) => r.count),
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/reports/noncompliant-settings', auth: devicesRead, tag: 'reports',
      summary: 'Active noncompliant devices per failing setting, most first.',
      query: failingSettingsQuery, response: failingSettingsResponse,
      handler: async ({ principal, query }) => ({ items: await ctx.store.reports.failingSettings(scopeOf(principal), query.limit) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/reports/noncompliant-settings/devices', auth: devicesRead, tag: 'reports',
      summary: 'The active noncompliant devices failing one setting (the list behind a bar of noncompliant-settings).',
      query: failingSettingDevicesQuery, response: failingSettingDevicesResponse,
      handler: async ({ principal, query }) => ({ setting: query.setting, items: await ctx.store.reports.devicesFailingSetting(scopeOf(principal), query.setting, query.limit) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/reports/checkins', auth: devicesRead, tag: 'reports',
      summary: 'Devices by the hour or day of their last check-in, and how many active devices are silent or never checked in.',
      query: rangeQuery, response: checkinReportResponse,
      handler: async ({ principal, query }): Promise<CheckinReport> => {
        const w = window(ctx, query.range);
        const r = await ctx.store.reports.lastCheckins(scopeOf(principal), w.from, w.bucket);
        return { from: w.from.toISOString(), bucket: w.bucket, points: toSeries(r.buckets, w.labels, ['active', 'revoked', 'retired'] as const), silentSince: r.before, neverCheckedIn: r.never };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/reports/sign-ins', auth: { kind: 'admin', permission: 'signins.read' }, tag: 'reports',
      summary: 'Sign-ins granted, blocked and asked for more controls, per hour or day.',
      query: rangeQuery, response: signInReportResponse,
      handler: async ({ principal, query }): Promise<SignInReport> => {
        const w = window(ctx, query.range);
        const rows = await ctx.store.reports.signIns(scopeOf(principal), w.from, w.bucket);
        return { from: w.from.toISOString(), bucket: w.bucket, points: toSeries(rows, w.labels, ['grant', 'block', 'controlsRequired'] as const) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/reports/noncompliance-actions', auth: devicesRead, tag: 'reports',
      summary: 'Noncompliance actions pending, running and failed, per action type.',
      response: actionReportResponse,
      handler: async ({ principal }): Promise<ActionReport> => {
        const rows = await ctx.store.reports.openJobs(scopeOf(principal), COMPLIANCE_JOB_KINDS);
        const byType = new Map<string, ActionReport['items'][number]>();
        for (const kind of COMPLIANCE_JOB_KINDS) {
          const actionType = kind.replace(/^compliance\./, '');
          byType.set(kind, { actionType, pending: 0, running: 0, failed: 0 });
        }
        for (const r of rows) {
          const entry = byType.get(r.kind);
          if (entry && (r.status === 'pending' || r.status === 'running' || r.status === 'failed')) entry[r.status] += r.count;
        }
        return { items: [...byType.values()] };
      },
    }),
  ];
}
