import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse, ImportBatchSummary, ImportReport, Page } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ARS_OFFICER, CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { linesText } from './import-format';
import { importsRoutes } from './imports.routes';

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    id: 'b0000000-0000-4000-8000-000000000001',
    kind: 'projects',
    kindLabel: 'Projets et leurs ESSMS',
    format: 'csv',
    fileName: 'projets.csv',
    sha256: 'a'.repeat(64),
    dryRun: true,
    status: 'SIMULE',
    statusLabel: 'Simulation',
    rowCount: 16,
    counts: { created: 1, updated: 0, unchanged: 0, errors: 0 },
    errors: [],
    rows: [{ lines: Array.from({ length: 16 }, (_, index) => index + 2), key: 'Grappe du Finistère', outcome: 'CREE', description: 'Projet déposé avec 16 ESSMS.' }],
    alreadyApplied: null,
    createdAt: '2026-12-02T09:00:00.000Z',
    ...overrides,
  };
}

function history(items: ImportBatchSummary[] = []): Page<ImportBatchSummary> {
  return { items, total: items.length, page: 1, pageSize: 20 };
}

describe('ImportsPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  const page = (): HTMLElement => harness.routeNativeElement as HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(user: CurrentUserResponse, items: ImportBatchSummary[] = []): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'imports', children: importsRoutes }])],
    });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, user);
    await loaded;
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/imports');
    await settle();
    http.expectOne((request) => request.url === '/api/imports' && request.method === 'GET').flush(history(items));
    await settle();
  }

  function chooseFile(name = 'projets.csv'): void {
    const input = page().querySelector<HTMLInputElement>('#fichier-import')!;
    const file = new File(['Code projet;Campagne\n'], name, { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
  }

  function importRequest(dryRun: boolean): TestRequest {
    return http.expectOne((request) => request.url === '/api/imports' && request.method === 'POST' && request.params.get('dryRun') === String(dryRun));
  }

  function answerHistory(): void {
    for (const request of http.match((candidate) => candidate.url === '/api/imports' && candidate.method === 'GET')) request.flush(history());
  }

  function button(label: string): HTMLButtonElement {
    const found = Array.from(page().querySelectorAll('button')).find((candidate) => textOf(candidate) === label);
    if (!found) throw new Error(`Pas de bouton « ${label} »`);
    return found;
  }

  afterEach(() => http.verify());

  it('offers the three kinds and their templates (CSV and XLSX)', async () => {
    await open(ARS_OFFICER);
    expect(textOf(page().querySelector('h1'))).toBe('Importer des projets, des membres ou des jalons');
    expect(textOf(page().querySelector('label[for="type-import"]'))).toContain('Que voulez-vous importer ?');
    const links = () => Array.from(page().querySelectorAll<HTMLAnchorElement>('a[download]')).map((link) => link.getAttribute('href'));
    expect(links()).toEqual(['/api/imports/template?kind=projects&format=xlsx', '/api/imports/template?kind=projects&format=csv']);
    const select = page().querySelector<HTMLSelectElement>('#type-import')!;
    select.value = 'milestones';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(links()).toEqual(['/api/imports/template?kind=milestones&format=xlsx', '/api/imports/template?kind=milestones&format=csv']);
  });

  it('asks for a file before the dry run', async () => {
    await open(ARS_OFFICER);
    page().querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(textOf(page().querySelector('#fichier-import-erreur'))).toBe('Choisissez le fichier à importer (CSV ou XLSX).');
    expect(document.activeElement?.id).toBe('fichier-import');
  });

  it('runs the dry run, shows the report, moves focus to its summary, then commits after confirmation', async () => {
    await open(ARS_OFFICER);
    chooseFile();
    page().querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    const dry = importRequest(true);
    expect((dry.request.body as FormData).get('kind')).toBe('projects');
    expect(((dry.request.body as FormData).get('file') as File).name).toBe('projets.csv');
    dry.flush(report());
    await settle();
    answerHistory();
    await settle();

    const heading = page().querySelector<HTMLElement>('#resultat-import')!;
    expect(textOf(heading)).toBe('Résultat de la simulation');
    expect(document.activeElement).toBe(heading);
    expect(textOf(page().querySelector('.fr-alert__title'))).toBe(
      "Simulation réussie : 16 lignes lues dans « projets.csv » — 1 création, 0 mise à jour, 0 inchangé, 0 erreur. Rien n'est encore écrit.",
    );
    const rows = page().querySelector('esms-import-report-view table')!;
    expect(textOf(rows.querySelector('caption'))).toBe("Ce que l'import fera");
    expect(Array.from(rows.querySelectorAll('tbody td, tbody th')).map((cell) => textOf(cell))).toEqual([
      '2 à 17',
      'Grappe du Finistère',
      'Créé',
      'Projet déposé avec 16 ESSMS.',
    ]);

    button("Appliquer l'import").click();
    await settle();
    const dialog = document.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(textOf(dialog.querySelector('h2'))).toBe("Appliquer l'import ?");
    Array.from(dialog.querySelectorAll('button')).find((candidate) => textOf(candidate) === "Appliquer l'import")!.click();
    await settle();
    importRequest(false).flush(report({ dryRun: false, status: 'APPLIQUE', statusLabel: 'Appliqué' }));
    await settle();
    answerHistory();
    await settle();
    expect(textOf(page().querySelector('#resultat-import'))).toBe("Résultat de l'import");
    expect(textOf(page().querySelector('.fr-alert__title'))).toContain('Import appliqué : 16 lignes lues');
    expect(() => button("Appliquer l'import")).toThrow();
  });

  it('lists every error with its line, column and value, and offers no commit', async () => {
    await open(ARS_OFFICER);
    chooseFile();
    page().querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    importRequest(true).flush(
      report({
        counts: { created: 0, updated: 0, unchanged: 0, errors: 2 },
        rows: [],
        errors: [
          { line: 3, column: 'FINESS géographique', value: '750712185', message: 'Le numéro FINESS 750712185 est invalide : la clé de contrôle ne correspond pas.' },
          { line: 4, column: 'Nom du projet', value: '=1+1', message: 'Un tableur la lirait comme une formule.' },
        ],
      }),
    );
    await settle();
    answerHistory();
    await settle();
    const table = page().querySelector('esms-import-report-view table')!;
    expect(textOf(table.querySelector('caption'))).toBe('Erreurs à corriger dans le fichier (2)');
    expect(Array.from(table.querySelectorAll('tbody tr')).map((row) => Array.from(row.children).map((cell) => textOf(cell)))).toEqual([
      ['3', 'FINESS géographique', '750712185', 'Le numéro FINESS 750712185 est invalide : la clé de contrôle ne correspond pas.'],
      ['4', 'Nom du projet', '=1+1', 'Un tableur la lirait comme une formule.'],
    ]);
    expect(() => button("Appliquer l'import")).toThrow();
  });

  it('shows a file refused as a whole (encoding, separator, columns) with its message', async () => {
    await open(ARS_OFFICER);
    chooseFile();
    page().querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    importRequest(true).flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        field: 'file',
        message: "Le fichier n'est pas encodé en UTF-8.",
        details: { issues: [{ line: 2, column: null, value: 'Cr�che', message: "Le fichier n'est pas encodé en UTF-8." }] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    answerHistory();
    await settle();
    expect(textOf(page().querySelector('#resultat-import'))).toBe('Import refusé');
    expect(textOf(page().querySelector('.fr-alert--error'))).toContain("Le fichier n'est pas encodé en UTF-8.");
  });

  it('shows the history to an analyst, without the import form', async () => {
    await open(CNSA_ANALYST, [
      {
        id: 'b1',
        kind: 'members',
        kindLabel: 'Membres des projets',
        format: 'xlsx',
        fileName: 'membres.xlsx',
        sha256: 'b'.repeat(64),
        dryRun: false,
        status: 'APPLIQUE',
        statusLabel: 'Appliqué',
        regionCode: '53',
        rowCount: 3,
        counts: { created: 2, updated: 1, unchanged: 0, errors: 0 },
        author: 'Yann Le Goff',
        createdAt: '2026-12-02T09:05:00.000Z',
      },
    ]);
    expect(page().querySelector('form')).toBeNull();
    const table = page().querySelector('table')!;
    expect(textOf(table.querySelector('caption'))).toBe('Imports précédents, du plus récent au plus ancien');
    expect(Array.from(table.querySelectorAll('tbody tr > *')).map((cell) => textOf(cell))).toEqual([
      '02/12/2026 à 10:05',
      'Membres des projets',
      'membres.xlsx',
      'Appliqué',
      '3',
      '2 créations, 1 mise à jour, 0 inchangé, 0 erreur',
      'Yann Le Goff',
    ]);
  });

  it('writes line ranges compactly', () => {
    expect(linesText([4, 2, 3])).toBe('2 à 4');
    expect(linesText([2, 5])).toBe('2, 5');
    expect(linesText([7])).toBe('7');
  });
});
