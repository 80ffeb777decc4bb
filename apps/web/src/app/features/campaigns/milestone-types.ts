import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { CampaignRulesResponse, MilestoneTypeInput, MilestoneTypeResponse } from '@esms/api-contract';

import { formatInteger } from '../../shared/format/format';
import { focusFirstError } from '../../shared/forms/form-failure';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { CampaignProblem, CampaignProblemAlert, campaignProblem } from './campaign-problem';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';
import { RowError, RowErrors, rowErrorOf, rowMessage } from './table-errors';

/** The code rule of the API: it keeps a type's identity across edits. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;
export const CODE_MESSAGE =
  'Le code doit compter de 2 à 40 caractères : majuscules sans accent, chiffres et _ (par exemple DUI_DEPLOYE).';

type MilestoneRow = FormGroup<{
  code: FormControl<string>;
  label: FormControl<string>;
  delay: FormControl<string>;
  importance: FormControl<string>;
  /** Tracked per member ESSMS (one milestone per ESSMS) rather than once per project. */
  perEssms: FormControl<boolean>;
  /** Not edited: a type read from the API keeps its code; projects' milestones using it. */
  existing: FormControl<boolean>;
  milestoneCount: FormControl<number>;
}>;

function milestoneRow(type: MilestoneTypeResponse | null): MilestoneRow {
  return new FormGroup({
    code: new FormControl(type?.code ?? '', { nonNullable: true }),
    label: new FormControl(type?.label ?? '', { nonNullable: true }),
    delay: new FormControl(type ? String(type.defaultDelayDays) : '', { nonNullable: true }),
    importance: new FormControl(type ? String(type.importance) : '3', { nonNullable: true }),
    // Fixed once projects follow the type (the API refuses the change): the checkbox is then disabled.
    perEssms: new FormControl({ value: type?.perEssms ?? false, disabled: (type?.milestoneCount ?? 0) > 0 }, { nonNullable: true }),
    existing: new FormControl(type !== null, { nonNullable: true }),
    milestoneCount: new FormControl(type?.milestoneCount ?? 0, { nonNullable: true }),
  });
}

/** « 365 jours », « 1 jour ». */
export function formatDays(days: number): string {
  return `${formatInteger(days)} jour${days > 1 ? 's' : ''}`;
}

/** The row's values for the API, or the first fault of the row (column named as the API names it). */
function readRow(row: MilestoneRow): { type: MilestoneTypeInput } | { error: RowError } {
  const value = row.getRawValue();
  const code = value.code.trim().toUpperCase();
  if (!CODE_PATTERN.test(code)) return { error: { column: 'code', message: CODE_MESSAGE } };
  const label = value.label.trim();
  if (label.length < 2) {
    return { error: { column: 'label', message: 'Le libellé du jalon doit compter au moins 2 caractères.' } };
  }
  const delay = value.delay.trim();
  if (!/^\d{1,4}$/.test(delay) || Number(delay) > 3650) {
    return {
      error: {
        column: 'defaultDelayDays',
        message: 'Le délai par défaut est un nombre entier de jours entre 0 et 3 650.',
      },
    };
  }
  return {
    type: { code, label, defaultDelayDays: Number(delay), importance: Number(value.importance), perEssms: value.perEssms },
  };
}

/**
 * « Catalogue des jalons »: the milestones every project of the campaign follows, in order, with their default
 * delay and importance, and how many projects' milestones use each. CNSA administrators edit the catalogue
 * as a whole (add, change, reorder, remove) and send it in one `PUT`. Removing a type that projects follow is
 * refused by the API (409): its message is shown above the table.
 */
