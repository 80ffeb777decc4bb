import { ARS_OFFICER, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { riskHistory } from '../../shared/risk/testing/risk-fixtures';
import { tableHeaders, tableRows, textOf } from '../../shared/testing/dom';
import { RisksHarness } from './testing/risks-harness';
import { CAMPAIGNS, pageOf, riskyProject } from './testing/risks-fixtures';

const FIRST = riskyProject();
const SECOND = riskyProject({
  projectId: '44444444-4444-4444-8444-444444444444',
  code: '2024-76-0002',
  name: 'Grappe PH de l’Hérault',
  region: { code: '76', name: 'Occitanie' },
  score: 55,
  level: 'ELEVE',
  levelLabel: 'Élevé',
  factors: [{ code: 'SANS_MISE_A_JOUR', label: 'Aucune mise à jour depuis 75 jours', points: 5 }],
  tranche2Cents: 0,
});

describe('Risky projects (/risques)', () => {
  let t: RisksHarness;

  beforeEach(() => {
    t = new RisksHarness();
  });

  afterEach(() => t.http.verify());

  async function open(url = '/risques'): Promise<void> {
    await t.start(CNSA_ANALYST, url);
    t.answerAll('/api/campaigns', CAMPAIGNS);
    t.answerAll('/api/regions', []);
    await t.settle();
  }

  it('lists the riskiest projects with their level in words, their factors in French and a link to each', async () => {
    await open();
    const request = await t.answer('/api/risks/projects', pageOf([FIRST, SECOND]));
    await t.answer(`/api/projects/${FIRST.projectId}/risk/history`, riskHistory([40, 81]));

    expect(textOf(t.page.querySelector('h1'))).toBe('Quels projets risquent de perdre leur seconde tranche ?');
    expect(RisksHarness.params(request)).toEqual({ page: '1', pageSize: '20' });
    const table = t.page.querySelector('[data-risky-projects]')!;
    expect(tableHeaders(table)).toEqual([
      'Projet',
      'Région',
      'Statut',
      'Risque',
      'Pourquoi',
      'Seconde tranche à risque',
      'Évolution',
    ]);
    const [first] = tableRows(table);
    expect(first?.slice(0, 4)).toEqual([
      '2024-53-0007 , Grappe EHPAD du Finistère',
      'Bretagne',
      'Convention signée',
      'Risque critique (81/100)',
    ]);
    expect(Array.from(table.querySelectorAll('tbody tr:first-child .esms-factors li')).map((item) => textOf(item))).toEqual([
      '2 jalons en retard, dont INS qualifiée de 45 jours (30 points)',
      'DUI non référencé Ségur (15 points)',
    ]);
    expect(first?.[5]).toBe('180\u202f000\u00a0€');
    expect(t.page.querySelector('tbody th a')?.getAttribute('href')).toBe(`/projets/${FIRST.projectId}`);
    expect(t.page.querySelector('esms-risk-level-badge .fr-badge')?.classList).toContain('fr-badge--error');
  });

  it('shows the trend of the riskiest project by default, and of the project chosen in the address', async () => {
    await open(`/risques?projet=${SECOND.projectId}`);
    await t.answer('/api/risks/projects', pageOf([FIRST, SECOND]));
    await t.answer(`/api/projects/${SECOND.projectId}/risk/history`, riskHistory([30, 55]));

    expect(textOf(t.page.querySelector('#evolution-titre'))).toBe('Évolution du risque du projet 2024-76-0002');
    expect(textOf(t.page.querySelector('#evolution figcaption'))).toBe(
      'Le score de risque a augmenté sur les 2 derniers jours',
    );
    expect(textOf(t.page.querySelector('#evolution .esms-chart__summary'))).toBe(
      'Du 01/11/2026 au 02/11/2026, le score est passé de 30 (modéré) à 55 sur 100 (élevé).',
    );
    // The other project offers its own trend.
    expect(textOf(t.page.querySelector('tbody tr:first-child td:last-child a'))).toBe(
      'Voir l’évolution du projet 2024-53-0007',
    );
  });

  it('sends the filters of the address to the API', async () => {
    await open('/risques?campagne=2024&region=53&niveau=CRITIQUE,ELEVE&page=2');
    const request = await t.answer('/api/risks/projects', pageOf([], 0));

    expect(RisksHarness.params(request)).toEqual({
      campaign: '2024',
      region: '53',
      level: 'ELEVE,CRITIQUE',
      page: '2',
      pageSize: '20',
    });
    expect(textOf(t.page.querySelector('.fr-alert__title'))).toBe('Aucun projet pour ces filtres');
  });

  it('never sends a region for an ARS officer (the API scopes the region)', async () => {
    await t.start(ARS_OFFICER, '/risques?region=76');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    const request = await t.answer('/api/risks/projects', pageOf([], 0));

    expect(RisksHarness.params(request)['region']).toBeUndefined();
    t.http.expectNone('/api/regions');
    expect(t.page.querySelector('select[id$="-region"]')).toBeNull();
  });

  it('says in French when the list cannot be read, with a retry', async () => {
    await open();
    await t.fail('/api/risks/projects', 500, { message: 'Le service a rencontré une difficulté.' });

    expect(textOf(t.page.querySelector('[role="alert"] .fr-alert__title'))).toBe(
      'Les projets à risque n’ont pas pu être chargés',
    );
    t.button('Réessayer').click();
    await t.settle();
    await t.answer('/api/risks/projects', pageOf([]));
  });
});
