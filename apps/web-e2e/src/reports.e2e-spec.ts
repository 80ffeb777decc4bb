import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';

import {
  axeViolations,
  baseUrl,
  launchBrowser,
  newPage,
  problemsOf,
  screenshot,
  settled,
  signInAs,
} from './support/browser';

/** Today in Europe/Paris, `YYYY-MM-DD`: the « situation au » the page offers first. */
const today = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date());

/** A size as the page says it (« 850 octets », « 12,5 ko », « 3,2 Mo »). */
function frenchSize(bytes: number): string {
  const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
  if (bytes < 1000) return `${bytes} octet${bytes > 1 ? 's' : ''}`;
  return bytes < 1_000_000 ? `${number.format(bytes / 1000)} ko` : `${number.format(bytes / 1_000_000)} Mo`;
}

/** The bytes of a file the page handed to the browser to save. */
async function bytesOf(download: Download): Promise<Buffer> {
  return readFile(await download.path());
}

/**
 * Keeps every text a live region shows (a MutationObserver in the page), so that the test can say what was announced
 * while the work ran, not only at its end.
 */
async function recordAnnouncements(region: Locator): Promise<() => Promise<string[]>> {
  const key = `esmsAnnounced${Math.random().toString(36).slice(2)}`;
  await region.evaluate((element, name) => {
    const seen: string[] = [];
    (window as unknown as Record<string, string[]>)[name] = seen;
    new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }, key);
  return () =>
    region.page().evaluate((name) => (window as unknown as Record<string, string[]>)[name] ?? [], key);
}

/** A CSV as Excel in French saves it: UTF-8 with BOM, `;`, CRLF. */
function csv(lines: readonly string[]): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/** The header line of an import template, as the API serves it. */
async function templateHeader(page: Page, kind: 'projects' | 'members' | 'milestones'): Promise<string> {
  const response = await page.request.get(`${baseUrl()}/api/imports/template?kind=${kind}&format=csv`);
  expect(response.status()).toBe(200);
  return (await response.text()).replace(/^\uFEFF/, '').split('\r\n')[0]!;
}

