import { Location } from '@angular/common';
import { HttpClient, HttpParams } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom, of } from 'rxjs';

import {
  RISK_IMPACT_LABELS,
  RISK_PROBABILITY_LABELS,
  RISK_STATUSES,
  RISK_STATUS_LABELS,
  type CreateRiskRequest,
  type Page,
  type ProjectSummary,
  type RiskHistoryEntry,
  type RiskResponse,
  type RiskStatus,
  type UpdateRiskRequest,
} from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ErrorDescription, apiErrorBody } from '../../core/http/api-error';
import { NotFoundPage } from '../../core/not-found/not-found-page';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { riskScope } from './risk-register-page';
import { riskLookups } from './risk-lookups';
import { toRiskHistoryView } from './risk-history-format';
import { RiskStatusBadge } from './risk-status-badge';
import { RisksApi } from './risks-api';

/** Fields the API may name in a refusal; `projectCode` stands for `projectId` on this form. */
export type RiskField =
  | 'scope'
  | 'projectId'
  | 'regionCode'
  | 'title'
  | 'description'
  | 'probability'
  | 'impact'
  | 'owner'
  | 'mitigation'
  | 'status'
  | 'reviewOn';
const RISK_FIELDS: readonly RiskField[] = [
  'scope',
  'projectId',
  'regionCode',
  'title',
  'description',
  'probability',
  'impact',
  'owner',
  'mitigation',
  'status',
  'reviewOn',
];

export type RiskScopeKind = 'project' | 'region' | 'programme';

export interface RiskFormValue {
  readonly scope: RiskScopeKind;
  readonly projectCode: string;
  readonly regionCode: string;
  readonly title: string;
  readonly description: string;
  readonly probability: string;
  readonly impact: string;
  readonly owner: string;
  readonly mitigation: string;
  readonly status: string;
  readonly reviewOn: string;
}

/** The form checked here, with a French message next to each field at fault (the API checks again). */
export function checkRiskForm(value: RiskFormValue, creating: boolean): FieldErrors<RiskField> {
  const errors: Partial<Record<RiskField, string>> = {};
  if (creating) {
    if (value.scope === 'project' && !value.projectCode.trim())
      errors.projectId = 'Saisissez le code du projet concerné, par exemple 2024-53-0007.';
    if (value.scope === 'region' && !value.regionCode)
      errors.regionCode = 'Choisissez la région concernée par le risque.';
  }
  const title = value.title.trim();
  if (title.length < 3 || title.length > 200)
    errors.title = 'Le titre doit compter de 3 à 200 caractères : nommez le risque en quelques mots.';
  if (!value.description.trim()) errors.description = 'Décrivez le risque : ce qui peut arriver et ses conséquences.';
  else if (value.description.length > 4000) errors.description = 'La description ne peut pas dépasser 4 000 caractères.';
  if (!['1', '2', '3', '4'].includes(value.probability))
    errors.probability = 'Choisissez la probabilité du risque, de 1 (rare) à 4 (quasi certain).';
  if (!['1', '2', '3', '4'].includes(value.impact))
    errors.impact = 'Choisissez l’impact du risque, de 1 (mineur) à 4 (critique).';
  const owner = value.owner.trim();
  if (owner.length < 2 || owner.length > 200)
    errors.owner = 'Indiquez la personne ou l’équipe responsable (de 2 à 200 caractères).';
  if (value.reviewOn && !/^\d{4}-\d{2}-\d{2}$/.test(value.reviewOn))
    errors.reviewOn = 'Saisissez la date de la prochaine revue au format JJ/MM/AAAA.';
  return errors;
}

interface RiskKey {
  readonly id: string | null;
  readonly reload: number;
}

/** Message left after a save, read once from the navigation's state. */
interface RiskPageState {
  readonly riskMessage?: string;
}

/**
 * One register risk: « Relever un risque » (new) or « Modifier le risque » with its history. The ARS officer
 * writes their region's risks, the CNSA administrator all; other roles read. A stale version (409) is said
 * plainly — nothing was saved — with « Recharger » to read the current risk again.
 */
