import { formatEuros, formatEurosCompact } from '@esms/domain';

/**
 * What the numbers of a series count: money in integer cents, a number of things (projects, ESSMS…), or a
 * percentage given in points (`42` is « 42 % »).
 */
export type ChartUnit = 'cents' | 'count' | 'percent';

/** Built once: `Intl` constructors are costly. */
const INTEGER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

/** Shown for a number that cannot be read (NaN, infinite): never « NaN » on a public page. */
const UNREADABLE = '—';

/** « 1 234 » (narrow no-break space U+202F between thousands). */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? INTEGER.format(value) : UNREADABLE;
}

/**
 * « 42 % », « 28,3 % » from points, always with a narrow no-break space (U+202F) before % (ICU versions differ:
 * some write a no-break space U+00A0).
 */
export function formatPercentPoints(points: number): string {
  return Number.isFinite(points) ? PERCENT.format(points / 100).replace(/\s%$/u, '\u202f%') : UNREADABLE;
}

/** The exact value, for tooltips and data tables: « 71 523 456 € », « 1 234 », « 42 % ». */
export function formatExact(value: number, unit: ChartUnit): string {
  switch (unit) {
    case 'cents':
      return Number.isFinite(value) ? formatEuros(Math.round(value)) : UNREADABLE;
    case 'count':
      return formatCount(value);
    case 'percent':
      return formatPercentPoints(value);
  }
}

/**
 * The short value, for axes, direct labels and KPI tiles: « 71,5 M€ », « 250 k€ », « 1 234 », « 42 % ». Axis ticks
 * may fall between two cents: money is rounded to the cent first.
 */
export function formatCompact(value: number, unit: ChartUnit): string {
  if (unit === 'cents') return Number.isFinite(value) ? formatEurosCompact(Math.round(value)) : UNREADABLE;
  return formatExact(value, unit);
}

/** Unit written in an axis title: « Montant (€) », « Part (%) ». */
const UNIT_SYMBOLS: Readonly<Record<ChartUnit, string>> = { cents: '€', count: '', percent: '%' };

/** Axis title when the model gives none. */
const DEFAULT_VALUE_TITLES: Readonly<Record<ChartUnit, string>> = {
  cents: 'Montant',
  count: 'Nombre',
  percent: 'Part',
};

/**
 * Title of the value axis, with its unit: `valueAxisTitle('cents')` → « Montant (€) »,
 * `valueAxisTitle('count', 'Projets')` → « Projets », `valueAxisTitle('percent', 'Jalons validés')` →
 * « Jalons validés (%) ».
 */
export function valueAxisTitle(unit: ChartUnit, title = DEFAULT_VALUE_TITLES[unit]): string {
  const symbol = UNIT_SYMBOLS[unit];
  return symbol ? `${title} (${symbol})` : title;
}
