import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import type { CurrentUserResponse, RegionResponse, ReportSnapshotListResponse, ReportSnapshotResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ARS_OFFICER, CNSA_ANALYST, GRADES_MEMBER, answerSession } from '../../core/auth/testing/auth-fixtures';
import { todayInParis } from '../../shared/format/format';
import { tableRows, textOf } from '../../shared/testing/dom';
import { ReportsPage } from './reports-page';
import { fileNameOf, formatBytes, progressPercent, rowsOf, scopeOptions, tableAllowed } from './reports-model';

const REGIONS = [
  { code: '04', name: 'La Réunion', arsName: 'ARS La Réunion', territory: 'DROM', grades: [] },
  { code: '53', name: 'Bretagne', arsName: 'ARS Bretagne', territory: 'METROPOLE', grades: [] },
  { code: '76', name: 'Occitanie', arsName: 'ARS Occitanie', territory: 'METROPOLE', grades: [] },
] as unknown as RegionResponse[];

const SNAPSHOT: ReportSnapshotResponse = {
  id: '11111111-1111-4111-8111-111111111111',
  scope: 'region:53',
  regionName: 'Bretagne',
  format: 'xlsx',
  table: null,
  asOf: '2026-11-30',
  fileName: 'rapport-suivi_region-53_2026-11-30.xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  sizeBytes: 12_500,
  sha256: 'a'.repeat(64),
  origin: 'MANUEL',
  createdAt: '2026-12-01T09:30:00.000Z',
  createdBy: 'Yann Le Goff',
};

const page = (items: ReportSnapshotResponse[]): ReportSnapshotListResponse => ({ items, total: items.length, page: 1, pageSize: 10 });

// The first render compiles the page: slow on a busy machine.
jest.setTimeout(30_000);

