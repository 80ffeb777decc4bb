import { ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { FormArray, FormGroup } from '@angular/forms';
import { Observable, firstValueFrom } from 'rxjs';

import type { CampaignRulesResponse } from '@esms/api-contract';

import { focusFirstError } from '../../shared/forms/form-failure';
import { CampaignProblem, campaignProblem } from './campaign-problem';
import { CampaignSaved } from './campaign-saved';
import { RowError, RowErrors, rowErrorOf, rowMessage } from './table-errors';

/** What differs from one table of the campaign rules to another: its rows, their checks, its request. */
export interface RuleTableOptions<Row extends FormGroup, Item> {
  /** The table's name in the page: `jalons` → its title `jalons-titre`, its button `data-edit="jalons"`. */
  readonly name: string;
  /** Prefix of the ids of its rows: `jalon` → `jalon-0-libelle`, `jalon-0-erreur`. */
  readonly rowPrefix: string;
  /** The API's name of the list, in the field of a refused row: `rules` for `rules.3` or `rules.3.sector`. */
  readonly list: string;
  /** Id suffix of the cell focused when editing starts or a row is removed (`libelle` → `#jalon-0-libelle`). */
  readonly focusCell: string;
  /** Id suffix of the cell focused in a row just added (the code of a new type, its first editable cell). */
  readonly newRowCell: string;
  /** Columns marked when the API refuses a row as a whole (`rules.3`, no column named). */
  readonly rowColumns: readonly (keyof Item)[];
  /** The rows as read, to start editing from. */
  readonly rows: () => Row[];
  readonly newRow: () => Row;
  /** The row's values for the API, or its first fault (column named as the API names it). */
  readonly readRow: (row: Row) => { item: Item } | { error: RowError };
  /** Refusal of an empty table, and the title of any refusal: « La table de financement n'a pas été enregistrée ». */
  readonly notSavedTitle: string;
  readonly emptyMessage: string;
  /** The one `PUT` that replaces the table, with the version read. */
  readonly send: (items: Item[]) => Observable<CampaignRulesResponse>;
  /** « La table de financement est enregistrée (3 lignes). » */
  readonly savedMessage: (rules: CampaignRulesResponse) => string;
  readonly saved: (change: CampaignSaved) => void;
}

/**
 * The editing of a table of the campaign rules sent whole (funding table, milestone catalogue, usage
 * indicators): rows added, removed and reordered in a form array, each row checked before one `PUT`, the
 * API's refusal of a row (`rules.3`) shown on that row, any other refusal above the table, focus moved where
 * the person needs it. Created in a field of the component that shows the table (it injects its host).
 */
export class RuleTableEditor<Row extends FormGroup, Item> {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly editing = signal(false);
  /** What the last save did, said above the table (a status that takes focus). */
  readonly notice = signal<string | null>(null);
  readonly rows = new FormArray<Row>([]);
  readonly form = new FormGroup({ rows: this.rows });
  readonly problem = signal<CampaignProblem | null>(null);
  private readonly rowErrors = signal<RowErrors>(new Map());
  private readonly submitting = signal(false);

  constructor(private readonly options: RuleTableOptions<Row, Item>) {}

  get name(): string {
    return this.options.name;
  }

  edit(): void {
    this.notice.set(null);
    this.rows.clear();
    for (const row of this.options.rows()) this.rows.push(row);
    this.rowErrors.set(new Map());
    this.problem.set(null);
    this.editing.set(true);
    this.focus(`${this.cellSelector(0, this.options.focusCell)}, [data-add-row]`);
  }

  cancel(): void {
    this.editing.set(false);
    this.focus(`[data-edit="${this.options.name}"]`);
  }

  addRow(): void {
    this.rows.push(this.options.newRow());
    this.focus(this.cellSelector(this.rows.length - 1, this.options.newRowCell));
  }

  removeRow(index: number): void {
    this.rows.removeAt(index);
    this.shiftErrors(index);
    // Focus goes to the row that took its place, or to the button that adds a row.
    const next = Math.min(index, this.rows.length - 1);
    this.focus(`${this.cellSelector(next, this.options.focusCell)}, [data-add-row]`);
  }

  /** Moves a row up (-1) or down (+1); focus stays on the button pressed, on the row's new place. */
  move(index: number, by: -1 | 1): void {
    const target = index + by;
    const row = this.row(index);
    if (target < 0 || target >= this.rows.length) return;
    this.rows.removeAt(index);
    this.rows.insert(target, row);
    this.rowErrors.set(new Map());
    const direction = by < 0 ? 'monter' : 'descendre';
    const other = by < 0 ? 'descendre' : 'monter';
    this.focus(`[data-move="${direction}-${target}"]:not([disabled])`, `[data-move="${other}-${target}"]`);
  }

  errorOf(index: number): RowError | undefined {
    return this.rowErrors().get(index);
  }

  /** Id of the message under a row at fault, that its invalid cells point to. */
  errorId(index: number): string {
    return `${this.options.rowPrefix}-${index}-erreur`;
  }

  /** « Ligne 4 : … ». */
  rowMessage(index: number, error: RowError): string {
    return rowMessage(index, error.message);
  }

  /**
   * Whether a cell of a row is at fault: the column the API or the check named, or, for a refusal of the
   * whole row, the table's key columns.
   */
  invalid(index: number, column: keyof Item): boolean {
    const error = this.errorOf(index);
    if (!error) return false;
    return error.column === null ? this.options.rowColumns.includes(column) : error.column === column;
  }

  async save(): Promise<void> {
    if (this.submitting()) return;
    const errors = new Map<number, RowError>();
    const items: Item[] = [];
    this.rows.controls.forEach((_, index) => {
      const read = this.options.readRow(this.row(index));
      if ('error' in read) errors.set(index, read.error);
      else items.push(read.item);
    });
    const empty = this.rows.length === 0;
    this.problem.set(
      empty
        ? {
            title: this.options.notSavedTitle,
            message: this.options.emptyMessage,
            reference: null,
            stale: false,
          }
        : null,
    );
    this.rowErrors.set(errors);
    if (errors.size > 0 || empty) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    this.submitting.set(true);
    try {
      const rules = await firstValueFrom(this.options.send(items));
      this.editing.set(false);
      const change: CampaignSaved = { rules, message: this.options.savedMessage(rules) };
      this.notice.set(change.message);
      this.options.saved(change);
      this.focus('[data-success]');
    } catch (error: unknown) {
      const row = rowErrorOf(error, this.options.list);
      this.rowErrors.set(row ? new Map([[row.index, row.error]]) : new Map());
      this.problem.set(row ? null : campaignProblem(error, this.options.notSavedTitle));
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }

  /** The form array's typing does not resolve for a generic row: its rows are the `Row`s pushed in it. */
  private row(index: number): Row {
    return this.rows.at(index) as Row;
  }

  private cellSelector(index: number, cell: string): string {
    return `#${this.options.rowPrefix}-${index}-${cell}`;
  }

  /** Focuses the first element found, trying the selectors in order, once the table has rendered. */
  private focus(...selectors: string[]): void {
    afterNextRender(
      () => {
        for (const selector of selectors) {
          const element = this.host.nativeElement.querySelector<HTMLElement>(selector);
          if (element) {
            element.focus();
            return;
          }
        }
      },
      { injector: this.injector },
    );
  }

  /** A row removed: the errors of the rows after it move up with them. */
  private shiftErrors(removed: number): void {
    const shifted = new Map<number, RowError>();
    for (const [index, error] of this.rowErrors()) {
      if (index !== removed) shifted.set(index > removed ? index - 1 : index, error);
    }
    this.rowErrors.set(shifted);
  }
}
