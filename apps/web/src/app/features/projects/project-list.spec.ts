import { TestRequest } from '@angular/common/http/testing';

import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { tableHeaders, tableRows, textOf } from '../../shared/testing/dom';
import { PROJECT_STATUS_BADGE_CLASSES } from '../../shared/ui/project-status-badge';
import { CAMPAIGNS, page, projectSummary } from './testing/projects-fixtures';
import { ProjectsHarness } from './testing/harness';

const REGIONS = [
  { code: '53', name: 'Bretagne', arsName: 'ARS Bretagne', territory: 'metropole', grades: [] },
  { code: '76', name: 'Occitanie', arsName: 'ARS Occitanie', territory: 'metropole', grades: [] },
];

function params(request: TestRequest): Record<string, string | null> {
  const query = request.request.params;
  return Object.fromEntries(query.keys().map((key) => [key, query.get(key)]));
}

describe('Project list (/projets)', () => {
  let t: ProjectsHarness;

  beforeEach(() => {
    t = new ProjectsHarness();
  });

  afterEach(() => t.http.verify());

  async function openAsArs(url = '/projets'): Promise<void> {
    await t.start(ARS_OFFICER, url);
    t.answerAll('/api/campaigns', CAMPAIGNS);
    await t.settle();
  }

  it('asks « Où en sont les projets ? » and shows each project in a DSFR table, in French', async () => {
    await openAsArs();
    const request = await t.answer('/api/projects', page([projectSummary({ riskLevel: 'ELEVE', riskScore: 62 })]));

    expect(textOf(t.page.querySelector('h1'))).toBe('Où en sont les projets ?');
    expect(params(request)).toEqual({ page: '1', pageSize: '25' });
    expect(tableHeaders(t.page)).toEqual([
      'Code',
      'Nom',
      'Région',
      'Porteur',
      "Type d'appel",
      'Statut',
      'Risque',
      'ESSMS',
      'Montant accordé',
      'Jalons en retard',
      'Dernière mise à jour',
    ]);
    expect(tableRows(t.page)).toEqual([
      [
        'AAP-2025-53-001',
        'Grappe personnes âgées du Finistère',
        'Bretagne',
        'CCAS de Morlaix',
        'Régional',
        'DUI déployé',
        'Risque élevé (62/100)',
        '15',
        '180\u202f000\u00a0€',
        '2 jalons en retard',
        '12/08/2026',
      ],
    ]);
    const link = t.page.querySelector('tbody th a');
    expect(link?.getAttribute('href')).toBe('/projets/11111111-1111-4111-8111-111111111111');
    expect(textOf(t.page.querySelector('caption'))).toBe('Tous les projets');
    expect(textOf(t.page.querySelector('[role="status"]'))).toBe('1 projet trouvé, page 1 sur 1.');
  });

  it('colours each status one way, with its label, and says a lateness in words', async () => {
    await openAsArs();
    await t.answer(
      '/api/projects',
      page([
        projectSummary({ id: 'a', status: 'RETENU', lateMilestones: 1 }),
        projectSummary({ id: 'b', status: 'REFUSE', grantedCents: null, lateMilestones: 0 }),
      ]),
    );

    const badges = Array.from(t.page.querySelectorAll('esms-project-status-badge .fr-badge'));
    expect(badges.map((badge) => textOf(badge))).toEqual(['Retenu', 'Refusé']);
    expect(badges[0]?.classList).toContain(PROJECT_STATUS_BADGE_CLASSES.RETENU);
    expect(badges[1]?.classList).toContain(PROJECT_STATUS_BADGE_CLASSES.REFUSE);
    expect(new Set(Object.values(PROJECT_STATUS_BADGE_CLASSES)).size).toBe(12);
    const rows = tableRows(t.page);
    expect(rows[0]?.[9]).toBe('1 jalon en retard');
    expect(rows[1]?.[8]).toBe('Pas encore accordé');
    expect(rows[1]?.[9]).toBe('Aucun');
  });

  it('offers « Nouveau projet » to an ARS officer, and no region filter (the API scopes the region)', async () => {
    await openAsArs();
    await t.answer('/api/projects', page([]));

    expect(textOf(t.page.querySelector('a[href="/projets/nouveau"]'))).toBe('Nouveau projet');
    expect(t.page.querySelector('#filtre-region')).toBeNull();
    t.http.expectNone('/api/regions');
  });

  it('lets a CNSA analyst filter by region, without « Nouveau projet »', async () => {
    await t.start(CNSA_ANALYST, '/projets?region=76');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    await t.answer('/api/regions', REGIONS);
    const request = await t.answer('/api/projects', page([]));

    expect(params(request)).toMatchObject({ region: '76' });
    expect(t.byId<HTMLSelectElement>('filtre-region').value).toBe('76');
    expect(t.page.querySelector('a[href="/projets/nouveau"]')).toBeNull();
  });

  it('offers « Nouveau projet » to the CNSA administrator', async () => {
    await t.start(CNSA_ADMIN, '/projets');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    t.answerAll('/api/regions', REGIONS);
    await t.answer('/api/projects', page([]));
    expect(t.page.querySelector('a[href="/projets/nouveau"]')).not.toBeNull();
  });

  it('reads search, filters, order and page from the address, and sends them to the API', async () => {
    await openAsArs(
      '/projets?q=morlaix&campagne=2025&statut=RETENU&appel=regional&retard=1&tri=-grantedCents&page=2',
    );
    const request = await t.answer('/api/projects', page([projectSummary()], 30, 2));

    expect(params(request)).toEqual({
      page: '2',
      pageSize: '25',
      q: 'morlaix',
      campaign: '2025',
      status: 'RETENU',
      callType: 'regional',
      late: 'true',
      sort: '-grantedCents',
    });
    expect(t.byId<HTMLInputElement>('recherche-projets').value).toBe('morlaix');
    expect(t.byId<HTMLSelectElement>('filtre-statut').value).toBe('RETENU');
    expect(t.byId<HTMLInputElement>('filtre-retard').checked).toBe(true);
    expect(t.byId<HTMLSelectElement>('tri-projets').value).toBe('-grantedCents');
    expect(textOf(t.page.querySelector('caption'))).toBe(
      'Projets de la campagne 2025, au statut « Retenu », de l’appel à projets régional, ayant au moins un jalon en retard, correspondant à « morlaix »',
    );
    expect(t.page.querySelector('nav.fr-pagination')).not.toBeNull();
  });

  it('ignores what it does not know in the address (a shared link never breaks the page)', async () => {
    await openAsArs('/projets?statut=INCONNU&tri=motdepasse&page=-3&appel=mondial');
    const request = await t.answer('/api/projects', page([]));
    expect(params(request)).toEqual({ page: '1', pageSize: '25' });
  });

  it('puts a new search in the address, back to page 1, and loads it', async () => {
    await openAsArs('/projets?page=3');
    await t.answer('/api/projects', page([projectSummary()], 80, 3));

    await t.type('recherche-projets', '  finistère ');
    await t.choose('filtre-statut', 'DUI_DEPLOYE');
    await t.choose('tri-projets', 'name');
    const late = t.byId<HTMLInputElement>('filtre-retard');
    late.click();
    await t.submit(t.page.querySelector('form[role="search"]')!);

    expect(t.router.url).toBe('/projets?q=finist%C3%A8re&statut=DUI_DEPLOYE&retard=1&tri=name');
    const request = await t.answer('/api/projects', page([]));
    expect(params(request)).toEqual({
      page: '1',
      pageSize: '25',
      q: 'finistère',
      status: 'DUI_DEPLOYE',
      late: 'true',
      sort: 'name',
    });
    expect(textOf(t.page.querySelector('.fr-alert--info .fr-alert__title'))).toBe(
      'Aucun projet ne correspond à la recherche',
    );
  });

  it('says it is loading, then why the list is empty', async () => {
    await openAsArs();
    expect(textOf(t.page.querySelector('[role="status"]'))).toBe('Chargement des projets…');

    await t.answer('/api/projects', page([]));

    expect(t.page.querySelector('table')).toBeNull();
    expect(textOf(t.page.querySelector('.fr-alert--info'))).toContain(
      'Déposez le premier projet avec le bouton « Nouveau projet ».',
    );
  });

  it("shows the API's message when the list cannot be read, then retries", async () => {
    await openAsArs();
    await t.fail('/api/projects', 503, {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'La base de données est momentanément indisponible.',
    });

    const alert = t.page.querySelector('.fr-alert--error')!;
    expect(textOf(alert.querySelector('.fr-alert__title'))).toBe("Les projets n'ont pas pu être chargés");
    expect(textOf(alert)).toContain('La base de données est momentanément indisponible.');

    await t.click(t.button('Réessayer', alert));
    await t.answer('/api/projects', page([projectSummary()]));
    expect(tableRows(t.page)).toHaveLength(1);
  });
});

