import { convertToParamMap } from '@angular/router';

import { forecastModel, forecastSummary, forecastTitle, monthLabel } from './forecast-model';
import { heatmapView, criticityZone } from './risk-heatmap-model';
import { LEVEL_CHOICES, readRiskFilters, riskQueryParams } from './risk-filters';
import { envelopeForecast, heatmap } from './testing/risks-fixtures';

describe('risk filters in the address', () => {
  it.each([
    ['', { campaign: null, region: null, levels: [], statuses: [], page: 1 }],
    [
      'campagne=2024&region=53&niveau=CRITIQUE,ELEVE&statut=CLOS&page=3',
      { campaign: 2024, region: '53', levels: ['ELEVE', 'CRITIQUE'], statuses: ['CLOS'], page: 3 },
    ],
    [
      'campagne=1999&region=Bretagne&niveau=TRES_HAUT&statut=X&page=-1',
      { campaign: null, region: null, levels: [], statuses: [], page: 1 },
    ],
  ])('reads « %s », ignoring what it does not know', (query, expected) => {
    const params = convertToParamMap(Object.fromEntries(new URLSearchParams(query)));
    expect(readRiskFilters(params)).toMatchObject(expected);
  });

  it('writes back only what is set; page 1 is no page', () => {
    const filters = readRiskFilters(convertToParamMap({ campagne: '2024', niveau: 'ELEVE', probabilite: '3', impact: '9' }));
    expect(riskQueryParams(filters)).toEqual({
      campagne: 2024,
      region: null,
      niveau: 'ELEVE',
      statut: null,
      probabilite: 3,
      impact: null,
      q: null,
      projet: null,
      page: null,
    });
  });

  it('offers « élevé ou critique » first, then each level from the most severe', () => {
    expect(LEVEL_CHOICES.map((choice) => choice.label)).toEqual([
      'Élevé ou critique',
      'Critique',
      'Élevé',
      'Modéré',
      'Faible',
    ]);
  });
});

describe('heat map', () => {
  it.each([
    [1, 'faible'],
    [3, 'faible'],
    [4, 'moderee'],
    [6, 'moderee'],
    [8, 'elevee'],
    [9, 'elevee'],
    [12, 'critique'],
    [16, 'critique'],
  ])('criticity %i is in zone %s', (criticity, zone) => {
    expect(criticityZone(criticity)).toBe(zone);
  });

  it('lays impact 4 on top, probability 1 on the left, and tells each cell in words', () => {
    const view = heatmapView({ ...heatmap({ '3/4': 2, '1/1': 1 }), cells: heatmap({ '3/4': 2, '1/1': 1 }).cells.slice(1) });

    expect(view.rows.map((row) => row.impact)).toEqual([4, 3, 2, 1]);
    expect(view.columns.map((column) => column.label)).toEqual(['Rare', 'Possible', 'Probable', 'Quasi certain']);
    expect(view.rows[0]?.cells[2]).toMatchObject({
      count: 2,
      zone: 'critique',
      description: '2 risques, probabilité Probable, impact Critique, criticité critique',
    });
    // A cell missing from the answer counts 0.
    expect(view.rows[3]?.cells[0]?.description).toBe('aucun risque, probabilité Rare, impact Mineur, criticité faible');
  });
});

describe('forecast chart model', () => {
  it('puts actual and projected months in order, sharing the current month, « Sans objet » elsewhere', () => {
    const model = forecastModel(envelopeForecast(), 2024);

    expect(model.labels).toEqual(['nov. 2024', 'déc. 2024', 'janv. 2025']);
    expect(model.series.map((series) => [series.key, series.values])).toEqual([
      ['delegated', [400_000_000, 400_000_000, 400_000_000]],
      ['committed', [50_000_000, 100_000_000, null]],
      ['committedProjected', [null, 100_000_000, 150_000_000]],
      ['committedLow', [null, 100_000_000, 120_000_000]],
      ['committedHigh', [null, 100_000_000, 180_000_000]],
    ]);
  });

  it('states the finding and the exact amounts', () => {
    expect(forecastTitle(envelopeForecast())).toBe(
      'ARS Bretagne : 2,5\u00a0M€ resteraient à engager en fin de campagne',
    );
    expect(forecastTitle(envelopeForecast({ projectedCommittedAtEndCents: 400_000_000 }))).toBe(
      'ARS Bretagne : l’enveloppe serait entièrement engagée avant la fin de campagne',
    );
    expect(forecastSummary(envelopeForecast(), '2025-12-31')).toContain('au 31/12/2025');
    expect(monthLabel('bad')).toBe('bad');
  });
});
