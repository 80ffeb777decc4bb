/**
 * Charts of the dashboards: chart.js wrapped in an accessible DSFR figure, pure configuration mappers, the DSFR
 * palette with fixed meanings, and KPI tiles. Imported by lazy pages only (chart.js stays out of the initial bundle).
 */
export * from './lib/palette';
export * from './lib/format';
export * from './lib/series';
export * from './lib/chart-configs';
export { type ForecastSeriesKeys, forecastChartConfig } from './lib/forecast-chart';
export { type DirectLabelsOptions, directLabelsPlugin } from './lib/direct-labels';
export { CHART_PARTS, registerChartParts } from './lib/register';
export { ChartFigure, DEFAULT_CHART_EMPTY_MESSAGE } from './lib/chart-figure';
export { KpiTile } from './lib/kpi-tile';
