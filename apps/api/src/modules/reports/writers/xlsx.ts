import type { Writable } from 'node:stream';

import ExcelJS from 'exceljs';

import { type CellValue, type ColumnType, columnLetter, euros, neutralise, type ReportColumn, utcDay } from '../report-format';
import { checkCount, drained, LABEL_COLUMN, type ReportSource, VALUE_COLUMN } from './report-source';

/**
 * XLSX through exceljs's streaming writer: each row is committed (written to the zip) as soon as it is read from
 * the cursor, and the writer waits while the response is behind. Typed cells: numbers, euros (number format
 * `# ##0,00 €`), dates (true dates, JJ/MM/AAAA); text neutralised against formulas. Frozen header row, autofilter
 * over the rows, column widths.
 */
const EUROS_FORMAT = '#,##0.00 "€";-#,##0.00 "€"';
const DATE_FORMAT = 'dd/mm/yyyy';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3E3FD' } };

export function xlsxCell(value: CellValue, type: ColumnType): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'euros':
      return euros(typeof value === 'boolean' ? Number(value) : value);
    case 'integer':
      return Number(value);
    case 'date':
      return utcDay(String(value));
    default:
      return neutralise(String(value));
  }
}

function numFmt(type: ColumnType): string | undefined {
  return type === 'euros' ? EUROS_FORMAT : type === 'date' ? DATE_FORMAT : undefined;
}

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, title: string, columns: ReportColumn[], rows: number): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width,
    style: numFmt(column.type) ? { numFmt: numFmt(column.type) } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  sheet.autoFilter = `A1:${columnLetter(columns.length - 1)}${rows + 1}`;
  header.commit();
  return sheet;
}

export async function writeXlsx(out: Writable, source: ReportSource): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Pilotage ESMS numérique';
  workbook.created = source.generatedAt;
  workbook.title = source.title;

  const summary = addSheet(workbook, 'Synthèse', [LABEL_COLUMN, VALUE_COLUMN], source.summary.length);
  for (const line of source.summary) {
    const row = summary.addRow([neutralise(line.label), xlsxCell(line.value, line.type)]);
    const format = numFmt(line.type);
    if (format) row.getCell(2).numFmt = format;
    row.commit();
  }
  summary.commit();

  for (const { def, count } of source.tables) {
    const sheet = addSheet(workbook, def.title, def.columns, count);
    let written = 0;
    for await (const batch of source.rows(def)) {
      for (const values of batch) sheet.addRow(def.columns.map((column, index) => xlsxCell(values[index] as CellValue, column.type))).commit();
      written += batch.length;
      await drained(out);
      // Lets the zip compress what was committed before more rows are read.
      await new Promise((resolve) => setImmediate(resolve));
    }
    checkCount(def, count, written);
    sheet.commit();
  }
  await workbook.commit();
}
