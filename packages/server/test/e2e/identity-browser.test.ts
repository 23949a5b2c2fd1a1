import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { enrollTotp, portalSession, serverSpki, totpCode } from '../identity-fixtures.js';
import { userWithDevice } from './compliance-fixtures.js';

// Debian's chromium (installed by .ci/run), never a downloaded browser. In CI a missing browser
// fails these tests; on a developer machine without it they are skipped and say so.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

/** A page with a CDP virtual authenticator (platform, resident keys, user verification): a laptop with a fingerprint reader. */
async function pageWithAuthenticator(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return page;
}

describe.skipIf(!haveChromium && !process.env.CI)('identity in a real browser (Debian chromium, CDP virtual authenticator)', { timeout: 120_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let browser: Browser;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (CI installs it)`);
    s = await TestServer.start();
    t = await s.tenant();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--ignore-certificate-errors-spki-list=${await serverSpki(s.url)}`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function signInWithPassword(page: Page, upn: string, password: string, returnTo = '/identity/security'): Promise<void> {
    await page.goto(`${s.url}/identity/sign-in?return=${encodeURIComponent(returnTo)}`);
    await page.getByLabel('Organization domain').fill(t.domain);
    await page.getByLabel('User name').first().fill(upn);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('registers a passkey on the security page, then signs in passwordless with it', async () => {
    const u = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'passkey-laptop' });
    const context = await browser.newContext();
    const page = await pageWithAuthenticator(context);
    await signInWithPassword(page, u.upn, u.password);
    await page.waitForURL('**/identity/security');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.locator('#passkeys li').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#passkeys li').first().textContent()).toContain('device-bound');
    // The effective policy is on the page with where each value comes from.
    expect(await page.locator('tr[data-setting="pinMinimumLength"] td').nth(2).textContent()).toBe('default');

    await context.clearCookies();
    await page.goto(`${s.url}/identity/sign-in?return=${encodeURIComponent('/identity/security')}`);
    await page.getByLabel('Organization domain').fill(t.domain);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL('**/identity/security');
    await page.locator('#passkeys li').first().waitFor({ timeout: 10_000 });
    const log = await s.call('GET', `/api/v1/sign-ins?userId=${u.userId}&result=grant&limit=1`, { token: t.adminToken });
    expect(log.body.items[0].decision.input.authentication).toMatchObject({ methods: ['passkey'], strength: 'phishingResistant' });
    await context.close();
  });

  it('refuses a device PIN that breaks the policy, saying the rule and the profile it comes from', async () => {
    const u = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'finance-laptop' });
    const group = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'Finance', memberKind: 'user', membershipType: 'static' } });
    await s.call('PUT', `/api/v1/groups/${group.body.id}/members/${u.userId}`, { token: t.adminToken });
    expect((await s.call('PATCH', '/api/v1/identity/settings', { token: t.adminToken, body: { pinPolicy: { pinMinimumLength: 6 } } })).status).toBe(200);
    expect((await s.call('POST', '/api/v1/identity/protection-profiles', { token: t.adminToken, body: { displayName: 'Finance', settings: { pinMinimumLength: 8, pinSpecialCharactersUsage: 'required' }, groupIds: [group.body.id] } })).status).toBe(201);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithPassword(page, u.upn, u.password);
    await page.waitForURL('**/identity/security');
    const pinForm = page.locator(`form[data-device-id="${u.device.deviceId}"]`);
    await pinForm.waitFor();
    await pinForm.locator('input').fill('123456');
    await pinForm.getByRole('button', { name: 'Set PIN' }).click();
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 15_000 }).toContain('at least 8 characters (account protection profile "Finance")');
    expect(await page.locator('#message').textContent()).toContain('special character');
    expect(await page.locator('tr[data-setting="pinMinimumLength"] td').nth(2).textContent()).toBe('profile "Finance"');
    await pinForm.locator('input').fill('1234!678');
    await pinForm.getByRole('button', { name: 'Set PIN' }).click();
    await expect.poll(() => page.locator(`form[data-device-id="${u.device.deviceId}"]`).textContent(), { timeout: 15_000 }).toContain('PIN set');
    await context.close();
  });

  it('sends a password + TOTP user to passkey step-up when the app requires phishing-resistant MFA, and back to the app', async () => {
    const u = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'stepup-laptop' });
    const { secret } = await enrollTotp(s, await portalSession(s, t.domain, u.upn, u.password));
    const redirect = `${s.url}/healthz`;
    const registered = await s.call('POST', '/api/v1/oidc-clients', { token: t.adminToken, body: { displayName: 'Payroll', appId: 'payroll', redirectUris: [redirect], public: true } });
    const policy = (strength: string) => ({
      id: 'payroll-strength', displayName: 'Payroll strength', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['payroll'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', authenticationStrength: { id: strength } },
    });
    expect((await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: policy('00000000-0000-0000-0000-000000000002') })).status).toBe(201);
    const context = await browser.newContext();
    const page = await pageWithAuthenticator(context);
    // A passkey exists for this user (registered on the security page), besides password and TOTP.
    await signInWithPassword(page, u.upn, u.password);
    await page.waitForURL('**/identity/security');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.locator('#passkeys li').first().waitFor({ timeout: 10_000 });

    const authorize = async () => {
      const verifier = 'v'.repeat(43);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      await page.goto(`${registered.body.issuer}/auth?client_id=${registered.body.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(redirect)}&code_challenge=${challenge}&code_challenge_method=S256&state=s1`);
    };
    // MFA for payroll: password, then the authenticator app.
    s.setNow(new Date(Date.now() + 60_000));
    await authorize();
    await page.getByLabel('User name').first().fill(u.upn);
    await page.getByLabel('Password').fill(u.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, new Date(Date.now() + 60_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/healthz\?code=/);

    // Now payroll requires phishing-resistant MFA: the same session (password + TOTP) is sent to a passkey.
    await s.call('PUT', '/api/v1/conditional-access/policies/payroll-strength', { token: t.adminToken, body: policy('00000000-0000-0000-0000-000000000004') });
    await authorize();
    const usePasskey = page.getByRole('button', { name: 'Use a passkey' });
    await usePasskey.waitFor();
    expect(await page.locator('#code-form').isHidden()).toBe(true);
    expect(await page.locator('#step-up-reason').textContent()).toContain('Phishing-resistant');
    await usePasskey.click();
    await page.waitForURL(/\/healthz\?code=/);
    const log = await s.call('GET', `/api/v1/sign-ins?userId=${u.userId}&appId=payroll&limit=5`, { token: t.adminToken });
    const results = log.body.items.map((e: { result: string; decision: { input: { authentication?: { methods: string[] } } } }) => [e.result, e.decision.input.authentication?.methods]);
    expect(results).toContainEqual(['controlsRequired', ['password', 'totp']]);
    expect(results).toContainEqual(['grant', ['password', 'totp', 'passkey']]);
    s.setNow(null);
    await context.close();
  });
});
