import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, newPage, problemsOf, screenshot, settled, signInAs } from './browser';

/**
 * The page inventory of the shell test and the checks every page gets. Shared by the two files that visit the
 * pages (shell.e2e-spec.ts: public pages and the CNSA; shell-roles.e2e-spec.ts: auditor, ARS, GRADeS), which jest
 * runs side by side in two workers against the same server.
 */

export type Role = 'CNSA_ADMIN' | 'CNSA_ANALYST' | 'AUDITOR' | 'ARS_OFFICER' | 'GRADES_MEMBER';

/** One demo account per role; `region`: a region the account may open (its own for ARS and GRADeS). */
export const ACCOUNTS: Record<Role, { email: string; region: string }> = {
  CNSA_ADMIN: { email: 'admin@cnsa.demo', region: '53' },
  CNSA_ANALYST: { email: 'analyste@cnsa.demo', region: '53' },
  AUDITOR: { email: 'auditeur@cnsa.demo', region: '53' },
  ARS_OFFICER: { email: 'ars.bretagne@ars.demo', region: '53' },
  GRADES_MEMBER: { email: 'grades.tesis@grades.demo', region: '04' },
};
export const EVERY_ROLE: Role[] = ['CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR', 'ARS_OFFICER', 'GRADES_MEMBER'];
const EDITORS: Role[] = ['ARS_OFFICER', 'CNSA_ADMIN'];

/** Real ids, read through the API with the signed-in account (so each is one its role may open). */
export interface Ids {
  region: string;
  project: string;
  envelope: string;
  risk: string;
}

/**
 * The page inventory: every route of app.routes.ts and the lazy *.routes.ts (the guard test below fails when one
 * is missing), with the roles that may open it and the address to visit. `public`: visited without signing in.
 */
export interface InventoryEntry {
  route: string;
  roles: Role[] | 'public';
  url: (ids: Ids) => string;
  /** The h1 expected; by default any h1 other than the not-found and access-denied pages'. */
  heading?: RegExp;
}

export const INVENTORY: InventoryEntry[] = [
  { route: '/connexion', roles: 'public', url: () => '/connexion', heading: /Se connecter/ },
  { route: '/accessibilite', roles: 'public', url: () => '/accessibilite', heading: /accessibilité/i },
  {
    route: '/mentions-legales',
    roles: 'public',
    url: () => '/mentions-legales',
    heading: /Mentions légales/,
  },
  {
    route: '/donnees-personnelles',
    roles: 'public',
    url: () => '/donnees-personnelles',
    heading: /Données personnelles/i,
  },
  { route: '/acces-refuse', roles: 'public', url: () => '/acces-refuse', heading: /Accès refusé/ },
  { route: '**', roles: 'public', url: () => '/page-qui-n-existe-pas', heading: /Page non trouvée/ },
  { route: '/mon-compte', roles: EVERY_ROLE, url: () => '/mon-compte', heading: /compte/i },
  { route: '/tableau-de-bord', roles: EVERY_ROLE, url: () => '/tableau-de-bord' },
  {
    route: '/tableau-de-bord/regions/:code',
    roles: EVERY_ROLE,
    url: ({ region }) => `/tableau-de-bord/regions/${region}`,
  },
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
  {
    route: '/imports',
    roles: ['ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR'],
    url: () => '/imports',
  },
  { route: '/alertes', roles: EVERY_ROLE, url: () => '/alertes' },
  { route: '/referentiel', roles: EVERY_ROLE, url: () => '/referentiel', heading: /Qui pilote le programme/ },
  { route: '/referentiel/campagnes/:year', roles: EVERY_ROLE, url: () => '/referentiel/campagnes/2024' },
  {
    route: '/administration/utilisateurs',
    roles: ['CNSA_ADMIN'],
    url: () => '/administration/utilisateurs',
    heading: /Qui a accès/,
  },
];

export const screenshotName = (route: string, who: string): string =>
  `${who}${route === '**' ? '-page-non-trouvee' : route.replace(/[/:]+/g, '-')}`.toLowerCase();

/** The first item's id of a list the signed-in account reads (`{ items: [{ id }] }`), or a clear failure. */
async function firstId(page: Page, url: string): Promise<string> {
  const response = await page.request.get(`${baseUrl()}${url}`);
  const body = (await response.json().catch(() => null)) as { items?: { id?: string }[] } | null;
  const id = body?.items?.[0]?.id;
  if (!response.ok() || !id)
    throw new Error(`Aucun identifiant réel lu sur ${url} (${response.status()}) pour la page de détail.`);
  return id;
}

/** What every page of the shell must show, then the screenshot and axe (WCAG 2.1 A/AA). */
export async function checkPage(
  page: Page,
  path: string,
  name: string,
  heading: RegExp | undefined,
): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  const h1 = page.getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) });
  await h1.first().waitFor();
  await settled(page);
  if (!heading) {
    await expect(h1.count()).resolves.toBe(1);
    expect(await h1.textContent()).not.toMatch(/Page non trouvée|Accès refusé/);
  }
  expect(await page.title()).toMatch(/ — Pilotage ESMS numérique$/);
  expect(await page.getAttribute('html', 'lang')).toBe('fr');
  await expect(
    page.getByRole('banner').getByText('Pilotage ESMS numérique').first().isVisible(),
  ).resolves.toBe(true);
  await expect(
    page
      .getByRole('banner')
      .getByText(/République\s*française/)
      .first()
      .isVisible(),
  ).resolves.toBe(true);
  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('link', { name: /accessibilité/i }).count()).resolves.toBeGreaterThan(0);
  await expect(footer.getByRole('link', { name: /Mentions légales/i }).count()).resolves.toBeGreaterThan(0);
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
  expect(problemsOf(page).filter((problem) => !/401|403|404/.test(problem))).toEqual([]);
}

/** The roles whose pages each file visits (the guard of shell.e2e-spec.ts checks that none is forgotten). */
export const ROLES_OF_SHELL: readonly Role[] = ['CNSA_ADMIN', 'CNSA_ANALYST'];
export const ROLES_OF_SHELL_ROLES: readonly Role[] = ['AUDITOR', 'ARS_OFFICER', 'GRADES_MEMBER'];

/**
 * One describe block per role: the role's account signs in once, then every page it may open is checked in the
 * same signed-in page (each visit loads the address afresh, as a bookmark would).
 */
export function describePagesOf(roles: readonly Role[], browser: () => Browser): void {
  describe.each(roles)('%s', (role) => {
    let context: BrowserContext;
    let page: Page;
    let ids: Ids;
    const entries = INVENTORY.filter((entry) => entry.roles !== 'public' && entry.roles.includes(role));

    beforeAll(async () => {
      ({ context, page } = await newPage(browser()));
      await signInAs(page, ACCOUNTS[role].email);
      ids = {
        region: ACCOUNTS[role].region,
        project: await firstId(
          page,
          `/api/projects?pageSize=1${role === 'GRADES_MEMBER' || role === 'ARS_OFFICER' ? '' : '&region=53'}`,
        ),
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
}
