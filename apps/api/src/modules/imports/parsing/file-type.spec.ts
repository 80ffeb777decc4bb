import ExcelJS from 'exceljs';

import { detectFileType } from './file-type';

describe('detectFileType', () => {
  it('recognises an XLSX workbook and CSV text by content', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Données').addRow(['A']);
    expect(detectFileType(Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual({ ok: true, format: 'xlsx' });
    expect(detectFileType(Buffer.from('A;B\r\n1;2\r\n'))).toEqual({ ok: true, format: 'csv' });
    expect(detectFileType(Buffer.from('Nom;Région\nCrèche;53\n', 'latin1'))).toEqual({ ok: true, format: 'csv' });
    expect(detectFileType(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A;B', 'utf16le')]))).toEqual({ ok: true, format: 'csv' });
  });

  it.each([
    ['an old Excel .xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(16)]), '.xls'],
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'PDF'],
    ['an OpenDocument spreadsheet', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')]), '.ods'],
    ['another ZIP', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('readme.txt')]), 'archive ZIP'],
    ['a binary', Buffer.from([0x4d, 0x5a, 0x00, 0x01, 0x02]), 'ni un CSV ni un classeur'],
  ])('refuses %s with a message saying what it is', (_name, content, said) => {
    const result = detectFileType(content);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(said);
  });
});
