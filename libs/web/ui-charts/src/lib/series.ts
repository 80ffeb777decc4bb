import { type ChartUnit, formatExact, formatPercentPoints } from './format';

/** One series of numbers, one per category label. */
export interface ChartSeries {
  /** Stable key: a money meaning (`delegated`, `committed`, `paid`, `paidT1`, `paidT2`, `remaining`, `atRisk`) keeps its colour on every chart. */
  readonly key: string;
  /** French label, shown in the legend, the tooltips and the data table: « Engagé ». */
  readonly label: string;
  /**
   * Integer cents for money, a number of things, or percentage points; null where the figure does not apply (the
   * national line has no « Enveloppe déléguée » on a regional dashboard): no bar, « Sans objet » in the table.
   */
  readonly values: readonly (number | null)[];
  readonly unit: ChartUnit;
}

/** What a chart and its data table are both drawn from. */
export interface ChartSeriesModel {
  /** What the numbers are, as the caption of the data table: « Montants par ARS, campagne 2024 ». */
  readonly title: string;
  /** The categories (ARS, months, statuses…), in display order. */
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Keys of the categories (project status codes…): each bar or slice then keeps its fixed colour. */
  readonly categoryKeys?: readonly string[];
  /** Title of the category axis and of the first column of the table: « Région », « Mois ». */
  readonly categoryTitle?: string;
  /** Title of the value axis, without its unit (added from the series): « Montant » → « Montant (€) ». */
  readonly valueTitle?: string;
}

export const CHART_KINDS = ['bar', 'stacked-bar', 'line', 'doughnut'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** Header of the first column of the data table when the model names no category. */
const DEFAULT_CATEGORY_TITLE = 'Catégorie';

/**
 * Checks what chart.js would draw silently wrong: a series with more or fewer values than labels, series in
 * different units on one value axis, category keys that do not match the labels. A programming error: thrown.
 */
export function assertSeriesModel(model: ChartSeriesModel): void {
  const count = model.labels.length;
  for (const series of model.series) {
    if (series.values.length !== count) {
      throw new Error(
        `Graphique « ${model.title} » : la série « ${series.label} » a ${series.values.length} valeurs pour ${count} libellés.`,
      );
    }
  }
  const units = new Set(model.series.map((series) => series.unit));
  if (units.size > 1) {
    throw new Error(
      `Graphique « ${model.title} » : toutes les séries doivent avoir la même unité (${[...units].join(', ')}).`,
    );
  }
  if (model.categoryKeys && model.categoryKeys.length !== count) {
    throw new Error(
      `Graphique « ${model.title} » : ${model.categoryKeys.length} clés de catégorie pour ${count} libellés.`,
    );
  }
}

/** The unit of the model's series (`count` for a model without series). */
export function seriesUnit(model: ChartSeriesModel): ChartUnit {
  return model.series[0]?.unit ?? 'count';
}

/** Written in the data table where a value is null. */
export const NOT_APPLICABLE = 'Sans objet';

/** Sum of the values that apply (nulls count for nothing). */
export function sumValues(values: readonly (number | null)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

/**
 * Nothing to draw: no category, no series, or a doughnut whose slices add up to zero (it would be an empty
 * ring). A bar chart of zeros is not empty: « nothing paid yet » is a finding.
 */
export function isEmptySeriesModel(model: ChartSeriesModel, kind: ChartKind): boolean {
  if (model.labels.length === 0 || model.series.length === 0) return true;
  return kind === 'doughnut' && model.series.every((series) => sumValues(series.values) === 0);
}

/**
 * The same model with running totals (« versé cumulé » from payments per month; a null month adds nothing): give it
 * to the line chart and to the data table alike, so that both show the same numbers.
 */
export function cumulativeSeriesModel(model: ChartSeriesModel): ChartSeriesModel {
  return {
    ...model,
    series: model.series.map((series) => {
      let total = 0;
      return {
        ...series,
        values: series.values.map((value) => {
          total += value ?? 0;
          return total;
        }),
      };
    }),
  };
}

/** The data table of a chart, as text: French formats, exact amounts. */
export interface ChartTable {
  readonly caption: string;
  /** Column headers, the category column first. */
  readonly headers: readonly string[];
  /** One row per category: its label (a row header) and one formatted cell per column after the first. */
  readonly rows: readonly { readonly header: string; readonly cells: readonly string[] }[];
}

/**
 * The « Voir les données » table of a chart, from the same model: one row per category, one column per series,
 * exact values (« 71 523 456 € »). Stacked bars add a « Total » column (the height of the stack); a doughnut adds
 * each slice's « Part » of the whole.
 */
export function chartTable(model: ChartSeriesModel, kind: ChartKind): ChartTable {
  const unit = seriesUnit(model);
  const headers = [
    model.categoryTitle ?? DEFAULT_CATEGORY_TITLE,
    ...model.series.map((series) => series.label),
  ];
  const withTotal = kind === 'stacked-bar' && model.series.length > 1;
  const withShare = kind === 'doughnut';
  const firstSeries = model.series[0]?.values ?? [];
  const whole = sumValues(firstSeries);
  if (withTotal) headers.push('Total');
  if (withShare) headers.push('Part');

  const rows = model.labels.map((label, index) => {
    const values = model.series.map((series) => series.values[index] ?? null);
    const cells = values.map((value) => (value === null ? NOT_APPLICABLE : formatExact(value, unit)));
    if (withTotal) cells.push(formatExact(sumValues(values), unit));
    if (withShare)
      cells.push(formatPercentPoints(whole === 0 ? 0 : ((firstSeries[index] ?? 0) / whole) * 100));
    return { header: label, cells };
  });
  return { caption: model.title, headers, rows };
}