describe('Rapports et imports (ticket 7), dans Chromium', () => {
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
    await signInAs(page, 'ars.bretagne@ars.demo');
  });

  afterEach(async () => {
    await context.close();
  });

  it('the ARS officer of Bretagne downloads the monitoring report with its progress, freezes it and finds it with its SHA-256', async () => {
    await page.goto(`${baseUrl()}/rapports`);
    await page.getByRole('heading', { level: 1, name: 'Rapports' }).waitFor();
    const download = page.getByRole('button', { name: 'Télécharger le rapport' });
    await settled(page);
    // The scope offered is the officer's region only, once the regions are read.
    await expect(page.locator('#rapport-perimetre option').allTextContents()).resolves.toEqual([
      'Région Bretagne',
    ]);
    expect(await download.isEnabled()).toBe(true);

    const live = page.locator('section[aria-labelledby="titre-rapport"] [aria-live="polite"]');
    const announced = await recordAnnouncements(live);
    const saving = page.waitForEvent('download');
    await download.click();
    const report = await saving;
    expect(report.suggestedFilename()).toBe(`rapport-suivi_region-53_${today}.xlsx`);
    const bytes = await bytesOf(report);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(bytes.length).toBeGreaterThan(2000);

    await live.getByText(/^Rapport téléchargé \(/).waitFor();
    const done = (await live.textContent()) ?? '';
    // What was announced: the download under way, then done, with the real size of the file and its rows.
    expect(done).toMatch(/Téléchargement terminé — Région Bretagne, .*situation au \d{2}\/\d{2}\/\d{4}/);
    expect(done).toContain(`Rapport téléchargé (${frenchSize(bytes.length)}, `);
    expect(done).toMatch(/\d lignes\)\./);
    expect(
      (await announced()).some((text) => text.includes('Téléchargement en cours — Région Bretagne')),
    ).toBe(true);

    await page.getByRole('button', { name: 'Figer ce rapport' }).click();
    const frozen = live.getByText(/^Rapport figé : /);
    await frozen.waitFor();
    const [, fileName, sha256] =
      /^Rapport figé : (\S+), empreinte SHA-256 ([0-9a-f]{64})\.$/.exec(
        ((await frozen.textContent()) ?? '').trim(),
      ) ?? [];
    expect(fileName).toBe(`rapport-suivi_region-53_${today}.xlsx`);
    const row = page
      .locator('section[aria-labelledby="titre-figes"] tbody tr')
      .filter({ has: page.locator('code', { hasText: sha256! }) });
    await row.waitFor();
    await expect(row.locator('td').allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        'Région Bretagne',
        today.split('-').reverse().join('/'),
        'Excel (XLSX)',
        sha256,
      ]),
    );
    await settled(page);
    await screenshot(page, 'rapports-ars-fige');
    expect(await axeViolations(page)).toEqual([]);

    // Downloaded again, the frozen file is the one hashed: checked by the server, the browser, and here.
    const again = page.waitForEvent('download');
    await row
      .getByRole('button', { name: new RegExp(`^Télécharger ${fileName!.replace(/\./g, '\\.')} \\(`) })
      .click();
    const copy = await again;
    expect(copy.suggestedFilename()).toBe(fileName);
    expect(
      createHash('sha256')
        .update(await bytesOf(copy))
        .digest('hex'),
    ).toBe(sha256);
    await live
      .getByText(
        'Rapport figé téléchargé ; son empreinte SHA-256 a été vérifiée par le serveur et par votre navigateur.',
      )
      .waitFor();
    expect(problemsOf(page).filter((problem) => !/401/.test(problem))).toEqual([]);
  });

  it('the ARS officer checks a faulty CSV (French errors by line, column and value), then a valid one with no error', async () => {
    await page.goto(`${baseUrl()}/imports`);
    await page
      .getByRole('heading', { level: 1, name: /Importer des projets, des membres ou des jalons/ })
      .waitFor();
    const projectsHeader = await templateHeader(page, 'projects');
    await settled(page);

    // A project line with a campaign written with the letter O and an unknown software situation.
    const faulty = csv([
      projectsHeader,
      ';2O24;53;Grappe DUI des EHPAD du Finistère;290000017;;375000;290000025;Achat',
    ]);
    await page
      .getByLabel(/Fichier à importer/)
      .setInputFiles({ name: 'projets-a-corriger.csv', mimeType: 'text/csv', buffer: faulty });
    await page.getByRole('button', { name: 'Vérifier le fichier (simulation)' }).click();
    const errors = page.getByRole('table', { name: /^Erreurs? à corriger dans le fichier/ });
    await errors.waitFor();
    await expect(page.locator('#resultat-import').textContent()).resolves.toContain(
      'Résultat de la simulation',
    );
    await expect(
      page
        .getByText(/^Simulation : 1 ligne lue dans « projets-a-corriger\.csv », 2 erreurs à corriger/)
        .count(),
    ).resolves.toBe(1);
    const rows = await errors
      .locator('tbody tr')
      .evaluateAll((lines) =>
        lines.map((line) =>
          Array.from(line.querySelectorAll('th, td'), (cell) => (cell.textContent ?? '').trim()),
        ),
      );
    expect(rows).toEqual([
      ['2', 'Campagne', '2O24', "L'année de campagne doit s'écrire sur quatre chiffres (par exemple 2024)."],
      [
        '2',
        'Situation logicielle',
        'Achat',
        'La situation logicielle doit valoir « Acquisition » ou « Mise en conformité ».',
      ],
    ]);
    // Focus goes to the result, so that it is read first; with errors, nothing can be applied.
    await page.waitForFunction(() => document.activeElement?.id === 'resultat-import');
    await expect(page.getByRole('button', { name: "Appliquer l'import" }).count()).resolves.toBe(0);
    await screenshot(page, 'imports-ars-erreurs');
    expect(await axeViolations(page)).toEqual([]);

    // A valid file: a new project of Bretagne for the latest campaign, grouping as many ESSMS of the region, still in
    // no project, as the campaign asks at least; its porteur, the organisation with the most of them.
    const campaigns = (await (await page.request.get(`${baseUrl()}/api/campaigns`)).json()) as {
      year: number;
      minEssmsMetropole: number;
    }[];
    const campaign = campaigns.reduce((latest, candidate) =>
      candidate.year > latest.year ? candidate : latest,
    );
    const essms = (await (
      await page.request.get(`${baseUrl()}/api/essms?region=53&pageSize=200`)
    ).json()) as {
      items: { finessGeo: string; og: { finessJuridique: string }; project: unknown }[];
    };
    const free = essms.items.filter((item) => item.project === null).slice(0, campaign.minEssmsMetropole);
    expect(free).toHaveLength(campaign.minEssmsMetropole);
    const porteurs = new Map<string, number>();
    for (const item of free)
      porteurs.set(item.og.finessJuridique, (porteurs.get(item.og.finessJuridique) ?? 0) + 1);
    const porteur = [...porteurs].sort((a, b) => b[1] - a[1])[0]![0];
    const valid = csv([
      projectsHeader,
      ...free.map(
        (item) =>
          `;${campaign.year};53;Grappe DUI des ESSMS bretons;${porteur};;375 000;${item.finessGeo};Acquisition`,
      ),
    ]);
    await page
      .getByLabel(/Fichier à importer/)
      .setInputFiles({ name: 'projet-bretagne.csv', mimeType: 'text/csv', buffer: valid });
    const announced = await recordAnnouncements(page.locator('form [role="status"]'));
    await page.getByRole('button', { name: 'Vérifier le fichier (simulation)' }).click();
    await page
      .getByText(
        `Simulation réussie : ${free.length} lignes lues dans « projet-bretagne.csv » — 1 création, 0 mise à jour, 0 inchangé, 0 erreur. Rien n'est encore écrit.`,
      )
      .waitFor();
    const outcome = page.getByRole('table', { name: "Ce que l'import fera" });
    await expect(outcome.locator('tbody tr').first().textContent()).resolves.toMatch(
      new RegExp(
        `Créé.*Projet ${campaign.year}-53-\\d{4} « Grappe DUI des ESSMS bretons » déposé avec ${free.length} ESSMS`,
        's',
      ),
    );
    await expect(page.getByRole('table', { name: /à corriger dans le fichier/ }).count()).resolves.toBe(0);
    // The commit is offered now; the dry run wrote nothing.
    await page.getByRole('button', { name: "Appliquer l'import" }).waitFor();
    const written = (await (
      await page.request.get(
        `${baseUrl()}/api/projects?q=${encodeURIComponent('Grappe DUI des ESSMS bretons')}`,
      )
    ).json()) as { total: number };
    expect(written.total).toBe(0);
    // While it ran, the simulation was announced to screen readers.
    expect((await announced()).some((text) => text.includes('Simulation en cours.'))).toBe(true);
    await page
      .getByRole('table', { name: /^Imports précédents/ })
      .getByRole('rowheader', { name: 'projet-bretagne.csv' })
      .first()
      .waitFor();
    await settled(page);
    await screenshot(page, 'imports-ars-simulation-reussie');
    expect(await axeViolations(page)).toEqual([]);
    expect(problemsOf(page).filter((problem) => !/401/.test(problem))).toEqual([]);
  });
});
