import type { ImportIssue, ImportKind } from '@esms/api-contract';

import type { CellResult } from '../parsing/cells';
import type { ColumnSpec, ImportRow } from '../parsing/columns';
import { shownValue } from '../parsing/table';

/** What each kind of import declares: its columns (template, notice, header check) and an example row. */
export interface ImportKindSpec<K extends string> {
  kind: ImportKind;
  /** Title of the « Notice » sheet and the first lines explaining the file. */
  notice: readonly string[];
  columns: readonly ColumnSpec<K>[];
  /** Example rows of the template, by column key. */
  examples: readonly Record<K, string>[];
}

/**
 * Reads the cells of one row into a typed value: each reader's French message becomes an issue with the row's
 * line, the column's header and the value; a required empty cell is an issue too.
 */
export class RowReader<K extends string> {
  readonly issues: ImportIssue[] = [];

  constructor(
    private readonly spec: ImportKindSpec<K>,
    readonly row: ImportRow<K>,
  ) {}

  private header(key: K): string {
    return this.spec.columns.find((column) => column.key === key)?.header ?? key;
  }

  /** Adds an issue on a column of this row. */
  fail(key: K, message: string): void {
    const value = this.row.values[key];
    this.issues.push({ line: this.row.line, column: this.header(key), value: value === '' ? null : shownValue(value), message });
  }

  required<T>(key: K, read: (text: string) => CellResult<T>): T | undefined {
    const text = this.row.values[key];
    if (text === '') {
      this.fail(key, `La colonne « ${this.header(key)} » est obligatoire : renseignez-la.`);
      return undefined;
    }
    return this.optional(key, read) ?? undefined;
  }

  optional<T>(key: K, read: (text: string) => CellResult<T>): T | null | undefined {
    const text = this.row.values[key];
    if (text === '') return null;
    const result = read(text);
    if (!result.ok) {
      this.fail(key, result.message);
      return undefined;
    }
    return result.value;
  }

  text(key: K, options: { required: boolean; min?: number; max: number }): string | null | undefined {
    const text = this.row.values[key];
    if (text === '') {
      if (options.required) this.fail(key, `La colonne « ${this.header(key)} » est obligatoire : renseignez-la.`);
      return options.required ? undefined : null;
    }
    if (text.length > options.max) {
      this.fail(key, `« ${this.header(key)} » ne doit pas dépasser ${options.max} caractères (${text.length} ici).`);
      return undefined;
    }
    if (options.min !== undefined && text.length < options.min) {
      this.fail(key, `« ${this.header(key)} » doit compter au moins ${options.min} caractères.`);
      return undefined;
    }
    return text;
  }
}

/** A project code as the tool writes it: `AAAA-RR-NNNN`. */
export function readProjectCode(text: string): CellResult<string> {
  const code = text.trim().toUpperCase();
  return /^\d{4}-[0-9AB]{2}-\d{4}$/.test(code)
    ? { ok: true, value: code }
    : { ok: false, message: 'Le code projet doit s’écrire AAAA-RR-NNNN (par exemple 2024-53-0007), comme dans la liste des projets.' };
}

/** Issues for rows sharing a key that must be unique in the file: every repeat names the first line. */
export function duplicates<T>(
  items: readonly { line: number; value: T }[],
  keyOf: (value: T) => string | null,
  issue: (first: number, line: number, value: T) => ImportIssue,
): ImportIssue[] {
  const seen = new Map<string, number>();
  const issues: ImportIssue[] = [];
  for (const item of items) {
    const key = keyOf(item.value);
    if (key === null) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, item.line);
    else issues.push(issue(first, item.line, item.value));
  }
  return issues;
}
