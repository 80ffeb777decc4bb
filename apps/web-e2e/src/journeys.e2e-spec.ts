import type { Browser, BrowserContext, Page } from 'playwright-core';

import { axeViolations, baseUrl, launchBrowser, newPage, screenshot, signInAs } from './support/browser';

interface ProjectSummary {
  id: string;
  code: string;
  region: { code: string };
  status: string;
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