describe('reports model', () => {
  it('offers the national scope and every region to national roles, their regions to the others', () => {
    expect(scopeOptions(CNSA_ANALYST, REGIONS).map((option) => option.value)).toEqual(['national', 'region:04', 'region:53', 'region:76']);
    expect(scopeOptions(ARS_OFFICER, REGIONS)).toEqual([{ value: 'region:53', label: 'Région Bretagne' }]);
    expect(scopeOptions(GRADES_MEMBER, REGIONS).map((option) => option.value)).toEqual(['region:04']);
    expect(scopeOptions(null, REGIONS)).toEqual([]);
  });

  it('reads the file name, the size, the progress and the rows announced', () => {
    expect(fileNameOf(`attachment; filename="a.xlsx"; filename*=UTF-8''rapport%20%C3%A9t%C3%A9.xlsx`, 'x')).toBe('rapport été.xlsx');
    expect(fileNameOf('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx');
    expect(fileNameOf(null, 'rapport.pdf')).toBe('rapport.pdf');
    expect(formatBytes(1)).toBe('1 octet');
    expect(formatBytes(850)).toBe('850 octets');
    expect(formatBytes(12_500)).toBe('12,5 ko');
    expect(formatBytes(3_200_000)).toBe('3,2 Mo');
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(50, undefined)).toBeNull();
    expect(progressPercent(300, 200)).toBe(100);
    expect(rowsOf('{"synthese":20,"projets":12}')).toBe(32);
    expect(rowsOf('pas du json')).toBeNull();
    expect(rowsOf(null)).toBeNull();
    expect(tableAllowed('pdf')).toBe(false);
    expect(tableAllowed('csv')).toBe(true);
    expect(todayInParis(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('ReportsPage (« Rapports »)', () => {
  let fixture: ComponentFixture<ReportsPage>;
  let http: HttpTestingController;
  let root: HTMLElement;
  const today = todayInParis();

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function open(user: CurrentUserResponse, snapshots: ReportSnapshotResponse[] = [SNAPSHOT]): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, user);
    await loaded;
    fixture = TestBed.createComponent(ReportsPage);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/regions').flush(REGIONS);
    http.expectOne((request) => request.url === '/api/reports/snapshots' && request.method === 'GET').flush(page(snapshots));
    await settle();
  }

  function button(label: string | RegExp): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((candidate) =>
      typeof label === 'string' ? textOf(candidate) === label : label.test(textOf(candidate)),
    );
    if (!found) throw new Error(`Pas de bouton « ${String(label)} »`);
    return found;
  }

  let clicked: jest.SpyInstance;

  beforeEach(() => {
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:rapport'), revokeObjectURL: jest.fn() });
    // jsdom does not navigate: the click that hands the file to the browser is recorded instead.
    clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });

  afterEach(() => clicked.mockRestore());

  afterEach(() => http.verify());

  it('an ARS officer chooses only its region; the snapshots are listed with their hash; no scheduled sendings', async () => {
    await open(ARS_OFFICER);
    const scope = root.querySelector<HTMLSelectElement>('#rapport-perimetre')!;
    expect(Array.from(scope.options).map((option) => textOf(option))).toEqual(['Région Bretagne']);
    expect(root.querySelector<HTMLInputElement>('#rapport-date')!.value).toBe(today);
    expect(tableRows(root)[0]).toEqual([
      '01/12/2026 à 10:30',
      'Région Bretagne',
      '30/11/2026',
      'Excel (XLSX)',
      'Yann Le Goff',
      'a'.repeat(64),
      'Télécharger (12,5 ko)',
    ]);
    expect(root.querySelector('esms-report-schedules')).toBeNull();
    expect(root.querySelector('a[href="/api/open-data/aggregates.csv"]')).not.toBeNull();
  });

  it('downloads the report with an accessible progress bar, then saves the file and says how many rows it holds', async () => {
    await open(ARS_OFFICER);
    root.querySelector<HTMLInputElement>('#rapport-format-csv')!.click();
    const table = root.querySelector<HTMLSelectElement>('#rapport-table')!;
    table.value = 'jalons';
    table.dispatchEvent(new Event('change'));
    button('Télécharger le rapport').click();
    const request = http.expectOne((candidate) => candidate.url === '/api/reports/monitoring');
    expect(request.request.params.toString()).toBe(`scope=region:53&format=csv&asOf=${today}&table=jalons`);
    expect(request.request.responseType).toBe('blob');
    request.event({ type: HttpEventType.DownloadProgress, loaded: 2_000_000 });
    await settle();
    const progress = root.querySelector<HTMLProgressElement>('#rapport-progression')!;
    expect(progress).not.toBeNull();
    expect(root.querySelector('label[for="rapport-progression"]')?.textContent).toContain('Téléchargement en cours');
    expect(root.textContent).toContain('2 Mo reçus');
    request.flush(new Blob(['a;b\r\n']), {
      headers: { 'Content-Disposition': `attachment; filename="rapport.csv"`, 'X-Report-Rows': '{"jalons":1234}' },
    });
    await settle();
    await settle();
    expect(URL.createObjectURL).toHaveBeenCalled();
    expect(clicked).toHaveBeenCalledTimes(1);
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('rapport.csv');
    expect(root.textContent).toContain('Rapport téléchargé');
    expect(root.textContent).toContain('1\u202f234 lignes');
  });

  it('shows the API’s French message when the export is refused', async () => {
    await open(ARS_OFFICER);
    button('Télécharger le rapport').click();
    http
      .expectOne((candidate) => candidate.url === '/api/reports/monitoring')
      .flush(new Blob([JSON.stringify({ statusCode: 403, code: 'FORBIDDEN', message: 'Vous ne pouvez exporter que le rapport de vos régions.' })]), {
        status: 403,
        statusText: 'Forbidden',
      });
    await settle();
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Vous ne pouvez exporter que le rapport de vos régions.');
  });

  it('refuses a date after today next to the field, without any request', async () => {
    await open(ARS_OFFICER);
    const date = root.querySelector<HTMLInputElement>('#rapport-date')!;
    date.value = '2999-01-01';
    date.dispatchEvent(new Event('change'));
    button('Télécharger le rapport').click();
    await settle();
    expect(root.querySelector('#rapport-date-erreur')?.textContent).toContain("postérieure à aujourd'hui");
    expect(date.getAttribute('aria-invalid')).toBe('true');
    http.expectNone((candidate) => candidate.url === '/api/reports/monitoring');
  });

  it('« Figer ce rapport » posts the choice, shows the hash and reloads the list', async () => {
    await open(ARS_OFFICER, []);
    expect(root.textContent).toContain('Aucun rapport figé');
    root.querySelector<HTMLInputElement>('#rapport-format-pdf')!.click();
    await settle();
    expect(root.querySelector<HTMLSelectElement>('#rapport-table')!.disabled).toBe(true);
    button('Figer ce rapport').click();
    const post = http.expectOne((candidate) => candidate.url === '/api/reports/snapshots' && candidate.method === 'POST');
    expect(post.request.body).toEqual({ scope: 'region:53', format: 'pdf', asOf: today });
    post.flush({ ...SNAPSHOT, format: 'pdf', fileName: 'rapport.pdf' });
    await settle();
    http.expectOne((candidate) => candidate.url === '/api/reports/snapshots' && candidate.method === 'GET').flush(page([SNAPSHOT]));
    await settle();
    expect(root.textContent).toContain(`Rapport figé : rapport.pdf, empreinte SHA-256 ${'a'.repeat(64)}.`);
    expect(tableRows(root)).toHaveLength(1);
  });

  it('a CNSA analyst may export nationally and sees the scheduled sendings', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, CNSA_ANALYST);
    await loaded;
    fixture = TestBed.createComponent(ReportsPage);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    for (const request of http.match('/api/regions')) request.flush(REGIONS);
    http.expectOne((request) => request.url === '/api/reports/snapshots' && request.method === 'GET').flush(page([]));
    http.expectOne('/api/reports/schedules').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle();
    const scope = root.querySelector<HTMLSelectElement>('#rapport-perimetre')!;
    expect(textOf(scope.options[0])).toBe('National (toutes les régions)');
    expect(scope.options).toHaveLength(4);
    expect(root.querySelector('esms-report-schedules')).not.toBeNull();
    for (const request of http.match(() => true)) request.flush([]);
  });
});
