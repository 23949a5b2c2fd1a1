import { compilePolicySet, type CompiledPolicySet, type ConditionalAccessPolicy, type NamedLocation } from '@verity/core';
import type { Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import { countryLookup } from './country-lookup.js';

/** A tenant's policies and named locations as stored, and the set compiled from them. */
export interface TenantPolicySet {
  readonly policies: readonly ConditionalAccessPolicy[];
  readonly namedLocations: readonly NamedLocation[];
  readonly compiled: CompiledPolicySet;
}

/** Events that change a tenant's policy set; every subscriber (this cache, later the gateway push) listens to the prefix. */
export const ACCESS_EVENT_PREFIX = 'access.';

// Entra allows 195 policies per tenant; Verity pages through up to this many.
const PAGE = 500;
const MAX_PAGES = 4;

/** Every policy of a tenant, as the Graph documents stored at import. */
export async function loadPolicies(store: Store, tenantId: string): Promise<ConditionalAccessPolicy[]> {
  const out: ConditionalAccessPolicy[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await store.accessPolicies.list(tenantId, { limit: PAGE, offset: page * PAGE });
    for (const r of rows) out.push({ ...(r.graph as ConditionalAccessPolicy), id: r.id, state: r.state });
    if (rows.length < PAGE) break;
  }
  return out;
}

/** Every named location of a tenant, with the kind column restored onto the stored Graph document. */
export async function loadNamedLocations(store: Store, tenantId: string): Promise<NamedLocation[]> {
  const out: NamedLocation[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await store.namedLocations.list(tenantId, { limit: PAGE, offset: page * PAGE });
    for (const r of rows) out.push({ ...(r.graph as Record<string, unknown>), id: r.id, kind: r.kind } as NamedLocation);
    if (rows.length < PAGE) break;
  }
  return out;
}

export interface PolicySetCache {
  /** The tenant's compiled set, compiled once per change. */
  get(tenantId: string): Promise<TenantPolicySet>;
  /** Forget a tenant's set (after a policy or location change). */
  invalidate(tenantId: string): void;
}

/**
 * Compiled policy sets per tenant, held in memory and dropped on any `access.*` event. This
 * compiled set is what the gateway will receive as its snapshot (pushed on the same events),
 * so the server and the gateway decide from the same data.
 */
function createPolicySetCache(ctx: ServerContext): PolicySetCache {
  const entries = new Map<string, Promise<TenantPolicySet>>();
  // Invalidation drops the entry, so a compile still in flight when a change lands is never kept.
  const invalidate = (tenantId: string): void => {
    entries.delete(tenantId);
  };
  ctx.events.subscribe(ACCESS_EVENT_PREFIX, (event) => invalidate(event.tenantId));
  return {
    invalidate,
    get(tenantId) {
      const cached = entries.get(tenantId);
      if (cached) return cached;
      const loading = (async () => {
        const [policies, namedLocations] = await Promise.all([loadPolicies(ctx.store, tenantId), loadNamedLocations(ctx.store, tenantId)]);
        // The server resolves each sign-in's country itself (country-lookup.ts); without a table country locations compile as unknown (fail closed).
        return { policies, namedLocations, compiled: compilePolicySet({ policies, namedLocations, countryLookup: countryLookup(ctx).available }) };
      })();
      entries.set(tenantId, loading);
      // A failed load (database down) is not cached: the next request tries again.
      loading.catch(() => { if (entries.get(tenantId) === loading) entries.delete(tenantId); });
      return loading;
    },
  };
}

// Keyed by the server context, so several servers in one process (tests) each have their own cache.
const caches = new WeakMap<ServerContext, PolicySetCache>();

/** The policy set cache of this server (created, and subscribed to events, on first use). */
export function policySetCache(ctx: ServerContext): PolicySetCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = createPolicySetCache(ctx);
    caches.set(ctx, cache);
  }
  return cache;
}
