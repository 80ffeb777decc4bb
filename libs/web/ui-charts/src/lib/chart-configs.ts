import type {
  Chart,
  ChartConfiguration,
  ChartDataset,
  ChartOptions,
  Color,
  LegendItem,
  TooltipItem,
} from 'chart.js';

import { directLabelsPlugin, lineEndsPadding } from './direct-labels';
import { type ChartUnit, formatCompact, formatExact, formatPercentPoints, valueAxisTitle } from './format';
import {
  CHART_GRID_COLOUR,
  CHART_MENTION_COLOUR,
  CHART_TEXT_COLOUR,
  DSFR_ILLUSTRATIVE_COLOURS,
  LINE_LOOKS,
  lineColour,
  patternFill,
  seriesStyle,
  type SeriesStyle,
} from './palette';
import { assertSeriesModel, type ChartKind, type ChartSeriesModel, seriesUnit, sumValues } from './series';

/** The chart.js chart types this library draws. */
export type EsmsChartType = 'bar' | 'line' | 'doughnut';

/**
 * A chart.js configuration that carries the model it was drawn from (`model`) and how (`kind`): `<esms-chart>`
 * builds its « Voir les données » table from them, so the table always shows the numbers of the chart. chart.js
 * ignores both properties.
 */
export type EsmsChartConfiguration<TType extends EsmsChartType = EsmsChartType> = TType extends EsmsChartType
  ? ChartConfiguration<TType, (number | null)[], string> & {
      readonly kind: ChartKind;
      readonly model: ChartSeriesModel;
    }
  : never;

export interface ChartMapperOptions {
  /**
   * No animation. By default, what the person asked of their system (`prefers-reduced-motion: reduce`) when the
   * configuration is built.
   */
  readonly reducedMotion?: boolean;
}

export interface BarChartMapperOptions extends ChartMapperOptions {
  /** Bars along the horizontal axis, categories down the vertical one: long labels (ARS names) stay readable. */
  readonly horizontal?: boolean;
}

/** Whether the person asked their system for less motion (false where it cannot be known). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function animation(options: ChartMapperOptions): false | { duration: number } {
  return (options.reducedMotion ?? prefersReducedMotion()) ? false : { duration: 400 };
}

/** The part of a scriptable context the fills need (chart.js passes more). */
interface FillContext {
  readonly chart: { readonly ctx: CanvasRenderingContext2D };
  readonly type: string;
  readonly dataIndex: number;
}

/**
 * Scriptable fill: the pattern of the series, or of each category when categories carry the meaning (one series of
 * projects by status). Patterns need the canvas: they are made when chart.js draws, not here.
 */
function fillOf(
  style: SeriesStyle,
  categoryStyles?: readonly SeriesStyle[],
): (context: FillContext) => Color {
  return (context) => {
    const own = context.type === 'data' ? categoryStyles?.[context.dataIndex] : undefined;
    return patternFill(context.chart.ctx, own ?? style);
  };
}

function borderOf(style: SeriesStyle, categoryStyles?: readonly SeriesStyle[]): string | string[] {
  return categoryStyles
    ? categoryStyles.map((own) => DSFR_ILLUSTRATIVE_COLOURS[own.colour].sun)
    : DSFR_ILLUSTRATIVE_COLOURS[style.colour].sun;
}

function categoryStylesOf(model: ChartSeriesModel): readonly SeriesStyle[] | undefined {
  return model.categoryKeys?.map((key, index) => seriesStyle(key, index));
}

/** « Engagé : 71 523 456 € » — the exact value, whatever the axis shows. */
function tooltipLabel(unit: ChartUnit): (item: TooltipItem<EsmsChartType>) => string {
  return (item) => {
    const value = formatExact(Number(item.raw), unit);
    return item.dataset.label ? `${item.dataset.label} : ${value}` : value;
  };
}

function legend(display: boolean) {
  return {
    display,
    position: 'top' as const,
    align: 'start' as const,
    labels: { color: CHART_TEXT_COLOUR, boxWidth: 28, boxHeight: 14, padding: 16 },
  };
}