@Component({
  selector: 'esms-risk-form-page',
  imports: [
    ErrorState,
    Field,
    FieldControl,
    LoadingStatus,
    NotFoundPage,
    ReactiveFormsModule,
    RiskStatusBadge,
    RouterLink,
  ],
  templateUrl: './risk-form-page.html',
  styles: `
    .esms-form {
      max-width: 48rem;
    }
    .esms-details {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
      gap: 0 2rem;
      padding: 0;
    }
    .esms-details dt {
      font-weight: 700;
      font-size: 0.875rem;
    }
    .esms-details dd {
      margin: 0 0 1rem;
      padding: 0;
      white-space: pre-line;
    }
    .esms-details__wide {
      grid-column: 1 / -1;
    }
    .esms-history > li {
      margin-bottom: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskFormPage {
  private readonly api = inject(RisksApi);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly auth = inject(AuthStore);

  /** From the address: absent on `/risques/registre/nouveau`. */
  readonly id = input<string>();

  protected readonly lookups = riskLookups(false);
  protected readonly creating = computed(() => !this.id());
  protected readonly canWrite = this.auth.hasRole('ARS_OFFICER', 'CNSA_ADMIN');
  /** Programme-level and any region's risks: the CNSA administrator only. */
  protected readonly cnsa = this.auth.hasRole('CNSA_ADMIN');
  private readonly ownRegion = this.auth.user()?.organisation.regionCodes?.[0] ?? null;

  private readonly reloads = signal(0);
  private readonly key = computed((): RiskKey => ({ id: this.id() ?? null, reload: this.reloads() }), {
    equal: (a, b) => a.id === b.id && a.reload === b.reload,
  });
  protected readonly risk = loadableFrom<RiskKey, RiskResponse | null>(this.key, ({ id }) =>
    id ? this.api.risk(id) : of(null),
  );
  protected readonly history = loadableFrom<RiskKey, Page<RiskHistoryEntry> | null>(this.key, ({ id }) =>
    id ? this.api.riskHistory(id, 1, 50) : of(null),
  );

  protected readonly notFound = computed(() => {
    const state = this.risk.state();
    return state.status === 'error' && apiErrorBody(state.error)?.statusCode === 404;
  });

  protected readonly form = new FormGroup({
    scope: new FormControl<RiskScopeKind>('project', { nonNullable: true }),
    projectCode: new FormControl('', { nonNullable: true }),
    regionCode: new FormControl('', { nonNullable: true }),
    title: new FormControl('', { nonNullable: true }),
    description: new FormControl('', { nonNullable: true }),
    probability: new FormControl('', { nonNullable: true }),
    impact: new FormControl('', { nonNullable: true }),
    owner: new FormControl('', { nonNullable: true }),
    mitigation: new FormControl('', { nonNullable: true }),
    status: new FormControl<string>('OUVERT', { nonNullable: true }),
    reviewOn: new FormControl('', { nonNullable: true }),
  });
  protected readonly scope = signal<RiskScopeKind>('project');
  protected readonly errors = signal<FieldErrors<RiskField>>({});
  protected readonly alert = signal<(ErrorDescription & { readonly stale: boolean }) | null>(null);
  protected readonly success = signal<string | null>(
    (inject(Location).getState() as RiskPageState | null)?.riskMessage ?? null,
  );
  protected readonly saving = signal(false);

  protected readonly probabilities = [1, 2, 3, 4].map((value) => ({
    value: String(value),
    label: `${value} – ${RISK_PROBABILITY_LABELS[value] ?? ''}`,
  }));
  protected readonly impacts = [1, 2, 3, 4].map((value) => ({
    value: String(value),
    label: `${value} – ${RISK_IMPACT_LABELS[value] ?? ''}`,
  }));
  protected readonly statuses = RISK_STATUSES.map((value) => ({ value, label: RISK_STATUS_LABELS[value] }));

  protected readonly loaded = computed(() => {
    const state = this.risk.state();
    return state.status === 'loaded' ? state.data : null;
  });
  protected readonly details = computed(() => {
    const risk = this.loaded();
    if (!risk) return null;
    return {
      scope: riskScope(risk),
      probability: `${risk.probability} – ${RISK_PROBABILITY_LABELS[risk.probability] ?? ''}`,
      impact: `${risk.impact} – ${RISK_IMPACT_LABELS[risk.impact] ?? ''}`,
      reviewOn: risk.reviewOn ? formatShortDate(risk.reviewOn) : 'Non fixée',
      updated: `${formatShortDate(risk.updatedAt)}${risk.updatedByName ? ` par ${risk.updatedByName}` : ''}`,
    };
  });
  protected readonly historyRows = computed(() => {
    const state = this.history.state();
    return state.status === 'loaded' && state.data ? state.data.items.map(toRiskHistoryView) : [];
  });

  constructor() {
    this.form.controls.scope.valueChanges.subscribe((scope) => this.scope.set(scope));
    if (!this.cnsa && this.ownRegion) this.form.controls.regionCode.setValue(this.ownRegion);
    // The form shows the risk as read (and again after « Recharger »).
    effect(() => {
      const risk = this.loaded();
      if (!risk) return;
      untracked(() =>
        this.form.patchValue({
          title: risk.title,
          description: risk.description,
          probability: String(risk.probability),
          impact: String(risk.impact),
          owner: risk.owner,
          mitigation: risk.mitigation ?? '',
          status: risk.status,
          reviewOn: risk.reviewOn ?? '',
        }),
      );
    });
  }

  protected reload(): void {
    this.alert.set(null);
    this.errors.set({});
    this.reloads.update((count) => count + 1);
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    const value = this.form.getRawValue();
    const creating = this.creating();
    const errors = { ...checkRiskForm(value, creating) };
    this.alert.set(null);
    this.success.set(null);
    let projectId: string | null = null;
    if (creating && value.scope === 'project' && !errors.projectId) {
      projectId = await this.findProject(value.projectCode.trim());
      if (!projectId)
        errors.projectId = `Aucun projet de votre périmètre n’a le code « ${value.projectCode.trim()} ». Vérifiez le code sur la page du projet.`;
    }
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    this.saving.set(true);
    try {
      const common = {
        title: value.title.trim(),
        description: value.description.trim(),
        probability: Number(value.probability),
        impact: Number(value.impact),
        owner: value.owner.trim(),
        mitigation: value.mitigation.trim() || null,
        status: value.status as RiskStatus,
        reviewOn: value.reviewOn || null,
      };
      if (creating) {
        const request: CreateRiskRequest = {
          ...common,
          projectId: value.scope === 'project' ? projectId : null,
          regionCode: value.scope === 'region' ? value.regionCode : null,
        };
        const created = await firstValueFrom(this.api.create(request));
        await this.router.navigate(['/risques/registre', created.id], {
          state: { riskMessage: `Le risque « ${created.title} » est enregistré.` } satisfies RiskPageState,
        });
      } else {
        const risk = this.loaded();
        if (!risk) return;
        const request: UpdateRiskRequest = { ...common, version: risk.version };
        const updated = await firstValueFrom(this.api.update(risk.id, request));
        this.success.set(`Les modifications du risque « ${updated.title} » sont enregistrées.`);
        this.reloads.update((count) => count + 1);
      }
    } catch (error: unknown) {
      const body = apiErrorBody(error);
      if (body?.code === 'STALE_VERSION' || body?.statusCode === 409) {
        this.alert.set({
          message: `Ce risque a été modifié entre-temps par quelqu’un d’autre. Rien n’a été enregistré. Rechargez-le pour voir sa version actuelle, puis refaites vos modifications.`,
          reference: null,
          stale: true,
        });
      } else {
        const failure = toFormFailure(error, RISK_FIELDS);
        this.errors.set(failure.fields);
        this.alert.set(failure.alert ? { ...failure.alert, stale: false } : null);
      }
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.saving.set(false);
    }
  }

  /** The id of the project with exactly this code in the user's scope, or null. */
  private async findProject(code: string): Promise<string | null> {
    try {
      const params = new HttpParams().set('q', code).set('pageSize', 10);
      const page = await firstValueFrom(this.http.get<Page<ProjectSummary>>('/api/projects', { params }));
      return page.items.find((project) => project.code.toLowerCase() === code.toLowerCase())?.id ?? null;
    } catch {
      return null;
    }
  }
}
