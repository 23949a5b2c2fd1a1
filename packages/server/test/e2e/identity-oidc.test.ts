import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { TestBrowser, createUser, deviceToken } from '../identity-fixtures.js';
import { createVerityTokenVerifier } from '@verity/server/identity-verifier';

const REDIRECT = 'https://app.example.test/callback';

/** A relying party's openid-client configuration that trusts the test server's CA. */
async function relyingParty(s: TestServer, issuer: string, clientId: string, secret: string): Promise<client.Configuration> {
  const agent = new Agent({ connect: { ca: s.caPem } });
  const fetchWithCa: client.CustomFetch = (url, options) => undiciFetch(url, { ...(options as object), dispatcher: agent }) as unknown as Promise<Response>;
  const config = await client.discovery(new URL(issuer), clientId, secret, undefined, { [client.customFetch]: fetchWithCa });
  config[client.customFetch] = fetchWithCa;
  return config;
}

/** Drive the browser from the authorization URL to the redirect back to the client; returns the callback URL. */
async function authorize(browser: TestBrowser, authUrl: URL, signIn: (interactionUrl: string, start: any) => Promise<any>): Promise<{ callback: string | null; answer: any }> {
  const first = await browser.request('GET', authUrl.href);
  expect(first.status).toBe(303);
  const interaction = first.location!;
  const start = await browser.request('POST', `${interaction}/start`, {});
  expect(start.status).toBe(200);
  const answer = start.body.status === 'sign-in' ? await signIn(interaction, start.body) : start.body;
  if (answer.status !== 'complete' && answer.status !== 'refused') return { callback: null, answer };
  let next = answer.redirectTo as string;
  for (let i = 0; i < 5; i++) {
    if (next.startsWith(REDIRECT)) return { callback: next, answer };
    const res = await browser.request('GET', next);
    expect([302, 303]).toContain(res.status);
    next = res.location!;
  }
  throw new Error('too many redirects');
}

