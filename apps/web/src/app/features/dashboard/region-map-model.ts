import type { ParamMap } from '@angular/router';

import type { DashboardRegionRow } from '@esms/api-contract';
import { formatCount, formatPercentPoints } from '@esms/ui-charts';

/** What colours the map. */
export type MapIndicator = 'commitment' | 'late' | 'projects' | 'essms';

export const MAP_INDICATORS: readonly { readonly value: MapIndicator; readonly label: string }[] = [
  { value: 'commitment', label: 'Taux d’engagement' },
  { value: 'late', label: 'Jalons en retard' },
  { value: 'projects', label: 'Projets' },
  { value: 'essms', label: 'ESSMS embarqués' },
];

export function isMapIndicator(value: string | null): value is MapIndicator {
  return MAP_INDICATORS.some((indicator) => indicator.value === value);
}

/** The map's indicator in the address, like the filters: `?carte=retards` (absent: the default, « Taux d’engagement »). */
export const MAP_INDICATOR_PARAM = 'carte';
export const DEFAULT_MAP_INDICATOR: MapIndicator = 'commitment';
const PARAM_OF_INDICATOR: Readonly<Record<MapIndicator, string>> = {
  commitment: 'engagement',
  late: 'retards',
  projects: 'projets',
  essms: 'essms',
};

/** The indicator a shared address asks for; anything unknown gives the default (a shared link never breaks). */
export function readMapIndicator(params: ParamMap): MapIndicator {
  const asked = params.get(MAP_INDICATOR_PARAM);
  const found = MAP_INDICATORS.find((indicator) => PARAM_OF_INDICATOR[indicator.value] === asked);
  return found?.value ?? DEFAULT_MAP_INDICATOR;
}

/** The address's value for an indicator; null for the default (the parameter is then left out). */
export function mapIndicatorParam(indicator: MapIndicator): string | null {
  return indicator === DEFAULT_MAP_INDICATOR ? null : PARAM_OF_INDICATOR[indicator];
}

/**
 * Where each region sits on the tile map (column, row), roughly as on a map of France; Corse apart, the overseas
 * regions as insets in a row underneath.
 */
export const REGION_TILES: Readonly<
  Record<string, { readonly col: number; readonly row: number; readonly short: string }>
> = {
  '32': { col: 2, row: 0, short: 'Hauts-de-France' },
  '53': { col: 0, row: 1, short: 'Bretagne' },
  '28': { col: 1, row: 1, short: 'Normandie' },
  '11': { col: 2, row: 1, short: 'Île-de-France' },
  '44': { col: 3, row: 1, short: 'Grand Est' },
  '52': { col: 0, row: 2, short: 'Pays de la Loire' },
  '24': { col: 1, row: 2, short: 'Centre-VdL' },
  '27': { col: 2, row: 2, short: 'Bourgogne-FC' },
  '75': { col: 1, row: 3, short: 'N.-Aquitaine' },
  '84': { col: 2, row: 3, short: 'Auvergne-RA' },
  '76': { col: 1, row: 4, short: 'Occitanie' },
  '93': { col: 2, row: 4, short: 'PACA' },
  '94': { col: 3, row: 4.6, short: 'Corse' },
  '01': { col: 0, row: 6, short: 'Guadeloupe' },
  '02': { col: 1, row: 6, short: 'Martinique' },
  '03': { col: 2, row: 6, short: 'Guyane' },
  '04': { col: 3, row: 6, short: 'La Réunion' },
  '06': { col: 4, row: 6, short: 'Mayotte' },
};

/** Overseas regions (shown as insets). */
export const OVERSEAS_REGION_CODES: readonly string[] = ['01', '02', '03', '04', '06'];

/** A class of the legend: its colour, the colour of the text written on it, its label. */
export interface MapClass {
  readonly fill: string;
  readonly text: string;
  readonly label: string;
}

