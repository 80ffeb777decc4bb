import { PassThrough, type Writable } from 'node:stream';

import { ZipFile } from 'yazl';

import { type CellValue, type ColumnType, columnLetter, eurosDecimal, neutralise, type ReportColumn, xmlText } from '../report-format';
import { CHUNK, ChunkSink, checkCount, drained, LABEL_COLUMN, type ReportSource, VALUE_COLUMN, write, type XmlSink } from './report-source';

/**
 * XLSX (SpreadsheetML) written by hand and streamed, as the ODS writer: the package parts that are known before the
 * first row (content types, relationships, workbook with its sheets and filter ranges, styles, properties), then
 * one zip entry per sheet, written as the cursor is read: each batch of rows goes into 64 KiB buffers (ChunkSink),
 * then the writer waits until the entry (its deflate stream, the zip, the response) has caught up, so that memory
 * does not depend on the number of rows.
 *
 * exceljs's streaming WorkbookWriter, used before, could not hold memory flat: its worksheet stream (StreamBuf) always
 * answers `write() === true` and hands its 64 KiB chunks to the zip entry's deflate stream without looking at that
 * stream's answer, so rows read faster than zlib compresses them piled up uncompressed in memory (+140 MiB for
 * 235 000 rows on the `france` data set), whatever `useSharedStrings`, `useStyles` or `row.commit()`; and every cell
 * was an object (Row, Cell, style key) to collect.
 *
 * Typed cells: numbers, euros (number format `# ##0,00 €`), dates (day serials with the format JJ/MM/AAAA), text as
 * inline strings neutralised against formulas. Frozen header row, autofilter over the rows (with its
 * `_xlnm._FilterDatabase` name, as Excel writes it), column widths.
 */
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

const EUROS_FORMAT = '#,##0.00 "€";-#,##0.00 "€"';
const DATE_FORMAT = 'dd/mm/yyyy';
/** Indexes of `cellXfs` in styles.xml. */
const STYLE = { header: 1, euros: 2, date: 3 } as const;

const STYLES = `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="${xmlText(EUROS_FORMAT)}"/><numFmt numFmtId="165" formatCode="${DATE_FORMAT}"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE3E3FD"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const ROOT_RELS = `${XML}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${PACKAGE_RELATIONSHIPS}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const APP = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Pilotage ESMS numérique</Application></Properties>`;

/** Serial of a day in spreadsheets (days since 1899-12-30), from `YYYY-MM-DD`; NaN when it is not a date. */
export function daySerial(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return Number.NaN;
  return (Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function styleOf(type: ColumnType): number | null {
  return type === 'euros' ? STYLE.euros : type === 'date' ? STYLE.date : null;
}

/** `<t>` of an inline string, with its spaces kept when they would otherwise be trimmed. */
function addInlineString(sink: XmlSink, text: string): void {
  const escaped = xmlText(text);
  sink.add(/^\s|\s$/.test(escaped) ? '" t="inlineStr"><is><t xml:space="preserve">' : '" t="inlineStr"><is><t>');
  sink.add(escaped);
  sink.add('</t></is></c>');
}

/**
 * One cell at `column` + `row` (A + 2), nothing for an empty value. Written piece by piece into the sink, so that a
 * sheet of 200 000 rows builds no long string, and integers (row numbers, day serials) as digits: `String(n)` would go
 * through V8's number-to-string cache, which keeps each new string alive long enough to be promoted — garbage that
 * only a full collection frees (see ChunkSink).
 */
function addCell(sink: XmlSink, value: CellValue, type: ColumnType, column: string, row: number, style: number | null = null): void {
  if (value === null || value === undefined || value === '') return;
  const open = (cellStyle: number | null): void => {
    sink.add('<c r="');
    sink.add(column);
    sink.addInteger(row);
    if (cellStyle !== null) sink.add(`" s="${cellStyle}`);
  };
  switch (type) {
    case 'euros': {
      const amount = eurosDecimal(typeof value === 'boolean' ? Number(value) : value);
      if (amount === null) return;
      open(STYLE.euros);
      sink.add('"><v>');
      sink.add(amount);
      sink.add('</v></c>');
      return;
    }
    case 'integer':
    case 'date': {
      const number = type === 'date' ? daySerial(String(value)) : typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number)) return;
      open(type === 'date' ? STYLE.date : style);
      sink.add('"><v>');
      if (Number.isSafeInteger(number) && number >= 0) sink.addInteger(number);
      else sink.add(String(number));
      sink.add('</v></c>');
      return;
    }
    default:
      open(style);
      addInlineString(sink, neutralise(String(value)));
  }
}

class StringSink implements XmlSink {
  text = '';
  add(text: string): void {
    this.text += text;
  }
  addInteger(value: number): void {
    this.text += String(value);
  }
}

/** One cell (`ref`: A2, B2…) as XML, or nothing for an empty value. */
export function xlsxCell(value: CellValue, type: ColumnType, ref: string): string {
  const sink = new StringSink();
  const [, column = '', row = '0'] = /^([A-Z]+)(\d+)$/.exec(ref) ?? [];
  addCell(sink, value, type, column, Number(row));
  return sink.text;
}

/** A header cell: bold on the light blue of the DSFR. */
function headerCell(text: string, column: string): string {
  const sink = new StringSink();
  addCell(sink, text, 'text', column, 1, STYLE.header);
  return sink.text;
}

interface SheetPlan {
  title: string;
  columns: ReportColumn[];
  /** Data rows (the header row is row 1). */
  rows: number;
}

const lastColumn = (sheet: SheetPlan): string => columnLetter(sheet.columns.length - 1);
const sheetRange = (sheet: SheetPlan): string => `A1:${lastColumn(sheet)}${sheet.rows + 1}`;

function contentTypes(sheets: SheetPlan[]): string {
  const worksheets = sheets
    .map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${worksheets}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
}

function workbookXml(sheets: SheetPlan[]): string {
  const list = sheets.map((sheet, index) => `<sheet name="${xmlText(sheet.title)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('');
  const filters = sheets
    .map((sheet, index) => {
      const name = `'${sheet.title.replace(/'/g, "''")}'`;
      return `<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">${xmlText(`${name}!$A$1:$${lastColumn(sheet)}$${sheet.rows + 1}`)}</definedName>`;
    })
    .join('');
  return `${XML}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${list}</sheets><definedNames>${filters}</definedNames></workbook>`;
}

