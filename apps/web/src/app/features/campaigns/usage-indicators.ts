import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';

import type { CampaignRulesResponse, UsageIndicatorInput, UsageIndicatorResponse } from '@esms/api-contract';

import { InvalidBy } from '../../shared/forms/invalid-by';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';
import { CODE_MESSAGE, CODE_PATTERN } from './milestone-types';
import { RuleCells, RuleTable } from './rule-table';
import { RuleTableEditor } from './rule-table-editor';
import { RowError } from './table-errors';

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

function readRow(row: IndicatorRow): { item: UsageIndicatorInput } | { error: RowError } {
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
  return { item: { code, label, unit, target } };
}

/**
 * « Indicateurs d'usage »: what a project must reach for its second tranche, with the unit and the target of
 * the campaign. CNSA administrators edit the list as a whole and send it in one `PUT`.
 */
@Component({
  selector: 'esms-usage-indicators',
  imports: [InvalidBy, ReactiveFormsModule, RuleCells, RuleTable],
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

  readonly rules = input.required<CampaignRulesResponse>();
  readonly canEdit = input(false);
  readonly saved = output<CampaignSaved>();
  readonly reload = output();

  protected readonly columns = ['Code', 'Libellé', 'Unité', 'Cible'];

  protected readonly editor = new RuleTableEditor<IndicatorRow, UsageIndicatorInput>({
    name: 'indicateurs',
    rowPrefix: 'indicateur',
    list: 'indicators',
    focusCell: 'libelle',
    newRowCell: 'code',
    rowColumns: ['code'],
    rows: () => this.rules().usageIndicators.map(indicatorRow),
    newRow: () => indicatorRow(null),
    readRow,
    notSavedTitle: "Les indicateurs d'usage n'ont pas été enregistrés",
    emptyMessage: "Une campagne doit compter au moins un indicateur d'usage : ajoutez-en un.",
    send: (indicators) =>
      this.api.replaceUsageIndicators(this.rules().year, { version: this.rules().version, indicators }),
    savedMessage: (rules) => {
      const count = rules.usageIndicators.length;
      return `Les indicateurs d'usage sont enregistrés (${count} indicateur${count > 1 ? 's' : ''}).`;
    },
    saved: (change) => this.saved.emit(change),
  });

  protected readonly readRows = computed(() =>
    this.rules().usageIndicators.map((indicator) => ({
      code: indicator.code,
      label: indicator.label,
      unit: indicator.unit,
      target: formatTarget(indicator.target),
    })),
  );
}
