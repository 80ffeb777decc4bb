import { convertToParamMap } from '@angular/router';

import {
  dashboardQueryParams,
  holderChart,
  kpiTiles,
  milestonesChart,
  paymentsChart,
  readDashboardFilters,
  statusChart,
} from './dashboard-model';
import { mapClasses } from './region-map-model';
import { KPIS, nationalDashboard } from './testing/dashboard-fixtures';

const NNBSP = '\u202f';
const series = nationalDashboard().series;

describe('dashboard filters in the address', () => {
  it('reads campagne, appel and secteur, and ignores anything unknown', () => {
    expect(
      readDashboardFilters(convertToParamMap({ campagne: '2024', appel: 'regional', secteur: 'PH_ADULTES' })),
    ).toEqual({
      campaign: 2024,
      callType: 'regional',
      sector: 'PH_ADULTES',
    });
    expect(
      readDashboardFilters(convertToParamMap({ campagne: 'abc', appel: 'autre', secteur: 'XX' })),
    ).toEqual({
      campaign: null,
      callType: null,
      sector: null,
    });
  });

  it('writes back only the filters set', () => {
    expect(dashboardQueryParams({ campaign: 2025, callType: null, sector: 'PA' })).toEqual({
      campagne: '2025',
      secteur: 'PA',
    });
  });
});

describe('KPI tiles', () => {
  it('gives six figures with their targets and details, in French', () => {
    const tiles = kpiTiles(KPIS);
    expect(tiles.map((tile) => [tile.label, tile.value, tile.target, tile.detail])).toEqual([
      ['Enveloppes déléguées', 7_150_000_000, undefined, 'dont 60\u00a0M€ pour les projets'],
      ['Engagé', 2_520_000_000, undefined, `42${NNBSP}% de l’enveloppe Projets`],
      ['Versé', 1_200_000_000, undefined, 'T1 : 9\u00a0M€ · T2 : 3\u00a0M€'],
      ['Reste à engager', 3_480_000_000, undefined, 'Sur les enveloppes Projets'],
      ['ESSMS embarqués', 1_234, 36_500, `3,4${NNBSP}% de la cible`],
      ['Montant à risque', 45_000_000, undefined, '12 jalons en retard dans 5 projets'],
    ]);
  });

  it('says when no Projets envelope was delegated', () => {
    expect(kpiTiles({ ...KPIS, delegatedProjectsCents: 0 })[1]?.detail).toBe(
      'Aucune enveloppe Projets déléguée',
    );
  });
});

describe('charts', () => {
  it('compares the ARS by the share of their envelope committed', () => {
    const chart = holderChart(series.byHolder, 'toutes campagnes');
    expect(chart.title).toBe('2 ARS sur 3 ont engagé moins de la moitié de leur enveloppe');
    expect(chart.summary).toBe(
      `L’ARS Île-de-France a engagé 82${NNBSP}% de son enveloppe, la plus forte part.`,
    );
    expect(chart.model.labels).toEqual([
      'ARS Île-de-France',
      'ARS Bretagne',
      'ARS Occitanie',
      'Enveloppe nationale',
    ]);
    expect(chart.model.series.map((one) => one.key)).toEqual(['delegated', 'committed', 'paid']);
    expect(chart.model.series[1]?.values).toEqual([820_000_000, 210_000_000, 120_000_000, 290_000_000]);
  });

  it('says when no ARS has committed half of its envelope yet', () => {
    const rows = series.byHolder.map((row) => ({ ...row, committedCents: 0 }));
    expect(holderChart(rows, 'toutes campagnes').title).toBe(
      'Aucune ARS n’a encore engagé la moitié de son enveloppe',
    );
  });

  it('speaks of the one ARS on a regional dashboard', () => {
    const chart = holderChart([series.byHolder[1]!], 'campagne 2024');
    expect(chart.title).toBe(`ARS Bretagne : 42${NNBSP}% de l’enveloppe engagée`);
    expect(chart.summary).toBe(`L’ARS Bretagne a engagé 42${NNBSP}% de son enveloppe Projets.`);
    expect(chart.model.title).toBe('Enveloppe déléguée, engagé et versé par enveloppe, campagne 2024');
  });

  it('sums payments month by month', () => {
    const chart = paymentsChart(series.paymentsByMonth, 'toutes campagnes');
    expect(chart.title).toBe('12\u00a0M€ versés depuis octobre 2025');
    expect(chart.summary).toBe(
      'Les versements cumulés atteignent 12\u202f000\u202f000\u00a0€ fin novembre 2026, dont 7\u202f000\u202f000\u00a0€ versés ce mois-là.',
    );
    expect(chart.model.series[0]?.values).toEqual([500_000_000, 1_200_000_000]);
    expect(paymentsChart([], 'toutes campagnes').title).toBe('Aucun versement pour ces filtres');
  });

  it('counts projects by status, statuses without a project left out', () => {
    const chart = statusChart(series.projectsByStatus, 'toutes campagnes');
    expect(chart.model.labels).toEqual(['Dossier déposé', 'Convention signée', 'DUI déployé']);
    expect(chart.model.categoryKeys).toEqual(['DEPOSE', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE']);
    expect(chart.title).toBe('« Convention signée », le statut le plus fréquent');
    expect(chart.summary).toBe('Sur 150 projets, 80 sont au statut « Convention signée », le plus fréquent.');
  });

  it('stacks milestones by state, in catalogue order, and names the type most late', () => {
    const chart = milestonesChart(series.milestonesByType, 'toutes campagnes');
    expect(chart.model.labels).toEqual(['Convention signée', 'DUI déployé']);
    expect(chart.model.series.map((one) => one.key)).toEqual([
      'validated',
      'declared',
      'late',
      'toCome',
      'notReached',
    ]);
    expect(chart.title).toBe('12 jalons en retard, surtout « DUI déployé »');
    expect(chart.summary).toBe(
      `70${NNBSP}% des 100 jalons sont validés ; « DUI déployé » compte le plus de jalons en retard (8).`,
    );
  });
});

describe('map classes', () => {
  it('classes commitment rates by quarter, and regions without envelope apart', () => {
    const { classes, classOf } = mapClasses([10, 42, 82, null], 'commitment');
    expect(classes.map((one) => one.label)).toEqual([
      `Moins de 25${NNBSP}%`,
      `De 25${NNBSP}% à moins de 50${NNBSP}%`,
      `De 50${NNBSP}% à moins de 75${NNBSP}%`,
      `75${NNBSP}% ou plus`,
      'Sans enveloppe',
    ]);
    expect(classOf(42)).toBe(classes[1]);
    expect(classOf(82)).toBe(classes[3]);
    expect(classOf(null)).toBe(classes[4]);
  });

  it('splits counts into four equal classes up to the largest', () => {
    const { classes, classOf } = mapClasses([0, 3, 8], 'late');
    expect(classes.map((one) => one.label)).toEqual(['De 0 à 1', 'De 2 à 3', 'De 4 à 5', '6 ou plus']);
    expect(classOf(8)).toBe(classes[3]);
  });
});