/** The value axis: from zero, compact French ticks (« 71,5 M€ »), a title with the unit. */
function valueScale(model: ChartSeriesModel, stacked: boolean) {
  const unit = seriesUnit(model);
  return {
    type: 'linear' as const,
    stacked,
    beginAtZero: true,
    title: { display: true, text: valueAxisTitle(unit, model.valueTitle), color: CHART_TEXT_COLOUR },
    grid: { color: CHART_GRID_COLOUR },
    border: { display: false },
    ticks: {
      color: CHART_MENTION_COLOUR,
      // A count of projects has no halves.
      ...(unit === 'count' ? { precision: 0 } : {}),
      callback: (value: number | string) => formatCompact(Number(value), unit),
    },
  };
}

function categoryScale(model: ChartSeriesModel, stacked: boolean) {
  return {
    type: 'category' as const,
    stacked,
    title: {
      display: model.categoryTitle !== undefined,
      text: model.categoryTitle ?? '',
      color: CHART_TEXT_COLOUR,
    },
    grid: { display: false },
    ticks: { color: CHART_MENTION_COLOUR },
  };
}

function commonOptions(options: ChartMapperOptions) {
  return { locale: 'fr-FR', responsive: true, maintainAspectRatio: false, animation: animation(options) };
}

function barChart(
  model: ChartSeriesModel,
  kind: 'bar' | 'stacked-bar',
  options: BarChartMapperOptions,
): EsmsChartConfiguration<'bar'> {
  assertSeriesModel(model);
  const unit = seriesUnit(model);
  const stacked = kind === 'stacked-bar';
  const horizontal = options.horizontal ?? false;
  // Categories keep their own colour only when they are the one thing shown (projects by status).
  const categoryStyles = model.series.length === 1 ? categoryStylesOf(model) : undefined;

  const datasets = model.series.map((series, index): ChartDataset<'bar', (number | null)[]> => {
    const style = seriesStyle(series.key, index);
    return {
      label: series.label,
      data: [...series.values],
      backgroundColor: fillOf(style, categoryStyles),
      borderColor: borderOf(style, categoryStyles),
      borderWidth: 1,
      maxBarThickness: 56,
    };
  });

  const value = valueScale(model, stacked);
  const category = categoryScale(model, stacked);
  const directLabels = stacked ? 'none' : 'bar-values';
  const chartOptions: ChartOptions<'bar'> = {
    ...commonOptions(options),
    indexAxis: horizontal ? 'y' : 'x',
    scales: horizontal ? { x: value, y: category } : { x: category, y: value },
    layout: { padding: directLabels === 'none' ? 0 : horizontal ? { right: 72 } : { top: 24 } },
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: legend(model.series.length > 1),
      tooltip: {
        callbacks: {
          label: tooltipLabel(unit),
          footer: (items) =>
            stacked && items.length > 1
              ? `Total : ${formatExact(
                  sumValues(items.map((item) => (typeof item.raw === 'number' ? item.raw : null))),
                  unit,
                )}`
              : '',
        },
      },
      esmsDirectLabels: { mode: directLabels, unit },
    },
  };

  return {
    type: 'bar',
    data: { labels: [...model.labels], datasets },
    options: chartOptions,
    plugins: [directLabelsPlugin()],
    kind,
    model,
  };
}

/**
 * Bars side by side, one group per category (one colour per series, or per category when there is one series and
 * `categoryKeys`), the compact value written at the end of each bar.
 */
export function barChartConfig(
  model: ChartSeriesModel,
  options: BarChartMapperOptions = {},
): EsmsChartConfiguration<'bar'> {
  return barChart(model, 'bar', options);
}

/**
 * Series stacked in one bar per category (per-ARS « Engagé » + « Reste à engager » = « Enveloppe déléguée »): the
 * tooltip gives each part and the total.
 */
export function stackedBarChartConfig(
  model: ChartSeriesModel,
  options: BarChartMapperOptions = {},
): EsmsChartConfiguration<'bar'> {
  return barChart(model, 'stacked-bar', options);
}

/**
 * Series over time (categories are periods, in order), one line per series with its own dash and point shape and
 * its name written at its end. For running totals, map `cumulativeSeriesModel(model)` and give the chart that
 * same model, so that its table shows the same numbers.
 */
