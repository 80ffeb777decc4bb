import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  TemplateRef,
  contentChild,
  inject,
  input,
  output,
} from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';

import { DsfrTable } from '../../shared/ui/dsfr-table';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { RuleTableEditor } from './rule-table-editor';

export interface RuleCellsContext<Row> {
  readonly $implicit: Row;
  readonly index: number;
  /** Id of the row's error message, for the `aria-describedby` of its cells at fault. */
  readonly errorId: string;
}

/**
 * The editable cells of a row, between its number and its actions:
 * `<ng-template [esmsRuleCells]="editor" let-row let-index="index" let-errorId="errorId">`. The editor
 * types `row` in the template.
 */
@Directive({ selector: 'ng-template[esmsRuleCells]' })
export class RuleCells<Row extends FormGroup, Item> {
  readonly esmsRuleCells = input.required<RuleTableEditor<Row, Item>>();
  readonly template = inject<TemplateRef<RuleCellsContext<Row>>>(TemplateRef);

  static ngTemplateContextGuard<Row extends FormGroup, Item>(
    _cells: RuleCells<Row, Item>,
    context: unknown,
  ): context is RuleCellsContext<Row> {
    return context !== null;
  }
}

/**
 * A table of the campaign rules, read and edited whole (funding table, milestone catalogue, usage
 * indicators): title, the table as read (or why it is empty), « Modifier … » for CNSA administrators, then the
 * edited table with a number and « Retirer » (and « Monter » / « Descendre » when `reorderable`) on each row,
 * the row's error under it, « Ajouter … », « Enregistrer … » and « Annuler ». The parent gives the texts,
 * the read table's head and body (`readTable`), the edited columns' cells (`esmsRuleCells`) and its
 * `RuleTableEditor`. Projected: `intro` (under the title), `emptyHelp` (why an empty table matters),
 * `readTable` (`thead` and `tbody`), `editHint` (above the edited table).
 */
@Component({
  selector: 'esms-rule-table',
  imports: [DsfrTable, NgTemplateOutlet, ProblemAlert, ReactiveFormsModule],
  templateUrl: './rule-table.html',
  styles: `
    .esms-row-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      min-width: 12rem;
      max-width: 14rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RuleTable<Row extends FormGroup, Item> {
  readonly editor = input.required<RuleTableEditor<Row, Item>>();
  readonly canEdit = input(false);
  /** No row in the table as read: the info alert (`emptyTitle` and `emptyHelp`) replaces it. */
  readonly empty = input.required<boolean>();
  readonly heading = input.required<string>();
  readonly editLabel = input.required<string>();
  readonly emptyTitle = input.required<string>();
  readonly readCaption = input.required<string>();
  readonly editCaption = input.required<string>();
  /** Header of the first column of the edited table, the row's number. */
  readonly numberColumn = input('Ligne');
  /** Headers of the edited columns, between the number and the actions. */
  readonly columns = input.required<readonly string[]>();
  readonly reorderable = input(false);
  readonly addLabel = input.required<string>();
  readonly saveLabel = input.required<string>();
  /** « Recharger » after a conflict. */
  readonly reload = output();

  protected readonly cells = contentChild.required(RuleCells);
}
