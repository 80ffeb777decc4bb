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

import type { CampaignRulesResponse, UsageIndicatorInput, UsageIndicatorResponse } from '@esms/api-contract';

import { focusFirstError } from '../../shared/forms/form-failure';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { CampaignProblem, CampaignProblemAlert, campaignProblem } from './campaign-problem';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';
import { CODE_MESSAGE, CODE_PATTERN } from './milestone-types';
import { RowError, RowErrors, rowErrorOf, rowMessage } from './table-errors';

type IndicatorRow = FormGroup<{
  code: FormControl<string>;
  label: FormControl<string>;
  unit: FormControl<string>;
  target: FormControl<string>;
  existing: FormControl<boolean>;
}>;

const targetFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** « 410 000 », « 12,5 »: a target as the tables show it. */
export function formatTarget(target: number): string {
  return targetFormat.format(target);
}

/** « 12,5 » or « 12.5 » → 12.5; null when it is not a number ≥ 0 with at most two decimals. */
export function readTarget(input: string): number | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d{1,12}(?:[.,]\d{1,2})?$/.test(compact)) return null;
  return Number(compact.replace(',', '.'));
}

function indicatorRow(indicator: UsageIndicatorResponse | null): IndicatorRow {
  return new FormGroup({
    code: new FormControl(indicator?.code ?? '', { nonNullable: true }),
    label: new FormControl(indicator?.label ?? '', { nonNullable: true }),
    unit: new FormControl(indicator?.unit ?? '', { nonNullable: true }),
    target: new FormControl(indicator ? String(indicator.target).replace('.', ',') : '', {
      nonNullable: true,
    }),
    existing: new FormControl(indicator !== null, { nonNullable: true }),
  });
}

function readRow(row: IndicatorRow): { indicator: UsageIndicatorInput } | { error: RowError } {
  const value = row.getRawValue();
  const code = value.code.trim().toUpperCase();
  if (!CODE_PATTERN.test(code)) return { error: { column: 'code', message: CODE_MESSAGE } };
  const label = value.label.trim();
  if (label.length < 2) {
    return {
      error: { column: 'label', message: "Le libellé de l'indicateur doit compter au moins 2 caractères." },
    };
  }
  const unit = value.unit.trim();
  if (!unit)
    return {
      error: {
        column: 'unit',
        message: "L'unité de l'indicateur est obligatoire (par exemple « % des ESSMS »).",
      },
    };
  const target = readTarget(value.target);
  if (target === null) {
    return {
      error: {
        column: 'target',
        message:
          'La cible doit être un nombre positif ou nul, avec au plus deux décimales (par exemple 80 ou 12,5).',
      },
    };
  }
  return { indicator: { code, label, unit, target } };
}

/**
 * « Indicateurs d'usage »: what a project must reach for its second tranche, with the unit and the target of
 * the campaign. CNSA administrators edit the list as a whole and send it in one `PUT`.
 */
@Component({
  selector: 'esms-usage-indicators',
  imports: [CampaignProblemAlert, DsfrTable, ReactiveFormsModule],
  templateUrl: './usage-indicators.html',
  styles: `
    .esms-nowrap {
      white-space: nowrap;
    }
    .esms-cell-control {
      min-width: 7rem;
    }
    .esms-cell-control--wide {
      min-width: 14rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageIndicators {
  private readonly api = inject(CampaignsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly rules = input.required<CampaignRulesResponse>();
  readonly canEdit = input(false);
  readonly saved = output<CampaignSaved>();
  readonly reload = output();

  protected readonly editing = signal(false);
  /** What the last save did, said above the table (a status that takes focus). */
  protected readonly notice = signal<string | null>(null);
  protected readonly table = new FormArray<IndicatorRow>([]);
  protected readonly editor = new FormGroup({ rows: this.table });
  protected readonly rowErrors = signal<RowErrors>(new Map());
  protected readonly problem = signal<CampaignProblem | null>(null);
  private readonly submitting = signal(false);

  protected readonly readRows = computed(() =>
    this.rules().usageIndicators.map((indicator) => ({
      code: indicator.code,
      label: indicator.label,
      unit: indicator.unit,
      target: formatTarget(indicator.target),
    })),
  );

  protected edit(): void {
    this.notice.set(null);
    this.table.clear();
    for (const indicator of this.rules().usageIndicators) this.table.push(indicatorRow(indicator));
    this.rowErrors.set(new Map());
    this.problem.set(null);
    this.editing.set(true);
    this.focus('#indicateur-0-libelle, [data-add-row]');
  }

  protected cancel(): void {
    this.editing.set(false);
    this.focus('[data-edit="indicateurs"]');
  }

  protected addRow(): void {
    this.table.push(indicatorRow(null));
    this.focus(`#indicateur-${this.table.length - 1}-code`);
  }

  protected removeRow(index: number): void {
    this.table.removeAt(index);
    this.rowErrors.set(new Map());
    this.focus(`#indicateur-${Math.min(index, this.table.length - 1)}-libelle, [data-add-row]`);
  }

  protected errorOf(index: number): RowError | undefined {
    return this.rowErrors().get(index);
  }

  protected invalid(index: number, column: keyof UsageIndicatorInput): boolean {
    const error = this.errorOf(index);
    return error !== undefined && (error.column ?? 'code') === column;
  }

  protected rowMessage(index: number, error: RowError): string {
    return rowMessage(index, error.message);
  }

  protected async save(): Promise<void> {
    if (this.submitting()) return;
    const errors = new Map<number, RowError>();
    const indicators: UsageIndicatorInput[] = [];
    this.table.controls.forEach((row, index) => {
      const read = readRow(row);
      if ('error' in read) errors.set(index, read.error);
      else indicators.push(read.indicator);
    });
    this.problem.set(
      this.table.length === 0
        ? {
            title: "Les indicateurs d'usage n'ont pas été enregistrés",
            message: "Une campagne doit compter au moins un indicateur d'usage : ajoutez-en un.",
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
        this.api.replaceUsageIndicators(this.rules().year, { version: this.rules().version, indicators }),
      );
      this.editing.set(false);
      const count = rulesAfter.usageIndicators.length;
      this.announce({
        rules: rulesAfter,
        message: `Les indicateurs d'usage sont enregistrés (${count} indicateur${count > 1 ? 's' : ''}).`,
      });
    } catch (error: unknown) {
      const row = rowErrorOf(error, 'indicators');
      this.rowErrors.set(row ? new Map([[row.index, row.error]]) : new Map());
      this.problem.set(
        row ? null : campaignProblem(error, "Les indicateurs d'usage n'ont pas été enregistrés"),
      );
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }

  private announce(change: CampaignSaved): void {
    this.notice.set(change.message);
    this.saved.emit(change);
    this.focus('[data-success]');
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
