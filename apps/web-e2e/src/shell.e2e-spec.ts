import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, screenshot, settled, signInAs } from './support/browser';
import { declaredPages } from './support/routes';
import { checkPage, describePagesOf, EVERY_ROLE, INVENTORY, ROLES_OF_SHELL, ROLES_OF_SHELL_ROLES, screenshotName } from './support/shell-pages';

describe('Inventaire des pages (garde)', () => {
  it('lists every page of the route files, and only those', () => {
    const inventoried = [...new Set(INVENTORY.map((entry) => entry.route))].sort();
    expect(inventoried).toEqual(declaredPages());
  });

  it('visits the pages of every role, in this file or in shell-roles.e2e-spec.ts', () => {
    expect([...ROLES_OF_SHELL, ...ROLES_OF_SHELL_ROLES].sort()).toEqual([...EVERY_ROLE].sort());
  });
});

describe('Chaque page, pour chaque rôle qui peut l’ouvrir : coquille DSFR, titre, 0 violation axe, capture', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
  });

  describe('sans connexion', () => {
    let context: BrowserContext;
    let page: Page;

    beforeEach(async () => {
      ({ context, page } = await newPage(browser));
    });

    afterEach(async () => {
      await context.close();
    });

    it.each(INVENTORY.filter((entry) => entry.roles === 'public').map((entry) => [entry.route, entry] as const))(
      '%s',
      async (_route, entry) => {
        expect.hasAssertions();
        await checkPage(page, entry.url({ region: '', project: '', envelope: '', risk: '' }), screenshotName(entry.route, 'public'), entry.heading);
      },
    );
  });

  // The auditor, the ARS and the GRADeS: shell-roles.e2e-spec.ts, in the other jest worker.
  describePagesOf(ROLES_OF_SHELL, () => browser);
});

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

  it('shows the access-denied page, with axe clean, to an analyst opening the administration', async () => {
    await signInAs(page, 'analyste@cnsa.demo');
    await checkPage(page, '/administration/utilisateurs', 'acces-refuse-analyste', /Accès refusé/);
    expect(new URL(page.url()).pathname).toBe('/administration/utilisateurs');
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
    await settled(page);
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

  it('the axe check itself reports a violation put in a page (an image without text, grey on grey text)', async () => {
    await page.goto(`${baseUrl()}/accessibilite`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await settled(page);
    await page.locator('main').evaluate((main) => {
      main.insertAdjacentHTML('afterbegin', '<img src="/favicon.ico"><p style="color:#bbb;background:#ccc">Texte peu lisible</p>');
    });
    const violations = await axeViolations(page);
    expect(violations.map((violation) => violation.split(' ')[0])).toEqual(expect.arrayContaining(['image-alt', 'color-contrast']));
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
