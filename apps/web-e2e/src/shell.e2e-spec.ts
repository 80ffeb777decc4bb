import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, problemsOf, screenshot } from './support/browser';

const PAGES: { path: string; name: string; heading: RegExp; title: RegExp }[] = [
  { path: '/referentiel', name: 'referentiel', heading: /Qui pilote le programme dans chaque région/, title: /^Référentiel — Pilotage ESMS numérique$/ },
  { path: '/accessibilite', name: 'accessibilite', heading: /accessibilité/i, title: /accessibilité/i },
  { path: '/mentions-legales', name: 'mentions-legales', heading: /Mentions légales/, title: /Mentions légales/ },
  { path: '/donnees-personnelles', name: 'donnees-personnelles', heading: /Données personnelles/i, title: /Données personnelles/i },
  { path: '/page-qui-n-existe-pas', name: 'page-non-trouvee', heading: /Page non trouvée/, title: /Page non trouvée/ },
];

describe('Coquille DSFR et pages publiques, dans Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    ({ context, page } = await newPage(browser));
  });

  afterEach(async () => {
    await context.close();
  });

  it.each(PAGES)('$path: French DSFR shell, its own title and heading, 0 axe violation', async ({ path, name, heading, title }) => {
    await page.goto(`${baseUrl()}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.title()).toMatch(title);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.getByRole('banner').getByText('Pilotage ESMS numérique').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('banner').getByText(/République\s*française/).first().isVisible()).resolves.toBe(true);
    const footer = page.getByRole('contentinfo');
    await expect(footer.getByRole('link', { name: /accessibilité/i }).count()).resolves.toBeGreaterThan(0);
    await expect(footer.getByRole('link', { name: /Mentions légales/i }).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
  });

  it('lists the 18 regions with their ARS and GRADeS from the API', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.waitForURL(/\/referentiel/);
    const table = page.getByRole('table').first();
    await table.getByRole('cell', { name: 'Bretagne', exact: true }).waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(18);
    const reunion = rows.filter({ hasText: 'La Réunion' });
    await expect(reunion.textContent()).resolves.toMatch(/GCS TESIS/);
    const mayotte = rows.filter({ hasText: 'Mayotte' });
    await expect(mayotte.textContent()).resolves.toMatch(/GCS TESIS/);
    await expect(rows.filter({ hasText: 'Corse' }).textContent()).resolves.toMatch(/GIP Corse e-santé/);
  });

  it('switches tabs with the keyboard and shows categories and campaigns', async () => {
    await page.goto(`${baseUrl()}/referentiel`);
    const firstTab = page.getByRole('tab').first();
    await firstTab.waitFor();
    await firstTab.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toMatch(/Catégories/);
    await page.getByRole('cell', { name: '500', exact: true }).waitFor();
    await expect(page.getByRole('tabpanel').first().textContent()).resolves.toMatch(/EHPAD/);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toMatch(/Campagnes/);
    await page.getByText('DNS/DGCS/CNSA/2024/15').first().waitFor();
    await expect(page.getByRole('tabpanel').first().textContent()).resolves.toMatch(/1\s*er?\s*février 2024|1 février 2024/);
    await screenshot(page, 'referentiel-campagnes');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offers a skip link that moves focus to the main content', async () => {
    await page.goto(`${baseUrl()}/referentiel`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: /Aller au contenu/ });
    await expect(skip.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id ?? document.activeElement?.closest('main')?.id)).resolves.toBe('contenu');
  });

  it('answers an unknown route under /api with the JSON error, not the web app', async () => {
    const response = await page.request.get(`${baseUrl()}/api/inconnu`);
    expect(response.status()).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
