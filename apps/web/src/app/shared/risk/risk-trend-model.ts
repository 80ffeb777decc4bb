import type { ProjectRiskHistoryPoint } from '@esms/api-contract';
import type { ChartSeriesModel } from '@esms/ui-charts';

import { formatShortDate } from '../format/format';

/** The daily scores of a project as a one-line chart model (its data table shows the same numbers). */
export function riskTrendModel(items: readonly ProjectRiskHistoryPoint[], projectCode: string): ChartSeriesModel {
  return {
    title: `Score de risque du projet ${projectCode}, par jour`,
    labels: items.map((item) => formatShortDate(item.day)),
    series: [
      {
        key: 'riskScore',
        label: 'Score de risque',
        values: items.map((item) => item.score),
        unit: 'count',
      },
    ],
    categoryTitle: 'Jour',
    valueTitle: 'Score (sur 100)',
  };
}

/**
 * The finding of the chart, as a title: « Le risque a augmenté en 90 jours », « … a baissé », « … est stable ».
 */
export function riskTrendTitle(items: readonly ProjectRiskHistoryPoint[]): string {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last || items.length < 2) return 'Évolution du score de risque';
  const days = items.length;
  if (last.score > first.score) return `Le score de risque a augmenté sur les ${days} derniers jours`;
  if (last.score < first.score) return `Le score de risque a baissé sur les ${days} derniers jours`;
  return `Le score de risque est stable sur les ${days} derniers jours`;
}

/**
 * One sentence under the chart: « Du 01/09/2026 au 30/11/2026, le score est passé de 40 (modéré) à 62 (élevé) ;
 * il a atteint 70 au plus haut. »
 */
export function riskTrendSummary(items: readonly ProjectRiskHistoryPoint[]): string {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return 'Aucun score n’a encore été calculé pour ce projet.';
  if (items.length === 1) {
    return `Le ${formatShortDate(first.day)}, le score était de ${first.score} sur 100 (${first.levelLabel.toLowerCase()}).`;
  }
  const highest = Math.max(...items.map((item) => item.score));
  const move =
    first.score === last.score
      ? `le score est resté à ${last.score} sur 100 (${last.levelLabel.toLowerCase()})`
      : `le score est passé de ${first.score} (${first.levelLabel.toLowerCase()}) à ${last.score} sur 100 (${last.levelLabel.toLowerCase()})`;
  const peak = highest > Math.max(first.score, last.score) ? ` ; il a atteint ${highest} au plus haut` : '';
  return `Du ${formatShortDate(first.day)} au ${formatShortDate(last.day)}, ${move}${peak}.`;
}
