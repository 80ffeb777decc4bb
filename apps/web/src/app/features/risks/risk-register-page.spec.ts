import { ARS_OFFICER, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { RisksHarness } from './testing/risks-harness';
import { CAMPAIGNS, heatmap, pageOf, registerRisk } from './testing/risks-fixtures';

describe('Risk register (/risques/registre)', () => {
  let t: RisksHarness;

  beforeEach(() => {
    t = new RisksHarness();
  });

  afterEach(() => t.http.verify());

  async function open(url = '/risques/registre', user = ARS_OFFICER): Promise<void> {
    await t.start(user, url);
    t.answerAll('/api/campaigns', CAMPAIGNS);
    t.answerAll('/api/regions', []);
    await t.settle();
  }

  it('draws the heat map as a table of counts with the criticity in words, and links each cell with risks', async () => {
    await open();
    await t.answer('/api/risks/heatmap', heatmap({ '3/4': 2, '1/2': 1 }));
    await t.answer('/api/risks', pageOf([registerRisk()], 1, 25));

    const map = t.page.querySelector<HTMLElement>('esms-risk-heatmap')!;
    const rows = Array.from(map.querySelectorAll('tbody tr')).map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => textOf(cell)),
    );
    expect(rows[0]).toEqual([
      'Impact 4 : Critique',
      '0aucun risque, probabilité Rare, impact Critique, criticité modéréeCriticité modérée',
      '0aucun risque, probabilité Possible, impact Critique, criticité élevéeCriticité élevée',
      '2Criticité critique',
      '0aucun risque, probabilité Quasi certain, impact Critique, criticité critiqueCriticité critique',
    ]);
    const link = map.querySelector<HTMLAnchorElement>('a.esms-heatmap__count')!;
    expect(link.getAttribute('aria-label')).toBe(
      'Voir les 2 risques, probabilité Probable, impact Critique, criticité critique',
    );
    expect(link.getAttribute('href')).toBe('/risques/registre?probabilite=3&impact=4');
    expect(textOf(t.page.querySelector('#carte-titre + p'))).toBe(
      '3 risques sur la carte, dont 2 en criticité critique (probabilité × impact de 12 ou plus). Choisissez une case pour filtrer la liste.',
    );
  });

  it('lists the risks in French with their scope, status and review date, and offers « Nouveau risque » to an ARS officer', async () => {
    await open();
    await t.answer('/api/risks/heatmap', heatmap({}));
    await t.answer('/api/risks', pageOf([registerRisk(), registerRisk({ id: 'x', project: null, regionName: null, regionCode: null, status: 'CLOS', statusLabel: 'Clos', reviewOn: null })], 2, 25));

    const rows = tableRows(t.page.querySelector('#liste-titre')!.parentElement!);
    expect(rows[0]).toEqual([
      'Éditeur du DUI en difficulté',
      'Projet 2024-53-0007',
      '3 – Probable',
      '4 – Critique',
      '12 (critique)',
      'Pôle numérique ARS',
      'Ouvert',
      '15/12/2026',
    ]);
    expect(rows[1]?.[1]).toBe('Programme');
    expect(rows[1]?.[7]).toBe('Non fixée');
    expect(t.page.querySelector('a[href="/risques/registre/nouveau"]')).not.toBeNull();
  });

  it('filters the list on the heat map cell of the address, not the map itself; no « Nouveau risque » for an analyst', async () => {
    await open('/risques/registre?probabilite=3&impact=4&statut=OUVERT', CNSA_ANALYST);
    const map = await t.answer('/api/risks/heatmap', heatmap({ '3/4': 2 }));
    const list = await t.answer('/api/risks', pageOf([], 0, 25));

    expect(RisksHarness.params(map)).toEqual({ status: 'OUVERT' });
    expect(RisksHarness.params(list)).toEqual({
      status: 'OUVERT',
      probability: '3',
      impact: '4',
      page: '1',
      pageSize: '25',
    });
    expect(t.page.querySelector('.esms-heatmap__cell--chosen')).not.toBeNull();
    expect(t.page.querySelector('a[href="/risques/registre/nouveau"]')).toBeNull();
  });
});
