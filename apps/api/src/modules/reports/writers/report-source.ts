import { once } from 'node:events';
import type { Writable } from 'node:stream';

import type { ColumnType, ReportColumn } from '../report-format';
import type { ReportTableDef } from '../report-queries';

/** One line of the Synthèse: a label and a typed value. */
export interface SummaryLine {
  label: string;
  value: string | number | null;
  type: ColumnType;
  /** A key figure (shown as a tile in the PDF), with its short display. */
  kpi?: boolean;
  display?: string;
}

export const LABEL_COLUMN: ReportColumn = { header: 'Rubrique', type: 'text', width: 48 };
export const VALUE_COLUMN: ReportColumn = { header: 'Valeur', type: 'text', width: 90 };
export const SUMMARY_COLUMNS: ReportColumn[] = [LABEL_COLUMN, VALUE_COLUMN];

/** What every writer reads: the Synthèse, then each table with its row count and its rows in batches. */
export interface ReportSource {
  title: string;
  scopeLabel: string;
  asOf: string;
  generatedAt: Date;
  summary: SummaryLine[];
  tables: { def: ReportTableDef; count: number }[];
  /** Rows of a table, in batches, read from a database cursor. */
  rows(def: ReportTableDef): AsyncIterable<unknown[][]>;
}

/** Writes a chunk and waits while the reader is behind (memory stays flat whatever the size of the report). */
export async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new Error('Le destinataire du rapport a fermé la connexion.');
  if (!out.write(chunk)) await drained(out);
}

export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('Le destinataire du rapport a fermé la connexion.');
  if (out.writableNeedDrain) {
    await Promise.race([once(out, 'drain'), once(out, 'close').then(() => undefined)]);
    if (out.destroyed) throw new Error('Le destinataire du rapport a fermé la connexion.');
  }
}

/** Checks that the rows written are the rows announced (the Synthèse and the last lines state them). */
export function checkCount(def: ReportTableDef, announced: number, written: number): void {
  if (announced !== written)
    throw new Error(`Table ${def.title} : ${written} lignes écrites pour ${announced} annoncées.`);
}