describe('OpenID Connect provider with a real relying party (openid-client)', { timeout: 60_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let device: DeviceIdentity;
  let user: { id: string; upn: string; password: string };
  let issuer = '';
  let clientId = '';
  let clientSecret = '';

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    user = await createUser(s, t.adminToken, `ada@${t.domain}`);
    const enrollment = await enrollmentToken(s, t.adminToken);
    device = await s.enrollDevice(enrollment, { hostname: 'ada-laptop' });
    await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    const registered = await s.call('POST', '/api/v1/oidc-clients', { token: t.adminToken, body: { displayName: 'Expenses', appId: 'expenses-app', redirectUris: [REDIRECT] } });
    expect(registered.status).toBe(201);
    ({ issuer, clientId, clientSecret } = registered.body);
  });
  afterAll(async () => s.close());

  it('runs code + PKCE from an enrolled device (mTLS): the ID token says which device, refresh works, revocation stops it', async () => {
    const rp = await relyingParty(s, issuer, clientId, clientSecret);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authUrl = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT, scope: 'openid offline_access profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce,
    });
    const browser = new TestBrowser(s.caPem, device);
    const { callback } = await authorize(browser, authUrl, async (interaction, start) => {
      expect(start.deviceId).toBe(device.deviceId);
      const r = await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: user.upn, password: user.password });
      expect(r.status).toBe(200);
      return r.body;
    });
    const tokens = await client.authorizationCodeGrant(rp, new URL(callback!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: user.id, iss: issuer, aud: clientId, amr: ['pwd'], acr: 'urn:verity:acr:password', device_id: device.deviceId, trust_type: 'ServerAD', device_risk_level: 'none' });
    expect(typeof claims.is_compliant).toBe('boolean');
    // The decision is in the sign-in log for the client's app id, with the methods and the device.
    const log = await s.call('GET', '/api/v1/sign-ins?appId=expenses-app&limit=1', { token: t.adminToken });
    expect(log.body.items[0]).toMatchObject({ result: 'grant', deviceId: device.deviceId, decision: { input: { authentication: { methods: ['password'], strength: null, deviceProof: 'certificate' } } } });
    // Introspection (the gateway's view) carries the device claims too.
    const introspected = await client.tokenIntrospection(rp, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, sub: user.id, device_id: device.deviceId });

    // The gateway's interface: the same tokens verified from outside through JWKS and introspection.
    const caAgent = new Agent({ connect: { ca: s.caPem } });
    const gateway = createVerityTokenVerifier({ issuer, clientId, clientSecret, fetch: ((u: string, o?: object) => undiciFetch(u, { ...o, dispatcher: caAgent })) as unknown as typeof fetch });
    expect(await gateway.verifyIdToken(tokens.id_token!)).toMatchObject({ sub: user.id, amr: ['pwd'], device: { id: device.deviceId, trustType: 'ServerAD' } });
    expect((await gateway.introspect(tokens.access_token))?.device?.id).toBe(device.deviceId);
    await expect(gateway.verifyIdToken(tokens.id_token!.slice(0, -4) + 'AAAA')).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });

    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ sub: user.id, device_id: device.deviceId });

    const revoked = await s.call('POST', `/api/v1/users/${user.id}/revoke-sign-in-sessions`, { token: t.adminToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedGrants).toBeGreaterThan(0);
    await expect(client.refreshTokenGrant(rp, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await client.tokenIntrospection(rp, refreshed.access_token)).active).toBe(false);
    expect(await gateway.introspect(refreshed.access_token)).toBeNull();
    await caAgent.close();
    await browser.close();
  });

  it('gives no device claims from a revoked device', async () => {
    const enrollment = await enrollmentToken(s, t.adminToken);
    const other = await s.enrollDevice(enrollment, { hostname: 'old-laptop' });
    const rp = await relyingParty(s, issuer, clientId, clientSecret);
    const verifier = client.randomPKCECodeVerifier();
    const authUrl = client.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', device_token: await deviceToken(s, other) });
    const browser = new TestBrowser(s.caPem);
    const { callback } = await authorize(browser, authUrl, async (interaction, start) => {
      expect(start.deviceId).toBe(other.deviceId);
      // Revoked between the authorization request and the code exchange.
      await s.call('POST', `/api/v1/devices/${other.deviceId}/revoke`, { token: t.adminToken, body: {} });
      return (await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: user.upn, password: user.password })).body;
    });
    const tokens = await client.authorizationCodeGrant(rp, new URL(callback!), { pkceCodeVerifier: verifier, idTokenExpected: true });
    expect(tokens.claims()!.device_id).toBeUndefined();
    await browser.close();
  });

  it('refuses with access_denied, the protocol\'s error, when conditional access blocks the client\'s app', async () => {
    await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: {
      id: 'block-expenses', displayName: 'Block expenses', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['expenses-app'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    } });
    const rp = await relyingParty(s, issuer, clientId, clientSecret);
    const verifier = client.randomPKCECodeVerifier();
    const authUrl = client.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state: 'st' });
    const browser = new TestBrowser(s.caPem);
    const { callback, answer } = await authorize(browser, authUrl, async (interaction, start) =>
      (await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: user.upn, password: user.password })).body);
    expect(answer).toMatchObject({ status: 'refused', code: 'VERITY_ACCESS_BLOCKED' });
    expect(new URL(callback!).searchParams.get('error')).toBe('access_denied');
    await s.call('DELETE', '/api/v1/conditional-access/policies/block-expenses', { token: t.adminToken });
    await browser.close();
  });

  it('rotates the signing key: the new key signs, the old one stays published, private keys are stored sealed', async () => {
    const agent = new Agent({ connect: { ca: s.caPem } });
    const jwks = async () => ((await (await undiciFetch(`${issuer}/jwks`, { dispatcher: agent })).json()) as { keys: { kid: string; d?: string }[] }).keys;
    const before = await jwks();
    const rotated = await s.call('POST', '/api/v1/oidc/signing-keys/rotate', { token: t.adminToken });
    expect(rotated.status).toBe(200);
    const after = await jwks();
    expect(after.map((k) => k.kid)).toEqual([rotated.body.kid, ...before.map((k) => k.kid)]);
    expect(after.every((k) => k.d === undefined)).toBe(true);
    const stored = await s.server.ctx.store.oidc.signingKeys(t.tenantId);
    expect(stored.map((k) => k.status)).toEqual(['active', 'retiring']);
    expect(stored.every((k) => !k.sealedPrivateJwk.includes('"d"'))).toBe(true);
    // A token issued now is signed with the new key.
    const rp = await relyingParty(s, issuer, clientId, clientSecret);
    const verifier = client.randomPKCECodeVerifier();
    const authUrl = client.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new TestBrowser(s.caPem);
    const { callback } = await authorize(browser, authUrl, async (interaction, start) =>
      (await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: user.upn, password: user.password })).body);
    const tokens = await client.authorizationCodeGrant(rp, new URL(callback!), { pkceCodeVerifier: verifier, idTokenExpected: true });
    expect(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.body.kid);
    await client.tokenRevocation(rp, tokens.access_token);
    expect((await client.tokenIntrospection(rp, tokens.access_token)).active).toBe(false);
    await browser.close();
    await agent.close();
  });

  it('answers malformed requests in the protocol\'s own error shape', async () => {
    const agent = new Agent({ connect: { ca: s.caPem } });
    const token = await undiciFetch(`${issuer}/token`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=nope' });
    expect(token.status).toBe(400);
    expect(await token.json()).toMatchObject({ error: 'invalid_request' });
    const badClient = await undiciFetch(`${issuer}/token`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:wrong`).toString('base64')}` }, body: 'grant_type=authorization_code&code=nope&redirect_uri=x' });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toMatchObject({ error: 'invalid_client' });
    const noPkce = await undiciFetch(`${issuer}/auth?client_id=${clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}`, { dispatcher: agent, redirect: 'manual' });
    expect(noPkce.status).toBe(303);
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const unknownIssuer = await undiciFetch(`${new URL(issuer).origin}/oidc/no-such-tenant/.well-known/openid-configuration`, { dispatcher: agent });
    expect(unknownIssuer.status).toBe(404);
    expect(await unknownIssuer.json()).toMatchObject({ error: 'invalid_request' });
    const discovery = await (await undiciFetch(`${issuer}/.well-known/openid-configuration`, { dispatcher: agent })).json() as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer, code_challenge_methods_supported: ['S256'], end_session_endpoint: `${issuer}/session/end`, revocation_endpoint: `${issuer}/token/revocation` });
    expect(discovery.introspection_endpoint).toBe(`${issuer}/token/introspection`);
    const logout = await undiciFetch(`${issuer}/session/end`, { dispatcher: agent });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('content-type')).toContain('text/html');
    await agent.close();
  });
});
