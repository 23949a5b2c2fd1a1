// The newcomer's walkthrough, as docs/gateway.md tells it: the sample app behind the gateway
// with one command (`verity gateway demo`), a "require compliant device" policy imported from
// the shared Graph corpus, and this machine's browser (Debian's headless Chromium presenting the
// device certificate) let through while the device is compliant, refused within a second of a
// real noncompliant check-in with a page that says why and how to fix it, and let through again
// after remediation.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayDemo, DEMO_APP_ID, type GatewayDemo } from '../../../cli/src/gateway-command.js';
import { controlPlaneWorld, until, type ControlPlaneWorld } from '../gateway-harness.js';

const CHROMIUM = process.env.VERITY_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CORPUS_POLICY = join(ROOT, '..', 'shared', 'corpus', 'graph', 'jorgeasaurus__IntuneHydrationKit', 'Templates', 'ConditionalAccess', 'Require MDM-enrolled and compliant device to access cloud apps for all users (Preview).json');
const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };
const haveBrowser = existsSync(CHROMIUM);
const haveCorpus = existsSync(CORPUS_POLICY);

// In CI both the browser (.ci/run installs Debian's chromium) and the shared corpus must be there: missing is a failure, not a skip.
describe.skipIf((!haveBrowser || !haveCorpus) && !process.env.CI)('walkthrough: a browser through the gateway, cut off by a noncompliant check-in, back after remediation', () => {
  let w: ControlPlaneWorld;
  let demo: GatewayDemo;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    if (!haveCorpus) throw new Error(`the shared corpus is missing: ${CORPUS_POLICY} (expected ../shared/corpus from the repository root)`);
    if (!haveBrowser) throw new Error(`Debian's chromium is missing at ${CHROMIUM} (.ci/run installs it)`);
    w = await controlPlaneWorld();
    // Entra's template carries no state: an admin chooses it when creating the policy (here: enabled).
    const template = JSON.parse(readFileSync(CORPUS_POLICY, 'utf8')) as Record<string, unknown>;
    const imported = await w.s.call('POST', '/api/v1/conditional-access/policies', { token: w.t.adminToken, body: { ...template, state: 'enabled' } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.report.evaluated).toContain('$.grantControls.builtInControls[0]');
    dataDir = mkdtempSync(join(tmpdir(), 'verity-demo-'));
    demo = await startGatewayDemo({ server: w.s.url, token: w.t.adminToken, caCertificate: w.s.caPem }, { port: 0, opsPort: 0, appPort: 0, dataDir, logger: pino({ level: process.env.VERITY_TEST_LOG ?? 'silent' }) });
    await until(() => demo.gateway.state.routes.match('localhost', '/') && demo.gateway.state.policySet?.policies.length === 1, 'the demo app and the policy on the gateway');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await w?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes while compliant, is refused within a second of a noncompliant check-in with why and how to fix it, passes again after remediation, and signs out of the app and Verity', async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      // This machine's device certificate, as the browser presents it (the agent's enrollment identity), to the gateway and to Verity's sign-in.
      clientCertificates: [demo.gateway.url, w.s.url].map((origin) => ({ origin, cert: Buffer.from(w.user.device.certPem), key: Buffer.from(w.user.device.keyPem) })),
    });
    const page = await context.newPage();
    await page.goto(`${demo.gateway.url}/`);
    // No session yet: the gateway sends the browser to Verity's own sign-in (the tenant's OpenID Connect provider).
    expect(page.url().startsWith(`${w.s.url}/oidc/${w.t.tenantId}/interaction/`)).toBe(true);
    await page.getByLabel('User name').first().fill(w.user.upn);
    await page.getByLabel('Password').fill(w.user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // ...and back through the gateway's callback to the app.
    await page.locator('#greeting').waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).origin).toBe(new URL(demo.gateway.url).origin);
    expect(await page.locator('#greeting').textContent()).toBe(`Hello ${w.user.upn}: the gateway let you in.`);
    expect(await page.locator('#device').textContent()).toBe(`${w.user.device.deviceId} (compliant)`);

    // The device turns noncompliant through a real check-in (the firewall is off).
    const t0 = performance.now();
    const checkin = await w.checkIn(firewallOff);
    expect(checkin.body.complianceState).toBe('noncompliant');
    let status = 0;
    for (;;) {
      const res = await page.reload();
      status = res?.status() ?? 0;
      if (status === 403 || performance.now() - t0 > 5_000) break;
    }
    const elapsed = performance.now() - t0;
    expect(status).toBe(403);
    expect(elapsed).toBeLessThan(1_000);
    expect(await page.locator('h1').textContent()).toBe('Register or fix your device');
    expect(await page.locator('.detail').textContent()).toContain('is not compliant');
    const status2 = await w.s.call('GET', '/api/v1/device/status', { device: w.user.device });
    const firewall = status2.body.compliance.policies[0].settings.find((x: { code: string }) => x.code === 'firewall-disabled');
    expect(await page.locator('.remediation').allTextContents()).toContain(`How to fix: ${firewall.remediation}`);
    expect(await page.getByRole('link', { name: 'Open my devices in the Verity portal' }).getAttribute('href')).toBe(`${w.s.url}/portal#device-${w.user.device.deviceId}`);

    // Remediated: the next check-in reports the firewall on, and the next request passes.
    await w.checkIn();
    await until(async () => (await page.reload())?.status() === 200, 'access after remediation');
    expect(await page.locator('#greeting').textContent()).toContain(w.user.upn);
    // Every decision was logged for the sample app.
    await demo.gateway.flushSignIns();
    const log = await w.s.call('GET', `/api/v1/sign-ins?appId=${DEMO_APP_ID}`, { token: w.t.adminToken });
    expect(new Set(log.body.items.map((e: { result: string }) => e.result))).toEqual(new Set(['grant', 'controlsRequired']));

    // Signing out ends the gateway session and Verity's own sign-in (after its confirmation): the next visit asks for the password again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${w.s.url}/oidc/${w.t.tenantId}/session/end`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out of this app and of Verity\'s sign-in.').waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(demo.gateway.url).origin);
    await page.goto(`${demo.gateway.url}/`);
    expect(page.url().startsWith(`${w.s.url}/oidc/${w.t.tenantId}/interaction/`)).toBe(true);
    await page.getByLabel('Password').waitFor();
    await context.close();
  }, 60_000);
});
