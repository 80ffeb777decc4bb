import { TestBed } from '@angular/core/testing';

import type { AlertResponse } from '@esms/api-contract';

import { CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { AlertCount } from '../../core/layout/alert-count';
import { tableRows, textOf } from '../../shared/testing/dom';
import { RisksHarness } from '../risks/testing/risks-harness';

function alert(overrides: Partial<AlertResponse> = {}): AlertResponse {
  return {
    id: 'a1',
    kind: 'JALON_EN_RETARD',
    kindLabel: 'Jalon en retard',
    message: 'Jalon INS qualifiée en retard de 12 jours (3 ESSMS)',
    project: { id: '11111111-1111-4111-8111-111111111111', code: '2024-53-0007', name: 'Grappe' },
    envelope: null,
    regionCode: '53',
    regionName: 'Bretagne',
    campaignYear: 2024,
    createdAt: '2026-11-28T07:00:00Z',
    seen: false,
    seenAt: null,
    ...overrides,
  };
}

function listOf(items: AlertResponse[], unseen: number) {
  return { items, total: items.length, page: 1, pageSize: 25, unseen };
}

describe('Alert centre (/alertes)', () => {
  let t: RisksHarness;

  beforeEach(() => {
    t = new RisksHarness();
  });

  afterEach(() => {
    // The header's count (read once the alert centre wakes the store up) is not what these tests look at.
    for (const request of t.http.match('/api/alerts/count')) request.flush({ unseen: 0 });
    t.http.verify();
  });

  it('lists the alerts in French, newest first, unseen ones marked in words', async () => {
    await t.start(CNSA_ANALYST, '/alertes');
    const request = await t.answer(
      '/api/alerts',
      listOf(
        [
          alert(),
          alert({
            id: 'a2',
            kind: 'ENVELOPPE_SOUS_CONSOMMEE',
            kindLabel: 'Enveloppe sous-consommée',
            message: 'Enveloppe de l’ARS Occitanie engagée à 35 % pour 60 % prévus',
            project: null,
            envelope: { id: 'e', holderKind: 'ARS', holderName: 'ARS Occitanie', regionCode: '76', line: 'PROJETS' },
            regionCode: '76',
            regionName: 'Occitanie',
            seen: true,
            seenAt: '2026-11-29T08:00:00Z',
          }),
        ],
        1,
      ),
    );

    expect(textOf(t.page.querySelector('h1'))).toBe('Quelles alertes demandent votre attention ?');
    expect(RisksHarness.params(request)).toEqual({ page: '1', pageSize: '25' });
    expect(tableRows(t.page)).toEqual([
      [
        'Jalon en retard',
        'Jalon INS qualifiée en retard de 12 jours (3 ESSMS)',
        'Projet 2024-53-0007',
        'Bretagne',
        '28/11/2026',
        'Non vue Marquer comme vue : Jalon INS qualifiée en retard de 12 jours (3 ESSMS)',
      ],
      [
        'Enveloppe sous-consommée',
        'Enveloppe de l’ARS Occitanie engagée à 35 % pour 60 % prévus',
        'ARS Occitanie',
        'Occitanie',
        '28/11/2026',
        'Vue le 29/11/2026',
      ],
    ]);
    expect(textOf(t.page.querySelector('[data-unseen]'))).toBe('Vous avez 1 alerte non vue.');
    expect(TestBed.inject(AlertCount).unseen()).toBe(1);
  });

  it('filters by kind and unseen state from the address', async () => {
    await t.start(CNSA_ANALYST, '/alertes?type=RISQUE_AGGRAVE&non-vues=1&page=2');
    const request = await t.answer('/api/alerts', listOf([], 0));

    expect(RisksHarness.params(request)).toEqual({ page: '2', pageSize: '25', kind: 'RISQUE_AGGRAVE', unseen: 'true' });
    expect(textOf(t.page.querySelector('caption'))).toBe('');
    expect(textOf(t.page.querySelector('.fr-alert__title'))).toBe('Aucune alerte pour ces filtres');
    expect(t.page.querySelector<HTMLSelectElement>('#filtre-type-alerte')?.value).toBe('RISQUE_AGGRAVE');
  });

  it('marks one alert as seen, says so politely and updates the header count', async () => {
    await t.start(CNSA_ANALYST, '/alertes');
    await t.answer('/api/alerts', listOf([alert(), alert({ id: 'a3' })], 2));

    t.button(/^Marquer comme vue/).click();
    await t.settle();
    t.request('/api/alerts/a1/seen', 'POST').flush(null, { status: 204, statusText: 'No Content' });
    await t.settle();

    expect(tableRows(t.page)[0]?.[5]).toBe('Vue');
    expect(textOf(t.page.querySelector('p[role="status"]'))).toBe(
      'Alerte marquée comme vue. Il reste 1 alerte non vue.',
    );
    expect(TestBed.inject(AlertCount).unseen()).toBe(1);
  });

  it('marks every alert of the chosen kind as seen, then reads the list again', async () => {
    await t.start(CNSA_ANALYST, '/alertes?type=JALON_EN_RETARD');
    await t.answer('/api/alerts', listOf([alert()], 5));

    t.button('Marquer les alertes de ce type comme vues').click();
    await t.settle();
    const post = t.request('/api/alerts/seen', 'POST');
    expect(post.request.body).toEqual({ kind: 'JALON_EN_RETARD' });
    post.flush({ marked: 1, unseen: 4 });
    await t.settle();
    await t.answer('/api/alerts', listOf([alert({ seen: true })], 4));

    expect(textOf(t.page.querySelector('p[role="status"]'))).toBe('1 alerte marquée comme vue.');
    expect(TestBed.inject(AlertCount).unseen()).toBe(4);
  });
});
