import { z } from 'zod';
import { appDisplayName } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { analysisQuerySchema, signInQuerySchema, signInRequestSchema } from './access-schemas.js';
import { graphImportQuery } from '../imports/import-query.js';
import { accessPolicyService, exportStoredLocation, exportStoredPolicy, namedLocationView, policyView } from './access-policy-service.js';
import { decideSignIn, evaluateSignIn } from './decide-sign-in.js';
import { analyseTenantPolicies } from './policy-analysis.js';
import { refusalSummary, type ResolvedSignIn } from './sign-in-facts.js';
import { loadIdentitySettings } from '../identity/settings/identity-settings.js';
import { deviceInScope } from '../auth/admin-scope.js';

// Graph documents are validated by the engine's importers (they name JSON paths and rule positions), not by a route schema.
const graphDocument = z.unknown();
const GRAPH_BODY_LIMIT = 256 * 1024;
const POLICIES = '/api/v1/conditional-access/policies';
const LOCATIONS = '/api/v1/conditional-access/named-locations';

/** Conditional access: policies and named locations (Graph shape), what-if, the decision API, the sign-in log and the analysis. */
export function accessRoutes(ctx: ServerContext): AnyRoute[] {
  const service = accessPolicyService(ctx);
  const read = { kind: 'admin', permission: 'policies.read' } as const;
  const manage = { kind: 'admin', permission: 'policies.manage' } as const;
  const tag = 'conditional-access';
  return [
    defineRoute({
      method: 'GET', url: POLICIES, auth: read, tag, summary: 'List conditional access policies.',
      handler: async ({ principal }) => ({ items: (await ctx.store.accessPolicies.list(principal.tenantId, { limit: 500 })).map(policyView) }),
    }),
    defineRoute({
      method: 'POST', url: POLICIES, auth: manage, tag, summary: 'Import a Graph conditionalAccessPolicy (a re-import updates the policy with the same id, or with ?match=displayName the same name); ?dryRun=true only reports, with the changes.',
      query: graphImportQuery, body: graphDocument, bodyLimit: GRAPH_BODY_LIMIT, graphDocumentBody: true, successStatus: 201,
      handler: async ({ principal, query, body }) => service.importPolicy(principal, body, query),
    }),
    defineRoute({
      method: 'GET', url: `${POLICIES}/:id`, auth: read, tag, summary: 'Show a conditional access policy.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const r = await ctx.store.accessPolicies.get(principal.tenantId, params.id);
        if (!r) throw notFound('access policy', params.id);
        return policyView(r);
      },
    }),
    defineRoute({
      method: 'GET', url: `${POLICIES}/:id/export`, auth: read, tag, summary: 'Export a policy as a Graph conditionalAccessPolicy.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const r = await ctx.store.accessPolicies.get(principal.tenantId, params.id);
        if (!r) throw notFound('access policy', params.id);
        return exportStoredPolicy(r);
      },
    }),
    defineRoute({
      method: 'PUT', url: `${POLICIES}/:id`, auth: manage, tag, summary: 'Replace a policy with a whole Graph document.',
      params: idParams, body: graphDocument, bodyLimit: GRAPH_BODY_LIMIT, graphDocumentBody: true,
      handler: async ({ principal, params, body }) => service.replacePolicy(principal, params.id, body),
    }),
    defineRoute({
      method: 'PATCH', url: `${POLICIES}/:id`, auth: manage, tag, summary: 'Change part of a policy (JSON merge patch over the Graph document).',
      params: idParams, body: graphDocument, bodyLimit: GRAPH_BODY_LIMIT, graphDocumentBody: true,
      handler: async ({ principal, params, body }) => service.patchPolicy(principal, params.id, body),
    }),
    defineRoute({
      method: 'DELETE', url: `${POLICIES}/:id`, auth: manage, tag, summary: 'Delete a policy.',
      params: idParams,
      handler: async ({ principal, params }) => { await service.deletePolicy(principal, params.id); return undefined; },
    }),

    defineRoute({
      method: 'GET', url: LOCATIONS, auth: read, tag, summary: 'List named locations.',
      handler: async ({ principal }) => ({ items: (await ctx.store.namedLocations.list(principal.tenantId, { limit: 500 })).map(namedLocationView) }),
    }),
    defineRoute({
      method: 'POST', url: LOCATIONS, auth: manage, tag, summary: 'Import a Graph ipNamedLocation or countryNamedLocation; ?dryRun=true only reports.',
      query: graphImportQuery, body: graphDocument, bodyLimit: GRAPH_BODY_LIMIT, graphDocumentBody: true, successStatus: 201,
      handler: async ({ principal, query, body }) => service.importLocation(principal, body, query),
    }),
    defineRoute({
      method: 'GET', url: `${LOCATIONS}/:id`, auth: read, tag, summary: 'Show a named location.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const r = await ctx.store.namedLocations.get(principal.tenantId, params.id);
        if (!r) throw notFound('named location', params.id);
        return namedLocationView(r);
      },
    }),
    defineRoute({
      method: 'GET', url: `${LOCATIONS}/:id/export`, auth: read, tag, summary: 'Export a named location in the Graph shape.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const r = await ctx.store.namedLocations.get(principal.tenantId, params.id);
        if (!r) throw notFound('named location', params.id);
        return exportStoredLocation(r);
      },
    }),
    defineRoute({
      method: 'PUT', url: `${LOCATIONS}/:id`, auth: manage, tag, summary: 'Replace a named location.',
      params: idParams, body: graphDocument, bodyLimit: GRAPH_BODY_LIMIT, graphDocumentBody: true,
      handler: async ({ principal, params, body }) => service.replaceLocation(principal, params.id, body),
    }),
    defineRoute({
      method: 'PATCH', url: `${LOCATIONS}/:id`, auth: manage, tag, summary: 'Change part of a named location (JSON merge patch).',
      params: idParams, body: graphDocument, bodyLimit: GRAPH_BODY_LIMIT, graphDocumentBody: true,
      handler: async ({ principal, params, body }) => service.patchLocation(principal, params.id, body),
    }),
    defineRoute({
      method: 'DELETE', url: `${LOCATIONS}/:id`, auth: manage, tag, summary: 'Delete a named location no policy uses.',
      params: idParams,
      handler: async ({ principal, params }) => { await service.deleteLocation(principal, params.id); return undefined; },
    }),

    defineRoute({
      method: 'POST', url: '/api/v1/conditional-access/what-if', auth: read, tag, summary: 'Evaluate a hypothetical sign-in and explain every policy (nothing is logged).',
      body: signInRequestSchema,
      handler: async ({ principal, body }) => {
        if (body.deviceId !== null && principal.scopeTags.length > 0) await deviceInScope(ctx.store, principal, body.deviceId, '$.deviceId');
        const { decision, resolved } = await evaluateSignIn(ctx, principal.tenantId, body, { nameUnresolved: true });
        return { signIn: signInSummary(resolved), ...decision };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/access/decide', auth: read, tag, summary: 'Decide a sign-in (the PDP API the gateway calls); the decision is written to the sign-in log.',
      body: signInRequestSchema,
      handler: async ({ principal, body }) => {
        // Before anything is decided or logged: an out-of-scope device is not the admin's to ask about.
        if (body.deviceId !== null && principal.scopeTags.length > 0) await deviceInScope(ctx.store, principal, body.deviceId, '$.deviceId');
        const { decision, resolved, signInId } = await decideSignIn(ctx, { tenantId: principal.tenantId, ...body });
        return { signInId, signIn: signInSummary(resolved), ...decision };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/sign-ins', auth: { kind: 'admin', permission: 'signins.read' }, tag, summary: 'The sign-in log, newest first, by user, device, app, result and time.',
      query: signInQuerySchema,
      handler: async ({ principal, query }) => {
        const scoped = principal.scopeTags.length > 0;
        if (scoped && query.deviceId !== undefined) await deviceInScope(ctx.store, principal, query.deviceId, '$query.deviceId');
        // A scoped admin sees sign-ins without a device or from a device in their scope.
        const page = await ctx.store.signIns.query(principal.tenantId, scoped ? { ...query, deviceScopeTags: [...principal.scopeTags] } : query);
        return { items: page.items, nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/conditional-access/analysis', auth: read, tag, summary: 'Analyse the policy set: admin or break-glass lockout, uncovered apps, policies that never apply.',
      query: analysisQuerySchema,
      // Break-glass accounts named in the tenant's identity settings are always analysed, plus any named in the query.
      handler: async ({ principal, query }) => analyseTenantPolicies(ctx, principal.tenantId, [...new Set([...(await loadIdentitySettings(ctx.store, principal.tenantId)).breakGlassUserIds, ...query.breakGlass])]),
    }),
  ];
}

/** What the server resolved about the sign-in (groups, directory roles, device state), so the answer can be checked. */
function signInSummary(r: ResolvedSignIn) {
  const d = r.signIn.device;
  return {
    userId: r.user.id, userPrincipalName: r.user.userPrincipalName, userDisplayName: r.user.displayName, groupIds: r.groupIds, roleIds: r.roleIds,
    appId: r.signIn.appId, appDisplayName: r.signIn.appId === null ? null : appDisplayName(undefined, r.signIn.appId), userAction: r.signIn.userAction ?? null, clientAppType: r.signIn.clientAppType, platform: r.signIn.platform, ip: r.signIn.ip,
    country: r.signIn.country ?? null,
    device: d ? { id: d.id, isCompliant: d.isCompliant, trustType: d.trustType, complianceState: r.device?.complianceState ?? null } : null,
    deviceRefusal: refusalSummary(r.signIn.deviceRefusal),
    signInRisk: r.signIn.signInRisk, userRisk: r.signIn.userRisk, satisfied: r.signIn.satisfied,
  };
}
