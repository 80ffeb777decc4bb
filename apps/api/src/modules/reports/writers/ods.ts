import { PassThrough, type Writable } from 'node:stream';

import { ZipFile } from 'yazl';

import { type CellValue, type ColumnType, columnLetter, displayEuros, euros, eurosDecimal, frenchDate, neutralise, type ReportColumn, xmlText } from '../report-format';
import { CHUNK, ChunkSink, checkCount, drained, LABEL_COLUMN, type ReportSource, VALUE_COLUMN, write, type XmlSink } from './report-source';

/**
 * OpenDocument spreadsheet written by hand and streamed: `mimetype` first and stored, then the manifest, styles,
 * settings (frozen header row of every sheet) and `content.xml`, written row by row as the cursor is read. Typed
 * cells: `float`, `currency` (EUR), `date`; text neutralised against formulas. An autofilter per sheet
 * (`table:database-range`), column widths from the definitions.
 */
const MIME = 'application/vnd.oasis.opendocument.spreadsheet';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
].join(' ');

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One cell, written piece by piece into the sink (no string per cell: see ChunkSink). */
function addOdsCell(sink: XmlSink, value: CellValue, type: ColumnType): void {
  if (value === null || value === undefined || value === '') {
    sink.add('<table:table-cell/>');
    return;
  }
  switch (type) {
    case 'euros': {
      const cents = typeof value === 'boolean' ? Number(value) : value;
      sink.add('<table:table-cell table:style-name="ceEur" office:value-type="currency" office:currency="EUR" office:value="');
      sink.add(eurosDecimal(cents) ?? String(euros(cents)));
      sink.add('"><text:p>');
      sink.add(displayEuros(cents));
      break;
    }
    case 'integer': {
      const number = typeof value === 'number' ? value : Number(value);
      const digits = (): void => (Number.isSafeInteger(number) && number >= 0 ? sink.addInteger(number) : sink.add(String(number)));
      sink.add('<table:table-cell office:value-type="float" office:value="');
      digits();
      sink.add('"><text:p>');
      digits();
      break;
    }
    case 'date': {
      const iso = String(value).slice(0, 10);
      sink.add('<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="');
      sink.add(iso);
      sink.add('"><text:p>');
      sink.add(frenchDate(iso));
      break;
    }
    default:
      sink.add('<table:table-cell office:value-type="string"><text:p>');
      sink.add(xmlText(neutralise(String(value))));
  }
  sink.add('</text:p></table:table-cell>');
}

export function odsCell(value: CellValue, type: ColumnType): string {
  let text = '';
  addOdsCell({ add: (part) => (text += part), addInteger: (number) => (text += String(number)) }, value, type);
  return text;
}

const widthStyle = (width: number): string => `co${width}`;

function contentHead(widths: Set<number>): string {
  const columns = [...widths]
    .map(
      (width) =>
        `<style:style style:name="${widthStyle(width)}" style:family="table-column"><style:table-column-properties style:column-width="${(width * 0.21).toFixed(2)}cm"/></style:style>`,
    )
    .join('');
  return `${XML}<office:document-content ${NS} office:version="1.3"><office:automatic-styles>
<number:currency-style style:name="NEur"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/><number:text>\u00a0</number:text><number:currency-symbol number:language="fr" number:country="FR">€</number:currency-symbol></number:currency-style>
<number:date-style style:name="NDate"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<style:style style:name="ceEur" style:family="table-cell" style:data-style-name="NEur"/>
<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="NDate"/>
<style:style style:name="ceHead" style:family="table-cell"><style:table-cell-properties fo:background-color="#e3e3fd"/><style:text-properties fo:font-weight="bold"/></style:style>
${columns}</office:automatic-styles><office:body><office:spreadsheet>`;
}

function tableOpen(title: string, columns: ReportColumn[]): string {
  const cols = columns.map((column) => `<table:table-column table:style-name="${widthStyle(column.width)}"/>`).join('');
  const head = columns
    .map((column) => `<table:table-cell table:style-name="ceHead" office:value-type="string"><text:p>${xmlText(column.header)}</text:p></table:table-cell>`)
    .join('');
  return `<table:table table:name="${xmlText(title)}">${cols}<table:table-header-rows><table:table-row>${head}</table:table-row></table:table-header-rows>`;
}

const rangeAddress = (title: string, columns: number, rows: number): string => {
  const sheet = `'${title.replace(/'/g, "''")}'`;
  return `${sheet}.A1:${sheet}.${columnLetter(columns - 1)}${rows + 1}`;
};

