import {
  NOT_APPLICABLE,
  type ChartSeriesModel,
  assertSeriesModel,
  chartTable,
  cumulativeSeriesModel,
  isEmptySeriesModel,
} from './series';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

const BY_HOLDER: ChartSeriesModel = {
  title: 'Montants par ARS, campagne 2024',
  categoryTitle: 'ARS',
  labels: ['ARS Bretagne', 'Enveloppe nationale'],
  series: [
    { key: 'committed', label: 'Engagé', unit: 'cents', values: [7_152_345_600, 250_000_000] },
    { key: 'remaining', label: 'Reste à engager', unit: 'cents', values: [100_000_000, null] },
  ],
};

const BY_STATUS: ChartSeriesModel = {
  title: 'Projets par statut',
  categoryTitle: 'Statut',
  labels: ['Retenu', 'Convention signée', 'Soldé'],
  categoryKeys: ['RETENU', 'CONVENTION_SIGNEE', 'SOLDE'],
  series: [{ key: 'projects', label: 'Projets', unit: 'count', values: [42, 1234, 0] }],
};

describe('assertSeriesModel', () => {
  it('accepts a consistent model', () => {
    expect(() => assertSeriesModel(BY_HOLDER)).not.toThrow();
    expect(() => assertSeriesModel(BY_STATUS)).not.toThrow();
  });

  it('refuses a series with a value missing', () => {
    const model = {
      ...BY_STATUS,
      series: [{ key: 'projects', label: 'Projets', unit: 'count' as const, values: [1, 2] }],
    };
    expect(() => assertSeriesModel(model)).toThrow('la série « Projets » a 2 valeurs pour 3 libellés');
  });

  it('refuses series in different units on one axis', () => {
    const model: ChartSeriesModel = {
      ...BY_HOLDER,
      series: [BY_HOLDER.series[0]!, { key: 'projects', label: 'Projets', unit: 'count', values: [1, 2] }],
    };
    expect(() => assertSeriesModel(model)).toThrow(
      'toutes les séries doivent avoir la même unité (cents, count)',
    );
  });

  it('refuses category keys that do not match the labels', () => {
    expect(() => assertSeriesModel({ ...BY_STATUS, categoryKeys: ['RETENU'] })).toThrow(
      '1 clés de catégorie pour 3 libellés',
    );
  });
});

describe('isEmptySeriesModel', () => {
  it('is empty without categories or series', () => {
    expect(isEmptySeriesModel({ ...BY_STATUS, labels: [], categoryKeys: [], series: [] }, 'bar')).toBe(true);
    expect(isEmptySeriesModel({ ...BY_STATUS, series: [] }, 'bar')).toBe(true);
  });

  it('is not empty for bars of zeros (« nothing paid yet » is a finding), but is for a doughnut of zeros', () => {
    const zeros: ChartSeriesModel = {
      ...BY_STATUS,
      series: [{ key: 'projects', label: 'Projets', unit: 'count', values: [0, 0, null] }],
    };
    expect(isEmptySeriesModel(zeros, 'bar')).toBe(false);
    expect(isEmptySeriesModel(zeros, 'doughnut')).toBe(true);
    expect(isEmptySeriesModel(BY_STATUS, 'doughnut')).toBe(false);
  });
});

describe('cumulativeSeriesModel', () => {
  it('turns monthly amounts into running totals (a null month adds nothing)', () => {
    const monthly: ChartSeriesModel = {
      title: 'Versements par mois',
      labels: ['janv. 2024', 'févr. 2024', 'mars 2024', 'avr. 2024'],
      series: [{ key: 'paid', label: 'Versé', unit: 'cents', values: [100, null, 250, 50] }],
    };
    const cumulative = cumulativeSeriesModel(monthly);

    expect(cumulative.series[0]?.values).toEqual([100, 100, 350, 400]);
    expect(cumulative.labels).toBe(monthly.labels);
    expect(monthly.series[0]?.values).toEqual([100, null, 250, 50]);
  });
});

describe('chartTable', () => {
  it('has one row per category and one column per series, with exact French amounts', () => {
    expect(chartTable(BY_HOLDER, 'bar')).toEqual({
      caption: 'Montants par ARS, campagne 2024',
      headers: ['ARS', 'Engagé', 'Reste à engager'],
      rows: [
        {
          header: 'ARS Bretagne',
          cells: [`71${NNBSP}523${NNBSP}456${NBSP}€`, `1${NNBSP}000${NNBSP}000${NBSP}€`],
        },
        { header: 'Enveloppe nationale', cells: [`2${NNBSP}500${NNBSP}000${NBSP}€`, NOT_APPLICABLE] },
      ],
    });
  });

  it('adds the total of each stack for stacked bars', () => {
    const table = chartTable(BY_HOLDER, 'stacked-bar');

    expect(table.headers).toEqual(['ARS', 'Engagé', 'Reste à engager', 'Total']);
    expect(table.rows.map((row) => row.cells[2])).toEqual([
      `72${NNBSP}523${NNBSP}456${NBSP}€`,
      `2${NNBSP}500${NNBSP}000${NBSP}€`,
    ]);
  });

  it('adds the share of each slice for a doughnut, and names the category column by default', () => {
    const table = chartTable({ ...BY_STATUS, categoryTitle: undefined }, 'doughnut');

    expect(table.headers).toEqual(['Catégorie', 'Projets', 'Part']);
    expect(table.rows).toEqual([
      { header: 'Retenu', cells: ['42', `3,3${NNBSP}%`] },
      { header: 'Convention signée', cells: [`1${NNBSP}234`, `96,7${NNBSP}%`] },
      { header: 'Soldé', cells: ['0', `0${NNBSP}%`] },
    ]);
  });
});
