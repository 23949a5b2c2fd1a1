import { expect, it } from 'vitest';
import { isEnrollmentTokenError } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('enrollment profiles', (h) => {
  const now = '2026-01-01T00:00:00.000Z';
  it('creates, lists, updates, revokes and deletes a profile', async () => {
    const t = await h.tenant();
    const p = await h.store.enrollmentProfiles.create(t, { name: 'Kiosks', tokenHash: `${t}-k`, expiresAt: '2026-02-01T00:00:00Z', maxUses: 10, targetGroupIds: ['g1'], groupTag: 'kiosk' });
    expect(p).toMatchObject({ ownership: 'corporate', uses: 0, maxUses: 10, targetGroupIds: ['g1'] });
    expect((await h.store.enrollmentProfiles.list(t)).length).toBe(1);
    expect(await h.store.enrollmentProfiles.update(t, p.id, { maxUses: 20, targetGroupIds: [] })).toMatchObject({ maxUses: 20, targetGroupIds: [] });
    expect(await h.store.enrollmentProfiles.revoke(t, p.id, now)).toBe(true);
    expect(await h.store.enrollmentProfiles.revoke(t, p.id, now)).toBe(false);
    expect(await h.store.enrollmentProfiles.delete(t, p.id)).toBe(true);
    expect(await h.store.enrollmentProfiles.get(t, p.id)).toBeUndefined();
  });

  it('consumeToken says unknown, expired, exhausted or revoked', async () => {
    const t = await h.tenant();
    expect(await h.store.enrollmentProfiles.consumeToken(`${t}-none`, now)).toEqual({ error: 'unknown' });
    await h.store.enrollmentProfiles.create(t, { name: 'old', tokenHash: `${t}-old`, expiresAt: now });
    expect(await h.store.enrollmentProfiles.consumeToken(`${t}-old`, now)).toEqual({ error: 'expired' });
    await h.store.enrollmentProfiles.create(t, { name: 'one', tokenHash: `${t}-one`, expiresAt: '2027-01-01T00:00:00Z', maxUses: 1 });
    const first = await h.store.enrollmentProfiles.consumeToken(`${t}-one`, now);
    expect(isEnrollmentTokenError(first)).toBe(false);
    if (!isEnrollmentTokenError(first)) expect(first).toMatchObject({ tenantId: t, uses: 1 });
    expect(await h.store.enrollmentProfiles.consumeToken(`${t}-one`, now)).toEqual({ error: 'exhausted' });
    const r = await h.store.enrollmentProfiles.create(t, { name: 'rev', tokenHash: `${t}-rev`, expiresAt: '2027-01-01T00:00:00Z' });
    await h.store.enrollmentProfiles.revoke(t, r.id, now);
    expect(await h.store.enrollmentProfiles.consumeToken(`${t}-rev`, now)).toEqual({ error: 'revoked' });
    const unlimited = await h.store.enrollmentProfiles.create(t, { name: 'u', tokenHash: `${t}-u`, expiresAt: '2027-01-01T00:00:00Z' });
    for (let i = 0; i < 3; i++) await h.store.enrollmentProfiles.consumeToken(`${t}-u`, now);
    expect((await h.store.enrollmentProfiles.get(t, unlimited.id))?.uses).toBe(3);
  });

  it('20 concurrent consumes of a max_uses=5 token: exactly 5 succeed', async () => {
    const t = await h.tenant();
    const p = await h.store.enrollmentProfiles.create(t, { name: 'race', tokenHash: `${t}-race`, expiresAt: '2027-01-01T00:00:00Z', maxUses: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => h.store.enrollmentProfiles.consumeToken(`${t}-race`, now)));
    expect(results.filter((r) => !isEnrollmentTokenError(r)).length).toBe(5);
    expect(results.filter((r) => isEnrollmentTokenError(r) && r.error === 'exhausted').length).toBe(15);
    expect((await h.store.enrollmentProfiles.get(t, p.id))?.uses).toBe(5);
  });
});
