import { mkdirSync } from 'node:fs';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page, Request } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../../../..');
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

export function baseUrl(): string {
  const url = process.env['E2E_BASE_URL'];
  if (!url) throw new Error('E2E_BASE_URL absent : lancez les tests avec apps/web-e2e/jest.config.ts.');
  return url;
}

/** Debian's Chromium, headless, with no background network (this machine has none). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Requests of each page still waiting for their answer (what `networkidle` watches). */
const pending = new WeakMap<Page, Set<Request>>();

/**
 * A page in a fresh context (French, Paris time). Reduced motion is asked for, as a person may: the charts then
 * draw at once rather than over 400 ms, so that a screenshot and axe see them finished.
 */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const requests = new Set<Request>();
  pending.set(page, requests);
  // Only what goes over the network: a blob: or data: address (a file handed to the browser to save) is not awaited.
  page.on('request', (request) => {
    if (/^https?:/.test(request.url())) requests.add(request);
  });
  page.on('requestfinished', (request) => requests.delete(request));
  page.on('requestfailed', (request) => requests.delete(request));
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`erreur JavaScript : ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console : ${message.text()}`);
  });
  (page as Page & { problems: string[] }).problems = problems;
  return { context, page };
}

export function problemsOf(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/**
 * Waits until the page has loaded what it shows: no request of the page left unanswered, no loading skeleton, and
 * both still true two rendering frames later, twice in a row (a response may start another request, or a render).
 * What `waitForLoadState('networkidle')` waits for, without its fixed half-second of silence on every page.
 */
export async function settled(page: Page, timeout = 20_000): Promise<void> {
  const requests = pending.get(page);
  if (!requests) throw new Error('settled() attend une page ouverte par newPage().');
  const deadline = Date.now() + timeout;
  for (let quiet = 0; quiet < 2; ) {
    if (Date.now() > deadline) {
      throw new Error(`La page ${page.url()} n'a pas fini de charger en ${timeout / 1000} s : ${[...requests].map((request) => request.url()).join(', ') || 'squelette de chargement encore affiché'}.`);
    }
    const idleBefore = requests.size === 0;
    const drawn = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(document.querySelector('.esms-skeleton, [aria-busy="true"]') === null))),
        ),
    );
    quiet = idleBefore && drawn && requests.size === 0 ? quiet + 1 : 0;
    if (quiet === 0 && !idleBefore) await page.waitForTimeout(20);
  }
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules: returns the violations, formatted to be read in a failure. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Every rule of those levels runs; only the details of passed and incomplete checks, never read here, are left out.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  // A page without frames is checked in place (« legacy » mode): the same rules on the same DOM, without the blank
  // page the default mode opens to merge the results of every frame. A page with frames gets the default mode.
  if (page.frames().length === 1) builder.setLegacyMode(true);
  const results = await builder.analyze();
  return results.violations.map(
    (violation) => `${violation.id} (${violation.impact ?? '?'}) : ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the real sign-in page, as a person would, and waits to leave it. */
export async function signInAs(page: Page, email: string, password = 'Demo-ESMS-2025!'): Promise<void> {
  await page.goto(`${baseUrl()}/connexion`);
  await page.getByRole('textbox', { name: /Adresse électronique/ }).fill(email);
  await page.locator('#connexion-mot-de-passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}
