import { type ChartDataset, Filler, type Plugin } from 'chart.js';

import { type ChartMapperOptions, type EsmsChartConfiguration, lineChartConfig } from './chart-configs';
import { DSFR_ILLUSTRATIVE_COLOURS, LINE_LOOKS, lineColour, seriesStyle } from './palette';
import type { ChartSeriesModel } from './series';

/** Which series of the model are the actual values, their projection, and the low and high edges of its band. */
export interface ForecastSeriesKeys {
  readonly actual: string;
  readonly projected: string;
  readonly low: string;
  readonly high: string;
}

/** Opacity of the band's fill (hex alpha): light enough for the lines over it to keep their contrast. */
const BAND_ALPHA = '40';

/**
 * A forecast over time: the actual series as drawn by `lineChartConfig`, its projection in the same colour with a
 * dashed line and hollow points, and the band between the `low` and `high` series filled in a light tint of that
 * colour (chart.js's Filler plugin, given to this chart only). Other series (« Enveloppe déléguée ») keep their
 * look. The data table shows every series, band edges included, with « Sans objet » where a series does not apply
 * (no projection in the past).
 */
export function forecastChartConfig(
  model: ChartSeriesModel,
  keys: ForecastSeriesKeys,
  options: ChartMapperOptions = {},
): EsmsChartConfiguration<'line'> {
  const base = lineChartConfig(model, options);
  const actualIndex = model.series.findIndex((series) => series.key === keys.actual);
  const lowIndex = model.series.findIndex((series) => series.key === keys.low);
  const highIndex = model.series.findIndex((series) => series.key === keys.high);
  if ([actualIndex, lowIndex, highIndex].includes(-1) || !model.series.some((s) => s.key === keys.projected)) {
    throw new Error(
      `Graphique « ${model.title} » : les séries ${keys.actual}, ${keys.projected}, ${keys.low} et ${keys.high} sont attendues.`,
    );
  }
  const style = seriesStyle(keys.actual, actualIndex);
  const colour = lineColour(style.colour);
  const tint = `${DSFR_ILLUSTRATIVE_COLOURS[style.colour].main}${BAND_ALPHA}`;

  const datasets = base.data.datasets.map((dataset, index): ChartDataset<'line', (number | null)[]> => {
    const key = model.series[index]?.key;
    // What happened: a solid line; what may happen: the same colour, dashed.
    if (key === keys.actual) return { ...dataset, borderDash: [] };
    if (key === keys.projected) {
      return {
        ...dataset,
        borderColor: colour,
        backgroundColor: '#ffffff',
        borderDash: [6, 4],
        pointStyle: LINE_LOOKS.solid.point,
        pointRadius: 3,
        spanGaps: false,
      };
    }
    if (key === keys.low || key === keys.high) {
      return {
        ...dataset,
        borderColor: colour,
        backgroundColor: tint,
        borderWidth: 1,
        borderDash: [2, 3],
        pointRadius: 0,
        pointHoverRadius: 0,
        // The high edge is filled down to the low edge: the band.
        fill: key === keys.high ? lowIndex : false,
      };
    }
    return dataset;
  });

  return {
    ...base,
    data: { ...base.data, datasets },
    plugins: [...(base.plugins ?? []), Filler as Plugin<'line'>],
  };
}
