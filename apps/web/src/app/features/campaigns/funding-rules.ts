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

import type { CampaignRulesResponse, FundingRuleInput } from '@esms/api-contract';
import {
  ESSMS_SECTORS,
  SECTOR_LABELS,
  SOFTWARE_SITUATION_LABELS,
  TERRITORY_LABELS,
  formatEuros,
  type CallType,
  type EssmsSector,
  type SoftwareSituation,
  type Territory,
} from '@esms/domain';

import { eurosInputValue, readEuros } from '../../shared/forms/euro-amount';
import { focusFirstError } from '../../shared/forms/form-failure';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { CampaignProblem, CampaignProblemAlert, campaignProblem } from './campaign-problem';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';
import { RowError, RowErrors, rowErrorOf, rowMessage } from './table-errors';

type Sector = EssmsSector | 'TOUS';
type TerritoryChoice = Territory | 'tous';

type FundingRow = FormGroup<{
  callType: FormControl<CallType>;
  softwareSituation: FormControl<SoftwareSituation>;
  sector: FormControl<Sector>;
  territory: FormControl<TerritoryChoice>;
  amount: FormControl<string>;
}>;

/** In the edited table, short labels: the column says « Appel à projets ». */
export const CALL_TYPE_OPTIONS = [
  { value: 'regional', label: 'Régional' },
  { value: 'national', label: 'National' },
] as const;
export const SITUATION_OPTIONS = (['acquisition', 'mise_en_conformite'] as const).map((value) => ({
  value,
  label: SOFTWARE_SITUATION_LABELS[value],
}));
export const SECTOR_OPTIONS: readonly { value: Sector; label: string }[] = [
  { value: 'TOUS', label: 'Tous secteurs' },
  ...ESSMS_SECTORS.map((value) => ({ value, label: SECTOR_LABELS[value] })),
];
export const TERRITORY_OPTIONS: readonly { value: TerritoryChoice; label: string }[] = [
  { value: 'tous', label: 'Tous territoires' },
  ...(['metropole', 'corse', 'outre_mer'] as const).map((value) => ({
    value,
    label: TERRITORY_LABELS[value],
  })),
];

function fundingRow(rule: FundingRuleInput): FundingRow {
  return new FormGroup({
    callType: new FormControl(rule.callType, { nonNullable: true }),
    softwareSituation: new FormControl(rule.softwareSituation, { nonNullable: true }),
    sector: new FormControl<Sector>(rule.sector, { nonNullable: true }),
    territory: new FormControl<TerritoryChoice>(rule.territory, { nonNullable: true }),
    amount: new FormControl(eurosInputValue(rule.amountPerEssmsCents), { nonNullable: true }),
  });
}

/**
 * « Table de financement »: the amount per ESSMS by call type, software situation, sector and territory.
 * Read by everyone; CNSA administrators edit the table as a whole (add, change, remove rows) and
 * « Enregistrer » sends it in one `PUT`. A row the API refuses (`rules.3`) shows its message on that row.
 */
