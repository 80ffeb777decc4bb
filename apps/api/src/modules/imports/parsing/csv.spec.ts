import { parseCsv } from './csv';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (text: string, bom = true): Buffer => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(text, 'utf8')]);

describe('parseCsv', () => {
  it('reads UTF-8 with or without BOM, « ; », CRLF or LF, quoted fields with separators, quotes and line breaks', () => {
    for (const bom of [true, false]) {
      const result = parseCsv(utf8('Nom;Commentaire;Montant\r\n"Crèche; Est";"Il a dit ""oui""\nsur deux lignes";1 234,50\nB;;2\n', bom));
      expect(result).toEqual({
        ok: true,
        table: {
          format: 'csv',
          headers: ['Nom', 'Commentaire', 'Montant'],
          headerLine: 1,
          rows: [
            { line: 2, cells: ['Crèche; Est', 'Il a dit "oui"\nsur deux lignes', '1 234,50'], formulas: [] },
            { line: 4, cells: ['B', '', '2'], formulas: [] },
          ],
        },
      });
    }
  });

  it('skips empty lines (« ;;; » left by Excel), pads short rows, trims cells', () => {
    const result = parseCsv(utf8('A;B;C\n x ;y\n;;\n\n'));
    expect(result.ok && result.table.rows).toEqual([{ line: 2, cells: ['x', 'y', ''], formulas: [] }]);
  });

  it.each([
    ['=1+1', 0],
    ['+33 1 23', 0],
    ['-5', 0],
    ['@SUM(A1)', 0],
    ['\t=1', 0],
    [' =1', 0],
  ])('marks %j as a formula-like cell', (cell, index) => {
    const result = parseCsv(utf8(`A;B\n${cell};ok\n`));
    expect(result.ok && result.table.rows[0]?.formulas).toEqual([index]);
  });

  it.each([
    ['Windows-1252', Buffer.from('Nom;Montant\r\nCrèche;1\r\n', 'latin1'), /UTF-8.*Windows-1252.*ligne 2/s, 2],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nom;A', 'utf16le')]), /UTF-16/, null],
  ])('refuses a %s file, naming the encoding and the line', (_name, content, message, line) => {
    const result = parseCsv(content);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.message).toMatch(message);
    expect(result.message).toContain('CSV UTF-8');
    expect(result.issues[0]?.line).toBe(line);
  });

  it.each([
    ['a comma', 'Nom,Montant,Région\nA,1,53\n', 'la virgule « , »'],
    ['a tab', 'Nom\tMontant\nA\t1\n', 'la tabulation'],
  ])('refuses %s as separator', (_name, text, used) => {
    const result = parseCsv(utf8(text));
    expect(result).toMatchObject({ ok: false, status: 400, message: expect.stringContaining(used) });
    expect(!result.ok && result.issues[0]).toMatchObject({ line: 1, value: (text.split('\n')[0] ?? '').replace(/\t/g, ' ') });
  });

  it('refuses an empty file, a blank one and a quote left open', () => {
    expect(parseCsv(utf8(''))).toMatchObject({ ok: false, message: expect.stringContaining('vide') });
    expect(parseCsv(utf8(' \r\n\r\n'))).toMatchObject({ ok: false, message: expect.stringContaining('vide') });
    expect(parseCsv(utf8(';;\n'))).toMatchObject({ ok: false, message: expect.stringContaining('vide') });
    const open = parseCsv(utf8('A;B\nx;y\n"z;t\n'));
    expect(open).toMatchObject({ ok: false, message: expect.stringContaining('ligne 3') });
  });

  it('refuses rows with more values than the header (an unquoted « ; »)', () => {
    const result = parseCsv(utf8('A;B\nx;y;z\nok;ok\n'));
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(!result.ok && result.issues).toEqual([expect.objectContaining({ line: 2, value: 'z', message: expect.stringContaining('3 colonnes') })]);
  });
});
