// The console in a real browser against a real control plane (embedded store) and the real agent:
// the walk an admin and an end user take, as the "tests that count" list it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { joinSentences } from '@verity/core';
import { TestServer } from '../../../server/test/harness.js';
import type { TenantBootstrap } from '../../../server/src/tenants/tenant-bootstrap.js';
import { parseAgentCommand, runAgent } from './agent-process.js';
import { BrowserSession, HAVE_CHROMIUM, overflowsHorizontally, screenshot, seriousAxeViolations, signIn } from './browser.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'graph');
const ENCRYPTION_BASELINE = join(CORPUS, 'IntuneAdmin__IntuneBaselines', 'Linux Benchmarks', 'Linux Compliance', 'Baseline - Linux - Device Encryption.json');
const HAVE_CORPUS = existsSync(ENCRYPTION_BASELINE);
const CONSOLE_BUILT = existsSync(join(REPO, 'packages', 'console', 'dist', 'index.html'));
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';

if (process.env.CI && !HAVE_CHROMIUM) throw new Error('CI: /usr/bin/chromium is missing (.ci/run installs Debian\'s chromium)');
if (process.env.CI && !HAVE_CORPUS) throw new Error(`CI: the shared corpus is missing (${ENCRYPTION_BASELINE})`);
if (process.env.CI && !CONSOLE_BUILT) throw new Error('CI: the console is not built (npm test builds it before vitest)');
const skipWhy = !HAVE_CHROMIUM ? 'no /usr/bin/chromium' : !HAVE_CORPUS ? 'no ../shared/corpus' : !CONSOLE_BUILT ? 'console not built (run npm test)' : null;
if (skipWhy) process.stdout.write(`console browser tests skipped: ${skipWhy}\n`);

