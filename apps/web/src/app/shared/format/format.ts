/**
 * French formatting shared by every page (see docs: fr-FR everywhere, times in Europe/Paris).
 * Formatters are built once: `Intl` constructors are costly.
 */
const TIME_ZONE = 'Europe/Paris';

const longDate = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TIME_ZONE,
});

const isoDay = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: TIME_ZONE,
});

const shortDate = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: TIME_ZONE,
});

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads an API date. A calendar date (`2022-02-08`) is taken at noon UTC so that it is the same day in
 * Europe/Paris; a timestamp (`2022-02-08T10:00:00Z`) is taken as is.
 */
function toDate(value: string): Date | null {
  const dateOnly = DATE_ONLY.exec(value);
  const date = dateOnly
    ? new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 12))
    : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** « 8 février 2022 », « 1er février 2024 » (the French ordinal for the first day of the month). */
export function formatLongDate(value: string): string {
  const date = toDate(value);
  if (!date) return value;
  return longDate.format(date).replace(/^1 /, '1er ');
}

/** « 08/02/2022 », for tables. */
export function formatShortDate(value: string): string {
  const date = toDate(value);
  return date ? shortDate.format(date) : value;
}

/** « 36 500 » (narrow no-break space as thousands separator). */
export function formatInteger(value: number): string {
  return integer.format(value);
}

/**
 * Percentage given in points: `formatPercent(50)` → « 50 % », always with a narrow no-break space before %
 * (ICU versions differ: some put a no-break space U+00A0).
 */
export function formatPercent(points: number): string {
  return percent.format(points / 100).replace(/\s%$/u, '\u202f%');
}

/** « de Camille Martin », « d'Anaïs Payet »: the preposition before a name, elided before a vowel (not before y or h). */
export function ofName(name: string): string {
  return /^[aeiouàâäéèêëîïôöûüœæ]/iu.test(name) ? `d'${name}` : `de ${name}`;
}

/**
 * Today in Europe/Paris, `YYYY-MM-DD`: the users' calendar day, for date inputs and for the latest decision
 * date the API accepts.
 */
export function todayInParis(now: Date = new Date()): string {
  return isoDay.format(now);
}
