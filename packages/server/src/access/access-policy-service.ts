import {
  VerityError, exportConditionalAccessPolicy, exportNamedLocation, importConditionalAccessPolicy, importNamedLocation,
  type ConditionalAccessPolicy, type ErrorDetail, type NamedLocation,
} from '@verity/core';
import type { AccessPolicyRecord, NamedLocationRecord, Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { notFound } from '../shared/not-found.js';
import { idSchema } from '../shared/wire.js';
import { mergePatch } from './merge-patch.js';
import { ACCESS_EVENT_PREFIX, loadNamedLocations, loadPolicies, policySetCache } from './policy-set-cache.js';

/** What an import (or dry run) answers: the Graph document as stored, and what Verity evaluates of it. */
export interface ImportResult {
  readonly id: string;
  readonly stored: boolean;
  readonly replaced: boolean;
  readonly policy: Record<string, unknown>;
  readonly report: { evaluated: string[]; unsupported: { path: string; reason: string }[] };
}

type Unsupported = { path: string; reason: string }[];

const LOCATION_KEYWORDS = new Set(['All', 'AllTrusted']);
// Graph app groups (Office365, MicrosoftAdminPortals): Verity has no membership table for them yet.
const APP_GROUP = /^[A-Z][A-Za-z0-9]*$/;

/** A Graph document as sent, minus `@odata.context` (it describes the response it came from, not the resource). */
function withoutContext(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  const { ['@odata.context']: _context, ...rest } = json as Record<string, unknown>;
  return rest;
}

/** The id to store: the Graph id when it is usable as a Verity id (so references between documents survive), else a new one. */
function idFor(ctx: ServerContext, json: unknown): string {
  const id = json !== null && typeof json === 'object' ? (json as { id?: unknown }).id : undefined;
  return idSchema.safeParse(id).success ? (id as string) : ctx.newId();
}

function invalidPolicy(details: ErrorDetail[]): VerityError {
  return new VerityError('VERITY_ACCESS_POLICY_INVALID', 'The conditional access policy is not valid.', { status: 400, details });
}

/**
 * Checks against the tenant: every named location the policy references exists (Graph refuses
 * unknown ids too); country locations and app groups are kept but reported, because Verity
 * evaluates them fail-closed.
 */
function checkReferences(policy: ConditionalAccessPolicy, locations: readonly NamedLocation[]): Unsupported {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const errors: ErrorDetail[] = [];
  const unsupported: Unsupported = [];
  for (const key of ['includeLocations', 'excludeLocations'] as const) {
    (policy.conditions.locations?.[key] ?? []).forEach((ref, i) => {
      if (LOCATION_KEYWORDS.has(ref)) return;
      const path = `$.conditions.locations.${key}[${i}]`;
      const location = byId.get(ref);
      if (!location) errors.push({ path, message: `no named location ${ref} in this tenant; import named locations before the policies that use them` });
      else if (location.kind === 'country') unsupported.push({ path, reason: 'country-lookup-unavailable-location-unknown' });
    });
  }
  if (errors.length > 0) throw invalidPolicy(errors);
  for (const key of ['includeApplications', 'excludeApplications'] as const) {
    (policy.conditions.applications[key] ?? []).forEach((app, i) => {
      if (app === 'All' || app === 'None' || !APP_GROUP.test(app)) return;
      unsupported.push({
        path: `$.conditions.applications.${key}[${i}]`,
        reason: key === 'includeApplications' ? 'app-group-not-supported-applies-to-every-app' : 'app-group-not-supported-excludes-nothing',
      });
    });
  }
  return unsupported;
}

/** Policy as the API shows it: Verity's bookkeeping plus the faithful Graph document. */
export function policyView(r: AccessPolicyRecord) {
  return { id: r.id, displayName: r.displayName, state: r.state, createdAt: r.createdAt, updatedAt: r.updatedAt, policy: exportStoredPolicy(r) };
}

/** Named location as the API shows it. */
export function namedLocationView(r: NamedLocationRecord) {
  return { id: r.id, displayName: r.displayName, kind: r.kind, createdAt: r.createdAt, updatedAt: r.updatedAt, namedLocation: exportStoredLocation(r) };
}

/** The stored Graph policy, exported (id and state from Verity's columns). */
export function exportStoredPolicy(r: AccessPolicyRecord): Record<string, unknown> {
  return exportConditionalAccessPolicy({ ...(r.graph as ConditionalAccessPolicy), id: r.id, state: r.state });
}

/** The stored Graph named location, exported with its `@odata.type`. */
export function exportStoredLocation(r: NamedLocationRecord): Record<string, unknown> {
  const { ['@odata.type']: _type, ...graph } = r.graph as Record<string, unknown>;
  return exportNamedLocation({ ...graph, id: r.id, kind: r.kind } as NamedLocation);
}

/** Conditional access policies and named locations: import, replace, patch, delete, each audited and announced. */
export function accessPolicyService(ctx: ServerContext) {
  const changed = (tenantId: string, topic: string, payload: Record<string, unknown>, at: Date): void => {
    // Invalidate here as well as through the event: the next request must not see the old set.
    policySetCache(ctx).invalidate(tenantId);
    ctx.events.publish({ topic: `${ACCESS_EVENT_PREFIX}${topic}`, tenantId, payload, at: at.toISOString() });
  };

  async function storePolicy(principal: AdminPrincipal, json: unknown, opts: { dryRun: boolean; replaceId?: string }): Promise<ImportResult> {
    const tenantId = principal.tenantId;
    const { policy, report } = importConditionalAccessPolicy(withoutContext(json));
    const id = opts.replaceId ?? idFor(ctx, json);
    const graph = { ...policy, id };
    const now = ctx.now();
    const result = await ctx.store.transaction(async (tx) => {
      const unsupported = checkReferences(graph, await loadNamedLocations(tx, tenantId));
      const fullReport = { evaluated: report.evaluated, unsupported: [...report.unsupported, ...unsupported] };
      const existing = await tx.accessPolicies.get(tenantId, id);
      if (opts.replaceId && !existing) throw notFound('access policy', id);
      if (opts.dryRun) return { id, stored: false, replaced: existing !== undefined, policy: exportConditionalAccessPolicy(graph), report: fullReport };
      const fields = { displayName: graph.displayName, state: graph.state, graph };
      const record = existing ? await tx.accessPolicies.update(tenantId, id, fields) : await tx.accessPolicies.create(tenantId, { id, ...fields });
      if (!record) throw notFound('access policy', id);
      await recordAudit(tx, tenantId, principal, {
        action: existing ? 'access-policy.replace' : 'access-policy.create', targetType: 'accessPolicy', targetId: id,
        details: { displayName: graph.displayName, state: graph.state, unsupported: fullReport.unsupported.map((u) => u.path) },
      }, now);
      return { id, stored: true, replaced: existing !== undefined, policy: exportStoredPolicy(record), report: fullReport };
    });
    if (result.stored) changed(tenantId, 'policy.changed', { policyId: id }, now);
    return result;
  }

  async function storeLocation(principal: AdminPrincipal, json: unknown, opts: { dryRun: boolean; replaceId?: string }): Promise<ImportResult> {
    const tenantId = principal.tenantId;
    const { location, report } = importNamedLocation(withoutContext(json));
    const id = opts.replaceId ?? idFor(ctx, json);
    const unsupported = [...report.unsupported];
    // No IP-to-country table ships with Verity: country locations never match an address (fail closed). Say so.
    if (location.kind === 'country') unsupported.push({ path: '$.countriesAndRegions', reason: 'country-lookup-unavailable-location-unknown' });
    const fullReport = { evaluated: location.kind === 'country' ? [] : report.evaluated, unsupported };
    const { kind, ...doc } = { ...location, id };
    const graph = exportNamedLocation({ ...doc, kind } as NamedLocation);
    const now = ctx.now();
    const result = await ctx.store.transaction(async (tx) => {
      const existing = await tx.namedLocations.get(tenantId, id);
      if (opts.replaceId && !existing) throw notFound('named location', id);
      if (opts.dryRun) return { id, stored: false, replaced: existing !== undefined, policy: graph, report: fullReport };
      const fields = { displayName: location.displayName, kind, graph };
      const record = existing ? await tx.namedLocations.update(tenantId, id, fields) : await tx.namedLocations.create(tenantId, { id, ...fields });
      if (!record) throw notFound('named location', id);
      await recordAudit(tx, tenantId, principal, {
        action: existing ? 'named-location.replace' : 'named-location.create', targetType: 'namedLocation', targetId: id,
        details: { displayName: location.displayName, kind },
      }, now);
      return { id, stored: true, replaced: existing !== undefined, policy: exportStoredLocation(record), report: fullReport };
    });
    if (result.stored) changed(tenantId, 'named-location.changed', { namedLocationId: id }, now);
    return result;
  }

  async function policiesUsing(tx: Store, tenantId: string, locationId: string): Promise<string[]> {
    return (await loadPolicies(tx, tenantId))
      .filter((p) => [...(p.conditions.locations?.includeLocations ?? []), ...(p.conditions.locations?.excludeLocations ?? [])].includes(locationId))
      .map((p) => p.id ?? p.displayName);
  }

  return {
    /** Import a Graph conditionalAccessPolicy (POST); a known id replaces the stored policy, so re-imports are idempotent. */
    importPolicy: (principal: AdminPrincipal, json: unknown, dryRun: boolean) => storePolicy(principal, json, { dryRun }),
    /** Replace a stored policy with a whole Graph document (PUT). */
    replacePolicy: (principal: AdminPrincipal, id: string, json: unknown) => storePolicy(principal, json, { dryRun: false, replaceId: id }),
    /** Change part of a policy with a JSON merge patch, then validate the result as a whole. */
    async patchPolicy(principal: AdminPrincipal, id: string, patch: unknown): Promise<ImportResult> {
      const existing = await ctx.store.accessPolicies.get(principal.tenantId, id);
      if (!existing) throw notFound('access policy', id);
      return storePolicy(principal, mergePatch(exportStoredPolicy(existing), patch), { dryRun: false, replaceId: id });
    },
    /** Delete a policy. */
    async deletePolicy(principal: AdminPrincipal, id: string): Promise<void> {
      const now = ctx.now();
      await ctx.store.transaction(async (tx) => {
        if (!(await tx.accessPolicies.delete(principal.tenantId, id))) throw notFound('access policy', id);
        await recordAudit(tx, principal.tenantId, principal, { action: 'access-policy.delete', targetType: 'accessPolicy', targetId: id }, now);
      });
      changed(principal.tenantId, 'policy.changed', { policyId: id, deleted: true }, now);
    },
    /** Import a Graph ipNamedLocation or countryNamedLocation. */
    importLocation: (principal: AdminPrincipal, json: unknown, dryRun: boolean) => storeLocation(principal, json, { dryRun }),
    /** Replace a stored named location (PUT). */
    replaceLocation: (principal: AdminPrincipal, id: string, json: unknown) => storeLocation(principal, json, { dryRun: false, replaceId: id }),
    /** Change part of a named location with a JSON merge patch. */
    async patchLocation(principal: AdminPrincipal, id: string, patch: unknown): Promise<ImportResult> {
      const existing = await ctx.store.namedLocations.get(principal.tenantId, id);
      if (!existing) throw notFound('named location', id);
      return storeLocation(principal, mergePatch(exportStoredLocation(existing), patch), { dryRun: false, replaceId: id });
    },
    /** Delete a named location no policy references (Graph refuses the same). */
    async deleteLocation(principal: AdminPrincipal, id: string): Promise<void> {
      const now = ctx.now();
      await ctx.store.transaction(async (tx) => {
        const users = await policiesUsing(tx, principal.tenantId, id);
        if (users.length > 0)
          throw new VerityError('VERITY_ACCESS_NAMED_LOCATION_IN_USE', `Named location ${id} is used by ${users.length} polic${users.length === 1 ? 'y' : 'ies'}; change them first.`, {
            status: 409, details: users.slice(0, 50).map((p) => ({ path: '$', message: `used by policy ${p}` })),
          });
        if (!(await tx.namedLocations.delete(principal.tenantId, id))) throw notFound('named location', id);
        await recordAudit(tx, principal.tenantId, principal, { action: 'named-location.delete', targetType: 'namedLocation', targetId: id }, now);
      });
      changed(principal.tenantId, 'named-location.changed', { namedLocationId: id, deleted: true }, now);
    },
  };
}
