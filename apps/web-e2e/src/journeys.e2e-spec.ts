import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, screenshot, signInAs } from './support/browser';

interface ProjectSummary {
  id: string;
  code: string;
  region: { code: string };
  status: string;
}

interface MilestoneRow {
  id: string;
  code: string;
  status: string;
  late: boolean;
  /** Set for a milestone tracked per ESSMS (its row sits in the type's folded table). */
  essms: { finess: string } | null;
}

/**
 * The regional dashboard as the page loads it: waits for the page, then reads the same series from the API with the
 * page's session (the response the page received may already be gone from the browser's buffer).
 */
async function regionalMilestones(page: Page, code: string): Promise<unknown> {
  const loaded = page.waitForResponse((candidate) => candidate.url().includes(`/api/dashboard/regions/${code}`) && candidate.status() === 200);
  await page.goto(`${baseUrl()}/tableau-de-bord/regions/${code}`);
  await loaded;
  await page.getByRole('heading', { level: 1 }).waitFor();
  const response = await page.request.get(`${baseUrl()}/api/dashboard/regions/${code}`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { series: { milestonesByType: unknown } };
  return body.series.milestonesByType;
}

describe('Parcours complets dans Chromium', () => {
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

  it('ars.bretagne declares a milestone with evidence and sees the regional dashboard change', async () => {
    await signInAs(page, 'ars.bretagne@ars.demo');
    await page.waitForURL(/\/tableau-de-bord\/regions\/53/);
    const before = await regionalMilestones(page, '53');

    // A project of Bretagne under way with a milestone still to declare.
    const projects = (await (await page.request.get(`${baseUrl()}/api/projects?pageSize=200`)).json()) as { items: ProjectSummary[] };
    let target: { project: ProjectSummary; milestone: MilestoneRow } | undefined;
    for (const project of projects.items.filter((item) => ['CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'RETENU'].includes(item.status))) {
      const milestones = (await (await page.request.get(`${baseUrl()}/api/projects/${project.id}/milestones`)).json()) as { items: MilestoneRow[] };
      // Not yet due: once declared it leaves « à venir » for « déclaré » (an overdue one stays « en retard »).
      const milestone = milestones.items.find((item) => item.status === 'A_VENIR' && !item.late);
      if (milestone) {
        target = { project, milestone };
        break;
      }
    }
    expect(target?.project.region.code).toBe('53');

    await page.goto(`${baseUrl()}/projets/${target!.project.id}?onglet=jalons`);
    if (target!.milestone.essms) await page.locator(`[data-milestone-group-toggle="${target!.milestone.code}"]`).click();
    await page.locator(`[data-milestone-actions="${target!.milestone.id}"]`).getByRole('button', { name: /^Déclarer le jalon/ }).click();
    await page.getByLabel(/Ce qui a été fait/).fill('DUI déployé dans les ESSMS de la grappe ; procès-verbal de recette joint.');
    await page.getByLabel(/Pièces justificatives/).setInputFiles({
      name: 'proces-verbal.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await screenshot(page, 'parcours-declaration-formulaire');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Relire et envoyer la déclaration' }).click();
    await page.getByRole('button', { name: 'Envoyer la déclaration', exact: true }).click();
    await page.getByRole('link', { name: /proces-verbal\.pdf/ }).first().waitFor();
    await screenshot(page, 'parcours-declaration-envoyee');

    const milestonesNow = (await (await page.request.get(`${baseUrl()}/api/projects/${target!.project.id}/milestones`)).json()) as { items: MilestoneRow[] };
    expect(milestonesNow.items.find((item) => item.id === target!.milestone.id)?.status).toBe('DECLARE');
    const after = (await regionalMilestones(page, '53')) as { declared: number }[];
    const declared = (rows: unknown) => (rows as { declared: number }[]).reduce((sum, row) => sum + row.declared, 0);
    expect(declared(after)).toBe(declared(before) + 1);
  });

  it('analyste drills national → region through the map, then → project from the regional page', async () => {
    await signInAs(page, 'analyste@cnsa.demo');
    await page.waitForURL(/\/tableau-de-bord$/);
    await page.getByRole('heading', { level: 1, name: /Où en est le programme ESMS numérique/ }).waitFor();
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'parcours-national');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /^Bretagne :/ }).first().click();
    await page.waitForURL(/\/tableau-de-bord\/regions\/53/);
    await page.getByRole('heading', { level: 1, name: /Bretagne/ }).waitFor();
    await screenshot(page, 'parcours-regional');
    expect(await axeViolations(page)).toEqual([]);

    const projectLink = page.locator('a[href^="/projets/"]').first();
    await projectLink.waitFor();
    await projectLink.click();
    await page.waitForURL(/\/projets\/[0-9a-f-]{36}/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(page, 'parcours-projet');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('ars.bretagne typing the address of an Occitanie project gets the French not-found page', async () => {
    await signInAs(page, 'analyste@cnsa.demo');
    const projects = (await (await page.request.get(`${baseUrl()}/api/projects?region=76&pageSize=1`)).json()) as { items: ProjectSummary[] };
    const occitanie = projects.items[0];
    expect(occitanie?.region.code).toBe('76');
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();

    await signInAs(page, 'ars.bretagne@ars.demo');
    await page.goto(`${baseUrl()}/projets/${occitanie!.id}`);
    await page.getByRole('heading', { level: 1, name: /Page non trouvée/ }).waitFor();
    expect(await page.title()).toMatch(/Page non trouvée/);
    await screenshot(page, 'parcours-projet-autre-region');
    const api = await page.request.get(`${baseUrl()}/api/projects/${occitanie!.id}`);
    expect(api.status()).toBe(404);
  });
});
