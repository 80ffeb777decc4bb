import { Chart, type ChartConfiguration, type LegendItem } from 'chart.js';

import {
  type EsmsChartConfiguration,
  barChartConfig,
  chartConfigFor,
  doughnutChartConfig,
  lineChartConfig,
  stackedBarChartConfig,
} from './chart-configs';
import { registerChartParts } from './register';
import type { ChartSeriesModel } from './series';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

const BY_HOLDER: ChartSeriesModel = {
  title: 'Montants par ARS, campagne 2024',
  categoryTitle: 'ARS',
  labels: ['ARS Bretagne', 'ARS Occitanie'],
  series: [
    { key: 'committed', label: 'Engagé', unit: 'cents', values: [7_152_345_600, 250_000_000] },
    { key: 'remaining', label: 'Reste à engager', unit: 'cents', values: [100_000_000, 0] },
  ],
};

const BY_STATUS: ChartSeriesModel = {
  title: 'Projets par statut',
  categoryTitle: 'Statut',
  valueTitle: 'Projets',
  labels: ['Retenu', 'Convention signée', 'Soldé'],
  categoryKeys: ['RETENU', 'CONVENTION_SIGNEE', 'SOLDE'],
  series: [{ key: 'projects', label: 'Projets', unit: 'count', values: [42, 1234, 24] }],
};

const PAID_OVER_TIME: ChartSeriesModel = {
  title: 'Versé cumulé par mois',
  categoryTitle: 'Mois',
  valueTitle: 'Versé cumulé',
  labels: ['janv. 2024', 'févr. 2024', 'mars 2024'],
  series: [
    { key: 'paidT1', label: 'Versé T1', unit: 'cents', values: [100_000_000, 300_000_000, 450_000_000] },
    { key: 'paidT2', label: 'Versé T2', unit: 'cents', values: [0, 50_000_000, 120_000_000] },
  ],
};

type AnyConfig = EsmsChartConfiguration;

/** Options of a configuration read loosely: the tests call the callbacks chart.js would call. */
function scale(
  config: AnyConfig,
  axis: 'x' | 'y',
): {
  type: string;
  stacked?: boolean;
  title: { display: boolean; text: string };
  ticks: { callback: (value: number) => string; precision?: number };
} {
  return (config.options?.scales as Record<string, never>)[axis] as never;
}

function plugins(config: AnyConfig): {
  legend: {
    display: boolean;
    labels: { generateLabels?: (chart: Chart) => LegendItem[]; usePointStyle?: boolean };
  };
  tooltip: { callbacks: { label: (item: object) => string; footer?: (items: object[]) => string } };
  esmsDirectLabels: { mode: string; unit: string };
} {
  return config.options?.plugins as never;
}

function tooltipItem(label: string | undefined, raw: number): object {
  return { raw, label: 'catégorie', dataset: { label } };
}

/** A real chart.js chart on a jest-canvas-mock canvas, 600 × 300, drawn at once (no animation). */
function drawn(config: AnyConfig): Chart {
  registerChartParts(config.type);
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 300;
  document.body.append(canvas);
  const { type, data, options, plugins: inline } = config as ChartConfiguration;
  return new Chart(canvas, { type, data, plugins: inline, options: { ...options, responsive: false } });
}

