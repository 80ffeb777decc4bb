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

const CLOSED = 'Le destinataire du rapport a fermé la connexion.';

/**
 * Writes a chunk and waits while the reader is behind (memory stays flat whatever the size of the report).
 * `watched`: the stream whose closing ends the report (the response side, when `stream` is a zip entry that would
 * otherwise wait for a 'drain' that never comes once the client has gone).
 */
export async function write(stream: Writable, chunk: string | Buffer, watched: Writable = stream): Promise<void> {
  if (stream.destroyed || watched.destroyed) throw new Error(CLOSED);
  if (!stream.write(chunk)) await drained(stream, watched);
}

/** Waits until `stream` has drained, or throws once it or `watched` is closed; leaves no listener behind. */
export async function drained(stream: Writable, watched: Writable = stream): Promise<void> {
  if (stream.destroyed || watched.destroyed) throw new Error(CLOSED);
  if (!stream.writableNeedDrain) return;
  const controller = new AbortController();
  const { signal } = controller;
  try {
    await Promise.race([
      once(stream, 'drain', { signal }),
      once(stream, 'close', { signal }),
      ...(watched === stream ? [] : [once(watched, 'close', { signal })]),
    ]);
  } finally {
    // The waits that lost the race are cancelled (their listeners removed; Promise.race handles their rejection).
    controller.abort();
  }
  if (stream.destroyed || watched.destroyed) throw new Error(CLOSED);
}

/** Where the text of a file goes piece by piece: a string being built, or the chunks of a stream (ChunkSink). */
export interface XmlSink {
  add(text: string): void;
  /** A non-negative safe integer, as digits. */
  addInteger(value: number): void;
}

/** Size of the buffers of a ChunkSink, and high-water mark of the zip entries written through one. */
export const CHUNK = 1 << 16;

/**
 * Text copied into buffers of CHUNK bytes, each handed to the stream as it fills up; the writer awaits `drained`
 * after each batch of the cursor. A batch is thus written without building its text as one long string (1 MB and
 * more for 2 000 rows of XML), and neither its rows nor its buffers outlive the next batch: they die young, freed by
 * V8's scavenger, instead of being promoted and kept until a full collection — which let the resident memory of a
 * long export climb with its number of rows, up to V8's thresholds (≈ 100 MiB), before anything was given back.
 */
export class ChunkSink implements XmlSink {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(private readonly stream: Writable) {}

  add(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (this.used + text.length * 3 > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.stream.write(text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  /**
   * The digits of a non-negative safe integer, written straight into the buffer: no string made (`String(n)` goes
   * through V8's number-to-string cache, which keeps each new string alive until it is promoted).
   */
  addInteger(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      this.add(String(value));
      return;
    }
    if (this.used + 16 > CHUNK) this.flush();
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
    let position = this.used + digits;
    let rest = value;
    do {
      position -= 1;
      this.buffer[position] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
    this.used += digits;
  }

  /** Hands the bytes written so far to the stream (which may then be over its high-water mark: await `drained`). */
  flush(): void {
    if (this.used === 0) return;
    this.stream.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }
}

/** Checks that the rows written are the rows announced (the Synthèse and the last lines state them). */
export function checkCount(def: ReportTableDef, announced: number, written: number): void {
  if (announced !== written)
    throw new Error(`Table ${def.title} : ${written} lignes écrites pour ${announced} annoncées.`);
}
