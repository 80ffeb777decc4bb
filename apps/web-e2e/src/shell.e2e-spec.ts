import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, problemsOf, screenshot, signInAs } from './support/browser';

interface PageCase {
  path: string;
  name: string;
  heading: RegExp;
  title: RegExp;
  /** Demo account to sign in with first; undefined for public pages. */
  as?: string;
}

const PAGES: PageCase[] = [
  { path: '/connexion', name: 'connexion', heading: /Se connecter/, title: /Connexion|Se connecter/ },
  { path: '/accessibilite', name: 'accessibilite', heading: /accessibilité/i, title: /accessibilité/i },
  { path: '/mentions-legales', name: 'mentions-legales', heading: /Mentions légales/, title: /Mentions légales/ },
  { path: '/donnees-personnelles', name: 'donnees-personnelles', heading: /Données personnelles/i, title: /Données personnelles/i },
  { path: '/page-qui-n-existe-pas', name: 'page-non-trouvee', heading: /Page non trouvée/, title: /Page non trouvée/ },
  {
    path: '/referentiel',
    name: 'referentiel-analyste',
    heading: /Qui pilote le programme dans chaque région/,
    title: /^Référentiel — Pilotage ESMS numérique$/,
    as: 'analyste@cnsa.demo',
  },
  { path: '/referentiel', name: 'referentiel-ars', heading: /Qui pilote le programme/, title: /Référentiel/, as: 'ars.bretagne@ars.demo' },
  { path: '/referentiel', name: 'referentiel-grades', heading: /Qui pilote le programme/, title: /Référentiel/, as: 'grades.tesis@grades.demo' },
  { path: '/mon-compte', name: 'mon-compte-ars', heading: /compte/i, title: /compte/i, as: 'ars.bretagne@ars.demo' },
  { path: '/administration/utilisateurs', name: 'administration-utilisateurs', heading: /Qui a accès/, title: /Administration|Utilisateurs/, as: 'admin@cnsa.demo' },
  { path: '/administration/utilisateurs', name: 'acces-refuse-analyste', heading: /Accès refusé/, title: /Accès refusé/, as: 'analyste@cnsa.demo' },
];

describe('Coquille DSFR, connexion et pages, dans Chromium', () => {
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

  it.each(PAGES)('$name ($path): French DSFR shell, its own title and heading, 0 axe violation', async ({ path, name, heading, title, as }) => {
    if (as) await signInAs(page, as);
    await page.goto(`${baseUrl()}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.title()).toMatch(title);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.getByRole('banner').getByText('Pilotage ESMS numérique').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('banner').getByText(/République\s*française/).first().isVisible()).resolves.toBe(true);
    const footer = page.getByRole('contentinfo');
    await expect(footer.getByRole('link', { name: /accessibilité/i }).count()).resolves.toBeGreaterThan(0);
    await expect(footer.getByRole('link', { name: /Mentions légales/i }).count()).resolves.toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
    expect(problemsOf(page).filter((problem) => !/401|403/.test(problem))).toEqual([]);
  });

  it('sends a visitor who is not signed in to the sign-in page, then back where they were going', async () => {
    await page.goto(`${baseUrl()}/referentiel?onglet=campagnes`);
    await page.waitForURL(/\/connexion/);
    expect(new URL(page.url()).searchParams.get('retour')).toContain('/referentiel');
    await page.getByRole('textbox', { name: /Adresse électronique/ }).fill('analyste@cnsa.demo');
    await page.locator('#connexion-mot-de-passe').fill('Demo-ESMS-2025!');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/referentiel/);
    await page.getByText('DNS/DGCS/CNSA/2024/15').first().waitFor();
  });

  it('refuses a wrong password with a French message, without saying whether the account exists', async () => {
    await page.goto(`${baseUrl()}/connexion`);
    await page.getByRole('textbox', { name: /Adresse électronique/ }).fill('analyste@cnsa.demo');
    await page.locator('#connexion-mot-de-passe').fill('Mauvais-mot-2025!');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Adresse électronique ou mot de passe incorrect.').first().waitFor();
    await screenshot(page, 'connexion-erreur');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lists the 18 regions with their ARS and GRADeS from the API', async () => {
    await signInAs(page, 'analyste@cnsa.demo');
    await page.goto(`${baseUrl()}/referentiel`);
    const table = page.getByRole('table').first();
    await table.getByText('Bretagne', { exact: true }).waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(18);
    const row = (code: string) => rows.filter({ has: page.getByRole('cell', { name: code, exact: true }) });
    await expect(row('04').textContent()).resolves.toMatch(/La Réunion.*GCS TESIS/);
    await expect(row('06').textContent()).resolves.toMatch(/Mayotte.*GCS TESIS/);
    await expect(row('94').textContent()).resolves.toMatch(/Corse.*GIP Corse e-santé/);
  });

  it('switches tabs with the keyboard and shows categories and campaigns', async () => {
    await signInAs(page, 'analyste@cnsa.demo');
    await page.goto(`${baseUrl()}/referentiel`);
    const firstTab = page.getByRole('tab').first();
    await firstTab.waitFor();
    await page.waitForLoadState('networkidle');
    await firstTab.focus();
    await page.keyboard.press('ArrowRight');
    // The view updates on the next rendering frame: wait for it rather than read at once.
    await page.getByRole('tab', { name: /Catégories/, selected: true }).waitFor();
    await page.getByRole('cell', { name: '500', exact: true }).waitFor();
    // Keyboard focus follows the selected tab (WAI-ARIA tabs pattern).
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-selected') === 'true');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: /Campagnes/, selected: true }).waitFor();
    await page.getByText('DNS/DGCS/CNSA/2024/15').first().waitFor();
    await screenshot(page, 'referentiel-campagnes');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offers a skip link that moves focus to the main content', async () => {
    await page.goto(`${baseUrl()}/accessibilite`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: /Aller au contenu/ });
    await expect(skip.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id ?? document.activeElement?.closest('main')?.id)).resolves.toBe('contenu');
  });

  it('signs out: the session ends and protected pages ask to sign in again', async () => {
    await signInAs(page, 'ars.bretagne@ars.demo');
    await page.goto(`${baseUrl()}/mon-compte`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.goto(`${baseUrl()}/referentiel`);
    await page.waitForURL(/\/connexion/);
    const me = await page.request.get(`${baseUrl()}/api/auth/me`);
    expect(me.status()).toBe(401);
  });

  it('answers an unknown route under /api with the JSON error, not the web app', async () => {
    const response = await page.request.get(`${baseUrl()}/api/inconnu`);
    expect(response.status()).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
