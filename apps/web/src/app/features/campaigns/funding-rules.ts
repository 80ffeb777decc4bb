import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';

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
import { InvalidBy } from '../../shared/forms/invalid-by';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';
import { RuleCells, RuleTable } from './rule-table';
import { RuleTableEditor } from './rule-table-editor';
import { RowError } from './table-errors';

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

function fundingRow(rule: FundingRuleInput | null): FundingRow {
  return new FormGroup({
    callType: new FormControl(rule?.callType ?? 'regional', { nonNullable: true }),
    softwareSituation: new FormControl(rule?.softwareSituation ?? 'acquisition', { nonNullable: true }),
    sector: new FormControl<Sector>(rule?.sector ?? 'TOUS', { nonNullable: true }),
    territory: new FormControl<TerritoryChoice>(rule?.territory ?? 'tous', { nonNullable: true }),
    // A new row starts with an empty amount, to be typed.
    amount: new FormControl(rule ? eurosInputValue(rule.amountPerEssmsCents) : '', { nonNullable: true }),
  });
}

/** The row's values for the API, or the fault of its amount. */
function readRow(row: FundingRow): { item: FundingRuleInput } | { error: RowError } {
  const value = row.getRawValue();
  const amount = readEuros(value.amount, 'Saisissez le montant par ESSMS, en euros (par exemple 25 000).');
  if ('error' in amount) return { error: { column: 'amountPerEssmsCents', message: amount.error } };
  if (amount.cents < 0) {
    return {
      error: { column: 'amountPerEssmsCents', message: 'Le montant par ESSMS ne peut pas être négatif.' },
    };
  }
  return {
    item: {
      callType: value.callType,
      softwareSituation: value.softwareSituation,
      sector: value.sector,
      territory: value.territory,
      amountPerEssmsCents: amount.cents,
    },
  };
}

/**
 * « Table de financement »: the amount per ESSMS by call type, software situation, sector and territory.
 * Read by everyone; CNSA administrators edit the table as a whole (add, change, remove rows) and
 * « Enregistrer » sends it in one `PUT`. A row the API refuses (`rules.3`) shows its message on that row.
 */
@Component({
  selector: 'esms-funding-rules',
  imports: [InvalidBy, ReactiveFormsModule, RuleCells, RuleTable],
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

  readonly rules = input.required<CampaignRulesResponse>();
  readonly canEdit = input(false);
  readonly saved = output<CampaignSaved>();
  readonly reload = output();

  protected readonly callTypes = CALL_TYPE_OPTIONS;
  protected readonly situations = SITUATION_OPTIONS;
  protected readonly sectors = SECTOR_OPTIONS;
  protected readonly territories = TERRITORY_OPTIONS;
  protected readonly columns = [
    'Appel à projets',
    'Situation du logiciel',
    'Secteur',
    'Territoire',
    'Montant par ESSMS (€)',
  ];

  protected readonly editor = new RuleTableEditor<FundingRow, FundingRuleInput>({
    name: 'financement',
    rowPrefix: 'financement',
    list: 'rules',
    focusCell: 'appel',
    newRowCell: 'appel',
    // A combination already in the table (`rules.3`): its four key columns are at fault, not the amount.
    rowColumns: ['callType', 'softwareSituation', 'sector', 'territory'],
    rows: () => this.rules().fundingRules.map(fundingRow),
    newRow: () => fundingRow(null),
    readRow,
    notSavedTitle: "La table de financement n'a pas été enregistrée",
    emptyMessage: 'La table de financement doit compter au moins une ligne : ajoutez-en une.',
    send: (rules) =>
      this.api.replaceFundingRules(this.rules().year, { version: this.rules().version, rules }),
    savedMessage: (rules) => {
      const count = rules.fundingRules.length;
      return `La table de financement est enregistrée (${count} ligne${count > 1 ? 's' : ''}).`;
    },
    saved: (change) => this.saved.emit(change),
  });

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
}