describe('Project list — risk level', () => {
  let t: ProjectsHarness;

  beforeEach(() => {
    t = new ProjectsHarness();
  });

  afterEach(() => t.http.verify());

  it('shows the level the list gives, with its icon class and words, and offers the level filter then', async () => {
    await t.start(ARS_OFFICER, '/projets');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    await t.answer(
      '/api/projects',
      page([
        { ...projectSummary({ id: 'a' }), riskLevel: 'CRITIQUE', riskScore: 81 },
        { ...projectSummary({ id: 'b' }), riskLevel: null, riskScore: null },
      ]),
    );

    const cells = tableRows(t.page).map((row) => row[6]);
    expect(cells).toEqual(['Risque critique (81/100)', 'Pas encore calculé']);
    expect(t.page.querySelector('esms-risk-level-badge .fr-badge')?.classList).toContain('fr-badge--error');
    expect(t.page.querySelector('#filtre-niveau-risque')).not.toBeNull();
  });

  it('sends the level filter of the address to the API and says it in the caption', async () => {
    await t.start(ARS_OFFICER, '/projets?niveau=CRITIQUE,ELEVE,INCONNU');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    const request = await t.answer('/api/projects', page([{ ...projectSummary(), riskLevel: 'ELEVE', riskScore: 55 }]));

    expect(request.request.params.get('riskLevel')).toBe('ELEVE,CRITIQUE');
    expect(textOf(t.page.querySelector('caption'))).toBe('Projets au risque critique ou élevé');
    expect((t.page.querySelector<HTMLSelectElement>('#filtre-niveau-risque'))?.value).toBe('ELEVE,CRITIQUE');
  });

  it('says « Pas encore calculé » for a project never scored, and offers the level filter', async () => {
    await t.start(ARS_OFFICER, '/projets');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    await t.answer('/api/projects', page([projectSummary()]));

    expect(tableRows(t.page)[0]?.[6]).toBe('Pas encore calculé');
    expect(t.page.querySelector('#filtre-niveau-risque')).not.toBeNull();
  });
});
