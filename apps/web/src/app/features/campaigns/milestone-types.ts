import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';

import type { CampaignRulesResponse, MilestoneTypeInput, MilestoneTypeResponse } from '@esms/api-contract';

import { formatInteger } from '../../shared/format/format';
import { InvalidBy } from '../../shared/forms/invalid-by';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';
import { RuleCells, RuleTable } from './rule-table';
import { RuleTableEditor } from './rule-table-editor';
import { RowError } from './table-errors';

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
    perEssms: new FormControl(
      { value: type?.perEssms ?? false, disabled: (type?.milestoneCount ?? 0) > 0 },
      { nonNullable: true },
    ),
    existing: new FormControl(type !== null, { nonNullable: true }),
    milestoneCount: new FormControl(type?.milestoneCount ?? 0, { nonNullable: true }),
  });
}

/** « 365 jours », « 1 jour ». */
export function formatDays(days: number): string {
  return `${formatInteger(days)} jour${days > 1 ? 's' : ''}`;
}

/** The row's values for the API, or the first fault of the row (column named as the API names it). */
function readRow(row: MilestoneRow): { item: MilestoneTypeInput } | { error: RowError } {
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
    item: {
      code,
      label,
      defaultDelayDays: Number(delay),
      importance: Number(value.importance),
      perEssms: value.perEssms,
    },
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
  imports: [InvalidBy, ReactiveFormsModule, RuleCells, RuleTable],
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MilestoneTypes {
  private readonly api = inject(CampaignsApi);

  readonly rules = input.required<CampaignRulesResponse>();
  readonly canEdit = input(false);
  readonly saved = output<CampaignSaved>();
  readonly reload = output();

  protected readonly importances = ['1', '2', '3', '4', '5'];
  protected readonly columns = [
    'Code',
    'Libellé',
    'Délai par défaut (jours)',
    'Importance',
    'Suivi par ESSMS',
    'Jalons de projets',
  ];

  protected readonly editor = new RuleTableEditor<MilestoneRow, MilestoneTypeInput>({
    name: 'jalons',
    rowPrefix: 'jalon',
    list: 'types',
    focusCell: 'libelle',
    newRowCell: 'code',
    rowColumns: ['code'],
    rows: () => this.types().map(milestoneRow),
    newRow: () => milestoneRow(null),
    readRow,
    notSavedTitle: "Le catalogue des jalons n'a pas été enregistré",
    emptyMessage: 'Le catalogue doit compter au moins un jalon : ajoutez-en un.',
    send: (types) =>
      this.api.replaceMilestoneTypes(this.rules().year, { version: this.rules().version, types }),
    savedMessage: (rules) => {
      const count = rules.milestoneTypes.length;
      return `Le catalogue des jalons est enregistré (${count} jalon${count > 1 ? 's' : ''}).`;
    },
    saved: (change) => this.saved.emit(change),
  });

  /** The types in the order projects pass them. */
  private readonly types = computed(() =>
    [...this.rules().milestoneTypes].sort((a, b) => a.position - b.position),
  );

  protected readonly readRows = computed(() =>
    this.types().map((type) => ({
      code: type.code,
      position: type.position,
      label: type.label,
      delay: formatDays(type.defaultDelayDays),
      importance: `${type.importance} sur 5`,
      tracking: type.perEssms ? 'Par ESSMS' : 'Par projet',
      count: formatInteger(type.milestoneCount),
    })),
  );
}
