import type { RiskHeatmapResponse } from '@esms/api-contract';
import { RISK_IMPACT_LABELS, RISK_PROBABILITY_LABELS } from '@esms/api-contract';

/** Zones of the probability × impact grid, by criticity (probability × impact, 1–16). */
export type CriticityZone = 'faible' | 'moderee' | 'elevee' | 'critique';

export const CRITICITY_ZONE_LABELS: Readonly<Record<CriticityZone, string>> = {
  faible: 'Criticité faible',
  moderee: 'Criticité modérée',
  elevee: 'Criticité élevée',
  critique: 'Criticité critique',
};

export function criticityZone(criticity: number): CriticityZone {
  if (criticity >= 12) return 'critique';
  if (criticity >= 8) return 'elevee';
  if (criticity >= 4) return 'moderee';
  return 'faible';
}

export interface HeatmapCellView {
  readonly probability: number;
  readonly impact: number;
  readonly count: number;
  readonly zone: CriticityZone;
  /** « 3 risques, probabilité Probable, impact Majeur, criticité élevée ». */
  readonly description: string;
}

export interface HeatmapView {
  /** Probability 1–4, left to right. */
  readonly columns: readonly { readonly value: number; readonly label: string }[];
  /** Impact 4–1, top to bottom (the most severe at the top, as on a paper risk map). */
  readonly rows: readonly {
    readonly impact: number;
    readonly label: string;
    readonly cells: readonly HeatmapCellView[];
  }[];
  readonly total: number;
}

function risksText(count: number): string {
  return count === 0 ? 'aucun risque' : `${count} risque${count > 1 ? 's' : ''}`;
}

/** The 16 cells as a grid of rows (impact) and columns (probability); a missing cell counts 0. */
export function heatmapView(response: RiskHeatmapResponse): HeatmapView {
  const counts = new Map(response.cells.map((cell) => [`${cell.probability}/${cell.impact}`, cell.count]));
  const scale = [1, 2, 3, 4];
  return {
    columns: scale.map((value) => ({ value, label: RISK_PROBABILITY_LABELS[value] ?? String(value) })),
    rows: [...scale].reverse().map((impact) => ({
      impact,
      label: RISK_IMPACT_LABELS[impact] ?? String(impact),
      cells: scale.map((probability) => {
        const count = counts.get(`${probability}/${impact}`) ?? 0;
        const zone = criticityZone(probability * impact);
        return {
          probability,
          impact,
          count,
          zone,
          description: `${risksText(count)}, probabilité ${RISK_PROBABILITY_LABELS[probability] ?? probability}, impact ${RISK_IMPACT_LABELS[impact] ?? impact}, ${CRITICITY_ZONE_LABELS[zone].toLowerCase()}`,
        };
      }),
    })),
    total: response.total,
  };
}
