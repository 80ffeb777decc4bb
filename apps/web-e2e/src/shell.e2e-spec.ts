import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, problemsOf, screenshot, signInAs } from './support/browser';
import { declaredPages } from './support/routes';

type Role = 'CNSA_ADMIN' | 'CNSA_ANALYST' | 'AUDITOR' | 'ARS_OFFICER' | 'GRADES_MEMBER';

/** One demo account per role; `region`: a region the account may open (its own for ARS and GRADeS). */
const ACCOUNTS: Record<Role, { email: string; region: string }> = {
  CNSA_ADMIN: { email: 'admin@cnsa.demo', region: '53' },
  CNSA_ANALYST: { email: 'analyste@cnsa.demo', region: '53' },
  AUDITOR: { email: 'auditeur@cnsa.demo', region: '53' },
  ARS_OFFICER: { email: 'ars.bretagne@ars.demo', region: '53' },
  GRADES_MEMBER: { email: 'grades.tesis@grades.demo', region: '04' },
};
const EVERY_ROLE: Role[] = ['CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR', 'ARS_OFFICER', 'GRADES_MEMBER'];
const EDITORS: Role[] = ['ARS_OFFICER', 'CNSA_ADMIN'];

/** Real ids, read through the API with the signed-in account (so each is one its role may open). */
interface Ids {
  region: string;
  project: string;
  envelope: string;
  risk: string;
}

/**
 * The page inventory: every route of app.routes.ts and the lazy *.routes.ts (the guard test below fails when one
 * is missing), with the roles that may open it and the address to visit. `public`: visited without signing in.
 */
interface InventoryEntry {
  route: string;
  roles: Role[] | 'public';
  url: (ids: Ids) => string;
  /** The h1 expected; by default any h1 other than the not-found and access-denied pages'. */
  heading?: RegExp;
}

const INVENTORY: InventoryEntry[] = [
  { route: '/connexion', roles: 'public', url: () => '/connexion', heading: /Se connecter/ },
  { route: '/accessibilite', roles: 'public', url: () => '/accessibilite', heading: /accessibilité/i },
  { route: '/mentions-legales', roles: 'public', url: () => '/mentions-legales', heading: /Mentions légales/ },
  { route: '/donnees-personnelles', roles: 'public', url: () => '/donnees-personnelles', heading: /Données personnelles/i },
  { route: '/acces-refuse', roles: 'public', url: () => '/acces-refuse', heading: /Accès refusé/ },
  { route: '**', roles: 'public', url: () => '/page-qui-n-existe-pas', heading: /Page non trouvée/ },
  { route: '/mon-compte', roles: EVERY_ROLE, url: () => '/mon-compte', heading: /compte/i },
  { route: '/tableau-de-bord', roles: EVERY_ROLE, url: () => '/tableau-de-bord' },
  { route: '/tableau-de-bord/regions/:code', roles: EVERY_ROLE, url: ({ region }) => `/tableau-de-bord/regions/${region}` },
  { route: '/projets', roles: EVERY_ROLE, url: () => '/projets' },
  { route: '/projets/nouveau', roles: EDITORS, url: () => '/projets/nouveau' },
  { route: '/projets/:id', roles: EVERY_ROLE, url: ({ project }) => `/projets/${project}` },
  { route: '/projets/:id/modifier', roles: EDITORS, url: ({ project }) => `/projets/${project}/modifier` },
  { route: '/enveloppes', roles: EVERY_ROLE, url: () => '/enveloppes' },
  { route: '/enveloppes/:id', roles: EVERY_ROLE, url: ({ envelope }) => `/enveloppes/${envelope}` },
  { route: '/risques', roles: EVERY_ROLE, url: () => '/risques' },
  { route: '/risques/registre', roles: EVERY_ROLE, url: () => '/risques/registre' },
  { route: '/risques/registre/nouveau', roles: EDITORS, url: () => '/risques/registre/nouveau' },
  { route: '/risques/registre/:id', roles: EVERY_ROLE, url: ({ risk }) => `/risques/registre/${risk}` },
  { route: '/risques/fraicheur', roles: EVERY_ROLE, url: () => '/risques/fraicheur' },
  { route: '/risques/previsions', roles: EVERY_ROLE, url: () => '/risques/previsions' },
  { route: '/rapports', roles: EVERY_ROLE, url: () => '/rapports' },
  { route: '/imports', roles: ['ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR'], url: () => '/imports' },
  { route: '/alertes', roles: EVERY_ROLE, url: () => '/alertes' },
  { route: '/referentiel', roles: EVERY_ROLE, url: () => '/referentiel', heading: /Qui pilote le programme/ },
  { route: '/referentiel/campagnes/:year', roles: EVERY_ROLE, url: () => '/referentiel/campagnes/2024' },
  { route: '/administration/utilisateurs', roles: ['CNSA_ADMIN'], url: () => '/administration/utilisateurs', heading: /Qui a accès/ },
];

