import { Chart, Filler } from 'chart.js';

import { forecastChartConfig } from './forecast-chart';
import { registerChartParts } from './register';
import { chartTable, type ChartSeriesModel } from './series';

const KEYS = { actual: 'committed', projected: 'projected', low: 'low', high: 'high' };

const FORECAST: ChartSeriesModel = {
  title: 'Engagé cumulé de l’ARS Bretagne, campagne 2024',
  categoryTitle: 'Mois',
  labels: ['janv. 2025', 'févr. 2025', 'mars 2025'],
  series: [
    { key: 'delegated', label: 'Enveloppe déléguée', unit: 'cents', values: [500_000, 500_000, 500_000] },
    { key: 'committed', label: 'Engagé', unit: 'cents', values: [100_000, 200_000, null] },
    { key: 'projected', label: 'Engagé projeté', unit: 'cents', values: [null, 200_000, 300_000] },
    { key: 'low', label: 'Fourchette basse', unit: 'cents', values: [null, 200_000, 250_000] },
    { key: 'high', label: 'Fourchette haute', unit: 'cents', values: [null, 200_000, 350_000] },
  ],
};

describe('forecastChartConfig', () => {
  it('fills the band from the high edge down to the low edge, with the Filler plugin on this chart only', () => {
    const config = forecastChartConfig(FORECAST, KEYS, { reducedMotion: true });
    const [delegated, committed, projected, low, high] = config.data.datasets;

    expect(high?.fill).toBe(3);
    expect(low?.fill).toBe(false);
    expect(low?.pointRadius).toBe(0);
    expect(config.plugins).toContain(Filler);
    // The projection continues the actual line in its colour, dashed.
    expect(projected?.borderColor).toBe(committed?.borderColor);
    expect(projected?.borderDash).toEqual([6, 4]);
    expect(committed?.borderDash).toEqual([]);
    // The band is a light tint of the same colour; other series keep their own look.
    expect(high?.backgroundColor).toMatch(/^#[0-9a-f]{6}40$/);
    expect(delegated?.borderColor).not.toBe(committed?.borderColor);
  });

  it('keeps every series, band edges included, in the data table with « Sans objet » where none applies', () => {
    const config = forecastChartConfig(FORECAST, KEYS, { reducedMotion: true });
    const table = chartTable(config.model, config.kind);

    expect(table.headers).toEqual([
      'Mois',
      'Enveloppe déléguée',
      'Engagé',
      'Engagé projeté',
      'Fourchette basse',
      'Fourchette haute',
    ]);
    expect(table.rows[0]?.cells[2]).toBe('Sans objet');
    expect(table.rows[2]?.cells[1]).toBe('Sans objet');
  });

  it('refuses a model without the series it needs', () => {
    expect(() => forecastChartConfig({ ...FORECAST, series: FORECAST.series.slice(0, 3) }, KEYS)).toThrow(
      /low/,
    );
  });

  it('draws on a canvas with the line parts and the inline Filler', () => {
    registerChartParts('line');
    const canvas = document.createElement('canvas');
    const config = forecastChartConfig(FORECAST, KEYS, { reducedMotion: true });
    const chart = new Chart(canvas, {
      type: config.type,
      data: config.data,
      options: config.options,
      plugins: config.plugins,
    });
    expect(chart.data.datasets).toHaveLength(5);
    chart.destroy();
  });
});
