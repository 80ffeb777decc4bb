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
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { CampaignRulesResponse, UpdateCampaignRequest } from '@esms/api-contract';

import { apiErrorBody } from '../../core/http/api-error';
import { formatInteger, formatLongDate, formatPercent } from '../../shared/format/format';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { CampaignProblem, campaignProblem } from './campaign-problem';
import { CampaignSaved } from './campaign-saved';
import { CampaignsApi } from './campaigns-api';

type ThresholdField = Exclude<keyof UpdateCampaignRequest, 'version' | 'label'>;
const THRESHOLD_FIELDS: readonly ThresholdField[] = [
  'instructionReference',
  'instructionDate',
  'amendedBy',
  'minEssmsMetropole',
  'minEssmsReduced',
  'nationalCallMinEssms',
  'regionalCallMaxEssms',
  'minOrganisations',
  'tranche1Percent',
  'usageDeadline',
];

type TextField = 'instructionReference' | 'instructionDate' | 'amendedBy' | 'usageDeadline';
type RequiredNumber = 'minEssmsMetropole' | 'minEssmsReduced' | 'tranche1Percent';
type OptionalNumber = 'nationalCallMinEssms' | 'regionalCallMaxEssms' | 'minOrganisations';

const NUMBER_MESSAGES: Readonly<Record<RequiredNumber | OptionalNumber, string>> = {
  minEssmsMetropole: "Saisissez un nombre entier d'ESSMS, par exemple 15.",
  minEssmsReduced: "Saisissez un nombre entier d'ESSMS, par exemple 8.",
  nationalCallMinEssms:
    "Saisissez un nombre entier d'ESSMS, par exemple 50, ou laissez vide s'il n'y a pas d'appel national.",
  regionalCallMaxEssms:
    "Saisissez un nombre entier d'ESSMS, par exemple 49, ou laissez vide s'il n'y a pas de plafond.",
  minOrganisations: "Saisissez un nombre entier d'organismes gestionnaires, par exemple 3, ou laissez vide.",
  tranche1Percent: 'Saisissez un pourcentage entier entre 0 et 100, par exemple 50.',
};

function essms(count: number): string {
  return `${formatInteger(count)} ESSMS`;
}

function text(value: number | string | null): string {
  return value === null ? '' : String(value);
}

/**
 * « Instruction et seuils » of a campaign: instruction reference and date, minimum ESSMS per project
 * (métropole; Corse and overseas), national call threshold, tranche 1 share, usage deadline. CNSA
 * administrators change them in a form that sends only what changed, with the version read (409
 * STALE_VERSION: « Recharger »). Refusals are shown next to the field.
 */
