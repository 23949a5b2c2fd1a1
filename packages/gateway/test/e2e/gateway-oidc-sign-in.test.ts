// The gateway as a relying party of Verity's own OpenID Connect provider: step-up to MFA sends the
// user back to Verity's sign-in for the second factor (not a dead end), sign-out at the gateway
// revokes the session every gateway keys on, and forged or replayed callbacks are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTotp, portalSession, totpCode } from '../../../server/test/identity-fixtures.js';
import { startSampleApp, type SampleApp } from '../../src/index.js';
import { controlPlaneWorld, gatewayWithApp, gwCall, oidcSignIn, TestBrowser, until, type ControlPlaneWorld } from '../gateway-harness.js';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string; amr: string[]; acr?: string; sub: string };

describe('gateway sign-in through Verity\'s OpenID Connect provider', { timeout: 60_000 }, () => {
  let w: ControlPlaneWorld;
  let g: Awaited<ReturnType<typeof gatewayWithApp>>;
  let totpSecret = '';
  let secureApp: SampleApp;

  beforeAll(async () => {
    w = await controlPlaneWorld();
    g = await gatewayWithApp(w);
    // A second app on the same host, under /secure, that needs multi-factor authentication.
    secureApp = await startSampleApp({ jwks: g.gateway.jwks(), issuer: g.gateway.url, audience: 'secure-app' });
    const secure = await w.s.call('POST', '/api/v1/apps', { token: w.t.adminToken, body: { displayName: 'Secure app', appId: 'secure-app', hosts: ['localhost'], pathPrefix: '/secure', upstreamUrl: secureApp.url } });
    expect(secure.status, JSON.stringify(secure.body)).toBe(201);
    const policy = await w.s.call('POST', '/api/v1/conditional-access/policies', { token: w.t.adminToken, body: {
      displayName: 'Secure app: require MFA', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['secure-app'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    totpSecret = (await enrollTotp(w.s, await portalSession(w.s, w.t.domain, w.user.upn, w.user.password))).secret;
    await until(() => g.gateway.state.routes.match('localhost', '/secure/x')?.appId === 'secure-app' && g.gateway.state.policySet?.policies.length === 1, 'the secure app and its policy on the gateway');
  }, 60_000);
  afterAll(async () => {
    await secureApp?.close();
    await w?.close();
  });

  const password = (browser: TestBrowser) => async (interaction: string, start: any) =>
    (await browser.request('POST', `${interaction}/password`, { transaction: start.transaction, username: w.user.upn, password: w.user.password })).body;

  it('steps up to MFA at Verity\'s sign-in when an app needs it and the session has a password only, then lets the user in', async () => {
    const browser = new TestBrowser(w.s.caPem, w.user.device);
    try {
      const first = await oidcSignIn(browser, g.gateway.url, '/', password(browser));
      expect(claimsOf(first)).toMatchObject({ sub: w.user.userId, amr: ['pwd'] });
      expect((await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, cookie: `__Host-verity-session=${first}` })).status).toBe(200);

      // The browser is sent to step up; an API client is told why (problem+json).
      const page = await gwCall(g.gateway.url, w.s.caPem, '/secure/whoami', { device: w.user.device, cookie: `__Host-verity-session=${first}`, headers: { accept: 'text/html' } });
      expect(page.status).toBe(302);
      expect(page.headers.location).toBe('/.verity/sign-in?return=%2Fsecure%2Fwhoami&reason=VERITY_GATEWAY_MFA_REQUIRED');
      const api = await gwCall(g.gateway.url, w.s.caPem, '/secure/whoami', { device: w.user.device, bearer: first });
      expect(api.status).toBe(403);
      expect(api.body).toMatchObject({ code: 'VERITY_GATEWAY_MFA_REQUIRED', missingControls: ['mfa'] });

      // Verity's sign-in is asked for MFA for that app; it knows the user (single sign-on) and asks only for the second factor.
      const toProvider = await browser.request('GET', `${g.gateway.url}/.verity/sign-in?return=%2Fsecure%2Fwhoami&reason=VERITY_GATEWAY_MFA_REQUIRED`);
      const authorization = new URL(toProvider.location!);
      expect(Object.fromEntries(['prompt', 'acr_values', 'verity_app_id', 'code_challenge_method'].map((k) => [k, authorization.searchParams.get(k)])))
        .toEqual({ prompt: null, acr_values: 'urn:verity:acr:mfa', verity_app_id: 'secure-app', code_challenge_method: 'S256' });
      // (The code of the next 30-second step: the enrollment used the current one, and a code counts once.)
      let asked = '';
      const stepped = await oidcSignIn(browser, g.gateway.url, '/secure/whoami', async (interaction, start) => {
        asked = start.status;
        return (await browser.request('POST', `${interaction}/step`, { transaction: start.transaction, method: 'totp', code: totpCode(totpSecret, new Date(Date.now() + 30_000)) })).body;
      }, 'VERITY_GATEWAY_MFA_REQUIRED');
      expect(asked).toBe('step-up');
      expect(claimsOf(stepped).amr).toContain('mfa');
      const res = await gwCall(g.gateway.url, w.s.caPem, '/secure/whoami', { device: w.user.device, bearer: stepped });
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain(`Hello ${w.user.upn}`);
    } finally {
      await browser.close();
    }
  });

  it('signing out at the gateway revokes the session at the control plane (every gateway refuses it) and ends Verity\'s own sign-in too, so the next sign-in asks again', async () => {
    const browser = new TestBrowser(w.s.caPem, w.user.device);
    try {
      const token = await oidcSignIn(browser, g.gateway.url, '/', password(browser));
      const sid = claimsOf(token).sid;
      expect((await w.s.server.ctx.store.sessions.get(w.t.tenantId, sid))).toMatchObject({ kind: 'oidc', userId: w.user.userId, revokedAt: null });
      // Without signing out, Verity's sign-in still knows the browser: a new sign-in completes without a question.
      let asked = false;
      const silent = await oidcSignIn(browser, g.gateway.url, '/', async (interaction, start) => { asked = true; return password(browser)(interaction, start); });
      expect(asked).toBe(false);
      expect(claimsOf(silent).sid).toBe(sid); // the same grant, so the same session

      const out = await browser.request('POST', `${g.gateway.url}/.verity/sign-out`);
      expect(out.status).toBe(200);
      expect(String(out.headers['set-cookie'])).toContain('__Host-verity-session=; Path=/');
      // A page that moves on to Verity's sign-out by itself (a refresh, not a redirect a form's CSP could block).
      const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(String(out.body))?.[1];
      expect(refresh, String(out.body)).toBeTruthy();
      const endSession = new URL(refresh!.replaceAll('&amp;', '&'));
      expect(endSession.pathname).toBe(`/oidc/${w.t.tenantId}/session/end`);
      expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${g.gateway.url}/.verity/signed-out`);
      await until(() => g.gateway.state.revokedSessions.has(claimsOf(silent).sid), 'the revocation on the gateway');
      const refused = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: silent });
      expect(refused.body.code).toBe('VERITY_GATEWAY_SESSION_REVOKED');

      // Verity's provider asks to confirm, ends its session and sends the browser back to the gateway.
      const confirm = await browser.request('GET', endSession.href);
      expect(confirm.status).toBe(200);
      const page = String(confirm.body);
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
      expect(action && xsrf, page).toBeTruthy();
      const ended = await browser.request('POST', new URL(action!, endSession).href, new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }));
      expect(ended.status).toBe(303);
      expect(ended.location).toBe(`${g.gateway.url}/.verity/signed-out`);
      const back = await browser.request('GET', ended.location!);
      expect(back.status).toBe(200);
      expect(String(back.body)).toContain('signed out of this app and of Verity');

      // The next sign-in asks for the password again and gets a new session (the revoked one is never revived).
      asked = false;
      const again = await oidcSignIn(browser, g.gateway.url, '/', async (interaction, start) => { asked = true; return password(browser)(interaction, start); });
      expect(asked).toBe(true);
      expect(claimsOf(again).sid).not.toBe(claimsOf(silent).sid);
      expect((await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: again })).status).toBe(200);
    } finally {
      await browser.close();
    }
  });

  it('refuses a callback without its sign-in (forged, replayed or from another browser), and takes no passwords', async () => {
    const browser = new TestBrowser(w.s.caPem, w.user.device);
    try {
      const noTransaction = await browser.request('GET', `${g.gateway.url}/.verity/callback?code=abc&state=xyz`);
      expect(noTransaction.status).toBe(401);
      expect(noTransaction.body.code).toBe('VERITY_GATEWAY_SIGN_IN_FAILED');
      // A real transaction, but a state and code the provider never issued.
      await browser.request('GET', `${g.gateway.url}/.verity/sign-in?return=%2F`);
      const forged = await browser.request('GET', `${g.gateway.url}/.verity/callback?code=forged&state=forged`);
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('VERITY_GATEWAY_SIGN_IN_FAILED');
      // The provider's own error comes through with its description.
      await browser.request('GET', `${g.gateway.url}/.verity/sign-in?return=%2F`);
      const denied = await browser.request('GET', `${g.gateway.url}/.verity/callback?error=access_denied&error_description=Conditional%20access%20blocked%20this%20sign-in.`);
      expect(denied.body).toMatchObject({ code: 'VERITY_GATEWAY_SIGN_IN_FAILED' });
    } finally {
      await browser.close();
    }
    const legacy = await gwCall(g.gateway.url, w.s.caPem, '/.verity/sessions', { method: 'POST', device: w.user.device, body: JSON.stringify({ username: w.user.upn, password: w.user.password }) });
    expect(legacy.status).toBe(400);
    expect(legacy.body.code).toBe('VERITY_GATEWAY_BAD_REQUEST');
  });

  it('gives each gateway credential its own confidential client, only to that credential, and removes it with the credential', async () => {
    const gw = await w.s.call('POST', '/api/v1/api-tokens', { token: w.t.adminToken, body: { name: 'second gateway', role: 'gateway' } });
    const client = await w.s.call('POST', '/api/v1/gateway/oidc-client', { token: gw.body.token, body: { ports: [9443] } });
    expect(client.status, JSON.stringify(client.body)).toBe(200);
    expect(client.body).toMatchObject({ clientId: `gateway-${gw.body.id}`, issuer: `${w.s.url}/oidc/${w.t.tenantId}` });
    expect(client.body.clientSecret).toMatch(/^vcs_/);
    // The same client (and secret) again: every gateway behind the credential shares it.
    expect((await w.s.call('POST', '/api/v1/gateway/oidc-client', { token: gw.body.token, body: { ports: [9443] } })).body.clientSecret).toBe(client.body.clientSecret);
    expect((await w.s.call('POST', '/api/v1/gateway/oidc-client', { token: gw.body.token, body: { ports: [0] } })).body.code).toBe('VERITY_REQUEST_INVALID');
    expect((await w.s.call('POST', '/api/v1/gateway/oidc-client', { token: w.t.adminToken, body: { ports: [9443] } })).body.code).toBe('VERITY_AUTH_FORBIDDEN');
    const listed = async () => (await w.s.call('GET', '/api/v1/oidc-clients', { token: w.t.adminToken })).body.items.map((c: { clientId: string }) => c.clientId);
    expect(await listed()).toContain(`gateway-${gw.body.id}`);
    expect((await w.s.call('DELETE', `/api/v1/api-tokens/${gw.body.id}`, { token: w.t.adminToken })).status).toBe(204);
    expect(await listed()).not.toContain(`gateway-${gw.body.id}`);
  });
});
