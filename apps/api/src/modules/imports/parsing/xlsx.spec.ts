import ExcelJS from 'exceljs';

import { parseXlsx } from './xlsx';

async function workbook(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('parseXlsx', () => {
  it('reads the « Données » sheet (not the « Notice ») as text: numbers, dates, rich text, links; skips empty rows', async () => {
    const content = await workbook((book) => {
      book.addWorksheet('Notice').addRow(['Explications']);
      const sheet = book.addWorksheet('Données');
      sheet.addRow(['Code', 'Montant', 'Date', 'Texte', 'Lien']);
      sheet.addRow([' 2024-53-0001 ', 1234.5, new Date(Date.UTC(2025, 2, 31)), { richText: [{ text: 'Cr' }, { text: 'èche' }] }, { text: 'site', hyperlink: 'https://x.fr' }]);
      sheet.addRow([]);
      sheet.addRow(['2024-53-0002', -5, null, true, '']);
    });
    const result = await parseXlsx(content);
    expect(result).toEqual({
      ok: true,
      table: {
        format: 'xlsx',
        headers: ['Code', 'Montant', 'Date', 'Texte', 'Lien'],
        headerLine: 1,
        rows: [
          { line: 2, cells: ['2024-53-0001', '1234.5', '2025-03-31', 'Crèche', 'site'], formulas: [] },
          { line: 4, cells: ['2024-53-0002', '-5', '', 'VRAI', ''], formulas: [] },
        ],
      },
    });
  });

  it('marks formula cells and text that a spreadsheet would run as a formula, by column index', async () => {
    const content = await workbook((book) => {
      const sheet = book.addWorksheet('Feuil1');
      sheet.addRow(['A', 'B', 'C']);
      sheet.addRow([{ formula: 'SUM(1,2)', result: 3 }, '=1+1', '@cmd']);
    });
    const result = await parseXlsx(content);
    expect(result.ok && result.table.rows[0]).toEqual({ line: 2, cells: ['=SUM(1,2)', '=1+1', '@cmd'], formulas: [0, 1, 2] });
  });

  it('refuses an unreadable or empty workbook', async () => {
    expect(await parseXlsx(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml xl/')]))).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringContaining('illisible'),
    });
    const empty = await workbook((book) => book.addWorksheet('Données'));
    expect(await parseXlsx(empty)).toMatchObject({ ok: false, message: expect.stringContaining('vide') });
  });
});
