import ExcelJS from 'exceljs';

import { looksLikeFormula, ParseResult, RawRow, refused } from './table';

/**
 * Reads an import workbook (.xlsx) with exceljs: the sheet « Données » (or the first sheet that is not the
 * « Notice »), header on its first row. Cells become text: numbers as written in JavaScript (`1234.5`), dates as
 * `AAAA-MM-JJ`, rich text and links as their text. A formula cell is reported (its computed value is not trusted).
 */

export const DATA_SHEET = 'Données';
export const NOTICE_SHEET = 'Notice';

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The text of a cell and whether it is a formula. */
function cellText(cell: ExcelJS.Cell): { text: string; formula: boolean } {
  const value = cell.value;
  if (value === null || value === undefined) return { text: '', formula: false };
  if (cell.type === ExcelJS.ValueType.Formula) return { text: `=${cell.formula ?? ''}`, formula: true };
  if (typeof value === 'string') return { text: value, formula: looksLikeFormula(value) || looksLikeFormula(value.trim()) };
  if (typeof value === 'number') return { text: String(value), formula: false };
  if (typeof value === 'boolean') return { text: value ? 'VRAI' : 'FAUX', formula: false };
  if (value instanceof Date) return { text: isoDate(value), formula: false };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: `=${cell.formula ?? ''}`, formula: true };
    if ('richText' in value) {
      const text = value.richText.map((part) => part.text).join('');
      return { text, formula: looksLikeFormula(text) || looksLikeFormula(text.trim()) };
    }
    if ('text' in value && typeof value.text === 'string') return { text: value.text, formula: false };
    if ('error' in value) return { text: String(value.error), formula: true };
  }
  return { text: cell.text, formula: false };
}

export async function parseXlsx(content: Buffer): Promise<ParseResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return refused(400, 'Ce classeur .xlsx est illisible (fichier abîmé ou protégé par un mot de passe) : réenregistrez-le depuis Excel ou LibreOffice.');
  }
  const sheet = workbook.getWorksheet(DATA_SHEET) ?? workbook.worksheets.find((candidate) => candidate.name !== NOTICE_SHEET);
  if (!sheet || sheet.actualRowCount === 0) {
    return refused(400, "Le classeur est vide : sa feuille « Données » doit contenir la ligne d'en-tête du modèle puis une ligne par donnée.");
  }
  const headerRow = sheet.getRow(1);
  const width = Math.max(sheet.actualColumnCount, headerRow.cellCount);
  const headers: string[] = [];
  for (let column = 1; column <= width; column++) headers.push(cellText(headerRow.getCell(column)).text.trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  if (headers.length === 0) {
    return refused(400, "Le classeur est vide : sa feuille « Données » doit contenir la ligne d'en-tête du modèle puis une ligne par donnée.");
  }
  const rows: RawRow[] = [];
  const lastRow = sheet.rowCount;
  for (let line = 2; line <= lastRow; line++) {
    const row = sheet.getRow(line);
    const cells: string[] = [];
    const formulas: number[] = [];
    for (let column = 1; column <= headers.length; column++) {
      const { text, formula } = cellText(row.getCell(column));
      cells.push(text.trim());
      if (formula) formulas.push(column - 1);
    }
    if (cells.every((cell) => cell === '')) continue;
    rows.push({ line, cells, formulas });
  }
  return { ok: true, table: { format: 'xlsx', headers, headerLine: 1, rows } };
}
