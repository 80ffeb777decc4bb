import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ARS_OFFICER, CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { dashboardRoutes } from './dashboard.routes';
import { nationalDashboard, regionalDashboard } from './testing/dashboard-fixtures';

const NNBSP = '\u202f';
const CAMPAIGNS = [
  { year: 2024, label: 'Campagne 2024' },
  { year: 2025, label: 'Campagne 2025' },
];

class DashboardHarness {
  http!: HttpTestingController;
  router!: Router;
  harness!: RouterTestingHarness;

  get page(): HTMLElement {
    return this.harness.routeNativeElement as HTMLElement;
  }

  async start(user: CurrentUserResponse, url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'tableau-de-bord', children: dashboardRoutes },
          { path: 'projets/:id', children: [] },
          { path: 'projets', children: [] },
        ]),
      ],
    });
    this.http = TestBed.inject(HttpTestingController);
    this.router = TestBed.inject(Router);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(this.http, user);
    await loaded;
    this.harness = await RouterTestingHarness.create();
    await this.harness.navigateByUrl(url);
    await this.settle();
    for (const request of this.http.match('/api/campaigns')) request.flush(CAMPAIGNS);
    await this.settle();
  }

  async settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await this.harness.fixture.whenStable();
  }

  request(url: string): TestRequest {
    return this.http.expectOne((request) => request.url === url && request.method === 'GET');
  }

  async answer(url: string, body: object): Promise<TestRequest> {
    const request = this.request(url);
    request.flush(body);
    await this.settle();
    return request;
  }

  async fail(url: string, status: number): Promise<void> {
    this.request(url).flush(
      { statusCode: status, code: status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: 'Erreur du serveur.' },
      { status, statusText: 'Erreur' },
    );
    await this.settle();
  }

  tileTexts(): string[][] {
    return Array.from(this.page.querySelectorAll('esms-kpi-tile')).map((tile) =>
      Array.from(
        tile.querySelectorAll('.fr-tile__title, .fr-tile__desc [aria-hidden="true"], .fr-tile__detail'),
      ).map((part) => textOf(part)),
    );
  }
}

/** jsdom has no ResizeObserver; chart.js observes the canvas container with one. */
class ResizeObserverStandIn {
  observe(): void {
    /* nothing to observe in jsdom */
  }
  unobserve(): void {
    /* nothing observed */
  }
  disconnect(): void {
    /* nothing observed */
  }
}
globalThis.ResizeObserver ??= ResizeObserverStandIn as unknown as typeof ResizeObserver;

function params(request: TestRequest): Record<string, string | null> {
  const query = request.request.params;
  return Object.fromEntries(query.keys().map((key) => [key, query.get(key)]));
}

