// The browser side of the console's end-to-end tests: Debian's Chromium through playwright-core
// (never a downloaded browser), a fresh profile per session, and what every test watches for:
// console errors, failed requests, accessibility (axe-core) and screenshots as artefacts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.VERITY_CHROMIUM ?? '/usr/bin/chromium';
/** Whether this machine has Debian's Chromium (CI installs it; elsewhere the browser tests are skipped, saying so). */
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
/** Screenshots go here (git-ignored): test-artifacts/console at the repository root. */
export const ARTEFACTS = fileURLToPath(new URL('../../../../test-artifacts/console/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Problems { consoleErrors: string[]; failedRequests: string[] }

/** A browser session with its own fresh profile, recording console errors and failed requests of every page. */
export class BrowserSession {
  readonly problems: Problems = { consoleErrors: [], failedRequests: [] };
  private constructor(readonly context: BrowserContext, private readonly profileDir: string) {}

  /** `trustSpki`: the server key's SPKI hash, trusted outright (WebAuthn refuses pages with certificate errors, see serverSpki). */
  static async open(viewport = { width: 1280, height: 900 }, trustSpki?: string): Promise<BrowserSession> {
    const profileDir = mkdtempSync(join(tmpdir(), 'verity-chromium-'));
    // The control plane's certificate comes from its own test CA: the browser is told to accept it.
    const args = trustSpki ? [...FLAGS, `--ignore-certificate-errors-spki-list=${trustSpki}`] : FLAGS;
    const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args, ignoreHTTPSErrors: true, viewport });
    const session = new BrowserSession(context, profileDir);
    const watch = (page: Page) => {
      page.on('console', (m) => { if (m.type() === 'error') session.problems.consoleErrors.push(`${page.url()}: ${m.text()}`); });
      page.on('pageerror', (e) => session.problems.consoleErrors.push(`${page.url()}: ${e.message}`));
      page.on('requestfailed', (r) => {
        // A request the app itself abandoned when the page navigated away is not a failure.
        if (r.failure()?.errorText !== 'net::ERR_ABORTED') session.problems.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
      });
      page.on('response', (r) => { if (r.status() >= 400) session.problems.failedRequests.push(`${r.request().method()} ${r.url()}: ${r.status()}`); });
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    return session;
  }

  async page(): Promise<Page> {
    return this.context.pages()[0] ?? this.context.newPage();
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** The server key's SPKI hash for Chromium (one helper with the server's browser tests). */
export { serverSpki } from '../../../server/test/identity-fixtures.js';

/** Give the page a CDP virtual authenticator (platform, resident keys, user verification): a laptop with a fingerprint reader. */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}

export interface AxeViolation { id: string; impact: string | null; help: string; targets: string[] }

/** axe-core's serious and critical violations on the current page (WCAG 2.1 A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    return g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Save a full-page screenshot as test-artifacts/console/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

/** Whether the page scrolls sideways (content wider than the viewport): a narrow screen must not need to. */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return g.document.documentElement.scrollWidth > g.innerWidth + 1;
  });
}

/** Sign in through the console's form (admin console at /sign-in, portal at /portal). */
export async function signIn(page: Page, credentials: { tenant: string; username: string; password: string }): Promise<void> {
  await page.getByLabel('Organization domain').fill(credentials.tenant);
  await page.getByLabel('User name').fill(credentials.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
