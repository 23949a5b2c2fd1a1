import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { SoftwareAuthenticator, createUser } from '../identity-fixtures.js';

describe('passkey assertions that must be refused (and logged)', { timeout: 60_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let user: { id: string; upn: string };
  const authenticator = new SoftwareAuthenticator();
  let origin = '';
  let rpId = '';

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    user = await createUser(s, t.adminToken, `passkey@${t.domain}`);
    await s.server.ctx.store.passkeys.create(t.tenantId, {
      id: authenticator.credentialId, userId: user.id, publicKey: authenticator.cosePublicKey(), counter: 0, transports: ['internal'],
      aaguid: '00000000-0000-0000-0000-000000000000', deviceType: 'singleDevice', backedUp: false, attestationFormat: 'none', deviceId: null, displayName: 'soft key',
    });
    origin = new URL(s.url).origin;
    rpId = new URL(s.url).hostname;
  });
  afterAll(async () => s.close());

  /** A passwordless sign-in up to the challenge. */
  async function challenge(): Promise<{ transaction: string; challenge: string }> {
    const start = await s.call('POST', '/api/v1/auth/sign-in/start', { body: { tenant: t.domain, kind: 'portal' } });
    const options = await s.call('POST', '/api/v1/auth/sign-in/passkey-options', { body: { transaction: start.body.transaction } });
    return { transaction: start.body.transaction, challenge: options.body.options.challenge };
  }
  const step = (transaction: string, response: unknown) => s.call('POST', '/api/v1/auth/sign-in/step', { body: { transaction, method: 'passkey', response } });
  const lastFailure = async () => (await s.call('GET', `/api/v1/sign-ins?result=failure&limit=1`, { token: t.adminToken })).body.items[0];

  it('signs in with a valid assertion', async () => {
    const c = await challenge();
    const ok = await step(c.transaction, authenticator.assert({ challenge: c.challenge, origin, rpId, counter: 5 }));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ userId: user.id, methods: ['passkey'], strength: 'phishingResistant' });
  });

  it('refuses a replayed assertion', async () => {
    const c = await challenge();
    const assertion = authenticator.assert({ challenge: c.challenge, origin, rpId, counter: 6 });
    expect((await step(c.transaction, assertion)).status).toBe(200);
    // The same assertion again, in a new sign-in with its own challenge.
    const again = await challenge();
    const replay = await step(again.transaction, assertion);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'VERITY_AUTH_PASSKEY_INVALID', errors: [{ message: 'wrong-challenge' }] });
    expect(await lastFailure()).toMatchObject({ result: 'failure', userId: null, decision: { failure: { method: 'passkey', reason: 'wrong-challenge' } } });
    // And in its own sign-in, whose challenge is already used up.
    const consumed = await step(c.transaction, assertion);
    expect(consumed.body.code).toBe('VERITY_AUTH_TRANSACTION_INVALID');
  });

  it.each([
    ['another origin', { origin: 'https://evil.example' }, 'wrong-origin'],
    ['another RP ID', { rpId: 'evil.example' }, 'wrong-rp-id'],
    ['no user verification', { userVerified: false }, 'user-not-verified'],
    ['a counter that went back (cloned key)', { counter: 2 }, 'counter-regression'],
  ])('refuses %s, and logs why', async (_name, change, reason) => {
    const c = await challenge();
    const res = await step(c.transaction, authenticator.assert({ challenge: c.challenge, origin, rpId, counter: 100, ...change }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'VERITY_AUTH_PASSKEY_INVALID', errors: [{ message: reason }] });
    expect((await lastFailure()).decision.failure).toEqual({ method: 'passkey', reason });
  });

  it('refuses a malformed assertion at the edge, naming the path', async () => {
    const c = await challenge();
    const res = await step(c.transaction, { id: 'x', type: 'public-key' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERITY_REQUEST_INVALID');
  });
});