describe('National dashboard (/tableau-de-bord)', () => {
  let t: DashboardHarness;

  beforeEach(() => {
    t = new DashboardHarness();
  });
  afterEach(() => t.http.verify());

  it('shows skeletons while loading, then the KPI tiles and the charts with their findings', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord');

    expect(textOf(t.page.querySelector('h1'))).toBe('Où en est le programme ESMS numérique ?');
    expect(t.page.querySelectorAll('canvas')).toHaveLength(0);
    expect(t.page.querySelectorAll('esms-kpi-tile')).toHaveLength(6);
    expect(textOf(t.page.querySelector('[role="status"]'))).toContain('Chargement du tableau de bord…');

    const request = await t.answer('/api/dashboard/national', nationalDashboard());
    expect(params(request)).toEqual({});
    expect(t.tileTexts()).toEqual([
      ['Enveloppes déléguées', '71,5\u00a0M€', 'dont 60\u00a0M€ pour les projets'],
      ['Engagé', '25,2\u00a0M€', `42${NNBSP}% de l’enveloppe Projets`],
      ['Versé', '12\u00a0M€', 'T1 : 9\u00a0M€ · T2 : 3\u00a0M€'],
      ['Reste à engager', '34,8\u00a0M€', 'Sur les enveloppes Projets'],
      ['ESSMS embarqués', `sur 36${NNBSP}500 · 3,4${NNBSP}% de la cible`],
      ['Montant à risque', '450\u00a0k€', '12 jalons en retard dans 5 projets'],
    ]);
    const titles = Array.from(t.page.querySelectorAll('esms-chart')).map((chart) =>
      textOf(chart.querySelector('figcaption, .esms-chart__title')),
    );
    expect(titles).toEqual([
      '2 ARS sur 3 ont engagé moins de la moitié de leur enveloppe',
      '12\u00a0M€ versés depuis octobre 2025',
      '« Convention signée », le statut le plus fréquent',
      '12 jalons en retard, surtout « DUI déployé »',
    ]);
    expect(t.page.textContent).toContain(
      `L’ARS Île-de-France a engagé 82${NNBSP}% de son enveloppe, la plus forte part.`,
    );
    expect(t.page.querySelectorAll('canvas')).toHaveLength(4);
  });

  it('sends the filters of the address to the API and writes the chosen ones back to it', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord?campagne=2024&appel=regional&secteur=PH_ADULTES');
    const request = await t.answer('/api/dashboard/national', nationalDashboard());
    expect(params(request)).toEqual({ campaign: '2024', callType: 'regional', sector: 'PH_ADULTES' });
    expect(t.page.querySelector<HTMLSelectElement>('#filtre-campagne')?.value).toBe('2024');

    const campaign = t.page.querySelector<HTMLSelectElement>('#filtre-campagne')!;
    campaign.value = '2025';
    campaign.dispatchEvent(new Event('change'));
    const sector = t.page.querySelector<HTMLSelectElement>('#filtre-secteur')!;
    sector.value = '';
    sector.dispatchEvent(new Event('change'));
    t.page.querySelector('form')!.dispatchEvent(new Event('submit'));
    await t.settle();

    expect(t.router.url).toBe('/tableau-de-bord?campagne=2025&appel=regional');
    const next = await t.answer('/api/dashboard/national', nationalDashboard());
    expect(params(next)).toEqual({ campaign: '2025', callType: 'regional' });
  });

  it('draws the 18 regions as links naming the region and its value, keeping the filters', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord?campagne=2024');
    await t.answer('/api/dashboard/national', nationalDashboard());

    const tiles = Array.from(t.page.querySelectorAll('esms-region-map svg a'));
    expect(tiles).toHaveLength(18);
    const bretagne = t.page.querySelector('esms-region-map a[data-region="53"]')!;
    expect(bretagne.getAttribute('aria-label')).toBe(`Bretagne : 42${NNBSP}% engagé`);
    expect(bretagne.getAttribute('href')).toBe('/tableau-de-bord/regions/53?campagne=2024');
    expect(textOf(bretagne)).toBe(`Bretagne 42${NNBSP}%`);
    expect(t.page.querySelector('esms-region-map a[data-region="94"]')?.getAttribute('aria-label')).toBe(
      'Corse : sans enveloppe déléguée',
    );

    const select = t.page.querySelector<HTMLSelectElement>('esms-region-map select')!;
    select.value = 'late';
    select.dispatchEvent(new Event('change'));
    await t.settle();
    // The indicator goes into the address with the filters (no new request: the figures are the same).
    expect(t.router.url).toBe('/tableau-de-bord?campagne=2024&carte=retards');
    expect(bretagne.getAttribute('aria-label')).toBe('Bretagne : 7 jalons en retard');
    expect(textOf(bretagne)).toBe('Bretagne 7');
    expect(Array.from(t.page.querySelectorAll('.esms-map__classes li')).map((item) => textOf(item))).toEqual([
      'De 0 à 1',
      'De 2 à 3',
      'De 4 à 5',
      '6 ou plus',
    ]);

    (bretagne as SVGAElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }),
    );
    await t.settle();
    expect(t.router.url).toBe('/tableau-de-bord/regions/53?campagne=2024');
    t.request('/api/dashboard/regions/53').flush(regionalDashboard());
    for (const request of t.http.match('/api/campaigns')) request.flush(CAMPAIGNS);
    await t.settle();
    expect(textOf(t.page.querySelector('h1'))).toBe('Où en est le programme en région Bretagne ?');
  });

  it('opens a shared address on the map indicator it names, and keeps it when the filters change', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord?campagne=2024&carte=retards');
    await t.answer('/api/dashboard/national', nationalDashboard());
    const select = t.page.querySelector<HTMLSelectElement>('esms-region-map select')!;
    expect(select.value).toBe('late');
    expect(textOf(t.page.querySelector('esms-region-map h2'))).toBe('Carte des régions : jalons en retard');
    expect(t.page.querySelector('esms-region-map a[data-region="53"]')?.getAttribute('aria-label')).toBe(
      'Bretagne : 7 jalons en retard',
    );

    const campaign = t.page.querySelector<HTMLSelectElement>('#filtre-campagne')!;
    campaign.value = '2025';
    campaign.dispatchEvent(new Event('change'));
    t.page.querySelector('form')!.dispatchEvent(new Event('submit'));
    await t.settle();
    expect(t.router.url).toBe('/tableau-de-bord?campagne=2025&carte=retards');
    await t.answer('/api/dashboard/national', nationalDashboard());
    expect(t.page.querySelector<HTMLSelectElement>('esms-region-map select')!.value).toBe('late');

    // Back to the default indicator: the parameter leaves the address.
    const redrawn = t.page.querySelector<HTMLSelectElement>('esms-region-map select')!;
    redrawn.value = 'commitment';
    redrawn.dispatchEvent(new Event('change'));
    await t.settle();
    expect(t.router.url).toBe('/tableau-de-bord?campagne=2025');
  }, 20_000);

  it('ignores an unknown map indicator in the address (default map, no error)', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord?carte=inconnu');
    await t.answer('/api/dashboard/national', nationalDashboard());
    expect(t.page.querySelector<HTMLSelectElement>('esms-region-map select')!.value).toBe('commitment');
  });

  it('shows the map data as a table on « Voir les données »', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord');
    await t.answer('/api/dashboard/national', nationalDashboard());
    const map = t.page.querySelector('esms-region-map')!;
    expect(map.querySelector('table')).toBeNull();
    const button = Array.from(map.querySelectorAll('button')).find(
      (one) => textOf(one) === 'Voir les données',
    )!;
    button.click();
    await t.settle();
    const rows = Array.from(map.querySelectorAll('tbody tr')).map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => textOf(cell)),
    );
    expect(rows).toHaveLength(18);
    expect(rows.find((row) => row[0] === 'Bretagne')).toEqual([
      'Bretagne',
      '1\u202f000\u202f000\u00a0€',
      '300\u202f000\u00a0€',
      `42${NNBSP}%`,
      '7',
      '12',
      '150',
    ]);
  });

  it('says when no project matches the filters, and how to widen them', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord?campagne=2025');
    await t.answer(
      '/api/dashboard/national',
      nationalDashboard({ kpis: { ...nationalDashboard().kpis, projects: 0 } }),
    );
    expect(textOf(t.page.querySelector('.fr-alert__title'))).toBe('Aucun projet pour ces filtres');
    expect(textOf(t.page.querySelector('.fr-alert'))).toContain('Élargissez les filtres');
    expect(t.page.querySelectorAll('esms-chart')).toHaveLength(0);
    expect(t.page.querySelector('esms-region-map')).toBeNull();
  });

  it('shows the error with « Réessayer », which asks again', async () => {
    await t.start(CNSA_ANALYST, '/tableau-de-bord');
    await t.fail('/api/dashboard/national', 500);
    expect(textOf(t.page.querySelector('[role="alert"] .fr-alert__title'))).toBe(
      'Le tableau de bord n’a pas pu être chargé',
    );
    const retry = Array.from(t.page.querySelectorAll('button')).find((one) => textOf(one) === 'Réessayer')!;
    retry.click();
    await t.settle();
    await t.answer('/api/dashboard/national', nationalDashboard());
    expect(t.page.querySelector('[role="alert"]')).toBeNull();
  });
});