@Component({
  selector: 'esms-milestone-types',
  imports: [CampaignProblemAlert, DsfrTable, ReactiveFormsModule],
  templateUrl: './milestone-types.html',
  styles: `
    .esms-nowrap {
      white-space: nowrap;
    }
    .esms-cell-control {
      min-width: 7rem;
    }
    .esms-cell-control--narrow {
      min-width: 5rem;
    }
    .esms-cell-control--wide {
      min-width: 15rem;
    }
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
export class MilestoneTypes {
  private readonly api = inject(CampaignsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly rules = input.required<CampaignRulesResponse>();
  readonly canEdit = input(false);
  readonly saved = output<CampaignSaved>();
  readonly reload = output();

  protected readonly importances = ['1', '2', '3', '4', '5'];
  protected readonly editing = signal(false);
  /** What the last save did, said above the table (a status that takes focus). */
  protected readonly notice = signal<string | null>(null);
  protected readonly table = new FormArray<MilestoneRow>([]);
  protected readonly editor = new FormGroup({ rows: this.table });
  protected readonly rowErrors = signal<RowErrors>(new Map());
  protected readonly problem = signal<CampaignProblem | null>(null);
  private readonly submitting = signal(false);

  protected readonly readRows = computed(() =>
    [...this.rules().milestoneTypes]
      .sort((a, b) => a.position - b.position)
      .map((type) => ({
        code: type.code,
        position: type.position,
        label: type.label,
        delay: formatDays(type.defaultDelayDays),
        importance: `${type.importance} sur 5`,
        tracking: type.perEssms ? 'Par ESSMS' : 'Par projet',
        count: formatInteger(type.milestoneCount),
      })),
  );

  protected edit(): void {
    this.notice.set(null);
    this.table.clear();
    const types = [...this.rules().milestoneTypes].sort((a, b) => a.position - b.position);
    for (const type of types) this.table.push(milestoneRow(type));
    this.rowErrors.set(new Map());
    this.problem.set(null);
    this.editing.set(true);
    this.focus('#jalon-0-libelle, [data-add-row]');
  }

  protected cancel(): void {
    this.editing.set(false);
    this.focus('[data-edit="jalons"]');
  }

  protected addRow(): void {
    this.table.push(milestoneRow(null));
    this.focus(`#jalon-${this.table.length - 1}-code`);
  }

  protected removeRow(index: number): void {
    this.table.removeAt(index);
    this.rowErrors.set(new Map());
    this.focus(`#jalon-${Math.min(index, this.table.length - 1)}-libelle, [data-add-row]`);
  }

  /** Moves a row up (-1) or down (+1); focus stays on the button pressed, on the row's new place. */
  protected move(index: number, by: -1 | 1): void {
    const target = index + by;
    const row = this.table.at(index);
    if (target < 0 || target >= this.table.length) return;
    this.table.removeAt(index);
    this.table.insert(target, row);
    this.rowErrors.set(new Map());
    const direction = by < 0 ? 'monter' : 'descendre';
    const other = by < 0 ? 'descendre' : 'monter';
    this.focus(`[data-move="${direction}-${target}"]:not([disabled])`, `[data-move="${other}-${target}"]`);
  }

  protected errorOf(index: number): RowError | undefined {
    return this.rowErrors().get(index);
  }

  protected invalid(index: number, column: keyof MilestoneTypeInput): boolean {
    const error = this.errorOf(index);
    return error !== undefined && (error.column ?? 'code') === column;
  }

  protected rowMessage(index: number, error: RowError): string {
    return rowMessage(index, error.message);
  }

  protected async save(): Promise<void> {
    if (this.submitting()) return;
    const errors = new Map<number, RowError>();
    const types: MilestoneTypeInput[] = [];
    this.table.controls.forEach((row, index) => {
      const read = readRow(row);
      if ('error' in read) errors.set(index, read.error);
      else types.push(read.type);
    });
    this.problem.set(
      this.table.length === 0
        ? {
            title: "Le catalogue des jalons n'a pas été enregistré",
            message: 'Le catalogue doit compter au moins un jalon : ajoutez-en un.',
            reference: null,
            stale: false,
          }
        : null,
    );
    this.rowErrors.set(errors);
    if (errors.size > 0 || this.table.length === 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    this.submitting.set(true);
    try {
      const rulesAfter = await firstValueFrom(
        this.api.replaceMilestoneTypes(this.rules().year, { version: this.rules().version, types }),
      );
      this.editing.set(false);
      const count = rulesAfter.milestoneTypes.length;
      this.announce({
        rules: rulesAfter,
        message: `Le catalogue des jalons est enregistré (${count} jalon${count > 1 ? 's' : ''}).`,
      });
    } catch (error: unknown) {
      const row = rowErrorOf(error, 'types');
      this.rowErrors.set(row ? new Map([[row.index, row.error]]) : new Map());
      this.problem.set(row ? null : campaignProblem(error, "Le catalogue des jalons n'a pas été enregistré"));
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }

  /** Focuses the first element found, trying the selectors in order, once the table has rendered. */
  private announce(change: CampaignSaved): void {
    this.notice.set(change.message);
    this.saved.emit(change);
    this.focus('[data-success]');
  }

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
}
