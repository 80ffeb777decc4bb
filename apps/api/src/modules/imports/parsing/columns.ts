import type { ImportIssue } from '@esms/api-contract';

import { columnLetter, RawTable, shownValue } from './table';

/** One column of an import file: its header (as in the template), whether it is required, and its notice. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  required: boolean;
  /** What the column holds and in which format (the « Notice » sheet, the template). */
  description: string;
  example: string;
}

/** A data row with its values by column key ('' when empty or when the column is absent). */
export interface ImportRow<K extends string = string> {
  line: number;
  values: Record<K, string>;
}

/** Headers compared without case, accents, repeated spaces or the kind of apostrophe. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Matches the file's headers to the expected columns: unknown, repeated and missing required columns are errors
 * (line 1, with the header as written). Then every data row becomes values by key; cells holding a formula are
 * errors (their line, column and text).
 */
export function readRows<K extends string>(
  table: RawTable,
  columns: readonly ColumnSpec<K>[],
): { ok: true; rows: ImportRow<K>[]; issues: ImportIssue[] } | { ok: false; issues: ImportIssue[] } {
  const byHeader = new Map(columns.map((column) => [normaliseHeader(column.header), column]));
  const expected = columns.map((column) => `« ${column.header} »`).join(', ');
  const positions = new Map<K, number>();
  const issues: ImportIssue[] = [];
  table.headers.forEach((header, index) => {
    if (header === '') {
      if (table.rows.some((row) => (row.cells[index] ?? '') !== '')) {
        issues.push({
          line: table.headerLine,
          column: columnLetter(index),
          value: null,
          message: `La colonne ${columnLetter(index)} n'a pas d'en-tête mais contient des valeurs : donnez-lui le nom d'une colonne du modèle ou supprimez-la.`,
        });
      }
      return;
    }
    const column = byHeader.get(normaliseHeader(header));
    if (!column) {
      issues.push({
        line: table.headerLine,
        column: header,
        value: shownValue(header),
        message: `Colonne inconnue « ${header} » (colonne ${columnLetter(index)}) : supprimez-la ou renommez-la. Colonnes attendues : ${expected}.`,
      });
      return;
    }
    if (positions.has(column.key)) {
      issues.push({
        line: table.headerLine,
        column: column.header,
        value: shownValue(header),
        message: `La colonne « ${column.header} » apparaît deux fois (colonnes ${columnLetter(positions.get(column.key) ?? 0)} et ${columnLetter(index)}) : gardez-en une seule.`,
      });
      return;
    }
    positions.set(column.key, index);
  });
  for (const column of columns) {
    if (column.required && !positions.has(column.key)) {
      issues.push({
        line: table.headerLine,
        column: column.header,
        value: null,
        message: `La colonne obligatoire « ${column.header} » manque dans l'en-tête : reprenez l'en-tête du modèle.`,
      });
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const rows: ImportRow<K>[] = [];
  const cellIssues: ImportIssue[] = [];
  for (const row of table.rows) {
    const values = {} as Record<K, string>;
    for (const column of columns) {
      const index = positions.get(column.key);
      values[column.key] = index === undefined ? '' : (row.cells[index] ?? '');
      if (index !== undefined && row.formulas.includes(index)) {
        cellIssues.push({
          line: row.line,
          column: column.header,
          value: shownValue(values[column.key]),
          message:
            table.format === 'xlsx'
              ? `La cellule ${columnLetter(index)}${row.line} contient une formule : l'import n'accepte que des valeurs (copiez la cellule puis « Collage spécial » > « Valeurs »).`
              : `La valeur de la colonne « ${column.header} » commence par « ${values[column.key].trim().charAt(0) || '⇥'} » : un tableur la lirait comme une formule. Retirez ce caractère.`,
        });
      }
    }
    rows.push({ line: row.line, values });
  }
  return { ok: true, rows, issues: cellIssues };
}
