import type { EnvelopeForecast } from '@esms/api-contract';
import { formatEuros, formatEurosCompact } from '@esms/domain';
import type { ChartSeriesModel, ForecastSeriesKeys } from '@esms/ui-charts';

import { formatShortDate } from '../../shared/format/format';

export const FORECAST_KEYS: ForecastSeriesKeys = {
  actual: 'committed',
  projected: 'committedProjected',
  low: 'committedLow',
  high: 'committedHigh',
};

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** « janv. 2025 » from `2025-01`. */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return MONTH.format(new Date(Date.UTC(year, number - 1, 15)));
}

/**
 * One envelope's consumption as a chart model: the delegated envelope (flat), the cumulative committed amount month
 * by month, its projection to the campaign end and the projection's band. Months in order, actual then projected
 * (the first projected month is the current one, shared by both lines so that they join).
 */
export function forecastModel(forecast: EnvelopeForecast, campaignYear: number): ChartSeriesModel {
  const months = [...new Set([...forecast.actual.map((point) => point.month), ...forecast.projected.map((point) => point.month)])].sort();
  const actual = new Map(forecast.actual.map((point) => [point.month, point]));
  const projected = new Map(forecast.projected.map((point) => [point.month, point]));
  return {
    title: `Engagé cumulé par mois, ${forecast.envelope.holderName}, campagne ${campaignYear}`,
    categoryTitle: 'Mois',
    valueTitle: 'Montant cumulé',
    labels: months.map(monthLabel),
    series: [
      { key: 'delegated', label: 'Enveloppe déléguée', unit: 'cents', values: months.map(() => forecast.delegatedCents) },
      {
        key: FORECAST_KEYS.actual,
        label: 'Engagé',
        unit: 'cents',
        values: months.map((month) => actual.get(month)?.committedCents ?? null),
      },
      {
        key: FORECAST_KEYS.projected,
        label: 'Engagé projeté',
        unit: 'cents',
        values: months.map((month) => projected.get(month)?.committedCents ?? null),
      },
      {
        key: FORECAST_KEYS.low,
        label: 'Fourchette basse',
        unit: 'cents',
        values: months.map((month) => projected.get(month)?.committedLowCents ?? null),
      },
      {
        key: FORECAST_KEYS.high,
        label: 'Fourchette haute',
        unit: 'cents',
        values: months.map((month) => projected.get(month)?.committedHighCents ?? null),
      },
    ],
  };
}

/** The finding: « ARS Bretagne : 1,2 M€ resteraient à engager en fin de campagne » or « … serait entièrement engagée ». */
export function forecastTitle(forecast: EnvelopeForecast): string {
  const unused = forecast.delegatedCents - forecast.projectedCommittedAtEndCents;
  if (unused > 0)
    return `${forecast.envelope.holderName} : ${formatEurosCompact(unused)} resteraient à engager en fin de campagne`;
  return `${forecast.envelope.holderName} : l’enveloppe serait entièrement engagée avant la fin de campagne`;
}

/** One sentence under the chart, with the exact amounts. */
export function forecastSummary(forecast: EnvelopeForecast, campaignEndOn: string): string {
  return (
    `Au rythme actuel, l’engagé atteindrait ${formatEuros(forecast.projectedCommittedAtEndCents)} ` +
    `(entre ${formatEuros(forecast.projectedCommittedLowAtEndCents)} et ${formatEuros(forecast.projectedCommittedHighAtEndCents)}) ` +
    `au ${formatShortDate(campaignEndOn)}, pour une enveloppe déléguée de ${formatEuros(forecast.delegatedCents)} ; ` +
    `${formatEuros(forecast.committedCents)} sont engagés aujourd’hui, ${formatEuros(forecast.plannedCommittedToDateCents)} l’auraient été en suivant le plan.`
  );
}
