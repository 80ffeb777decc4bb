import type { ColumnSpec } from './columns';
import { normaliseHeader, readRows } from './columns';
import type { RawTable } from './table';
import { columnLetter } from './table';

const COLUMNS: ColumnSpec<'code' | 'finess' | 'note'>[] = [
  { key: 'code', header: 'Code projet', required: true, description: '', example: '' },
  { key: 'finess', header: 'FINESS géographique', required: true, description: '', example: '' },
  { key: 'note', header: "Valeurs d'indicateurs", required: false, description: '', example: '' },
];

function table(headers: string[], rows: string[][], formulas: number[][] = [], format: 'csv' | 'xlsx' = 'csv'): RawTable {
  return { format, headers, headerLine: 1, rows: rows.map((cells, index) => ({ line: index + 2, cells, formulas: formulas[index] ?? [] })) };
}

describe('import columns', () => {
  it('compares headers without case, accents, repeated spaces or apostrophe kind', () => {
    expect(normaliseHeader('  FINESS  Géographique ')).toBe('finess geographique');
    expect(normaliseHeader('Valeurs d’indicateurs')).toBe(normaliseHeader("Valeurs d'indicateurs"));
  });

  it('maps the columns in any order, optional ones may be absent', () => {
    const result = readRows(table(['finess geographique', 'CODE PROJET'], [['290000025', '2024-53-0001']]), COLUMNS);
    expect(result).toEqual({ ok: true, rows: [{ line: 2, values: { code: '2024-53-0001', finess: '290000025', note: '' } }], issues: [] });
  });

  it('reports unknown, repeated, unnamed-with-values and missing required columns on line 1', () => {
    const result = readRows(table(['Code projet', 'Bizarre', 'code projet', ''], [['a', 'b', 'c', 'd']]), COLUMNS);
    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => [issue.line, issue.column])).toEqual([
      [1, 'Bizarre'],
      [1, 'Code projet'],
      [1, 'D'],
      [1, 'FINESS géographique'],
    ]);
    expect(result.issues[0]?.message).toContain('Colonne inconnue « Bizarre » (colonne B)');
    expect(result.issues[1]?.message).toContain('colonnes A et C');
    expect(result.issues[3]?.message).toContain('obligatoire');
  });

  it('ignores an unnamed empty column', () => {
    expect(readRows(table(['Code projet', 'FINESS géographique', ''], [['a', 'b', '']]), COLUMNS).ok).toBe(true);
  });

  it('reports formula cells with their line, column and value (cell reference for XLSX)', () => {
    const csv = readRows(table(['Code projet', 'FINESS géographique'], [['=1+1', 'x']], [[0]]), COLUMNS);
    expect(csv.ok && csv.issues).toEqual([expect.objectContaining({ line: 2, column: 'Code projet', value: '=1+1', message: expect.stringContaining('commence par « = »') })]);
    const xlsx = readRows(table(['Code projet', 'FINESS géographique'], [['a', '=SUM(A1)']], [[1]], 'xlsx'), COLUMNS);
    expect(xlsx.ok && xlsx.issues[0]?.message).toContain('La cellule B2 contient une formule');
  });

  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('names column %i « %s »', (index, letters) => {
    expect(columnLetter(index)).toBe(letters);
  });
});
