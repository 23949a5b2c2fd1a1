import { z } from 'zod';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams, limitQuery } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { inAdminScope } from '../auth/principal.js';
import { compliancePolicyService, reevaluateAfterChange } from './compliance-policy-service.js';
import { assignmentView, draftView, policyView } from './compliance-policy-view.js';
import { assignBody, complianceSettingsPatch, graphPolicyBody, ifMatchVersion, importQuery, riskBody } from './compliance-schemas.js';
import { COMPLIANCE_JOB_KINDS } from './noncompliance-jobs.js';
import { deviceCommandView } from '../devices/device-command-view.js';

const POLICY_BODY_LIMIT = 1024 * 1024;

/** Compliance policies (Graph shape), assignments, tenant compliance settings, device compliance and risk. */
export function complianceRoutes(ctx: ServerContext): AnyRoute[] {
  const policies = compliancePolicyService(ctx);
  const read = { kind: 'admin', permission: 'policies.read' } as const;
  const manage = { kind: 'admin', permission: 'policies.manage' } as const;
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/compliance-policies', auth: read, tag: 'compliance', summary: 'List compliance policies.',
      query: z.object({ platform: z.string().max(32).regex(/^[a-z]+$/).optional(), limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }).strict(),
      handler: async ({ principal, query }) => {
        const items = await ctx.store.compliancePolicies.list(principal.tenantId, query);
        return { items: items.map((r) => policyView(r)) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/compliance-policies', auth: manage, tag: 'compliance',
      summary: 'Import a compliance policy from Graph JSON (dryRun=true validates only); the report lists settings not evaluated.',
      query: importQuery, body: graphPolicyBody, bodyLimit: POLICY_BODY_LIMIT, graphDocumentBody: true, successStatus: 201,
      handler: async ({ principal, query, body, reply }) => {
        const out = await policies.importPolicy(principal, body, query);
        const { record, policy, report, action, matchedId, changes } = out;
        const lifecycle = { action, matchedId, ...(changes ? { changes } : {}) };
        // A dry run creates nothing: 200, sent here because the route's success status is 201.
        if (query.dryRun || !record) return reply.status(200).send({ policy: draftView(policy), report, dryRun: query.dryRun, ...lifecycle });
        if (action === 'unchanged') return reply.status(200).send({ policy: policyView(record, await ctx.store.assignments.listForPolicy(principal.tenantId, 'compliance', record.id)), report, ...lifecycle });
        const reevaluation = await reevaluateAfterChange(ctx, principal.tenantId, { platform: record.platform });
        if (out.previousPlatform && out.previousPlatform !== record.platform) await reevaluateAfterChange(ctx, principal.tenantId, { platform: out.previousPlatform });
        return { policy: policyView(record, await ctx.store.assignments.listForPolicy(principal.tenantId, 'compliance', record.id)), report, reevaluation, ...lifecycle };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/compliance-policies/:id', auth: read, tag: 'compliance', summary: 'Show a compliance policy with its assignments.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const record = await policies.getRecord(principal.tenantId, params.id);
        return policyView(record, await ctx.store.assignments.listForPolicy(principal.tenantId, 'compliance', record.id));
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/compliance-policies/:id', auth: manage, tag: 'compliance',
      summary: 'Replace a compliance policy with edited Graph JSON (If-Match: version for optimistic concurrency).',
      params: idParams, body: graphPolicyBody, bodyLimit: POLICY_BODY_LIMIT, graphDocumentBody: true,
      handler: async ({ principal, params, body, request }) => {
        const header = request.headers['if-match'];
        const expected = header === undefined ? undefined : ifMatchVersion.safeParse(header);
        if (expected && !expected.success) {
          throw new VerityError('VERITY_COMPLIANCE_POLICY_INVALID', 'If-Match must carry the policy version.', { status: 400, details: [{ path: '$headers.if-match', message: expected.error.issues[0]?.message ?? 'invalid' }] });
        }
        const { record, previousPlatform, report } = await policies.replacePolicy(principal, params.id, body, expected?.data);
        await reevaluateAfterChange(ctx, principal.tenantId, { platform: record.platform });
        if (previousPlatform !== record.platform) await reevaluateAfterChange(ctx, principal.tenantId, { platform: previousPlatform });
        return { policy: policyView(record, await ctx.store.assignments.listForPolicy(principal.tenantId, 'compliance', record.id)), report };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/compliance-policies/:id', auth: manage, tag: 'compliance',
      summary: 'Delete an unassigned compliance policy (an assigned one is refused: unassign it first); its pending actions are cancelled and its devices re-evaluated.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const { record } = await policies.deletePolicy(principal, params.id);
        await reevaluateAfterChange(ctx, principal.tenantId, { platform: record.platform });
        return undefined;
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/compliance-policies/:id/assignments', auth: manage, tag: 'compliance',
      summary: 'Remove every assignment of a policy; its pending actions are cancelled and its devices re-evaluated.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const { record, removed, cancelledActions } = await policies.unassign(principal, params.id);
        const reevaluation = await reevaluateAfterChange(ctx, principal.tenantId, { platform: record.platform });
        return { policyId: record.id, removed, cancelledActions, reevaluation };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/compliance-policies/:id/export', auth: read, tag: 'compliance', summary: 'Export a compliance policy as Graph JSON.',
      params: idParams,
      handler: async ({ principal, params }) => policies.exportPolicy(principal.tenantId, params.id),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/compliance-policies/:id/assignments', auth: read, tag: 'compliance', summary: 'A policy\'s assignments (Graph shape).',
      params: idParams,
      handler: async ({ principal, params }) => {
        await policies.getRecord(principal.tenantId, params.id);
        return { value: (await ctx.store.assignments.listForPolicy(principal.tenantId, 'compliance', params.id)).map(assignmentView) };
      },
    }),
    ...(['/api/v1/compliance-policies/:id/assignments', '/api/v1/compliance-policies/:id/assign'] as const).map((url) => defineRoute({
      method: 'POST', url, auth: manage, tag: 'compliance',
      summary: 'Replace a policy\'s assignments (Graph `assign`: include/exclude groups, all devices, all users; exclude wins).',
      params: idParams, body: assignBody,
      handler: async ({ principal, params, body }) => {
        const { record, assignments } = await policies.assign(principal, params.id, body);
        const reevaluation = await reevaluateAfterChange(ctx, principal.tenantId, { platform: record.platform });
        return { value: assignments.map(assignmentView), reevaluation };
      },
    })),
    defineRoute({
      method: 'GET', url: '/api/v1/compliance-settings', auth: read, tag: 'compliance', summary: 'Tenant-wide compliance settings.',
      handler: async ({ principal }) => {
        const tenant = await ctx.store.tenants.get(principal.tenantId);
        if (!tenant) throw notFound('tenant', principal.tenantId);
        return tenant.complianceSettings;
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/compliance-settings', auth: manage, tag: 'compliance',
      summary: 'Change "mark devices with no compliance policy assigned as" and the compliance status validity period (days).',
      body: complianceSettingsPatch,
      handler: async ({ principal, body }) => {
        const settings = await policies.updateSettings(principal, body);
        const reevaluation = await reevaluateAfterChange(ctx, principal.tenantId);
        return { ...settings, reevaluation };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/devices/:id/compliance', auth: { kind: 'admin', permission: 'devices.read' }, tag: 'compliance',
      summary: 'A device\'s compliance per policy and setting, and its scheduled noncompliance actions.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const device = await ctx.store.devices.get(principal.tenantId, params.id);
        if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
        const [status, jobs] = await Promise.all([
          ctx.compliance.deviceStatus(principal.tenantId, device.id),
          ctx.store.jobs.list(principal.tenantId, { deviceId: device.id, limit: 100 }),
        ]);
        const complianceJobs = jobs.filter((j) => COMPLIANCE_JOB_KINDS.includes(j.kind));
        // A remote lock action queues a command (dedupe key job:<id>): whether the device locked is the command's result.
        const [lockCommands, recentLocks] = await Promise.all([
          ctx.store.commands.byDedupeKeys(principal.tenantId, complianceJobs.filter((j) => j.kind === 'compliance.remoteLock').map((j) => `job:${j.id}`)),
          ctx.store.commands.history(principal.tenantId, device.id, { kind: 'lock', limit: 20 }),
        ]);
        const actions = complianceJobs.map((j) => {
          const command = lockCommands.get(`job:${j.id}`);
          return {
            id: j.id, actionType: j.kind.replace(/^compliance\./, ''), status: j.status, runAt: j.runAt, attempts: j.attempts, finishedAt: j.finishedAt,
            episodeId: j.episodeId, policyId: (j.payload as { policyId?: string } | null)?.policyId ?? null, lastError: j.lastError,
            ...(command ? { command: deviceCommandView(command) } : {}),
          };
        });
        // Every lock that failed on the device (remote lock actions and admin locks): the admin must see them here.
        const failedLocks = recentLocks.filter((c) => c.status === 'failed').map(deviceCommandView);
        return { deviceId: device.id, riskLevel: device.riskLevel, noncompliantSince: device.noncompliantSince, ...(status as object), actions, failedLocks };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/devices/:id/risk', auth: { kind: 'admin', permission: 'devices.action' }, tag: 'compliance',
      summary: 'Set a device\'s risk level (the detection engine\'s input); the device is re-evaluated at once.',
      params: idParams, body: riskBody,
      handler: async ({ principal, params, body }) => {
        const device = await ctx.store.devices.get(principal.tenantId, params.id);
        if (!device || !inAdminScope(principal, device.scopeTags)) throw notFound('device', params.id);
        const out = await ctx.compliance.setDeviceRiskLevel(principal.tenantId, params.id, body.riskLevel, principal);
        if (!out) throw notFound('device', params.id);
        return { deviceId: params.id, ...out };
      },
    }),
  ];
}