describe('Regional dashboard (/tableau-de-bord/regions/:code)', () => {
  let t: DashboardHarness;

  beforeEach(() => {
    t = new DashboardHarness();
  });
  afterEach(() => t.http.verify());

  it('shows the region with its breadcrumb, tiles, charts and late projects linking to them', async () => {
    await t.start(ARS_OFFICER, '/tableau-de-bord/regions/53?appel=regional');
    const request = await t.answer('/api/dashboard/regions/53', regionalDashboard());
    expect(params(request)).toEqual({ callType: 'regional' });

    expect(textOf(t.page.querySelector('h1'))).toBe('Où en est le programme en région Bretagne ?');
    const crumbs = Array.from(t.page.querySelectorAll('.fr-breadcrumb__link'));
    expect(crumbs.map((crumb) => textOf(crumb))).toEqual(['Tableau de bord', 'Bretagne']);
    expect(crumbs[0]?.getAttribute('href')).toBe('/tableau-de-bord?appel=regional');
    expect(t.page.querySelectorAll('esms-kpi-tile')).toHaveLength(6);
    expect(textOf(t.page.querySelector('esms-chart .esms-chart__title, esms-chart figcaption'))).toBe(
      `ARS Bretagne : 42${NNBSP}% de l’enveloppe engagée`,
    );
    const rows = Array.from(t.page.querySelectorAll('tbody tr')).map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => textOf(cell)),
    );
    expect(rows).toContainEqual([
      'AAP-2025-53-001 — Grappe personnes âgées du Finistère',
      'DUI déployé',
      '2',
      '30/09/2026',
      '54',
      '90\u202f000\u00a0€',
    ]);
    expect(t.page.querySelector('tbody th a')?.getAttribute('href')).toBe(
      '/projets/11111111-1111-4111-8111-111111111111',
    );
  });

  it('shows the French not-found page when the region is outside the user’s scope (404)', async () => {
    await t.start(ARS_OFFICER, '/tableau-de-bord/regions/76');
    await t.fail('/api/dashboard/regions/76', 404);
    expect(textOf(t.page.querySelector('h1'))).toBe('Page non trouvée');
    expect(t.page.querySelector('[role="alert"]')).toBeNull();
  });
});
