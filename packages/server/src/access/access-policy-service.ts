import {
  APP_GROUP_PATTERN, VerityError, documentChanges, exportConditionalAccessPolicy, exportNamedLocation, importConditionalAccessPolicy, importNamedLocation,
  type ConditionalAccessPolicy, type DocumentChange, type ImportNote, type NamedLocation, type PolicyReference,
} from '@verity/core';
import type { AccessPolicyRecord, NamedLocationRecord, Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { AdminPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-record.js';
import { notFound } from '../shared/not-found.js';
import { idSchema } from '../shared/wire.js';
import { mergePatch } from './merge-patch.js';
import { ACCESS_EVENT_PREFIX, loadNamedLocations, loadPolicies, policySetCache } from './policy-set-cache.js';
import { countryLookup } from './country-lookup.js';
import { referenceResolver } from './policy-reference-resolution.js';
import { assertSameKind, matchByDisplayName, type ImportMatch } from '../imports/import-matching.js';

/** What an import (or dry run) answers: the Graph document as stored, what Verity evaluates of it, and what it changed. */
export interface ImportResult {
  readonly id: string;
  readonly stored: boolean;
  readonly replaced: boolean;
  /** `create` a new document, `update` the matched one, or `unchanged` (the matched one already says the same). */
  readonly action: 'create' | 'update' | 'unchanged';
  readonly policy: Record<string, unknown>;
  readonly report: {
    evaluated: string[];
    unsupported: { path: string; reason: string }[];
    normalised: ImportNote[];
    /** References to users, groups, roles, named locations or apps the tenant does not have (evaluated fail-safe). */
    unresolved: PolicyReference[];
  };
  /** For an update: what changes, path by path (the dry-run diff). */
  readonly changes?: DocumentChange[];
}

/** Options of an import: dry run, how a re-import finds the stored document, or the id a PUT replaces. */
export interface ImportOptions {
  readonly dryRun: boolean;
  readonly match?: ImportMatch;
  readonly replaceId?: string;
}

type Unsupported = { path: string; reason: string }[];

/** A Graph document as sent, minus `@odata.context` (it describes the response it came from, not the resource). */
function withoutContext(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  const { ['@odata.context']: _context, ...rest } = json as Record<string, unknown>;
  return rest;
}

/** The id to store: the Graph id when it is usable as a Verity id (so references between documents survive), else a new one. */
export function idFor(ctx: ServerContext, json: unknown): string {
  const id = json !== null && typeof json === 'object' ? (json as { id?: unknown }).id : undefined;
  return idSchema.safeParse(id).success ? (id as string) : ctx.newId();
}

/**
 * What Verity evaluates differently from Entra, found against the tenant: country locations
 * without an IP-to-country table, and app groups (kept, reported, evaluated fail-closed).
 */
function tenantNotes(policy: ConditionalAccessPolicy, locations: readonly NamedLocation[], countriesKnown: boolean): Unsupported {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const unsupported: Unsupported = [];
  for (const key of ['includeLocations', 'excludeLocations'] as const) {
    (policy.conditions.locations?.[key] ?? []).forEach((ref, i) => {
      const location = byId.get(ref);
      if (location?.kind === 'country' && !countriesKnown) unsupported.push({ path: `$.conditions.locations.${key}[${i}]`, reason: 'country-lookup-unavailable-location-unknown' });
    });
  }
  for (const key of ['includeApplications', 'excludeApplications'] as const) {
    (policy.conditions.applications[key] ?? []).forEach((app, i) => {
      if (app === 'All' || app === 'None' || !APP_GROUP_PATTERN.test(app)) return;
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

  async function storePolicy(principal: AdminPrincipal, json: unknown, opts: ImportOptions): Promise<ImportResult> {
    const tenantId = principal.tenantId;
    const { policy, report } = importConditionalAccessPolicy(withoutContext(json));
    const now = ctx.now();
    const result = await ctx.store.transaction(async (tx) => {
      let id = opts.replaceId ?? idFor(ctx, json);
      let existing = await tx.accessPolicies.get(tenantId, id);
      if (opts.replaceId && !existing) throw notFound('access policy', id);
      if (!opts.replaceId && opts.match === 'displayName') {
        const named = matchByDisplayName((await loadPolicies(tx, tenantId)).map((p) => ({ id: p.id!, displayName: p.displayName })), policy.displayName);
        if (named) {
          id = named.id;
          existing = await tx.accessPolicies.get(tenantId, id);
        } else existing = undefined;
      }
      if (!existing) await assertSameKind(tx, tenantId, id, 'conditionalAccessPolicy', 'conditionalAccessPolicy');
      const graph = { ...policy, id };
      const unresolved = await referenceResolver(tx, tenantId).unresolved(graph);
      const fullReport = {
        evaluated: report.evaluated, unsupported: [...report.unsupported, ...tenantNotes(graph, await loadNamedLocations(tx, tenantId), countryLookup(ctx).available)],
        normalised: report.normalised, unresolved,
      };
      const before = existing ? exportStoredPolicy(existing) : null;
      const after = exportConditionalAccessPolicy(graph);
      const changes = before ? documentChanges(before, after) : undefined;
      const action = !existing ? 'create' : changes!.length === 0 ? 'unchanged' : 'update';
      const base = { id, replaced: existing !== undefined, action, report: fullReport, ...(changes ? { changes } : {}) } as const;
      if (opts.dryRun || action === 'unchanged') return { ...base, stored: false, policy: after };
      const fields = { displayName: graph.displayName, state: graph.state, graph };
      const record = existing ? await tx.accessPolicies.update(tenantId, id, fields) : await tx.accessPolicies.create(tenantId, { id, ...fields });
      if (!record) throw notFound('access policy', id);
      await recordAudit(tx, tenantId, principal, {
        action: existing ? 'access-policy.replace' : 'access-policy.create', targetType: 'accessPolicy', targetId: id,
        details: { displayName: graph.displayName, state: graph.state, before, after, changes: changes ?? [], unsupported: fullReport.unsupported.map((u) => u.path), unresolved: unresolved.map((u) => u.path) },
      }, now);
      return { ...base, stored: true, policy: exportStoredPolicy(record) };
    });
    if (result.stored) changed(tenantId, 'policy.changed', { policyId: result.id }, now);
    return result;
  }

  async function storeLocation(principal: AdminPrincipal, json: unknown, opts: ImportOptions): Promise<ImportResult> {
    const tenantId = principal.tenantId;
    const { location, report } = importNamedLocation(withoutContext(json));
    const unsupported = [...report.unsupported];
    // Without an IP-to-country table a country location never matches an address (fail closed): say so.
    if (location.kind === 'country' && !countryLookup(ctx).available) unsupported.push({ path: '$.countriesAndRegions', reason: 'country-lookup-unavailable-location-unknown' });
    const fullReport = { evaluated: report.evaluated, unsupported, normalised: report.normalised, unresolved: [] };
    const now = ctx.now();
    const result = await ctx.store.transaction(async (tx) => {
      let id = opts.replaceId ?? idFor(ctx, json);
      let existing = await tx.namedLocations.get(tenantId, id);
      if (opts.replaceId && !existing) throw notFound('named location', id);
      if (!opts.replaceId && opts.match === 'displayName') {
        const named = matchByDisplayName((await loadNamedLocations(tx, tenantId)).map((l) => ({ id: l.id!, displayName: l.displayName })), location.displayName);
        if (named) {
          id = named.id;
          existing = await tx.namedLocations.get(tenantId, id);
        } else existing = undefined;
      }
      // A re-import that changes ip into country (or the like) is another object, not an update.
      await assertSameKind(tx, tenantId, id, 'namedLocation', location.kind);
      const { kind, ...doc } = { ...location, id };
      const after = exportNamedLocation({ ...doc, kind } as NamedLocation);
      const before = existing ? exportStoredLocation(existing) : null;
      const changes = before ? documentChanges(before, after) : undefined;
      const action = !existing ? 'create' : changes!.length === 0 ? 'unchanged' : 'update';
      const base = { id, replaced: existing !== undefined, action, report: fullReport, ...(changes ? { changes } : {}) } as const;
      if (opts.dryRun || action === 'unchanged') return { ...base, stored: false, policy: after };
      const fields = { displayName: location.displayName, kind, graph: after };
      const record = existing ? await tx.namedLocations.update(tenantId, id, fields) : await tx.namedLocations.create(tenantId, { id, ...fields });
      if (!record) throw notFound('named location', id);
      await recordAudit(tx, tenantId, principal, {
        action: existing ? 'named-location.replace' : 'named-location.create', targetType: 'namedLocation', targetId: id,
        details: { displayName: location.displayName, kind, before, after, changes: changes ?? [] },
      }, now);
      return { ...base, stored: true, policy: exportStoredLocation(record) };
    });
    if (result.stored) changed(tenantId, 'named-location.changed', { namedLocationId: result.id }, now);
    return result;
  }

  async function policiesUsing(tx: Store, tenantId: string, locationId: string): Promise<string[]> {
    return (await loadPolicies(tx, tenantId))
      .filter((p) => [...(p.conditions.locations?.includeLocations ?? []), ...(p.conditions.locations?.excludeLocations ?? [])].includes(locationId))
      .map((p) => p.id ?? p.displayName);
  }

  return {
    /** Import a Graph conditionalAccessPolicy (POST); a known id replaces the stored policy, so re-imports are idempotent. */
    importPolicy: (principal: AdminPrincipal, json: unknown, opts: { dryRun: boolean; match?: ImportMatch }) => storePolicy(principal, json, opts),
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
    importLocation: (principal: AdminPrincipal, json: unknown, opts: { dryRun: boolean; match?: ImportMatch }) => storeLocation(principal, json, opts),
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
