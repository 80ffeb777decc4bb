import { once } from 'node:events';

import { Client, Query } from 'pg';

/** The part of pg's connection that a COPY … FROM STDIN writes to (the protocol messages CopyData / CopyDone / CopyFail). */
interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

type CopyQuery = Query & { handleCopyInResponse(connection: CopyConnection): void };

/**
 * Runs `COPY … FROM STDIN` on a pg client, streaming the chunks of `source` (text format lines) with back-pressure,
 * without an extra dependency: pg's Query hands the COPY-in response to `handleCopyInResponse`. Resolves with the
 * number of rows copied; rejects with the producer's error if it throws (the server then aborts the COPY).
 */
export function copyFrom(
  client: Client,
  sql: string,
  source: Iterable<string> | AsyncIterable<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let failure: unknown;
    const query = new Query(sql, (error: Error | undefined, result: { rowCount: number | null }) => {
      if (error) reject(failure instanceof Error ? failure : error);
      else resolve(result.rowCount ?? 0);
    }) as CopyQuery;
    query.handleCopyInResponse = (connection: CopyConnection): void => {
      void (async () => {
        try {
          for await (const chunk of source) {
            connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
            if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
          }
          connection.endCopyFrom();
        } catch (error) {
          failure = error;
          connection.sendCopyFail(error instanceof Error ? error.message : String(error));
        }
      })();
    };
    client.query(query);
  });
}

/** A value for COPY's text format: `\N` for null, backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
}