/** A sequential blue scale (DSFR blue France), light to dark; text contrast ≥ 4.5:1 on each. */
const SCALE: readonly { fill: string; text: string }[] = [
  { fill: '#e3e3fd', text: '#161616' },
  { fill: '#a9a9f5', text: '#161616' },
  { fill: '#4b4bd6', text: '#ffffff' },
  { fill: '#000091', text: '#ffffff' },
];
const NO_VALUE: MapClass = { fill: '#f6f6f6', text: '#3a3a3a', label: 'Sans enveloppe' };

/** The value of a region for an indicator (percentage points for the rate); null: not applicable. */
export function indicatorValue(row: DashboardRegionRow, indicator: MapIndicator): number | null {
  switch (indicator) {
    case 'commitment':
      return row.commitmentRate === null ? null : Math.round(row.commitmentRate * 100);
    case 'late':
      return row.lateMilestones;
    case 'projects':
      return row.projects;
    case 'essms':
      return row.essms;
  }
}

/** « 42 % », « 12 » as written on a tile; « — » where it does not apply. */
export function indicatorText(value: number | null, indicator: MapIndicator): string {
  if (value === null) return '—';
  return indicator === 'commitment' ? formatPercentPoints(value) : formatCount(value);
}

/** « 42 % engagé », « 12 jalons en retard », « 3 projets », « 120 ESSMS embarqués ». */
export function indicatorPhrase(value: number | null, indicator: MapIndicator): string {
  if (value === null) return 'sans enveloppe déléguée';
  switch (indicator) {
    case 'commitment':
      return `${formatPercentPoints(value)} engagé`;
    case 'late':
      return `${formatCount(value)} ${value > 1 ? 'jalons en retard' : 'jalon en retard'}`;
    case 'projects':
      return `${formatCount(value)} ${value > 1 ? 'projets' : 'projet'}`;
    case 'essms':
      return `${formatCount(value)} ${value > 1 ? 'ESSMS embarqués' : 'ESSMS embarqué'}`;
  }
}

/** Upper bounds (inclusive) of the first three classes; the fourth takes the rest. */
function thresholds(values: readonly number[], indicator: MapIndicator): [number, number, number] {
  if (indicator === 'commitment') return [24, 49, 74];
  const max = Math.max(0, ...values);
  const step = Math.max(1, Math.ceil(max / 4));
  return [step - 1, 2 * step - 1, 3 * step - 1];
}

/** The legend's classes, and the class of each value. */
export function mapClasses(
  values: readonly (number | null)[],
  indicator: MapIndicator,
): { classes: MapClass[]; classOf: (value: number | null) => MapClass } {
  const [a, b, c] = thresholds(
    values.filter((value): value is number => value !== null),
    indicator,
  );
  const text = (value: number) => indicatorText(value, indicator);
  const labels =
    indicator === 'commitment'
      ? [
          `Moins de ${text(25)}`,
          `De ${text(25)} à moins de ${text(50)}`,
          `De ${text(50)} à moins de ${text(75)}`,
          `${text(75)} ou plus`,
        ]
      : [
          a === 0 ? text(0) : `De ${text(0)} à ${text(a)}`,
          a + 1 === b ? text(b) : `De ${text(a + 1)} à ${text(b)}`,
          b + 1 === c ? text(c) : `De ${text(b + 1)} à ${text(c)}`,
          `${text(c + 1)} ou plus`,
        ];
  const classes = SCALE.map((colour, index) => ({ ...colour, label: labels[index] ?? '' }));
  const withNone = indicator === 'commitment' && values.some((value) => value === null);
  const classOf = (value: number | null): MapClass => {
    if (value === null) return NO_VALUE;
    const index = value <= a ? 0 : value <= b ? 1 : value <= c ? 2 : 3;
    return classes[index] ?? NO_VALUE;
  };
  return { classes: withNone ? [...classes, NO_VALUE] : classes, classOf };
}
