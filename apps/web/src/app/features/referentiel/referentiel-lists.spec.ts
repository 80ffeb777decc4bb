import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { CampaignList } from './campaign-list';
import { EssmsCategoryList } from './essms-category-list';
import { RegionList } from './region-list';
import { textOf, tableRows } from '../../shared/testing/dom';
import { CAMPAIGNS, ESSMS_CATEGORIES, REGIONS } from './testing/referentiel-fixtures';

interface ListCase {
  name: string;
  component: Type<unknown>;
  url: string;
  data: object[];
  loading: string;
  caption: string;
  firstRow: string[];
  emptyTitle: string;
  errorTitle: string;
}

const CASES: ListCase[] = [
  {
    name: 'RegionList',
    component: RegionList,
    url: '/api/regions',
    data: REGIONS,
    loading: 'Chargement des régions…',
    caption: 'Régions, agences régionales de santé (ARS) et GRADeS',
    firstRow: ['53', 'Bretagne', 'ARS Bretagne', 'Métropole (hors Corse)', 'GCS e-Santé Bretagne'],
    emptyTitle: 'Aucune région enregistrée',
    errorTitle: "Les régions n'ont pas pu être chargées",
  },
  {
    name: 'EssmsCategoryList',
    component: EssmsCategoryList,
    url: '/api/essms-categories',
    data: ESSMS_CATEGORIES,
    loading: "Chargement des catégories d'ESSMS…",
    caption: "Catégories d'ESSMS éligibles au programme",
    firstRow: ['500', 'EHPAD', 'Personnes âgées'],
    emptyTitle: "Aucune catégorie d'ESSMS enregistrée",
    errorTitle: "Les catégories d'ESSMS n'ont pas pu être chargées",
  },
  {
    name: 'CampaignList',
    component: CampaignList,
    url: '/api/campaigns',
    data: CAMPAIGNS,
    loading: 'Chargement des campagnes…',
    caption: 'Campagnes du programme, instructions et seuils',
    firstRow: [
      '2021',
      'Amorçage',
      'Non renseignée',
      '15 ESSMS et au moins 3 organismes gestionnaires',
      '15 ESSMS et au moins 3 organismes gestionnaires',
      "Aucun (appel régional jusqu'à 30 ESSMS)",
      '50\u202f%',
      'Voir les règles de la campagne 2021',
    ],
    emptyTitle: 'Aucune campagne enregistrée',
    errorTitle: "Les campagnes n'ont pas pu être chargées",
  },
];

describe.each(CASES)('$name', (list) => {
  let fixture: ComponentFixture<unknown>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(list.component);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answer(body: object, options?: { status: number; statusText: string }): Promise<void> {
    http.expectOne(list.url).flush(body, options);
    await fixture.whenStable();
  }

  it('says it is loading in a polite live region, with a skeleton hidden from screen readers', async () => {
    const status = element.querySelector('[role="status"]');

    expect(textOf(status)).toBe(list.loading);
    expect(status?.querySelector('.esms-skeleton')?.getAttribute('aria-hidden')).toBe('true');
    expect(element.querySelector('table')).toBeNull();

    await answer(list.data);
    expect(element.querySelector('[role="status"]')).toBe(status);
    expect(status?.querySelector('.esms-skeleton')).toBeNull();
  });

  it('shows the rows the API returned in a captioned DSFR table', async () => {
    await answer(list.data);

    expect(element.querySelector('.fr-table caption')?.textContent?.trim()).toBe(list.caption);
    expect(element.querySelectorAll('thead th[scope="col"]').length).toBe(list.firstRow.length);
    const rows = tableRows(element);
    expect(rows).toHaveLength(list.data.length);
    expect(rows[0]).toEqual(list.firstRow);
    expect(textOf(element.querySelector('[role="status"]'))).toMatch(new RegExp(`^${list.data.length} `));
  });

  it('explains why the list is empty instead of showing an empty table', async () => {
    await answer([]);

    expect(element.querySelector('table')).toBeNull();
    const alert = element.querySelector('.fr-alert--info');
    expect(textOf(alert?.querySelector('.fr-alert__title'))).toBe(list.emptyTitle);
    expect(textOf(alert)).toMatch(/n'a pas été chargé|Aucune ne l'est encore/);
  });

  it("shows the API's French message in an error alert, then retries", async () => {
    await answer(
      {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'La base de données est momentanément indisponible.',
        requestId: 'req-7',
      },
      { status: 503, statusText: 'Service Unavailable' },
    );

    const alert = element.querySelector('.fr-alert--error[role="alert"]');
    expect(textOf(alert?.querySelector('.fr-alert__title'))).toBe(list.errorTitle);
    expect(textOf(alert)).toContain('La base de données est momentanément indisponible.');
    expect(textOf(alert)).toContain("Référence à communiquer à l'assistance : req-7");
    expect(textOf(alert)).not.toContain('DATABASE_UNAVAILABLE');

    const retry = alert?.querySelector('button');
    expect(textOf(retry)).toBe('Réessayer');
    retry?.dispatchEvent(new MouseEvent('click'));
    await fixture.whenStable();

    expect(element.querySelector('.fr-alert--error')).toBeNull();
    expect(textOf(element.querySelector('[role="status"]'))).toBe(list.loading);
    expect(document.activeElement).toBe(element);

    await answer(list.data);
    expect(tableRows(element)).toHaveLength(list.data.length);
  });
});

