import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, problemsOf, screenshot, settled, signInAs } from './support/browser';

interface RiskyProject {
  projectId: string;
  code: string;
  factors: { label: string }[];
}

/** Every page of « Risques » and « Alertes », with the account that opens it and its heading. */
const PAGES = [
  { path: '/risques', name: 'risques-projets', heading: /Quels projets risquent de perdre leur seconde tranche/, as: 'analyste@cnsa.demo' },
  { path: '/risques/registre', name: 'risques-registre', heading: /Quels risques suivons-nous/, as: 'ars.bretagne@ars.demo' },
  { path: '/risques/registre/nouveau', name: 'risques-nouveau', heading: /Relever un risque/, as: 'admin@cnsa.demo' },
  { path: '/risques/fraicheur', name: 'risques-fraicheur', heading: /Qui n’a pas mis à jour ses données/, as: 'analyste@cnsa.demo' },
  { path: '/risques/previsions', name: 'risques-previsions', heading: /Les enveloppes seront-elles engagées à temps/, as: 'analyste@cnsa.demo' },
  { path: '/alertes', name: 'alertes', heading: /Quelles alertes demandent votre attention/, as: 'ars.bretagne@ars.demo' },
];

describe('Risques et alertes, dans Chromium', () => {
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

  it('the analyst opens the riskiest project from « Risques » and reads why it is at risk', async () => {
    await signInAs(page, 'analyste@cnsa.demo');
    const listed = page.waitForResponse((response) => response.url().includes('/api/risks/projects') && response.status() === 200);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Risques' }).click();
    const body = (await (await listed).json()) as { items: RiskyProject[] };
    const riskiest = body.items[0];
    expect(riskiest?.factors.length).toBeGreaterThan(0);

    const table = page.locator('[data-risky-projects] table');
    await table.waitFor();
    const firstRow = table.locator('tbody tr').first();
    // Its factors are read on the « Risques » page already, in French.
    await expect(firstRow.textContent()).resolves.toContain(riskiest!.factors[0]!.label);
    await settled(page);
    await screenshot(page, 'risques-parcours-liste');
    expect(await axeViolations(page)).toEqual([]);

    await firstRow.getByRole('link', { name: new RegExp(riskiest!.code) }).click();
    await page.waitForURL(new RegExp(`/projets/${riskiest!.projectId}`));
    const block = page.locator('[data-project-risk]');
    await block.getByRole('heading', { level: 2, name: 'Risque' }).waitFor();
    const factors = block.locator('[data-risk-factors] li');
    await factors.first().waitFor();
    const texts = await factors.allTextContents();
    for (const factor of riskiest!.factors) {
      expect(texts.some((text) => text.includes(factor.label))).toBe(true);
    }
    await expect(block.locator('esms-risk-level-badge').first().textContent()).resolves.toMatch(/Risque (faible|modéré|élevé|critique)/);
    await settled(page);
    await screenshot(page, 'risques-parcours-projet');
    expect(await axeViolations(page)).toEqual([]);
    // The 401 is the session read before signing in, as on every journey.
    expect(problemsOf(page).filter((problem) => !/401|403/.test(problem))).toEqual([]);
  }, 180_000);

  it.each(PAGES)('$name ($path): its own heading and title, 0 axe violation', async ({ path, name, heading, as }) => {
    await signInAs(page, as);
    await page.goto(`${baseUrl()}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.title()).toMatch(/— Pilotage ESMS numérique$/);
    await settled(page);
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
    expect(problemsOf(page).filter((problem) => !/401|403/.test(problem))).toEqual([]);
  });

  it('an ARS officer records a risk: French errors first, then the risk in the register with its history', async () => {
    await signInAs(page, 'ars.bretagne@ars.demo');
    const projects = (await (await page.request.get(`${baseUrl()}/api/projects?pageSize=1`)).json()) as { items: { code: string }[] };
    const code = projects.items[0]!.code;

    await page.goto(`${baseUrl()}/risques/registre/nouveau`);
    await page.getByRole('button', { name: 'Enregistrer le risque' }).click();
    await page.getByText('Le titre doit compter de 3 à 200 caractères').waitFor();
    await screenshot(page, 'risques-nouveau-erreurs');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#risque-projet').fill(code);
    await page.locator('#risque-titre').fill('Éditeur du DUI en procédure de sauvegarde');
    await page.locator('#risque-description').fill('L’éditeur a annoncé une procédure de sauvegarde : le déploiement peut glisser.');
    await page.locator('#risque-probabilite').selectOption('3');
    await page.locator('#risque-impact').selectOption('4');
    await page.locator('#risque-responsable').fill('Pôle numérique ARS Bretagne');
    await page.getByRole('button', { name: 'Enregistrer le risque' }).click();
    await page.getByText('Le risque « Éditeur du DUI en procédure de sauvegarde » est enregistré.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Historique du risque' }).waitFor();

    await page.goto(`${baseUrl()}/risques/registre?probabilite=3&impact=4`);
    await page.getByRole('link', { name: 'Éditeur du DUI en procédure de sauvegarde' }).first().waitFor();
    await expect(page.locator('.esms-heatmap__cell--chosen').textContent()).resolves.toMatch(/[1-9]/);
  }, 180_000);

  it('the alert centre marks everything as seen and the header count follows', async () => {
    await signInAs(page, 'ars.bretagne@ars.demo');
    const count = (await (await page.request.get(`${baseUrl()}/api/alerts/count`)).json()) as { unseen: number };
    await page.goto(`${baseUrl()}/alertes`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const headerLink = page.locator('.fr-header__tools-links a[href="/alertes"]');
    if (count.unseen > 0) {
      await expect(headerLink.textContent()).resolves.toContain(`${count.unseen}`);
      await page.getByRole('button', { name: 'Tout marquer comme vu' }).click();
      await page.getByText('Vous avez vu toutes vos alertes.').waitFor();
      await expect(headerLink.textContent()).resolves.not.toMatch(/\d/);
    } else {
      await page.getByText('Vous avez vu toutes vos alertes.').waitFor();
    }
    const after = (await (await page.request.get(`${baseUrl()}/api/alerts/count`)).json()) as { unseen: number };
    expect(after.unseen).toBe(0);
  });
});