/** Every text chart.js and the plugins wrote on the canvas, with its position. */
function textsDrawn(chart: Chart): [text: string, x: number, y: number][] {
  return (chart.ctx.fillText as jest.Mock).mock.calls as [string, number, number][];
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('stackedBarChartConfig', () => {
  const config = stackedBarChartConfig(BY_HOLDER, { reducedMotion: true });

  it('stacks the series in one bar per category, and carries its model', () => {
    expect(config.type).toBe('bar');
    expect(config.kind).toBe('stacked-bar');
    expect(config.model).toBe(BY_HOLDER);
    expect(config.data.labels).toEqual(['ARS Bretagne', 'ARS Occitanie']);
    expect(config.data.datasets.map((dataset) => [dataset.label, dataset.data])).toEqual([
      ['Engagé', [7_152_345_600, 250_000_000]],
      ['Reste à engager', [100_000_000, 0]],
    ]);
    // chart.js writes into the arrays it draws: they are copies, never the model's.
    expect(config.data.datasets[0]?.data).not.toBe(BY_HOLDER.series[0]?.values);
    expect(scale(config, 'x').stacked).toBe(true);
    expect(scale(config, 'y').stacked).toBe(true);
  });

  it('writes money compactly on the axis, with the unit in its title', () => {
    const y = scale(config, 'y');

    expect(y.title).toEqual(expect.objectContaining({ display: true, text: 'Montant (€)' }));
    expect(scale(config, 'x').title).toEqual(expect.objectContaining({ display: true, text: 'ARS' }));
    expect(y.ticks.callback(7_150_000_000)).toBe(`71,5${NBSP}M€`);
    expect(y.ticks.callback(25_000_000)).toBe(`250${NBSP}k€`);
    expect(y.ticks.callback(0)).toBe(`0${NBSP}€`);
  });

  it('gives the exact amount of each part, and the total, in the tooltip', () => {
    const { label, footer } = plugins(config).tooltip.callbacks;

    expect(label(tooltipItem('Engagé', 7_152_345_600))).toBe(`Engagé : 71${NNBSP}523${NNBSP}456${NBSP}€`);
    expect(
      footer?.([tooltipItem('Engagé', 7_152_345_600), tooltipItem('Reste à engager', 100_000_000)]),
    ).toBe(`Total : 72${NNBSP}523${NNBSP}456${NBSP}€`);
  });

  it('fits its container, in French, without animation when asked', () => {
    expect(config.options).toEqual(
      expect.objectContaining({
        responsive: true,
        maintainAspectRatio: false,
        locale: 'fr-FR',
        animation: false,
      }),
    );
    expect(plugins(config).legend.display).toBe(true);
    expect(plugins(config).esmsDirectLabels).toEqual({ mode: 'none', unit: 'cents' });
  });

  it('gives each meaning its colour: solid for delegated, hatched for committed, with dark borders', () => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    const [committed, remaining] = config.data.datasets;
    const fill = (dataset: typeof committed) =>
      (dataset?.backgroundColor as (context: object) => unknown)({
        chart: { ctx },
        type: 'dataset',
        dataIndex: 0,
      });

    expect(fill(committed)).toBeInstanceOf(CanvasPattern);
    expect(fill(remaining)).toBeInstanceOf(CanvasPattern);
    expect(committed?.borderColor).toBe('#006a6f');
    expect(remaining?.borderColor).toBe('#6a6156');

    const delegated = stackedBarChartConfig({
      ...BY_HOLDER,
      series: [{ key: 'delegated', label: 'Enveloppe déléguée', unit: 'cents', values: [1, 2] }],
    });
    expect(fill(delegated.data.datasets[0])).toBe('#465f9d');
  });

  it('lays the bars along the horizontal axis when asked (long ARS names)', () => {
    const horizontal = stackedBarChartConfig(BY_HOLDER, { horizontal: true });

    expect(horizontal.options?.indexAxis).toBe('y');
    expect(scale(horizontal, 'x').type).toBe('linear');
    expect(scale(horizontal, 'x').ticks.callback(7_150_000_000)).toBe(`71,5${NBSP}M€`);
    expect(scale(horizontal, 'y').type).toBe('category');
  });
});

describe('barChartConfig', () => {
  it('counts with whole ticks, gives each status bar its colour and writes the values at the ends of the bars', () => {
    const config = barChartConfig(BY_STATUS, { reducedMotion: true });
    const y = scale(config, 'y');

    expect(config.kind).toBe('bar');
    expect(scale(config, 'x').stacked).toBe(false);
    expect(y.title.text).toBe('Projets');
    expect(y.ticks.precision).toBe(0);
    expect(y.ticks.callback(1234)).toBe(`1${NNBSP}234`);
    expect(plugins(config).legend.display).toBe(false);
    expect(plugins(config).tooltip.callbacks.label(tooltipItem('Projets', 1234))).toBe(
      `Projets : 1${NNBSP}234`,
    );
    expect(plugins(config).esmsDirectLabels).toEqual({ mode: 'bar-values', unit: 'count' });
    // Retenu, Convention signée, Soldé: the dark tones of their DSFR badges.
    expect(config.data.datasets[0]?.borderColor).toEqual(['#2f4077', '#006a6f', '#66673d']);
  });

  it('writes percentages with a narrow no-break space', () => {
    const config = barChartConfig({
      title: 'Jalons validés par type',
      valueTitle: 'Jalons validés',
      labels: ['Convention', 'Déploiement'],
      series: [{ key: 'share', label: 'Validés', unit: 'percent', values: [42, 7.5] }],
    });

    expect(scale(config, 'y').title.text).toBe('Jalons validés (%)');
    expect(scale(config, 'y').ticks.callback(42)).toBe(`42${NNBSP}%`);
    expect(plugins(config).tooltip.callbacks.label(tooltipItem('Validés', 7.5))).toBe(
      `Validés : 7,5${NNBSP}%`,
    );
  });

  it('animates unless the system asks for reduced motion', () => {
    expect(barChartConfig(BY_STATUS).options?.animation).toEqual({ duration: 400 });

    const matchMedia = jest.fn((query: string) => ({
      matches: query === '(prefers-reduced-motion: reduce)',
    }));
    Object.defineProperty(window, 'matchMedia', { value: matchMedia, configurable: true });
    try {
      expect(barChartConfig(BY_STATUS).options?.animation).toBe(false);
      expect(barChartConfig(BY_STATUS, { reducedMotion: false }).options?.animation).toEqual({
        duration: 400,
      });
    } finally {
      delete (window as { matchMedia?: unknown }).matchMedia;
    }
  });

  it('refuses an inconsistent model rather than drawing it wrong', () => {
    expect(() =>
      barChartConfig({ ...BY_STATUS, series: [{ key: 'p', label: 'Projets', unit: 'count', values: [1] }] }),
    ).toThrow('la série « Projets » a 1 valeurs pour 3 libellés');
  });

  it('draws the compact value at the end of each bar', () => {
    const chart = drawn(barChartConfig(BY_HOLDER, { horizontal: true, reducedMotion: true }));
    const { top, bottom, left } = chart.chartArea;
    // Inside the plot area: neither the axis ticks nor the legend, which chart.js writes around it.
    const inPlot = textsDrawn(chart).filter(([, x, y]) => x > left && y > top && y < bottom);

    expect(inPlot.map(([text]) => text).sort()).toEqual(
      [`71,5${NBSP}M€`, `2,5${NBSP}M€`, `1${NBSP}M€`, `0${NBSP}€`].sort(),
    );
    chart.destroy();
  });
});

