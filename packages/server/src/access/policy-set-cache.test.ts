import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openStore, type Store } from '@verity/store';
import type { ServerContext } from '../context.js';
import { createInProcessEventBus } from '../events/event-bus.js';
import { policySetCache } from './policy-set-cache.js';

const graph = (id: string) => ({
  id, displayName: id, state: 'enabled',
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
});

describe('policy set cache', () => {
  let store: Store;
  let ctx: ServerContext;
  const tenantId = 'tenant-a';

  beforeEach(async () => {
    store = await openStore({ sqlitePath: ':memory:' });
    await store.tenants.create({ id: tenantId, name: 'A', domain: 'a.example.com' });
    const events = createInProcessEventBus((err) => { throw err; });
    // Only what the cache uses: the store, the event bus and (for the country lookup) the config.
    ctx = { store, events, config: { countryDatabase: 'none' }, log: pino({ level: 'silent' }), now: () => new Date(), newId: () => crypto.randomUUID() } as unknown as ServerContext;
  });
  afterEach(async () => store.close());

  it('compiles once and keeps the set until an access.* event for the tenant', async () => {
    await store.accessPolicies.create(tenantId, { id: 'p1', displayName: 'p1', state: 'enabled', graph: graph('p1') });
    const cache = policySetCache(ctx);
    expect((await cache.get(tenantId)).compiled.policies.map((p) => p.id)).toEqual(['p1']);
    await store.accessPolicies.create(tenantId, { id: 'p2', displayName: 'p2', state: 'enabled', graph: graph('p2') });
    // Written behind the cache's back: still the old set.
    expect((await cache.get(tenantId)).compiled.policies).toHaveLength(1);
    ctx.events.publish({ topic: 'access.policy.changed', tenantId: 'other-tenant', payload: {}, at: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get(tenantId)).compiled.policies).toHaveLength(1);
    ctx.events.publish({ topic: 'access.policy.changed', tenantId, payload: {}, at: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get(tenantId)).compiled.policies.map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  it('does not keep a set compiled before an invalidation that happened during the compile', async () => {
    const cache = policySetCache(ctx);
    const inFlight = cache.get(tenantId);
    await store.accessPolicies.create(tenantId, { id: 'p1', displayName: 'p1', state: 'enabled', graph: graph('p1') });
    cache.invalidate(tenantId);
    await inFlight;
    expect((await cache.get(tenantId)).compiled.policies.map((p) => p.id)).toEqual(['p1']);
  });

  it('leaves disabled policies out of the compiled set', async () => {
    await store.accessPolicies.create(tenantId, { id: 'off', displayName: 'off', state: 'disabled', graph: { ...graph('off'), state: 'disabled' } });
    const set = await policySetCache(ctx).get(tenantId);
    expect(set.policies).toHaveLength(1);
    expect(set.compiled.policies).toEqual([]);
  });
});
