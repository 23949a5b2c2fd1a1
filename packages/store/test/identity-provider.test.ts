import { expect, it } from 'vitest';
import { describeEachDialect } from './dialects.js';

describeEachDialect('identity provider storage', (h) => {
  it('identity settings: absent, put, replace; tenant isolated', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    expect(await h.store.identitySettings.get(t)).toBeUndefined();
    await h.store.identitySettings.put(t, { breakGlassUserIds: ['u1'] });
    await h.store.identitySettings.put(t, { breakGlassUserIds: ['u2'] });
    expect((await h.store.identitySettings.get(t))?.settings).toEqual({ breakGlassUserIds: ['u2'] });
    expect(await h.store.identitySettings.get(other)).toBeUndefined();
  });

  it('passkeys: create, list, counter compare-and-set, delete', async () => {
    const t = await h.tenant();
    const p = await h.store.passkeys.create(t, {
      id: 'cred-1', userId: 'u1', publicKey: 'pk', counter: 5, transports: ['internal'], aaguid: '00000000-0000-0000-0000-000000000000',
      deviceType: 'singleDevice', backedUp: false, attestationFormat: 'none', deviceId: null, displayName: 'Laptop',
    });
    expect(p).toMatchObject({ counter: 5, backedUp: false, transports: ['internal'] });
    expect(await h.store.passkeys.recordUse(t, 'cred-1', 5, 6, h.clock.now())).toBe(true);
    // A second use checked against the old counter loses the race.
    expect(await h.store.passkeys.recordUse(t, 'cred-1', 5, 7, h.clock.now())).toBe(false);
    expect((await h.store.passkeys.get(t, 'cred-1'))?.counter).toBe(6);
    expect((await h.store.passkeys.listForUser(t, 'u1')).map((x) => x.id)).toEqual(['cred-1']);
    expect(await h.store.passkeys.get(await h.tenant(), 'cred-1')).toBeUndefined();
    expect(await h.store.passkeys.delete(t, 'u2', 'cred-1')).toBe(false);
    expect(await h.store.passkeys.delete(t, 'u1', 'cred-1')).toBe(true);
  });

  it('TOTP: a time step is accepted once and never an earlier one; recovery codes are single use', async () => {
    const t = await h.tenant();
    const f = h.store.signInFactors;
    await f.putPendingTotp(t, 'u1', 'sealed');
    expect((await f.totp(t, 'u1'))?.status).toBe('pending');
    expect(await f.useTotpStep(t, 'u1', 100, true, h.clock.now())).toBe(true);
    expect((await f.totp(t, 'u1'))).toMatchObject({ status: 'active', lastStep: 100 });
    expect(await f.useTotpStep(t, 'u1', 100, false, h.clock.now())).toBe(false);
    expect(await f.useTotpStep(t, 'u1', 99, false, h.clock.now())).toBe(false);
    expect(await f.useTotpStep(t, 'u1', 101, false, h.clock.now())).toBe(true);
    await f.replaceRecoveryCodes(t, 'u1', ['h1', 'h2']);
    expect(await f.useRecoveryCode(t, 'u1', 'h1', h.clock.now())).toBe(true);
    expect(await f.useRecoveryCode(t, 'u1', 'h1', h.clock.now())).toBe(false);
    expect(await f.recoveryCodesLeft(t, 'u1')).toBe(1);
    await f.addPasswordHistory(t, 'u1', 'old-1');
    h.clock.advance(1000);
    await f.addPasswordHistory(t, 'u1', 'old-2');
    expect(await f.passwordHistory(t, 'u1', 5)).toEqual(['old-2', 'old-1']);
    expect(await f.passwordHistory(t, 'u1', 1)).toEqual(['old-2']);
  });

  it('throttle state and familiar sources', async () => {
    const t = await h.tenant();
    const r = h.store.signInThrottle;
    await r.put('acct', 'unfamiliar', { failures: 3, lastFailureAt: '2026-01-01T00:00:00Z', blockedUntil: '2026-01-01T00:00:04Z' });
    await r.put('acct', 'unfamiliar', { failures: 4, lastFailureAt: '2026-01-01T00:00:05Z', blockedUntil: '2026-01-01T00:00:13Z' });
    expect(await r.get('acct', 'unfamiliar')).toEqual({ failures: 4, lastFailureAt: '2026-01-01T00:00:05.000Z', blockedUntil: '2026-01-01T00:00:13.000Z' });
    expect(await r.get('acct', 'familiar')).toBeUndefined();
    await r.clear('acct', 'unfamiliar');
    expect(await r.get('acct', 'unfamiliar')).toBeUndefined();
    await r.rememberSource(t, 'u1', 'src', '2026-01-02T00:00:00Z');
    expect(await r.isFamiliar(t, 'u1', 'src', '2026-01-01T00:00:00Z')).toBe(true);
    expect(await r.isFamiliar(t, 'u1', 'src', '2026-01-03T00:00:00Z')).toBe(false);
  });

  it('OIDC payloads: upsert, find by id and uid, consume, expire, revoke by grant and by account', async () => {
    const t = await h.tenant();
    const o = h.store.oidc;
    const future = new Date(h.clock.now().getTime() + 3600_000);
    await o.upsertPayload(t, 'AccessToken', 'at1', { grantId: 'g1', accountId: 'u1' }, future);
    await o.upsertPayload(t, 'RefreshToken', 'rt1', { grantId: 'g1', accountId: 'u1' }, future);
    await o.upsertPayload(t, 'Session', 's1', { uid: 'uid-1', accountId: 'u1' }, future);
    await o.upsertPayload(t, 'AccessToken', 'old', { grantId: 'g2' }, new Date(h.clock.now().getTime() - 1000));
    expect((await o.findPayload(t, 'AccessToken', 'at1'))?.payload).toEqual({ grantId: 'g1', accountId: 'u1' });
    expect(await o.findPayload(t, 'AccessToken', 'old')).toBeUndefined();
    expect((await o.findPayloadBy(t, 'Session', 'uid', 'uid-1'))?.payload.accountId).toBe('u1');
    await o.consumePayload(t, 'RefreshToken', 'rt1');
    expect((await o.findPayload(t, 'RefreshToken', 'rt1'))?.consumedAt).not.toBeNull();
    expect(await o.grantIdsOfAccount(t, 'u1')).toEqual(['g1']);
    expect(await o.revokeByGrantId(t, 'g1')).toBe(2);
    expect(await o.findPayload(t, 'AccessToken', 'at1')).toBeUndefined();
    expect(await o.destroyAccountState(t, 'u1')).toBe(1);
    expect(await o.findPayload(await h.tenant(), 'Session', 's1')).toBeUndefined();
  });

  it('OIDC signing keys: a new active key demotes the previous one to retiring; retire by age', async () => {
    const t = await h.tenant();
    const o = h.store.oidc;
    await o.addActiveSigningKey(t, { kid: 'k1', alg: 'ES256', sealedPrivateJwk: 's1', publicJwk: { kid: 'k1' } });
    h.clock.advance(1000);
    await o.addActiveSigningKey(t, { kid: 'k2', alg: 'ES256', sealedPrivateJwk: 's2', publicJwk: { kid: 'k2' } });
    expect((await o.signingKeys(t)).map((k) => [k.kid, k.status])).toEqual([['k2', 'active'], ['k1', 'retiring']]);
    expect(await o.retireSigningKeys(t, h.clock.now())).toBe(1);
    expect((await o.signingKeys(t)).map((k) => k.status)).toEqual(['active', 'retired']);
  });

  it('SCIM resources: version increments per write; tokens by hash across tenants', async () => {
    const t = await h.tenant();
    const s = h.store.scim;
    const a = await s.putResource(t, 'User', 'u1', 'ext-1', { name: { givenName: 'Ada' } });
    const b = await s.putResource(t, 'User', 'u1', 'ext-1', { name: { givenName: 'Ada L.' } });
    expect([a.version, b.version]).toEqual([1, 2]);
    expect(await s.idsByExternalId(t, 'User', 'ext-1')).toEqual(['u1']);
    expect((await s.getResources(t, 'User', ['u1', 'u2'])).size).toBe(1);
    await s.createToken(t, { id: 'tok', name: 'entra', tokenHash: `${t}-h`, createdBy: null, expiresAt: null });
    expect((await s.findTokenByHash(`${t}-h`))?.tenantId).toBe(t);
    expect(await s.revokeToken(t, 'tok', h.clock.now())).toBe(true);
    expect((await s.findTokenByHash(`${t}-h`))?.revokedAt).not.toBeNull();
  });

  it('auth transactions expire; the replay guard accepts a value once', async () => {
    const t = await h.tenant();
    const a = h.store.authTransactions;
    await a.create(t, { id: 'x1', tokenHash: `${t}-x1`, purpose: 'sign-in', userId: null, data: { methods: [] }, expiresAt: new Date(h.clock.now().getTime() + 60_000) });
    await a.update(t, 'x1', 'u1', { methods: ['password'] });
    expect(await a.findByHash(`${t}-x1`)).toMatchObject({ userId: 'u1', data: { methods: ['password'] } });
    h.clock.advance(120_000);
    expect(await a.findByHash(`${t}-x1`)).toBeUndefined();
    const exp = new Date(h.clock.now().getTime() + 60_000);
    expect(await a.claimOnce(t, 'device-token', 'jti-1', exp)).toBe(true);
    expect(await a.claimOnce(t, 'device-token', 'jti-1', exp)).toBe(false);
    expect(await a.claimOnce(await h.tenant(), 'device-token', 'jti-1', exp)).toBe(true);
  });

  it('sessions remember how they were signed in', async () => {
    const t = await h.tenant();
    const s = await h.store.sessions.create(t, { userId: 'u1', tokenHash: `${t}-s`, kind: 'portal', expiresAt: '2027-01-01T00:00:00Z', methods: ['password', 'totp'], authTime: h.clock.now(), strength: 'mfa', deviceId: 'd1' });
    expect(s).toMatchObject({ methods: ['password', 'totp'], strength: 'mfa', deviceId: 'd1' });
    expect(await h.store.sessions.findByHash(`${t}-s`)).toMatchObject({ methods: ['password', 'totp'], strength: 'mfa' });
  });

  it('the session of an OIDC grant: recorded once, brought up to date by a step-up, never revived once revoked', async () => {
    const t = await h.tenant();
    const s = h.store.sessions;
    const grant = (over: Partial<Parameters<typeof s.recordGrantSession>[1]> = {}) => ({ id: 'grant-1', userId: 'u1', tokenHash: `${t}-${Math.random()}`, kind: 'oidc' as const, expiresAt: '2026-01-15T00:00:00Z', methods: ['password'], strength: null, ...over });
    expect(await s.recordGrantSession(t, grant())).toBe(true);
    expect(await s.recordGrantSession(t, grant({ methods: ['password', 'totp'], strength: 'mfa', expiresAt: '2026-01-16T00:00:00Z' }))).toBe(true);
    expect(await s.get(t, 'grant-1')).toMatchObject({ kind: 'oidc', userId: 'u1', methods: ['password', 'totp'], strength: 'mfa', expiresAt: '2026-01-16T00:00:00.000Z', revokedAt: null });
    // Another user can never take a grant's session over.
    expect(await s.recordGrantSession(t, grant({ userId: 'u2' }))).toBe(false);
    expect((await s.get(t, 'grant-1'))?.userId).toBe('u1');
    expect(await s.revokeAllForUserReturningIds(t, 'u1', h.clock.now())).toEqual(['grant-1']);
    expect(await s.recordGrantSession(t, grant({ expiresAt: '2026-02-01T00:00:00Z' }))).toBe(false);
    expect(await s.get(t, 'grant-1')).toMatchObject({ expiresAt: '2026-01-16T00:00:00.000Z' });
    expect(await s.listRevokedUnexpired(t, h.clock.now())).toEqual(['grant-1']);
    // The same grant id in another tenant is another session.
    expect(await s.recordGrantSession(await h.tenant(), grant())).toBe(true);
  });
});

describeEachDialect('device PINs', (h) => {
  it('set, replace with history, delete', async () => {
    const t = await h.tenant();
    const f = h.store.signInFactors;
    await f.putDevicePin(t, 'u1', 'd1', 'h1', [], null);
    await f.putDevicePin(t, 'u1', 'd1', 'h2', ['h1'], '2026-06-01T00:00:00Z');
    expect(await f.devicePin(t, 'u1', 'd1')).toMatchObject({ pinHash: 'h2', history: ['h1'], expiresAt: '2026-06-01T00:00:00.000Z' });
    expect(await f.devicePin(t, 'u1', 'd2')).toBeUndefined();
    expect(await f.deleteDevicePin(t, 'u1', 'd1')).toBe(true);
  });
});