describe('lineChartConfig', () => {
  const config = lineChartConfig(PAID_OVER_TIME, { reducedMotion: true });

  it('draws one line per series, told apart by dash and point shape as well as colour', () => {
    const [t1, t2] = config.data.datasets;

    expect(config.type).toBe('line');
    expect(config.kind).toBe('line');
    expect([t1?.borderColor, t2?.borderColor]).toEqual(['#a558a0', '#695240']);
    expect(t1?.borderDash).not.toEqual(t2?.borderDash);
    expect(t1?.pointStyle).not.toBe(t2?.pointStyle);
    expect(t1?.fill).toBe(false);
    expect(plugins(config).legend.labels.usePointStyle).toBe(true);
  });

  it('titles its axes and formats money', () => {
    expect(scale(config, 'x').title.text).toBe('Mois');
    expect(scale(config, 'y').title.text).toBe('Versé cumulé (€)');
    expect(scale(config, 'y').ticks.callback(450_000_000)).toBe(`4,5${NBSP}M€`);
    expect(plugins(config).tooltip.callbacks.label(tooltipItem('Versé T2', 120_000_000))).toBe(
      `Versé T2 : 1${NNBSP}200${NNBSP}000${NBSP}€`,
    );
  });

  it('writes the name of each series at the end of its line', () => {
    expect(plugins(config).esmsDirectLabels).toEqual({ mode: 'line-ends', unit: 'cents' });
    expect((config.options?.layout?.padding as { right: number }).right).toBeGreaterThan(60);

    const chart = drawn(config);
    // Right of the plot area, in the room kept for them (the legend repeats the names above the plot).
    const atLineEnds = textsDrawn(chart).filter(([, x]) => x > chart.chartArea.right);

    expect(atLineEnds.map(([text]) => text)).toEqual(['Versé T1', 'Versé T2']);
    chart.destroy();
  });
});

describe('doughnutChartConfig', () => {
  const config = doughnutChartConfig(BY_STATUS, { reducedMotion: true });

  it('draws one slice per status in the status colours', () => {
    expect(config.type).toBe('doughnut');
    expect(config.kind).toBe('doughnut');
    expect(config.data.datasets[0]?.data).toEqual([42, 1234, 24]);
    expect(config.data.datasets[0]?.borderColor).toEqual(['#2f4077', '#006a6f', '#66673d']);
    expect(config.options?.scales).toBeUndefined();
  });

  it('names each slice in the legend with its value and share, and in the tooltip with the exact value', () => {
    const chart = drawn(config);
    const generateLabels = plugins(config).legend.labels.generateLabels!;

    expect(generateLabels(chart).map((item) => item.text)).toEqual([
      `Retenu : 42 (3,2${NNBSP}%)`,
      `Convention signée : 1${NNBSP}234 (94,9${NNBSP}%)`,
      `Soldé : 24 (1,8${NNBSP}%)`,
    ]);
    expect(plugins(config).tooltip.callbacks.label({ label: 'Retenu', raw: 42 })).toBe(
      `Retenu : 42 (3,2${NNBSP}%)`,
    );
    chart.destroy();
  });
});

describe('chartConfigFor', () => {
  it.each([
    ['bar', 'bar'],
    ['stacked-bar', 'bar'],
    ['line', 'line'],
    ['doughnut', 'doughnut'],
  ] as const)('maps %s to a chart.js %s chart', (kind, type) => {
    const config = chartConfigFor(kind, BY_STATUS);
    expect([config.kind, config.type]).toEqual([kind, type]);
  });
});
