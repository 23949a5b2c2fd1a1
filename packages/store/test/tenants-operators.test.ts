import { expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('tenants: status; operator credentials', (h) => {
  it('disables and enables one tenant without touching another', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    expect((await h.store.tenants.get(a))).toMatchObject({ status: 'enabled', disabledAt: null });
    expect(await h.store.tenants.setStatus(a, 'disabled', '2026-03-01T00:00:00.000Z')).toMatchObject({ id: a, status: 'disabled', disabledAt: '2026-03-01T00:00:00.000Z' });
    expect((await h.store.tenants.get(b))?.status).toBe('enabled');
    expect(await h.store.tenants.setStatus(a, 'enabled', '2026-03-02T00:00:00.000Z')).toMatchObject({ status: 'enabled', disabledAt: null });
    expect(await h.store.tenants.setStatus('no-such-tenant', 'disabled', '2026-03-01T00:00:00.000Z')).toBeUndefined();
  });

  it('stores operator credentials by hash, refuses a second one with the same id, and revokes once', async () => {
    const store = await h.fresh();
    expect(await store.operatorCredentials.count()).toBe(0);
    const c = await store.operatorCredentials.create({ id: 'bootstrap', name: 'first', tokenHash: 'f'.repeat(64) });
    await expect(store.operatorCredentials.create({ id: 'bootstrap', name: 'racing replica', tokenHash: 'e'.repeat(64) })).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
    expect(await store.operatorCredentials.findByHash('f'.repeat(64))).toEqual(c);
    expect(await store.operatorCredentials.findByHash('e'.repeat(64))).toBeUndefined();
    expect(await store.operatorCredentials.revoke('bootstrap', '2026-03-01T00:00:00.000Z')).toBe(true);
    expect(await store.operatorCredentials.revoke('bootstrap', '2026-03-02T00:00:00.000Z')).toBe(false);
    expect((await store.operatorCredentials.findByHash('f'.repeat(64)))?.revokedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(await store.operatorCredentials.count()).toBe(1);
  });
});
