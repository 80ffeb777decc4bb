import {
  columnLetter,
  csvField,
  csvHeader,
  csvLine,
  displayEuros,
  euros,
  eurosDecimal,
  frenchDate,
  frenchEuros,
  neutralise,
  type ReportColumn,
  rowCountLabel,
  utcDay,
  xmlText,
} from './report-format';
import { countSql } from './report-queries';
import { odsCell } from './writers/ods';
import { daySerial, xlsxCell } from './writers/xlsx';

describe('spreadsheet safety: neutralise', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 1 23 45 67 89', "'+33 1 23 45 67 89"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['=HYPERLINK("http://x";"y")', `'=HYPERLINK("http://x";"y")`],
    ['Grappe Bretagne', 'Grappe Bretagne'],
    ['a=b', 'a=b'],
    ['', ''],
    ["'=déjà", "'=déjà"],
  ])('%j → %j', (input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it('is applied to text in every format, never to typed numbers and dates', () => {
    expect(csvField('=1+1', 'text')).toBe("'=1+1");
    expect(xlsxCell('=1+1', 'text', 'A1')).toBe(`<c r="A1" t="inlineStr"><is><t>'=1+1</t></is></c>`);
    expect(odsCell('=1+1', 'text')).toContain("<text:p>'=1+1</text:p>");
    expect(odsCell('@cmd', 'text')).toContain("<text:p>'@cmd</text:p>");
    expect(csvField('-150', 'euros')).toBe('-1,50');
    expect(xlsxCell('-150', 'euros', 'B2')).toBe('<c r="B2" s="2"><v>-1.50</v></c>');
    expect(xlsxCell('5', 'euros', 'B3')).toBe('<c r="B3" s="2"><v>0.05</v></c>');
    expect(xlsxCell('123456789', 'euros', 'B4')).toBe('<c r="B4" s="2"><v>1234567.89</v></c>');
    expect(xlsxCell('douze', 'euros', 'B5')).toBe('');
    expect(xlsxCell(-3, 'integer', 'C3')).toBe('<c r="C3"><v>-3</v></c>');
    expect(odsCell('-150', 'euros')).toContain('office:value="-1.50"');
  });
});

describe('euros as spreadsheet values', () => {
  it.each([
    ['0', '0.00'],
    ['5', '0.05'],
    ['-5', '-0.05'],
    ['150', '1.50'],
    ['-123456', '-1234.56'],
    ['900719925474099312', '9007199254740993.12'],
    [42, '0.42'],
  ])('%s cents → %s', (cents, expected) => {
    expect(eurosDecimal(cents)).toBe(expected);
  });

  it('refuses what is not a whole number of cents', () => {
    expect(eurosDecimal('1,5')).toBeNull();
    expect(eurosDecimal(1.5)).toBeNull();
  });
});

describe('French numbers and dates', () => {
  it.each([
    ['0', '0,00'],
    ['5', '0,05'],
    ['150', '1,50'],
    ['123456789', '1234567,89'],
    ['-5', '-0,05'],
    ['-123456', '-1234,56'],
    ['9007199254740993', '90071992547409,93'],
  ])('cents %s → %s', (cents, expected) => {
    expect(frenchEuros(cents)).toBe(expected);
  });

  it('displays euros grouped with narrow no-break spaces', () => {
    expect(displayEuros('123456789')).toBe('1\u202f234\u202f567,89\u00a0€');
    expect(displayEuros('-100')).toBe('-1,00\u00a0€');
    expect(euros('12345')).toBe(123.45);
  });

  it('writes dates JJ/MM/AAAA and spreadsheet days at midnight UTC', () => {
    expect(frenchDate('2026-03-09')).toBe('09/03/2026');
    expect(utcDay('2026-03-09').toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(xlsxCell('2026-03-09', 'date', 'D4')).toBe('<c r="D4" s="3"><v>46090</v></c>');
    expect(daySerial('1900-03-01')).toBe(61);
    expect(daySerial('pas une date')).toBeNaN();
    expect(odsCell('2026-03-09', 'date')).toContain('office:date-value="2026-03-09"');
    expect(odsCell('2026-03-09', 'date')).toContain('<text:p>09/03/2026</text:p>');
  });
});

describe('CSV lines', () => {
  const columns: ReportColumn[] = [
    { header: 'Nom', type: 'text', width: 10 },
    { header: 'Montant (€)', type: 'euros', width: 10 },
    { header: 'Le', type: 'date', width: 10 },
    { header: 'N', type: 'integer', width: 5 },
  ];

  it('separates with semicolons, quotes what needs it, ends with CRLF, leaves empty cells empty', () => {
    expect(csvHeader(columns)).toBe('Nom;Montant (€);Le;N\r\n');
    expect(csvLine(['Grappe "Ouest"; lot 2', '123456', '2026-01-31', 12], columns)).toBe('"Grappe ""Ouest""; lot 2";1234,56;31/01/2026;12\r\n');
    expect(csvLine([null, null, null, null], columns)).toBe(';;;\r\n');
    expect(csvLine(['ligne\nsuivante', '0', '2026-01-01', 0], columns)).toBe('"ligne\nsuivante";0,00;01/01/2026;0\r\n');
  });

  it('states the row count in French', () => {
    expect(rowCountLabel(0)).toBe('0 ligne');
    expect(rowCountLabel(1)).toBe('1 ligne');
    expect(rowCountLabel(200000)).toBe('200\u202f000 lignes');
  });
});

describe('helpers', () => {
  it('names spreadsheet columns', () => {
    expect([0, 19, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'T', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('escapes XML text and drops characters XML forbids', () => {
    expect(xmlText('a < b & "c" > d\u0001')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });

  it('leaves empty cells empty in every format', () => {
    expect(xlsxCell(null, 'euros', 'A1')).toBe('');
    expect(xlsxCell('', 'text', 'A1')).toBe('');
    expect(odsCell('', 'text')).toBe('<table:table-cell/>');
    expect(csvField(undefined, 'date')).toBe('');
  });
});

describe('row counts', () => {
  it('count without the final sort, keeping the inner ORDER BY of a lateral', () => {
    expect(countSql({ text: 'SELECT a FROM t ORDER BY a, b DESC', values: [1] })).toEqual({
      text: 'SELECT count(*)::int AS n FROM (SELECT a FROM t) q',
      values: [1],
    });
    const lateral = 'SELECT x FROM t JOIN LATERAL (SELECT y FROM u ORDER BY y DESC LIMIT 1) l ON TRUE ORDER BY x';
    expect(countSql({ text: lateral, values: [] }).text).toBe(
      'SELECT count(*)::int AS n FROM (SELECT x FROM t JOIN LATERAL (SELECT y FROM u ORDER BY y DESC LIMIT 1) l ON TRUE) q',
    );
  });
});
