import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartComponentLike,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

import { CHART_FONT_FAMILY, CHART_TEXT_COLOUR } from './palette';
import type { EsmsChartType } from './chart-configs';

/**
 * The chart.js parts each chart type uses, and nothing else (never `chart.js/auto`): a page that draws only bars
 * does not ship the line or doughnut code.
 */
export const CHART_PARTS: Readonly<Record<EsmsChartType, readonly ChartComponentLike[]>> = {
  bar: [BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend],
  line: [LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend],
  doughnut: [DoughnutController, ArcElement, Tooltip, Legend],
};

/** Registers (once: chart.js ignores a second registration) what a chart of this type needs. */
export function registerChartParts(type: EsmsChartType): void {
  Chart.register(...CHART_PARTS[type]);
  // The DSFR's type and text colour on every canvas.
  Chart.defaults.font.family = CHART_FONT_FAMILY;
  Chart.defaults.color = CHART_TEXT_COLOUR;
}