function workbookRels(sheets: SheetPlan[]): string {
  const worksheets = sheets
    .map((_, index) => `<Relationship Id="rId${index + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
    .join('');
  return `${XML}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${worksheets}<Relationship Id="rId${sheets.length + 1}" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`;
}

function coreXml(source: ReportSource): string {
  const created = source.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${xmlText(source.title)}</dc:title><dc:creator>Pilotage ESMS numérique</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified></cp:coreProperties>`;
}

/** The sheet's XML up to its first data row: dimension, frozen header row, column widths and styles, header row. */
function sheetHead(sheet: SheetPlan, selected: boolean): string {
  const cols = sheet.columns
    .map((column, index) => {
      const style = styleOf(column.type);
      return `<col min="${index + 1}" max="${index + 1}" width="${column.width}" customWidth="1"${style === null ? '' : ` style="${style}"`}/>`;
    })
    .join('');
  const header = sheet.columns.map((column, index) => headerCell(column.header, columnLetter(index))).join('');
  return `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><dimension ref="${sheetRange(sheet)}"/><sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`;
}

function sheetTail(sheet: SheetPlan): string {
  return `</sheetData><autoFilter ref="${sheetRange(sheet)}"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}


export async function writeXlsx(out: Writable, source: ReportSource): Promise<void> {
  const zip = new ZipFile();
  zip.outputStream.pipe(out);
  const mtime = source.generatedAt;
  const summary: SheetPlan = { title: 'Synthèse', columns: [LABEL_COLUMN, VALUE_COLUMN], rows: source.summary.length };
  const sheets: SheetPlan[] = [summary, ...source.tables.map(({ def, count }) => ({ title: def.title, columns: def.columns, rows: count }))];
  zip.addBuffer(Buffer.from(contentTypes(sheets)), '[Content_Types].xml', { mtime });
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels', { mtime });
  zip.addBuffer(Buffer.from(APP), 'docProps/app.xml', { mtime });
  zip.addBuffer(Buffer.from(coreXml(source)), 'docProps/core.xml', { mtime });
  zip.addBuffer(Buffer.from(workbookXml(sheets)), 'xl/workbook.xml', { mtime });
  zip.addBuffer(Buffer.from(workbookRels(sheets)), 'xl/_rels/workbook.xml.rels', { mtime });
  zip.addBuffer(Buffer.from(STYLES), 'xl/styles.xml', { mtime });

  /** A sheet's zip entry, written by `fill` then ended (yazl compresses the entries one after the other, in order). */
  const sheetEntry = async (index: number, fill: (entry: PassThrough) => Promise<void>): Promise<void> => {
    const entry = new PassThrough({ highWaterMark: CHUNK });
    zip.addReadStream(entry, `xl/worksheets/sheet${index + 1}.xml`, { mtime });
    await fill(entry);
    entry.end();
  };

  await sheetEntry(0, async (entry) => {
    let xml = sheetHead(summary, true);
    source.summary.forEach((line, index) => {
      const row = index + 2;
      xml += `<row r="${row}">${xlsxCell(line.label, 'text', `A${row}`)}${xlsxCell(line.value, line.type, `B${row}`)}</row>`;
    });
    await write(entry, xml + sheetTail(summary), out);
  });

  for (const [position, { def, count }] of source.tables.entries()) {
    const sheet = sheets[position + 1];
    if (!sheet) throw new Error(`Feuille ${def.title} absente du classeur.`);
    await sheetEntry(position + 1, async (entry) => {
      const letters = def.columns.map((_, index) => columnLetter(index));
      await write(entry, sheetHead(sheet, false), out);
      const types = def.columns.map((column) => column.type);
      const sink = new ChunkSink(entry);
      let written = 0;
      for await (const batch of source.rows(def)) {
        // A whole batch without awaiting, in chunks (see ChunkSink), then wait for the zip to take it.
        for (const values of batch) {
          const row = written + 2;
          sink.add('<row r="');
          sink.addInteger(row);
          sink.add('">');
          for (let index = 0; index < types.length; index++) addCell(sink, values[index] as CellValue, types[index] ?? 'text', letters[index] ?? '', row);
          sink.add('</row>');
          written += 1;
        }
        await drained(entry, out);
      }
      sink.flush();
      checkCount(def, count, written);
      await write(entry, sheetTail(sheet), out);
    });
  }
  zip.end();
  await drained(out);
}