export function lineChartConfig(
  model: ChartSeriesModel,
  options: ChartMapperOptions = {},
): EsmsChartConfiguration<'line'> {
  assertSeriesModel(model);
  const unit = seriesUnit(model);

  const datasets = model.series.map((series, index): ChartDataset<'line', (number | null)[]> => {
    const style = seriesStyle(series.key, index);
    const look = LINE_LOOKS[style.pattern];
    const colour = lineColour(style.colour);
    return {
      label: series.label,
      data: [...series.values],
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      borderDash: [...look.dash],
      pointStyle: look.point,
      pointRadius: 4,
      pointHoverRadius: 6,
      tension: 0,
      fill: false,
    };
  });

  const chartOptions: ChartOptions<'line'> = {
    ...commonOptions(options),
    scales: { x: categoryScale(model, false), y: valueScale(model, false) },
    layout: { padding: { right: lineEndsPadding(model.series.map((series) => series.label)) } },
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: {
        ...legend(model.series.length > 1),
        labels: { ...legend(true).labels, usePointStyle: true },
      },
      tooltip: { callbacks: { label: tooltipLabel(unit) } },
      esmsDirectLabels: { mode: 'line-ends', unit },
    },
  };

  return {
    type: 'line',
    data: { labels: [...model.labels], datasets },
    options: chartOptions,
    plugins: [directLabelsPlugin()],
    kind: 'line',
    model,
  };
}

/** « 28,3 % » of the whole. */
function shareOf(value: number, values: readonly number[]): string {
  const whole = sumValues(values);
  return formatPercentPoints(whole === 0 ? 0 : (value / whole) * 100);
}

/**
 * Legend entries that carry their numbers (« Retenu : 42 (28 %) »): each slice is named with its value, not left
 * to be matched by colour.
 */
function doughnutLegendLabels(unit: ChartUnit): (chart: Chart) => LegendItem[] {
  return (chart) => {
    const values = (chart.data.datasets[0]?.data ?? []).map(Number);
    const meta = chart.getDatasetMeta(0);
    return (chart.data.labels ?? []).map((label, index): LegendItem => {
      const style = meta.controller.getStyle(index, false) as {
        backgroundColor?: Color;
        borderColor?: Color;
        borderWidth?: number;
      };
      const value = values[index] ?? 0;
      return {
        text: `${String(label)} : ${formatCompact(value, unit)} (${shareOf(value, values)})`,
        fillStyle: style.backgroundColor,
        strokeStyle: style.borderColor,
        lineWidth: style.borderWidth,
        fontColor: CHART_TEXT_COLOUR,
        hidden: !chart.getDataVisibility(index),
        index,
      };
    });
  };
}

/**
 * Parts of a whole (the first series), one slice per category; with `categoryKeys` (status codes) each slice keeps
 * its fixed colour. The legend gives each slice's value and share.
 */
export function doughnutChartConfig(
  model: ChartSeriesModel,
  options: ChartMapperOptions = {},
): EsmsChartConfiguration<'doughnut'> {
  assertSeriesModel(model);
  const unit = seriesUnit(model);
  const series = model.series[0];
  // A slice that does not apply is no slice.
  const values = series ? series.values.map((value) => value ?? 0) : [];
  const styles =
    categoryStylesOf(model) ?? model.labels.map((_label, index) => seriesStyle(`#${index}`, index));
  const first = styles[0] ?? seriesStyle('', 0);

  const chartOptions: ChartOptions<'doughnut'> = {
    ...commonOptions(options),
    cutout: '55%',
    plugins: {
      legend: {
        ...legend(true),
        labels: { ...legend(true).labels, generateLabels: doughnutLegendLabels(unit) },
      },
      tooltip: {
        callbacks: {
          label: (item) =>
            `${item.label} : ${formatExact(Number(item.raw), unit)} (${shareOf(Number(item.raw), values)})`,
        },
      },
      esmsDirectLabels: { mode: 'none', unit },
    },
  };

  return {
    type: 'doughnut',
    data: {
      labels: [...model.labels],
      datasets: series
        ? [
            {
              label: series.label,
              data: values,
              backgroundColor: fillOf(first, styles),
              borderColor: borderOf(first, styles),
              borderWidth: 1,
            },
          ]
        : [],
    },
    options: chartOptions,
    plugins: [directLabelsPlugin()],
    kind: 'doughnut',
    model,
  };
}

/** The configuration of a chart kind (what `<esms-chart [model] [kind]>` draws). */
export function chartConfigFor(
  kind: ChartKind,
  model: ChartSeriesModel,
  options: BarChartMapperOptions = {},
): EsmsChartConfiguration {
  switch (kind) {
    case 'bar':
      return barChartConfig(model, options);
    case 'stacked-bar':
      return stackedBarChartConfig(model, options);
    case 'line':
      return lineChartConfig(model, options);
    case 'doughnut':
      return doughnutChartConfig(model, options);
  }
}
