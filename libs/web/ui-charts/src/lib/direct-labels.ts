import type { Chart, ChartType, Plugin } from 'chart.js';

import { type ChartUnit, formatCompact } from './format';
import { CHART_FONT_FAMILY, CHART_TEXT_COLOUR, contrastOnWhite } from './palette';

/**
 * Labels drawn on the chart itself, so that a series is read where it is drawn rather than matched to the legend
 * by its colour: the value at the end of each bar (`bar-values`), the series name at the end of each line
 * (`line-ends`).
 */
export interface DirectLabelsOptions {
  readonly mode: 'none' | 'bar-values' | 'line-ends';
  readonly unit: ChartUnit;
}

declare module 'chart.js' {
  // Declaration merging: the type parameter must match chart.js's own declaration.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    esmsDirectLabels: DirectLabelsOptions;
  }
}

const FONT_SIZE = 12;
const LINE_HEIGHT = 16;
const GAP = 4;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boxOf(element: { getProps(props: string[], final?: boolean): Record<string, unknown> }): Box {
  const props = element.getProps(['x', 'y', 'width', 'height'], true);
  const read = (name: string): number => (typeof props[name] === 'number' ? props[name] : 0);
  return { x: read('x'), y: read('y'), width: read('width'), height: read('height') };
}

function drawBarValues(chart: Chart, unit: ChartUnit): void {
  const { ctx } = chart;
  const horizontal = chart.options.indexAxis === 'y';
  chart.data.datasets.forEach((dataset, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    chart.getDatasetMeta(datasetIndex).data.forEach((element, index) => {
      const value = dataset.data[index];
      if (typeof value !== 'number') return;
      const text = formatCompact(value, unit);
      const box = boxOf(element);
      if (horizontal) {
        // A label taller than the bar would touch its neighbours.
        if (box.height < FONT_SIZE) return;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(text, box.x + GAP, box.y);
      } else {
        if (box.width < ctx.measureText(text).width) return;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText(text, box.x, box.y - GAP);
      }
    });
  });
}

function drawLineEnds(chart: Chart): void {
  const { ctx } = chart;
  const labels = chart.data.datasets
    .map((dataset, datasetIndex) => {
      const points = chart.getDatasetMeta(datasetIndex).data;
      const last = points[points.length - 1];
      if (!chart.isDatasetVisible(datasetIndex) || !last) return undefined;
      // Written in the colour of its line when that colour is dark enough for small text (4.5:1).
      const line = dataset.borderColor;
      const colour = typeof line === 'string' && contrastOnWhite(line) >= 4.5 ? line : CHART_TEXT_COLOUR;
      return { text: dataset.label ?? '', x: last.x + 2 * GAP, y: last.y, colour };
    })
    .filter((label) => label !== undefined)
    .sort((a, b) => a.y - b.y);
  // Lines that end close together would print their names on top of each other: push the lower ones down.
  for (let index = 1; index < labels.length; index++) {
    const previous = labels[index - 1];
    const label = labels[index];
    if (previous && label && label.y - previous.y < LINE_HEIGHT) label.y = previous.y + LINE_HEIGHT;
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const label of labels) {
    ctx.fillStyle = label.colour;
    ctx.fillText(label.text, label.x, label.y);
  }
}

function isDirectLabelsOptions(options: object): options is DirectLabelsOptions {
  return 'mode' in options && 'unit' in options;
}

/**
 * Inline plugin put in every configuration of this library (`plugins: [directLabelsPlugin()]`); it reads
 * `options.plugins.esmsDirectLabels`, so that an updated configuration changes what it writes.
 */
export function directLabelsPlugin<TType extends ChartType>(): Plugin<TType> {
  return {
    id: 'esmsDirectLabels',
    afterDatasetsDraw(typedChart, _args, options) {
      if (!isDirectLabelsOptions(options) || options.mode === 'none') return;
      // The drawing reads what every chart type has (datasets, metas): the type parameter does not matter here.
      const chart = typedChart as unknown as Chart;
      const { ctx } = chart;
      ctx.save();
      ctx.font = `${options.mode === 'line-ends' ? 'bold ' : ''}${FONT_SIZE}px ${CHART_FONT_FAMILY}`;
      ctx.fillStyle = CHART_TEXT_COLOUR;
      if (options.mode === 'bar-values') drawBarValues(chart, options.unit);
      else drawLineEnds(chart);
      ctx.restore();
    },
  };
}

/** Room kept on the right of a line chart for the names at the end of the lines (about 7 px a character). */
export function lineEndsPadding(labels: readonly string[]): number {
  const longest = Math.max(0, ...labels.map((label) => label.length));
  return Math.min(220, 3 * GAP + Math.ceil(longest * 7));
}
