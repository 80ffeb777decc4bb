/**
 * Cell values of the reports, shared by every writer (CSV, XLSX, ODS, PDF). Pure functions, no I/O.
 *
 * Rows arrive from PostgreSQL as arrays of text or numbers (`rowMode: 'array'`, money as bigint text in cents, dates
 * as `YYYY-MM-DD` text) and are turned into typed cells here.
 */

export type ColumnType = 'text' | 'integer' | 'euros' | 'date';

/** A value read from the database (text, number, bigint text) or written by the code. */
export type CellValue = string | number | boolean | null | undefined;

export interface ReportColumn {
  header: string;
  type: ColumnType;
  /** Width in characters (spreadsheets). */
  width: number;
}

/**
 * Spreadsheet formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * would be run as a formula by Excel or Calc. Such text is neutralised with a leading apostrophe (the OWASP
 * advice), in every format. Numbers and dates are written as typed cells and never pass through here.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Cents (bigint text or number) as a number of euros, exact to the cent for every amount below 2^53 cents. */
export function euros(cents: string | number): number {
  const value = typeof cents === 'number' ? cents : Number(cents);
  return value / 100;
}

/**
 * Cents (bigint text or number) as the decimal text of euros for a spreadsheet's value (`-150` → `-1.50`), computed on
 * the digits (exact for every amount, and no trip through V8's number-to-string cache); null when it is not an integer.
 */
export function eurosDecimal(cents: string | number): string | null {
  const text = typeof cents === 'number' ? (Number.isSafeInteger(cents) ? String(cents) : '') : cents.trim();
  if (!/^-?\d+$/.test(text)) return null;
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}`;
}

/** `YYYY-MM-DD` → `JJ/MM/AAAA`. */
export function frenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * Cents as a French decimal without grouping (`-1234,5` → `-1234,50`): what Excel and Calc in French read as a
 * number. Computed on the integer, never through a float.
 */
export function frenchEuros(cents: string | number): string {
  const text = typeof cents === 'number' ? String(Math.trunc(cents)) : cents.trim();
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2).replace(/^0+(?=\d)/, '')},${digits.slice(-2)}`;
}

/** Euros for reading (PDF): `1 234 567,89 €` with narrow no-break spaces, as the UI guide. */
export function displayEuros(cents: string | number): string {
  const [whole = '0', decimals = '00'] = frenchEuros(cents).split(',');
  const negative = whole.startsWith('-');
  const grouped = (negative ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '-' : ''}${grouped},${decimals}\u00a0€`;
}

export function displayInteger(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** One CSV field (`;` separated): quoted when it holds the separator, a quote or a line break. */
export function csvField(value: CellValue, type: ColumnType): string {
  if (value === null || value === undefined || value === '') return '';
  let text: string;
  switch (type) {
    case 'euros':
      text = frenchEuros(typeof value === 'boolean' ? Number(value) : value);
      break;
    case 'date':
      text = frenchDate(String(value));
      break;
    case 'integer':
      text = String(value);
      break;
    default:
      text = neutralise(String(value));
  }
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CellValue[], columns: readonly ReportColumn[]): string {
  return `${columns.map((column, index) => csvField(values[index], column.type)).join(';')}\r\n`;
}

export function csvHeader(columns: readonly ReportColumn[]): string {
  return `${columns.map((column) => csvField(column.header, 'text')).join(';')}\r\n`;
}

/** « 1 ligne », « 12 lignes »: the count written at the end of each file. */
export function rowCountLabel(count: number): string {
  return `${displayInteger(count)} ligne${count > 1 ? 's' : ''}`;
}

/** XML text escaping (ODS), with characters XML 1.0 forbids removed. */
export function xmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A spreadsheet column letter (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const remainder = (rest - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** A `YYYY-MM-DD` text as a Date at midnight UTC (what spreadsheets store for a day, with no time zone shift). */
export function utcDay(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}