@Component({
  selector: 'esms-funding-rules',
  imports: [CampaignProblemAlert, DsfrTable, ReactiveFormsModule],
  templateUrl: './funding-rules.html',
  styles: `
    .esms-nowrap {
      white-space: nowrap;
    }
    .esms-cell-control--call {
      min-width: 8.5rem;
    }
    .esms-cell-control--situation {
      min-width: 12rem;
    }
    .esms-cell-control--sector {
      min-width: 17rem;
    }
    .esms-cell-control--territory {
      min-width: 12rem;
    }
    .esms-cell-control--amount {
      min-width: 8rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FundingRules {
  private readonly api = inject(CampaignsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly rules = input.required<CampaignRulesResponse>();
  readonly canEdit = input(false);
  readonly saved = output<CampaignSaved>();
  readonly reload = output();

  protected readonly callTypes = CALL_TYPE_OPTIONS;
  protected readonly situations = SITUATION_OPTIONS;
  protected readonly sectors = SECTOR_OPTIONS;
  protected readonly territories = TERRITORY_OPTIONS;

  protected readonly editing = signal(false);
  /** What the last save did, said above the table (a status that takes focus). */
  protected readonly notice = signal<string | null>(null);
  protected readonly table = new FormArray<FundingRow>([]);
  protected readonly editor = new FormGroup({ rows: this.table });
  protected readonly rowErrors = signal<RowErrors>(new Map());
  protected readonly problem = signal<CampaignProblem | null>(null);
  private readonly submitting = signal(false);

  protected readonly readRows = computed(() =>
    this.rules().fundingRules.map((rule, index) => ({
      index,
      callType: rule.callTypeLabel,
      situation: rule.softwareSituationLabel,
      sector: rule.sectorLabel,
      territory: rule.territoryLabel,
      amount: formatEuros(rule.amountPerEssmsCents),
    })),
  );

  protected edit(): void {
    this.notice.set(null);
    this.table.clear();
    for (const rule of this.rules().fundingRules) this.table.push(fundingRow(rule));
    this.rowErrors.set(new Map());
    this.problem.set(null);
    this.editing.set(true);
    this.focus('#financement-0-appel, [data-add-row]');
  }

  protected cancel(): void {
    this.editing.set(false);
    this.focus('[data-edit="financement"]');
  }

  protected addRow(): void {
    this.table.push(
      fundingRow({
        callType: 'regional',
        softwareSituation: 'acquisition',
        sector: 'TOUS',
        territory: 'tous',
        amountPerEssmsCents: 0,
      }),
    );
    this.table.at(this.table.length - 1).controls.amount.setValue('');
    this.focus(`#financement-${this.table.length - 1}-appel`);
  }

  protected removeRow(index: number): void {
    this.table.removeAt(index);
    this.shiftErrors(index, -1);
    // Focus goes to the row that took its place, or to « Ajouter une ligne ».
    this.focus(`#financement-${Math.min(index, this.table.length - 1)}-appel, [data-add-row]`);
  }

  protected errorOf(index: number): RowError | undefined {
    return this.rowErrors().get(index);
  }

  /**
   * Whether a control of a row is at fault: the column the API named, or, for a refusal of the whole row
   * (a combination already in the table), its four key columns.
   */
  protected invalid(index: number, column: keyof FundingRuleInput): boolean {
    const error = this.errorOf(index);
    if (!error) return false;
    return error.column === null ? column !== 'amountPerEssmsCents' : error.column === column;
  }

  protected async save(): Promise<void> {
    if (this.submitting()) return;
    const errors = new Map<number, RowError>();
    const rules: FundingRuleInput[] = [];
    this.table.controls.forEach((row, index) => {
      const value = row.getRawValue();
      const amount = readEuros(
        value.amount,
        'Saisissez le montant par ESSMS, en euros (par exemple 25 000).',
      );
      if ('error' in amount) {
        errors.set(index, { column: 'amountPerEssmsCents', message: amount.error });
      } else if (amount.cents < 0) {
        errors.set(index, {
          column: 'amountPerEssmsCents',
          message: 'Le montant par ESSMS ne peut pas être négatif.',
        });
      } else {
        rules.push({
          callType: value.callType,
          softwareSituation: value.softwareSituation,
          sector: value.sector,
          territory: value.territory,
          amountPerEssmsCents: amount.cents,
        });
      }
    });
    this.problem.set(
      this.table.length === 0
        ? {
            title: "La table de financement n'a pas été enregistrée",
            message: 'La table de financement doit compter au moins une ligne : ajoutez-en une.',
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
        this.api.replaceFundingRules(this.rules().year, { version: this.rules().version, rules }),
      );
      this.editing.set(false);
      const count = rulesAfter.fundingRules.length;
      this.announce({
        rules: rulesAfter,
        message: `La table de financement est enregistrée (${count} ligne${count > 1 ? 's' : ''}).`,
      });
    } catch (error: unknown) {
      const row = rowErrorOf(error, 'rules');
      this.rowErrors.set(row ? new Map([[row.index, row.error]]) : new Map());
      this.problem.set(
        row ? null : campaignProblem(error, "La table de financement n'a pas été enregistrée"),
      );
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }

  protected rowMessage(index: number, error: RowError): string {
    return rowMessage(index, error.message);
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

  /** Rows after `from` move by `by` (a row added or removed): their errors move with them. */
  private shiftErrors(from: number, by: number): void {
    const shifted = new Map<number, RowError>();
    for (const [index, error] of this.rowErrors()) {
      if (index === from && by < 0) continue;
      shifted.set(index > from ? index + by : index, error);
    }
    this.rowErrors.set(shifted);
  }
}
