import type { ImportFormat, ImportIssue } from '@esms/api-contract';

/** A file read as text cells: the header row as written, then the data rows with their line in the file. */
export interface RawRow {
  /** Line of the file (1 is the header row) or row of the sheet. */
  line: number;
  cells: string[];
  /** Cells that hold a formula (XLSX) or text read as one by a spreadsheet (`=`, `+`, `-`, `@`): by column index. */
  formulas: number[];
}

export interface RawTable {
  format: ImportFormat;
  headers: string[];
  /** Line of the header row. */
  headerLine: number;
  rows: RawRow[];
}

/** The file cannot be read as a table: every problem found, each with its line/column/value when known. */
export type ParseResult = { ok: true; table: RawTable } | { ok: false; status: 400 | 413 | 415; message: string; issues: ImportIssue[] };

export function refused(status: 400 | 413 | 415, message: string, issues: ImportIssue[] = []): ParseResult {
  return { ok: false, status, message, issues: issues.length > 0 ? issues : [{ line: null, column: null, value: null, message }] };
}

/**
 * Text a spreadsheet would run as a formula (CSV injection): it begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return. Refused in imports rather than silently changed: the officer decides what the cell should say.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/** Column letters of a 0-based index, as a spreadsheet shows them (0 → A, 27 → AB). */
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

/** A value quoted back to the user: on one line, at most 80 characters. */
export function shownValue(value: string): string {
  const oneLine = value.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}