@Component({
  selector: 'esms-campaign-thresholds',
  imports: [DsfrTable, Field, FieldControl, ProblemAlert, ReactiveFormsModule],
  templateUrl: './campaign-thresholds.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignThresholds {
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
  protected readonly form = new FormGroup({
    instructionReference: new FormControl('', { nonNullable: true }),
    instructionDate: new FormControl('', { nonNullable: true }),
    amendedBy: new FormControl('', { nonNullable: true }),
    minEssmsMetropole: new FormControl('', { nonNullable: true }),
    minEssmsReduced: new FormControl('', { nonNullable: true }),
    nationalCallMinEssms: new FormControl('', { nonNullable: true }),
    regionalCallMaxEssms: new FormControl('', { nonNullable: true }),
    minOrganisations: new FormControl('', { nonNullable: true }),
    tranche1Percent: new FormControl('', { nonNullable: true }),
    usageDeadline: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<ThresholdField>>({});
  protected readonly problem = signal<CampaignProblem | null>(null);
  private readonly submitting = signal(false);

  /** The rows of the read-only table. */
  protected readonly rows = computed(() => {
    const rules = this.rules();
    let instruction = rules.instructionReference ?? 'Non renseignée';
    if (rules.instructionDate) instruction += ` du ${formatLongDate(rules.instructionDate)}`;
    if (rules.amendedBy) instruction += `, modifiée par ${rules.amendedBy}`;
    return [
      { label: 'Instruction', value: instruction },
      { label: "Minimum d'ESSMS par projet en métropole", value: essms(rules.minEssmsMetropole) },
      { label: "Minimum d'ESSMS par projet en Corse et outre-mer", value: essms(rules.minEssmsReduced) },
      {
        label: 'Appel à projets national',
        value:
          rules.nationalCallMinEssms === null
            ? "Pas d'appel national"
            : `À partir de ${essms(rules.nationalCallMinEssms)}`,
      },
      ...(rules.regionalCallMaxEssms === null
        ? []
        : [{ label: "Plafond d'un projet en appel régional", value: essms(rules.regionalCallMaxEssms) }]),
      ...(rules.minOrganisations === null
        ? []
        : [
            {
              label: "Minimum d'organismes gestionnaires par projet",
              value: formatInteger(rules.minOrganisations),
            },
          ]),
      {
        label: 'Part de la tranche 1',
        value: `${formatPercent(rules.tranche1Percent)} à la signature de la convention, le solde (${formatPercent(100 - rules.tranche1Percent)}) en fin de projet`,
      },
      {
        label: "Échéance d'usage",
        value: rules.usageDeadline ? formatLongDate(rules.usageDeadline) : 'Non fixée',
      },
    ];
  });

  protected edit(): void {
    this.notice.set(null);
    const rules = this.rules();
    this.form.setValue({
      instructionReference: text(rules.instructionReference),
      instructionDate: text(rules.instructionDate),
      amendedBy: text(rules.amendedBy),
      minEssmsMetropole: text(rules.minEssmsMetropole),
      minEssmsReduced: text(rules.minEssmsReduced),
      nationalCallMinEssms: text(rules.nationalCallMinEssms),
      regionalCallMaxEssms: text(rules.regionalCallMaxEssms),
      minOrganisations: text(rules.minOrganisations),
      tranche1Percent: text(rules.tranche1Percent),
      usageDeadline: text(rules.usageDeadline),
    });
    this.errors.set({});
    this.problem.set(null);
    this.editing.set(true);
    this.focus('#seuils-instruction');
  }

  protected cancel(): void {
    this.editing.set(false);
    this.focus('[data-edit="seuils"]');
  }

  protected async save(): Promise<void> {
    if (this.submitting()) return;
    const rules = this.rules();
    const value = this.form.getRawValue();
    const errors: Partial<Record<ThresholdField, string>> = {};
    const changes: Partial<Record<ThresholdField, string | number | null>> = {};

    const texts: readonly TextField[] = [
      'instructionReference',
      'instructionDate',
      'amendedBy',
      'usageDeadline',
    ];
    for (const field of texts) {
      const next = value[field].trim() || null;
      if (next !== rules[field]) changes[field] = next;
    }
    const required: readonly RequiredNumber[] = ['minEssmsMetropole', 'minEssmsReduced', 'tranche1Percent'];
    for (const field of required) {
      const raw = value[field].trim();
      if (!/^\d{1,5}$/.test(raw)) errors[field] = NUMBER_MESSAGES[field];
      else if (Number(raw) !== rules[field]) changes[field] = Number(raw);
    }
    const optional: readonly OptionalNumber[] = [
      'nationalCallMinEssms',
      'regionalCallMaxEssms',
      'minOrganisations',
    ];
    for (const field of optional) {
      const raw = value[field].trim();
      if (raw !== '' && !/^\d{1,5}$/.test(raw)) errors[field] = NUMBER_MESSAGES[field];
      else {
        const next = raw === '' ? null : Number(raw);
        if (next !== rules[field]) changes[field] = next;
      }
    }
    this.errors.set(errors);
    this.problem.set(null);
    if (Object.keys(errors).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    if (Object.keys(changes).length === 0) {
      this.editing.set(false);
      this.announce({ rules, message: "Aucune modification : l'instruction et les seuils sont inchangés." });
      return;
    }

    this.submitting.set(true);
    try {
      const request = { version: rules.version, ...changes } as UpdateCampaignRequest;
      const rulesAfter = await firstValueFrom(this.api.update(rules.year, request));
      this.editing.set(false);
      this.announce({ rules: rulesAfter, message: "L'instruction et les seuils sont enregistrés." });
    } catch (error: unknown) {
      if (apiErrorBody(error)?.code === 'STALE_VERSION') {
        this.errors.set({});
        this.problem.set(campaignProblem(error, ''));
      } else {
        const failure = toFormFailure(error, THRESHOLD_FIELDS);
        this.errors.set(failure.fields);
        this.problem.set(
          failure.alert && { ...failure.alert, title: "Les seuils n'ont pas été enregistrés", stale: false },
        );
      }
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