/** A link of the console's main navigation. */
function nav(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('link', { name, exact: true });
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${what}`).toEqual([]);
}

describe.skipIf(skipWhy !== null)('the console in Chromium', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let admin: BrowserSession;
  let page: Page;
  const stateDirs: string[] = [];
  const newStateDir = () => { const d = mkdtempSync(join(tmpdir(), 'verity-agent-')); stateDirs.push(d); return d; };
  let deviceId = '';

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant('Acme', 'acme.example.com');
    admin = await BrowserSession.open();
    page = await admin.page();
  });
  afterAll(async () => {
    await admin?.close();
    await s?.close();
    for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
  });

  it('an admin signs in and sees the dashboard', async () => {
    await page.goto(`${s.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Verity' }).waitFor();
    await expectAccessible(page, 'the sign-in page');
    await screenshot(page, '01-sign-in');
    await signIn(page, { tenant: t.domain, username: t.adminUserPrincipalName, password: t.adminPassword });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('No device yet').waitFor();
    await expectAccessible(page, 'the empty dashboard');
  }, 60_000);

  it('creates an enrollment token and the agent started by the test enrolls with its command line', async () => {
    await nav(page, 'Enrollment').click();
    await page.getByRole('button', { name: 'Create an enrollment token' }).click();
    await page.getByLabel('Name').fill('Build machines');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const command = await page.getByTestId('agent-command').textContent();
    await screenshot(page, '02-enrollment-token');
    const { server, token, caFingerprint } = parseAgentCommand(command ?? '');
    const stateDir = newStateDir();
    await runAgent(['enroll', '--server', server, '--token', token, '--ca-fingerprint', caFingerprint], { stateDir });
    await runAgent(['run', '--once'], { stateDir });
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(async () => (await s.call('GET', '/api/v1/devices', { token: t.adminToken })).body.total).toBe(1);
    await page.reload();
    await page.getByRole('cell', { name: '1', exact: true }).waitFor();
    await expectAccessible(page, 'the enrollment page');
    const list = await s.call('GET', '/api/v1/devices', { token: t.adminToken });
    deviceId = list.body.items[0].id;
  }, 120_000);

  it('imports a Linux compliance policy from the shared corpus (a UTF-16 Intune export) and assigns it', async () => {
    await nav(page, 'Compliance').click();
    await page.getByRole('link', { name: 'Import Graph JSON' }).click();
    await page.locator('input[type=file]').setInputFiles(ENCRYPTION_BASELINE);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Check passed: this is what Verity would evaluate').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('link', { name: 'Open the imported policy to assign it' }).click();
    await page.getByRole('heading', { name: 'Baseline - Linux - Device Encryption' }).waitFor();
    await page.getByLabel('All devices').check();
    await page.getByRole('button', { name: 'Save assignments' }).click();
    await page.getByText('Assigned to all devices.').waitFor();
    await screenshot(page, '03-compliance-policy');
    await expectAccessible(page, 'the compliance policy page');
  }, 60_000);

  it('sees the device turn noncompliant, with the reason the engine gave', async () => {
    const compliance = await s.call('GET', `/api/v1/devices/${deviceId}/compliance`, { token: t.adminToken });
    expect(compliance.body.state).toBe('noncompliant');
    const failing = compliance.body.policies[0].settings.find((x: { setting: string }) => x.setting === 'linux_deviceencryption_required');
    expect(failing.state).toBe('noncompliant');
    await nav(page, 'Devices').click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link') }).first();
    await expect.poll(() => row.getByText('Not compliant').count()).toBe(1);
    await screenshot(page, '04-devices');
    await expectAccessible(page, 'the device list');
    await row.getByRole('link').first().click();
    await page.getByRole('tab', { name: 'Compliance' }).click();
    const setting = page.locator('[data-setting-code]').filter({ hasText: 'linux_deviceencryption_required' });
    await expect.poll(() => setting.locator('.setting-reason').textContent()).toBe(failing.reason);
    await screenshot(page, '05-device-compliance');
    await expectAccessible(page, 'the device detail');
    await page.getByRole('tab', { name: 'Posture' }).click();
    await page.getByRole('cell', { name: 'encryption.volumes' }).waitFor();
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    await page.getByRole('table', { name: 'Audit entries' }).getByText('device.enroll').first().waitFor();
  }, 60_000);

  it('runs a what-if: a policy that requires a compliant device asks this noncompliant device for more', async () => {
    const created = await s.call('POST', '/api/v1/conditional-access/policies', { token: t.adminToken, body: {
      displayName: 'SharePoint needs a compliant device', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [SHAREPOINT] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
    } });
    expect(created.status).toBe(201);
    await nav(page, 'Conditional access').click();
    await page.getByRole('tab', { name: 'What-if' }).click();
    await page.getByRole('textbox', { name: 'User', exact: true }).fill(t.adminUserPrincipalName);
    await page.getByLabel('Application id').fill(SHAREPOINT);
    await page.getByLabel('Device id').fill(deviceId);
    await page.getByRole('button', { name: 'Run what-if' }).click();
    const result = page.getByTestId('what-if-result');
    await result.waitFor();
    // compliantDevice is a control the sign-in can still satisfy: not a block, a request for more.
    expect(await result.textContent()).toContain('Result: More controls required');
    await page.getByRole('cell', { name: 'SharePoint needs a compliant device', exact: true }).waitFor();
    await screenshot(page, '06-what-if');
    await expectAccessible(page, 'the what-if tool');
  }, 60_000);

  it('shows the dashboard\'s charts with the device and links to the list behind each number', async () => {
    await nav(page, 'Dashboard').click();
    const compliance = page.getByRole('region', { name: 'Compliance' });
    await compliance.getByRole('link', { name: 'Not compliant' }).waitFor();
    await page.getByRole('region', { name: 'Failing settings' }).getByRole('link', { name: 'linux_deviceencryption_required' }).waitFor();
    await screenshot(page, '07-dashboard');
    await expectAccessible(page, 'the dashboard');
    await compliance.getByRole('link', { name: 'Not compliant' }).click();
    await page.waitForURL(/complianceState=noncompliant/);
    await page.getByText('1 devices match').waitFor();
  }, 60_000);

  it('shows the audit log with the chain verified, and a rule editor that points at a parse error', async () => {
    await nav(page, 'Audit log').click();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByText('The chain is intact').waitFor();
    await screenshot(page, '08-audit');
    await expectAccessible(page, 'the audit log');
    await nav(page, 'Groups').click();
    await page.getByRole('button', { name: 'Create a group' }).click();
    await page.getByText('Dynamic rule').click();
    await page.getByLabel('Membership rule').fill('device.platform -eq "linux" -and (device.ownership -eq ');
    const caret = page.getByTestId('rule-error-position');
    await caret.waitFor();
    expect(await caret.getAttribute('aria-label')).toBe('Error at line 1, column 56');
    await page.getByLabel('Membership rule').fill('device.platform -eq "linux"');
    await expect.poll(() => page.getByTestId('rule-preview-count').textContent()).toContain('1 of 1 devices match');
    await screenshot(page, '09-rule-editor');
    await page.keyboard.press('Escape');
  }, 60_000);

  it('an end user registers a device with the agent and sees what to fix in the portal', async () => {
    const upn = 'ada@acme.example.com';
    const password = 'correct horse battery staple';
    expect((await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: upn, displayName: 'Ada Lovelace', password } })).status).toBe(201);
    const ca = await s.call('GET', '/api/v1/ca');
    const stateDir = newStateDir();
    await runAgent(['enroll', '--server', s.url, '--user', upn, '--password-stdin', '--tenant', t.domain, '--ca-fingerprint', ca.body.fingerprint256], { stateDir, stdin: `${password}\n` });
    await runAgent(['run', '--once'], { stateDir });
    const user = await BrowserSession.open();
    try {
      const portal = await user.page();
      await portal.goto(`${s.url}/portal`);
      await signIn(portal, { tenant: t.domain, username: upn, password });
      await portal.getByRole('heading', { name: 'My devices' }).waitFor();
      const card = portal.locator('[data-device-id]').first();
      await card.waitFor();
      const id = await card.getAttribute('data-device-id');
      const status = await s.call('GET', `/api/v1/devices/${id}/compliance`, { token: t.adminToken });
      const encryption = status.body.policies[0].settings.find((x: { setting: string }) => x.setting === 'linux_deviceencryption_required');
      await expect.poll(() => card.locator('.remediation').allTextContents()).toContain(`How to fix: ${joinSentences(encryption.remediation)}`);
      await screenshot(user.context.pages()[0]!, '10-portal');
      await expectAccessible(portal, 'the portal');
      await portal.setViewportSize({ width: 360, height: 740 });
      await portal.reload();
      await card.waitFor();
      expect(await overflowsHorizontally(portal)).toBe(false);
      await screenshot(portal, '11-portal-360px');
      expect(user.problems).toEqual({ consoleErrors: [], failedRequests: [] });
    } finally {
      await user.close();
    }
  }, 120_000);

  it('is usable at 360 px: the navigation folds away and nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/', '/devices', `/devices/${deviceId}`, '/enrollment', '/compliance', '/conditional-access/what-if', '/audit']) {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflowsHorizontally(page), `${path} at 360 px`).toBe(false);
    }
    await page.goto(`${s.url}/`);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await nav(page, 'Devices').click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await screenshot(page, '12-devices-360px');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 90_000);

  it('loads a first page with a handful of scripts, not one per shared module, then the other pages\' when idle (issue 15)', async () => {
    for (const [path, heading] of [['/', 'Dashboard'], ['/devices', 'Devices']] as const) {
      const fresh = await admin.context.newPage();
      // When the page's heading first appears; scripts started until then are the first load's (the other pages' follow when idle).
      await fresh.addInitScript(`new MutationObserver((_, observer) => {
        if (document.querySelector('h1')) { globalThis.headingAt = performance.now(); observer.disconnect(); }
      }).observe(document, { childList: true, subtree: true });`);
      await fresh.goto(`${s.url}${path}`);
      await fresh.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await fresh.waitForLoadState('networkidle');
      const scripts = await fresh.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js') && e.startTime <= (globalThis as unknown as { headingAt: number }).headingAt).map((e) => new URL(e.name).pathname));
      // Entry, runtime, the entry's imports, libraries, app shell (and its entry point), the page.
      expect(scripts.length, `${path}: ${scripts.join(', ')}`).toBeLessThanOrEqual(8);
      // Once the browser is idle, the other pages' code is loaded too: moving to one does not wait for its download.
      await fresh.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/assets\/audit-page-[\w-]+\.js$/.test(new URL(e.name).pathname)), undefined, { timeout: 10_000 });
      await fresh.getByRole('navigation').getByRole('link', { name: 'Audit log', exact: true }).click();
      await fresh.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await fresh.close();
    }
  }, 60_000);

  it('had no console errors and no failed requests during the admin\'s run', () => {
    expect(admin.problems).toEqual({ consoleErrors: [], failedRequests: [] });
  });

  it('shows a read-only admin no edit controls', async () => {
    const reader = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: 'auditor@acme.example.com', displayName: 'Auditor', password: 'read only but long enough' } });
    await s.call('POST', '/api/v1/role-assignments', { token: t.adminToken, body: { userId: reader.body.id, role: 'readOnly' } });
    const ro = await BrowserSession.open();
    try {
      const p = await ro.page();
      await p.goto(`${s.url}/sign-in`);
      await signIn(p, { tenant: t.domain, username: 'auditor@acme.example.com', password: 'read only but long enough' });
      await p.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const policyId = (await s.call('GET', '/api/v1/compliance-policies', { token: t.adminToken })).body.items[0].id;
      const pages: [string, string][] = [
        ['/enrollment', 'Enrollment'], ['/users', 'Users'], ['/groups', 'Groups'], ['/compliance', 'Compliance policies'],
        [`/compliance/${policyId}`, 'Baseline - Linux - Device Encryption'], [`/devices/${deviceId}`, ''], ['/conditional-access/policies', 'Conditional access'],
        ['/compliance/settings', 'Compliance settings'],
      ];
      const editControls = /^(Create|Import|Revoke|Retire|Lock|Re-evaluate|Delete|Expire|Edit|Save|Disable|Enable|Set extension attributes)/;
      for (const [path, heading] of pages) {
        await p.goto(`${s.url}${path}`);
        await (heading ? p.getByRole('heading', { name: heading, level: 1 }) : p.getByRole('heading', { level: 1 })).waitFor();
        await p.waitForLoadState('networkidle');
        const buttons = await p.getByRole('button').allTextContents();
        expect(buttons.filter((b) => editControls.test(b.trim())), `edit controls on ${path}`).toEqual([]);
      }
      await screenshot(p, '13-read-only-device');
      // The API refuses them anyway.
      const token = await s.call('POST', '/api/v1/auth/login', { body: { tenant: t.domain, username: 'auditor@acme.example.com', password: 'read only but long enough' } });
      const refused = await s.call('POST', `/api/v1/devices/${deviceId}/revoke`, { token: token.body.token, body: {} });
      expect(refused.body.code).toBe('VERITY_AUTH_FORBIDDEN');
      expect(ro.problems).toEqual({ consoleErrors: [], failedRequests: [] });
    } finally {
      await ro.close();
    }
  }, 120_000);
});
