import { FIRST_PARTY_APP_IDS, policyReferences, type ConditionalAccessPolicy, type PolicyReference } from '@verity/core';
import type { Store } from '@verity/store';
import { DIRECTORY_ROLE_TEMPLATES } from './directory-roles.js';
import { VERITY_APPS } from './decide-sign-in.js';

const ROLE_IDS = new Set(Object.values(DIRECTORY_ROLE_TEMPLATES).flatMap((ts) => ts.map((t) => t.id)));

/** Resolves policy references against one tenant (cached per instance: one import, what-if or analysis). */
export interface ReferenceResolver {
  /** The references of a policy the tenant does not have, in document order. */
  unresolved(policy: ConditionalAccessPolicy): Promise<PolicyReference[]>;
}

/**
 * A resolver over the tenant's users, groups and named locations (plus, for a dry run, the
 * named locations of the same import), the directory roles Verity's admin roles map to, and the
 * applications every tenant has (Verity's own, Microsoft's first-party ones).
 */
export function referenceResolver(store: Store, tenantId: string, options: { pendingNamedLocations?: ReadonlySet<string> } = {}): ReferenceResolver {
  const cache = new Map<string, Promise<boolean>>();
  const exists = (r: PolicyReference): Promise<boolean> => {
    const key = `${r.kind}:${r.id}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = (async () => {
        switch (r.kind) {
          case 'user': return (await store.users.get(tenantId, r.id)) !== undefined;
          case 'group': return (await store.groups.get(tenantId, r.id)) !== undefined;
          case 'namedLocation': return options.pendingNamedLocations?.has(r.id) === true || (await store.namedLocations.get(tenantId, r.id)) !== undefined;
          case 'role': return ROLE_IDS.has(r.id);
          // Read here, not at module load: decide-sign-in imports this module too.
          case 'application': return (Object.values(VERITY_APPS) as string[]).includes(r.id) || FIRST_PARTY_APP_IDS.has(r.id);
        }
      })();
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    async unresolved(policy) {
      const refs = policyReferences(policy);
      const found = await Promise.all(refs.map(exists));
      return refs.filter((_, i) => !found[i]);
    },
  };
}
