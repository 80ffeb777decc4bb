import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';

import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';

import type { ReportTableDef } from '../report-queries';
import { writeCsvZip } from './csv';
import { writeOds } from './ods';
import type { ReportSource } from './report-source';
import { writeXlsx } from './xlsx';

/** A report of one table of `batches` × `size` rows, made as they are asked for; `pulled` counts the batches asked. */
function fakeSource(batches: number, size: number, pulled = { batches: 0 }): ReportSource {
  const def: ReportTableDef = {
    key: 'jalons',
    title: 'Jalons',
    columns: [
      { header: 'Projet', type: 'text', width: 14 },
      { header: 'Rang', type: 'integer', width: 10 },
      { header: 'Montant (€)', type: 'euros', width: 16 },
      { header: 'Échéance', type: 'date', width: 12 },
      { header: 'Commentaire', type: 'text', width: 40 },
    ],
    sql: { text: '', values: [] },
  };
  return {
    title: 'Rapport de suivi ESMS numérique',
    scopeLabel: 'National',
    asOf: '2026-11-30',
    generatedAt: new Date('2026-11-30T10:00:00Z'),
    summary: [
      { label: 'Situation au', value: '2026-11-30', type: 'date' },
      { label: 'Engagé (€)', value: '123456789', type: 'euros' },
      { label: '=formule', value: '+33 1 23 45 67 89', type: 'text' },
    ],
    tables: [{ def, count: batches * size }],
    async *rows(): AsyncGenerator<unknown[][]> {
      for (let batch = 0; batch < batches; batch++) {
        // A round trip to the database.
        await new Promise((resolve) => setImmediate(resolve));
        pulled.batches += 1;
        yield Array.from({ length: size }, (_, index) => {
          const rank = batch * size + index;
          return [`2024-53-${String(rank % 10_000).padStart(4, '0')}`, rank, String(rank * 7 - 50), '2025-03-31', rank % 2 === 0 ? '=1+1' : ` ligne ${rank} `];
        });
      }
    },
  };
}

async function collect(out: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(out, 'end');
  return Buffer.concat(chunks);
}

/** Entries of a zip by its central directory (zlib only, independent from the writers). */
function unzip(buffer: Buffer): Map<string, string> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, string>();
  for (let index = 0; index < buffer.readUInt16LE(end + 10); index++) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    entries.set(name, (method === 0 ? data : inflateRawSync(data)).toString('utf8'));
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return entries;
}

describe('XLSX writer', () => {
  it('writes a workbook an independent reader (SheetJS) opens: sheets, typed cells, neutralised text, header, widths, filter', async () => {
    const out = new PassThrough();
    const [buffer] = await Promise.all([collect(out), writeXlsx(out, fakeSource(2, 3))]);
    const workbook = XLSX.read(buffer, { type: 'buffer', cellDates: true, cellNF: true });
    expect(workbook.SheetNames).toEqual(['Synthèse', 'Jalons']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['Jalons']!, { header: 1, raw: true });
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual(['Projet', 'Rang', 'Montant (€)', 'Échéance', 'Commentaire']);
    expect(rows[1]).toEqual(['2024-53-0000', 0, -0.5, new Date('2025-03-31T00:00:00Z'), "'=1+1"]);
    expect(rows[2]).toEqual(['2024-53-0001', 1, -0.43, new Date('2025-03-31T00:00:00Z'), ' ligne 1 ']);
    const sheet = workbook.Sheets['Jalons']!;
    expect(sheet['C2']).toMatchObject({ t: 'n', v: -0.5 });
    expect(String((sheet['C2'] as XLSX.CellObject).z)).toContain('€');
    expect(sheet['D2']).toMatchObject({ t: 'd' });
    expect(Object.values(sheet).some((cell) => typeof cell === 'object' && cell !== null && 'f' in cell)).toBe(false);
    const summary = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['Synthèse']!, { header: 1, raw: true });
    expect(summary).toEqual([
      ['Rubrique', 'Valeur'],
      ['Situation au', new Date('2026-11-30T00:00:00Z')],
      ['Engagé (€)', 1234567.89],
      ["'=formule", "'+33 1 23 45 67 89"],
    ]);
    expect(workbook.Props?.Title).toBe('Rapport de suivi ESMS numérique');

    const files = unzip(buffer);
    const xml = files.get('xl/worksheets/sheet2.xml')!;
    expect(xml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toContain('<autoFilter ref="A1:E7"/>');
    expect(xml).toContain('<col min="5" max="5" width="40" customWidth="1"/>');
    expect(files.get('xl/workbook.xml')).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Jalons'!$A$1:$E$7</definedName>`);
    expect([...files.keys()][0]).toBe('[Content_Types].xml');

    // A second reader, exceljs (the writer the reports used before): views, filter, widths, formats.
    const second = new ExcelJS.Workbook();
    await second.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const jalons = second.getWorksheet('Jalons')!;
    expect(jalons.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(jalons.autoFilter).toBe('A1:E7');
    expect(jalons.columns.map((column) => column.width)).toEqual([14, 10, 16, 12, 40]);
    expect(jalons.getCell('C2')).toMatchObject({ value: -0.5, numFmt: '#,##0.00 "€";-#,##0.00 "€"' });
    expect(jalons.getCell('D2').value).toEqual(new Date('2025-03-31T00:00:00Z'));
    expect(jalons.getCell('E2').value).toBe("'=1+1");
  });

  it('refuses to write fewer rows than announced (a truncated file is never taken for a whole one)', async () => {
    const source = fakeSource(1, 3);
    source.tables[0]!.count = 4;
    const out = new PassThrough();
    out.resume();
    await expect(writeXlsx(out, source)).rejects.toThrow('3 lignes écrites pour 4 annoncées');
  });
});

const WRITERS: [string, (out: Writable, source: ReportSource) => Promise<void>][] = [
  ['XLSX', writeXlsx],
  ['ODS', writeOds],
  ['CSV (zip)', writeCsvZip],
];

describe.each(WRITERS)('%s writer: backpressure from the response to the cursor', (_, writer) => {
  const BATCHES = 150;
  const SIZE = 1000;

  it('stops asking for rows while nobody reads the file (memory bounded), and finishes once it is read', async () => {
    const pulled = { batches: 0 };
    const out = new PassThrough();
    let finished = false;
    const work = writer(out, fakeSource(BATCHES, SIZE, pulled)).then(() => {
      finished = true;
    });
    // Until the writer stops asking (no new batch for 300 ms; zlib runs on the thread pool, slower on a busy machine).
    let stalled = -1;
    for (let waited = 0; waited < 10_000 && pulled.batches !== stalled; waited += 300) {
      stalled = pulled.batches;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(finished).toBe(false);
    // Each batch is 60 to 350 kB of text: what waits in the buffers is a few batches, not the file (10 to 50 MB).
    expect(stalled).toBeLessThan(40);
    const [buffer] = await Promise.all([collect(out), work]);
    expect(pulled.batches).toBe(BATCHES);
    expect(buffer.length).toBeGreaterThan(0);
  }, 30_000);

  it('ends with an error, without waiting for ever, when the client goes away half-way', async () => {
    const out = new PassThrough();
    const work = writer(out, fakeSource(BATCHES, SIZE));
    await new Promise((resolve) => setTimeout(resolve, 200));
    out.destroy();
    await expect(work).rejects.toThrow('fermé la connexion');
  });
});
