// The console's sign-in beyond the password (passkey, step-up MFA), the portal's passkeys and PIN
// policy, and the device page's commands and extension attributes, in Debian's Chromium against a
// control plane on the embedded store. Passkeys use a CDP virtual authenticator.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestServer } from '../../../server/test/harness.js';
import { enrollTotp, portalSession, totpCode } from '../../../server/test/identity-fixtures.js';
import { userWithDevice } from '../../../server/test/e2e/compliance-fixtures.js';
import type { TenantBootstrap } from '../../../server/src/tenants/tenant-bootstrap.js';
import { BrowserSession, HAVE_CHROMIUM, addVirtualAuthenticator, screenshot, seriousAxeViolations, serverSpki, signIn } from './browser.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CONSOLE_BUILT = existsSync(join(REPO, 'packages', 'console', 'dist', 'index.html'));
if (process.env.CI && !HAVE_CHROMIUM) throw new Error('CI: /usr/bin/chromium is missing (.ci/run installs Debian\'s chromium)');
if (process.env.CI && !CONSOLE_BUILT) throw new Error('CI: the console is not built (npm test builds it before vitest)');
const skipWhy = !HAVE_CHROMIUM ? 'no /usr/bin/chromium' : !CONSOLE_BUILT ? 'console not built (run npm test)' : null;
if (skipWhy) process.stdout.write(`console sign-in browser tests skipped: ${skipWhy}\n`);

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${what}`).toEqual([]);
}

describe.skipIf(skipWhy !== null)('the console\'s sign-in, passkeys and device commands in Chromium', { timeout: 120_000 }, () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let spki: string;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant('Acme', 'acme.example.com');
    spki = await serverSpki(s.url);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a user adds a passkey in the portal, sees the PIN policy in force, signs in with the passkey alone, and removes it', async () => {
    const u = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'passkey-laptop' });
    const browser = await BrowserSession.open(undefined, spki);
    try {
      const page = await browser.page();
      await addVirtualAuthenticator(browser.context, page);
      await page.goto(`${s.url}/portal`);
      await signIn(page, { tenant: t.domain, username: u.upn, password: u.password });
      const security = page.getByRole('region', { name: 'Passkeys and sign-in policy' });
      await security.getByRole('table', { name: 'Your PIN policy' }).getByRole('cell', { name: 'pinMinimumLength' }).waitFor();
      await security.getByLabel('Name of the new passkey').fill('Test laptop');
      await security.getByRole('button', { name: 'Add a passkey' }).click();
      await security.getByRole('table', { name: 'Your passkeys' }).getByRole('cell', { name: 'Test laptop', exact: true }).waitFor();
      await expectAccessible(page, 'the portal with a passkey');
      await screenshot(page, '20-portal-passkeys');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
      await page.getByLabel('Organization domain').fill(t.domain);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      // Signed in (the sign-in form has the same title; its Sign out button and the card do not).
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByText(`Signed in as Ada Lovelace (${u.upn})`).waitFor();

      await security.getByRole('button', { name: 'Remove Test laptop' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove Test laptop' }).click();
      await security.getByText('You have no passkey yet.', { exact: false }).waitFor();
      expect(browser.problems).toEqual({ consoleErrors: [], failedRequests: [] });
    } finally {
      await browser.close();
    }
  });

  it('an admin whose console sign-in needs MFA continues with the authenticator app code', async () => {
    const { secret } = await enrollTotp(s, await portalSession(s, t.domain, t.adminUserPrincipalName, t.adminPassword));
    const policy = {
      id: 'console-mfa', displayName: 'MFA for the admin console', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['verity-admin'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    };
    const created = await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: policy });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const browser = await BrowserSession.open();
    try {
      const page = await browser.page();
      await page.goto(`${s.url}/sign-in`);
      await signIn(page, { tenant: t.domain, username: t.adminUserPrincipalName, password: t.adminPassword });
      const code = page.getByLabel('Code from your authenticator app');
      await code.waitFor();
      await expectAccessible(page, 'the second sign-in step');
      await screenshot(page, '21-sign-in-step-up');
      // The next time step's code: the one that confirmed the enrollment was used up (a code is accepted once).
      await code.fill(totpCode(secret, new Date(Date.now() + 30_000)));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      // The one refusal is the password step's 403 that asked for the second method.
      expect(browser.problems.failedRequests).toEqual([expect.stringMatching(/^POST .*\/api\/v1\/auth\/login: 403$/)]);
      expect(browser.problems.consoleErrors.filter((e) => !/status of 403/.test(e))).toEqual([]);
    } finally {
      await browser.close();
      await s.call('DELETE', '/api/v1/conditional-access/policies/console-mfa', { token: t.adminToken });
    }
  });

  it('shows a device\'s commands with their state, and sets an extension attribute after confirming the change', async () => {
    const u = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'commands-laptop' });
    const deviceId = u.device.deviceId;
    expect((await s.call('POST', `/api/v1/devices/${deviceId}/lock`, { token: t.adminToken, body: {} })).status).toBeLessThan(300);
    const browser = await BrowserSession.open();
    try {
      const page = await browser.page();
      await page.goto(`${s.url}/sign-in`);
      await signIn(page, { tenant: t.domain, username: t.adminUserPrincipalName, password: t.adminPassword });
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto(`${s.url}/devices/${deviceId}`);
      await page.getByRole('tab', { name: 'Commands' }).click();
      const commands = page.getByRole('table', { name: 'Commands' });
      await commands.getByRole('cell', { name: 'lock' }).waitFor();
      await commands.getByText('Waiting for the device').waitFor();
      await expectAccessible(page, 'the device\'s commands');
      await screenshot(page, '22-device-commands');

      await page.getByRole('button', { name: 'Set extension attributes' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('extensionAttribute1', { exact: true }).fill('kiosk');
      await dialog.getByRole('button', { name: 'Review changes' }).click();
      await dialog.getByText('extensionAttribute1: not set → "kiosk"').waitFor();
      await dialog.getByRole('button', { name: 'Save 1 change' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await s.call('GET', `/api/v1/devices/${deviceId}`, { token: t.adminToken })).body.extensionAttributes).toEqual({ extensionAttribute1: 'kiosk' });
      const audit = await s.call('GET', `/api/v1/audit?targetId=${deviceId}`, { token: t.adminToken });
      expect(JSON.stringify(audit.body)).toContain('extensionAttribute1');
      expect(browser.problems).toEqual({ consoleErrors: [], failedRequests: [] });
    } finally {
      await browser.close();
    }
  });
});