describe('RegionList rows', () => {
  async function renderRegions(regions: object[]): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(RegionList);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne('/api/regions').flush(regions);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('names the regions a shared GRADeS also serves, and labels territories', async () => {
    const element = await renderRegions(REGIONS);

    expect(tableRows(element).slice(1)).toEqual([
      ['94', 'Corse', 'ARS Corse', 'Corse', 'GIP Corse e-santé'],
      ['04', 'La Réunion', 'ARS La Réunion', 'Outre-mer', 'GCS TESIS (commun avec Mayotte)'],
      ['06', 'Mayotte', 'ARS Mayotte', 'Outre-mer', 'GCS TESIS (commun avec La Réunion)'],
    ]);
  });

  it('lists several GRADeS of one region, and says when there is none', async () => {
    const element = await renderRegions([
      {
        ...REGIONS[0],
        grades: [
          { id: 3, code: 'GCS-ESANTE-BRETAGNE', name: 'GCS e-Santé Bretagne' },
          { id: 99, code: 'EXEMPLE', name: 'Second GRADeS (exemple)' },
        ],
      },
      { ...REGIONS[1], grades: [] },
    ]);

    const items = Array.from(element.querySelectorAll('tbody tr:first-child ul li')).map((li) => textOf(li));
    expect(items).toEqual(['GCS e-Santé Bretagne', 'Second GRADeS (exemple)']);
    expect(tableRows(element)[1]?.[4]).toBe('Aucun GRADeS rattaché');
  });

  it('heads each row with the region name', async () => {
    const element = await renderRegions(REGIONS);

    const rowHeaders = Array.from(element.querySelectorAll('tbody th[scope="row"]')).map((th) => textOf(th));
    expect(rowHeaders).toEqual(['Bretagne', 'Corse', 'La Réunion', 'Mayotte']);
  });
});

describe('CampaignList rows', () => {
  it('writes instructions with their French date and amendment, thresholds and tranche 1', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const fixture = TestBed.createComponent(CampaignList);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne('/api/campaigns').flush(CAMPAIGNS);
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('tbody a')?.getAttribute('href')).toBe('/referentiel/campagnes/2021');
    expect(tableRows(element).slice(1)).toEqual([
      [
        '2022',
        'Généralisation',
        'DNS/CNSA/DGCS/2022/34 du 8 février 2022',
        '15 ESSMS',
        '8 ESSMS',
        'À partir de 50 ESSMS',
        '50\u202f%',
        'Voir les règles de la campagne 2022',
      ],
      [
        '2024',
        'Généralisation',
        'DNS/DGCS/CNSA/2024/15 du 1er février 2024',
        '15 ESSMS',
        '8 ESSMS',
        'À partir de 50 ESSMS',
        '50\u202f%',
        'Voir les règles de la campagne 2024',
      ],
      [
        '2025',
        'Généralisation',
        'DNS/DGCS/CNSA/2025/40 du 16 avril 2025 modifiée par DNS/DGCS/CNSA/2025/100',
        '15 ESSMS',
        '8 ESSMS',
        'À partir de 50 ESSMS',
        '50\u202f%',
        'Voir les règles de la campagne 2025',
      ],
    ]);
  });
});
