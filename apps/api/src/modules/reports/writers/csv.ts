import { PassThrough, type Writable } from 'node:stream';

import { ZipFile } from 'yazl';

import { type CellValue, csvHeader, csvLine, rowCountLabel } from '../report-format';
import type { ReportTableDef } from '../report-queries';
import { checkCount, drained, LABEL_COLUMN, type ReportSource, SUMMARY_COLUMNS, VALUE_COLUMN, write } from './report-source';

/**
 * CSV as Excel in French opens it as is: UTF-8 with a BOM, `;` between fields, CRLF, numbers with a decimal comma
 * and no grouping, dates JJ/MM/AAAA, text neutralised against formulas. The last line states the row count
 * (« 1 234 lignes »), as the Synthèse does.
 */
const BOM = '\ufeff';

export function csvFileName(key: string): string {
  return `${key}.csv`;
}

/** `watched`: the response side, when `out` is an entry of the zip (see `write`). */
async function writeTable(out: Writable, source: ReportSource, def: ReportTableDef, announced: number, watched: Writable = out): Promise<void> {
  await write(out, BOM + csvHeader(def.columns), watched);
  let written = 0;
  for await (const batch of source.rows(def)) {
    let chunk = '';
    for (const row of batch) chunk += csvLine(row as CellValue[], def.columns);
    written += batch.length;
    await write(out, chunk, watched);
  }
  checkCount(def, announced, written);
  await write(out, `${rowCountLabel(written)}\r\n`, watched);
}

async function writeSummary(out: Writable, source: ReportSource, watched: Writable = out): Promise<void> {
  let chunk = BOM + csvHeader(SUMMARY_COLUMNS);
  for (const line of source.summary)
    chunk += csvLine([line.label, line.value], [LABEL_COLUMN, { ...VALUE_COLUMN, type: line.type }]);
  chunk += `${rowCountLabel(source.summary.length)}\r\n`;
  await write(out, chunk, watched);
}

/** One table (`&table=`) as a single CSV file; `synthese` is the Synthèse. */
export async function writeCsvTable(out: Writable, source: ReportSource, key: string): Promise<void> {
  if (key === 'synthese') await writeSummary(out, source);
  else {
    const table = source.tables.find((entry) => entry.def.key === key);
    if (!table) throw new Error(`Table inconnue : ${key}`);
    await writeTable(out, source, table.def, table.count);
  }
  out.end();
}

/** Every table, one CSV file each, in a zip (entries written one after the other, each streamed). */
export async function writeCsvZip(out: Writable, source: ReportSource): Promise<void> {
  const zip = new ZipFile();
  zip.outputStream.pipe(out);
  const mtime = source.generatedAt;
  const entry = async (name: string, fill: (stream: PassThrough) => Promise<void>): Promise<void> => {
    const stream = new PassThrough({ highWaterMark: 1 << 16 });
    zip.addReadStream(stream, name, { mtime });
    await fill(stream);
    stream.end();
    await drained(out);
  };
  await entry(csvFileName('synthese'), (stream) => writeSummary(stream, source, out));
  for (const { def, count } of source.tables) await entry(csvFileName(def.key), (stream) => writeTable(stream, source, def, count, out));
  zip.end();
}