const screenshotName = (route: string, who: string): string =>
  `${who}${route === '**' ? '-page-non-trouvee' : route.replace(/[/:]+/g, '-')}`.toLowerCase();

/** The first item's id of a list the signed-in account reads (`{ items: [{ id }] }`), or a clear failure. */
async function firstId(page: Page, url: string): Promise<string> {
  const response = await page.request.get(`${baseUrl()}${url}`);
  const body = (await response.json().catch(() => null)) as { items?: { id?: string }[] } | null;
  const id = body?.items?.[0]?.id;
  if (!response.ok() || !id) throw new Error(`Aucun identifiant réel lu sur ${url} (${response.status()}) pour la page de détail.`);
  return id;
}

/** What every page of the shell must show, then the screenshot and axe (WCAG 2.1 A/AA). */
async function checkPage(page: Page, path: string, name: string, heading: RegExp | undefined): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  const h1 = page.getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) });
  await h1.first().waitFor();
  await page.waitForLoadState('networkidle');
  if (!heading) {
    await expect(h1.count()).resolves.toBe(1);
    expect(await h1.textContent()).not.toMatch(/Page non trouvée|Accès refusé/);
  }
  expect(await page.title()).toMatch(/ — Pilotage ESMS numérique$/);
  expect(await page.getAttribute('html', 'lang')).toBe('fr');
  await expect(page.getByRole('banner').getByText('Pilotage ESMS numérique').first().isVisible()).resolves.toBe(true);
  await expect(page.getByRole('banner').getByText(/République\s*française/).first().isVisible()).resolves.toBe(true);
  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('link', { name: /accessibilité/i }).count()).resolves.toBeGreaterThan(0);
  await expect(footer.getByRole('link', { name: /Mentions légales/i }).count()).resolves.toBeGreaterThan(0);
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
  expect(problemsOf(page).filter((problem) => !/401|403|404/.test(problem))).toEqual([]);
}

describe('Inventaire des pages (garde)', () => {
  it('lists every page of the route files, and only those', () => {
    const inventoried = [...new Set(INVENTORY.map((entry) => entry.route))].sort();
    expect(inventoried).toEqual(declaredPages());
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

  describe.each(EVERY_ROLE)('%s', (role) => {
    let context: BrowserContext;
    let page: Page;
    let ids: Ids;
    const entries = INVENTORY.filter((entry) => entry.roles !== 'public' && entry.roles.includes(role));

    beforeAll(async () => {
      ({ context, page } = await newPage(browser));
      await signInAs(page, ACCOUNTS[role].email);
      ids = {
        region: ACCOUNTS[role].region,
        project: await firstId(page, `/api/projects?pageSize=1${role === 'GRADES_MEMBER' || role === 'ARS_OFFICER' ? '' : '&region=53'}`),
        envelope: await firstId(page, '/api/envelopes'),
        risk: await firstId(page, '/api/risks?pageSize=1'),
      };
    }, 60_000);

    afterAll(async () => {
      await context.close();
    });

    beforeEach(() => {
      problemsOf(page).length = 0;
    });

    it.each(entries.map((entry) => [entry.route, entry] as const))('%s', async (_route, entry) => {
      expect.hasAssertions();
      await checkPage(page, entry.url(ids), screenshotName(entry.route, role), entry.heading);
    });
  });
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