function settingsXml(titles: string[]): string {
  const item = (name: string, type: string, value: string | number): string =>
    `<config:config-item config:name="${name}" config:type="${type}">${value}</config:config-item>`;
  const tables = titles
    .map(
      (title) =>
        `<config:config-item-map-entry config:name="${xmlText(title)}">${item('HorizontalSplitMode', 'short', 0)}${item('VerticalSplitMode', 'short', 2)}${item('HorizontalSplitPosition', 'int', 0)}${item('VerticalSplitPosition', 'int', 1)}${item('ActiveSplitRange', 'short', 2)}${item('PositionLeft', 'int', 0)}${item('PositionRight', 'int', 0)}${item('PositionTop', 'int', 0)}${item('PositionBottom', 'int', 1)}</config:config-item-map-entry>`,
    )
    .join('');
  return `${XML}<office:document-settings ${NS} office:version="1.3"><office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>${item('ViewId', 'string', 'view1')}<config:config-item-map-named config:name="Tables">${tables}</config:config-item-map-named>${item('ActiveTable', 'string', xmlText(titles[0] ?? ''))}</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>`;
}

const MANIFEST = `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${MIME}"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;

const STYLES = `${XML}<office:document-styles ${NS} office:version="1.3"><office:styles><style:default-style style:family="table-cell"><style:text-properties style:font-name="Arial" fo:font-size="10pt"/></style:default-style></office:styles></office:document-styles>`;

function metaXml(source: ReportSource): string {
  return `${XML}<office:document-meta ${NS} office:version="1.3"><office:meta><meta:generator>Pilotage ESMS numérique</meta:generator><dc:title>${xmlText(source.title)}</dc:title><meta:creation-date>${source.generatedAt.toISOString().slice(0, 19)}</meta:creation-date></office:meta></office:document-meta>`;
}

export async function writeOds(out: Writable, source: ReportSource): Promise<void> {
  const zip = new ZipFile();
  zip.outputStream.pipe(out);
  const mtime = source.generatedAt;
  const summaryColumns = [LABEL_COLUMN, VALUE_COLUMN];
  const titles = ['Synthèse', ...source.tables.map((table) => table.def.title)];
  // The mimetype first, stored (not compressed): how a reader recognises the package.
  zip.addBuffer(Buffer.from(MIME, 'ascii'), 'mimetype', { mtime, compress: false });
  zip.addBuffer(Buffer.from(MANIFEST), 'META-INF/manifest.xml', { mtime });
  zip.addBuffer(Buffer.from(STYLES), 'styles.xml', { mtime });
  zip.addBuffer(Buffer.from(metaXml(source)), 'meta.xml', { mtime });
  zip.addBuffer(Buffer.from(settingsXml(titles)), 'settings.xml', { mtime });
  const content = new PassThrough({ highWaterMark: CHUNK });
  zip.addReadStream(content, 'content.xml', { mtime });
  zip.end();

  const widths = new Set<number>([...summaryColumns, ...source.tables.flatMap((table) => table.def.columns)].map((column) => column.width));
  await write(content, contentHead(widths), out);
  await write(content, tableOpen('Synthèse', summaryColumns), out);
  let chunk = '';
  for (const line of source.summary)
    chunk += `<table:table-row>${odsCell(line.label, 'text')}${odsCell(line.value, line.type)}</table:table-row>`;
  await write(content, `${chunk}</table:table>`, out);

  const ranges: string[] = [rangeAddress('Synthèse', 2, source.summary.length)];
  const sink = new ChunkSink(content);
  for (const { def, count } of source.tables) {
    const types = def.columns.map((column) => column.type);
    await write(content, tableOpen(def.title, def.columns), out);
    let written = 0;
    for await (const batch of source.rows(def)) {
      // A whole batch without awaiting, in chunks (see ChunkSink), then wait for the zip to take it.
      for (const values of batch) {
        sink.add('<table:table-row>');
        for (let index = 0; index < types.length; index++) addOdsCell(sink, values[index] as CellValue, types[index] ?? 'text');
        sink.add('</table:table-row>');
      }
      written += batch.length;
      sink.flush();
      await drained(content, out);
    }
    checkCount(def, count, written);
    await write(content, '</table:table>', out);
    ranges.push(rangeAddress(def.title, def.columns.length, count));
  }
  const databaseRanges = ranges
    .map(
      (range, index) =>
        `<table:database-range table:name="__Anonymous_Sheet_DB__${index}" table:target-range-address="${xmlText(range)}" table:display-filter-buttons="true"/>`,
    )
    .join('');
  await write(content, `<table:database-ranges>${databaseRanges}</table:database-ranges></office:spreadsheet></office:body></office:document-content>`, out);
  content.end();
  await drained(out);
}
