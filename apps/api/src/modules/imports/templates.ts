import { IMPORT_KIND_LABELS, type ImportFormat, type ImportKind } from '@esms/api-contract';
import ExcelJS from 'exceljs';

import { IMPORT_SPECS } from './kinds';
import { DATA_SHEET, NOTICE_SHEET } from './parsing/xlsx';

/**
 * Downloadable templates: the French column headers and an example row, as a CSV (UTF-8 with BOM, `;`, CRLF: what
 * Excel in French opens and saves as is) or an XLSX with a « Données » sheet (text cells, frozen header, filters)
 * and a « Notice » sheet explaining each column.
 */

export const TEMPLATE_FILE_NAMES: Readonly<Record<ImportKind, string>> = {
  projects: 'modele-import-projets',
  members: 'modele-import-membres',
  milestones: 'modele-import-jalons',
};

export const CONTENT_TYPES: Readonly<Record<ImportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvTemplate(kind: ImportKind): Buffer {
  const spec = IMPORT_SPECS[kind];
  const lines = [spec.columns.map((column) => csvField(column.header)).join(';')];
  for (const example of spec.examples) lines.push(spec.columns.map((column) => csvField(example[column.key] ?? '')).join(';'));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function xlsxTemplate(kind: ImportKind): Promise<Buffer> {
  const spec = IMPORT_SPECS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pilotage ESMS numérique';
  workbook.title = `Modèle d'import — ${IMPORT_KIND_LABELS[kind]}`;

  const data = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = spec.columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.min(60, Math.max(16, column.header.length + 4, column.example.length + 2)),
    // Text cells: a FINESS keeps its leading zero, a code is not read as a date.
    style: { numFmt: '@' },
  }));
  data.getRow(1).font = { bold: true };
  data.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  for (const example of spec.examples) data.addRow(spec.columns.map((column) => example[column.key] ?? ''));

  const notice = workbook.addWorksheet(NOTICE_SHEET);
  notice.columns = [
    { header: 'Colonne', key: 'header', width: 32 },
    { header: 'Obligatoire', key: 'required', width: 12 },
    { header: 'Contenu et format', key: 'description', width: 90 },
    { header: 'Exemple', key: 'example', width: 36 },
  ];
  notice.spliceRows(1, 0, [`Modèle d'import — ${IMPORT_KIND_LABELS[kind]}`], ...spec.notice.map((line) => [line]), [
    'Remplissez la feuille « Données » (une ligne par donnée, sans formule), puis importez le classeur (.xlsx) ou un CSV UTF-8 séparé par des points-virgules. Faites d’abord une simulation : elle liste chaque erreur avec sa ligne, sa colonne et sa valeur, et rien n’est écrit.',
  ], []);
  notice.getRow(1).font = { bold: true, size: 14 };
  const headerRow = notice.getRow(spec.notice.length + 4);
  headerRow.font = { bold: true };
  for (const column of spec.columns) {
    notice.addRow({ header: column.header, required: column.required ? 'Oui' : 'Non', description: column.description, example: column.example });
  }
  notice.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
