import { apiErrorBody } from '../../core/http/api-error';

/** A refused row of a table sent whole: the column at fault when the API names one. */
export interface RowError {
  readonly column: string | null;
  readonly message: string;
}

export type RowErrors = ReadonlyMap<number, RowError>;

/**
 * The row (and column) an API refusal names in a table sent whole: `rules.3` → row 3, `types.2.code` →
 * row 2, column `code`. Null when the refusal is not about one row (a stale version, a 409 on the whole
 * table, a 5xx): the caller shows it above the table.
 */
export function rowErrorOf(error: unknown, list: string): { index: number; error: RowError } | null {
  const body = apiErrorBody(error);
  if (!body || (body.statusCode !== 400 && body.statusCode !== 409) || !body.field) return null;
  const match = new RegExp(`^${list}\\.(\\d+)(?:\\.(\\w+))?$`).exec(body.field);
  if (!match) return null;
  return { index: Number(match[1]), error: { column: match[2] ?? null, message: body.message } };
}

/** « Ligne 4 : … »: the message of a row error, numbered as the person counts (from 1). */
export function rowMessage(index: number, message: string): string {
  return `Ligne ${index + 1} : ${message}`;
}
