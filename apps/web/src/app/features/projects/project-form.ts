import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import {
  Observable,
  Subject,
  catchError,
  combineLatest,
  concat,
  debounceTime,
  distinctUntilChanged,
  firstValueFrom,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs';

import type {
  CreateProjectRequest,
  EssmsResponse,
  OrganismeGestionnaireResponse,
  Page,
  ProjectDetail,
  UpdateProjectRequest,
} from '@esms/api-contract';
import {
  PROJECT_STATUS_LABELS,
  SOFTWARE_SITUATION_LABELS,
  formatEuros,
  hasNationalScope,
  isEditable,
  type SoftwareSituation,
} from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { ErrorDescription, apiErrorBody } from '../../core/http/api-error';
import { NotFoundPage } from '../../core/not-found/not-found-page';
import { SERVICE_NAME } from '../../core/page-title-strategy';
import { LoadState, loadable } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { EuroAmount, eurosInputValue, readEuros } from '../../shared/forms/euro-amount';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { organisationShortfall, thresholdFeedback } from './grappe-threshold';
import { ProjectBreadcrumb } from './project-breadcrumb';
import { isNotFound } from './project-problem';
import type { ProjectPageState } from './project-detail-page';
import { ProjectsApi } from './projects-api';

/** A member of the grappe being edited. */
export interface MemberRow {
  readonly essmsId: string;
  readonly finess: string;
  readonly name: string;
  readonly categoryLabel: string;
  readonly ogId: string;
  readonly ogName: string;
  readonly softwareSituation: SoftwareSituation;
}

export interface PorteurChoice {
  readonly id: string;
  readonly name: string;
  readonly finess: string;
}

/** A search typed as you go: nothing yet, running, its answer, or its failure. */
export type SearchState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly items: readonly T[]; readonly total: number }
  | { readonly status: 'error'; readonly error: unknown };

/** Shortest search sent to the API, and the pause after the last key before it is sent. */
export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_DEBOUNCE_MS = 300;

const FIXED_FIELDS = [
  'name',
  'campaignYear',
  'regionCode',
  'porteurOgId',
  'duiSoftwareId',
  'requestedCents',
  'members',
  'grantedCents',
  'grantOverrideJustification',
] as const;

function searchAs<T>(
  terms: Observable<readonly [string, string | null]>,
  request: (q: string, region: string) => Observable<Page<T>>,
): Observable<SearchState<T>> {
  return terms.pipe(
    debounceTime(SEARCH_DEBOUNCE_MS),
    map(([q, region]) => [q.trim(), region] as const),
    distinctUntilChanged((a, b) => a[0] === b[0] && a[1] === b[1]),
    switchMap(([q, region]) =>
      q.length < SEARCH_MIN_LENGTH || !region
        ? of<SearchState<T>>({ status: 'idle' })
        : concat(
            of<SearchState<T>>({ status: 'loading' }),
            request(q, region).pipe(
              map((page): SearchState<T> => ({ status: 'loaded', items: page.items, total: page.total })),
              catchError((error: unknown) => of<SearchState<T>>({ status: 'error', error })),
            ),
          ),
    ),
  );
}

/** A non-negative amount typed in euros: cents, or the French reason it cannot be read. */
function readAmount(text: string, empty: string): EuroAmount {
  const amount = readEuros(text, empty);
  return 'cents' in amount && amount.cents < 0 ? { error: 'Le montant ne peut pas être négatif.' } : amount;
}

/**
 * « Nouveau projet » and « Modifier le projet » (ARS officer of the region, CNSA administrator): name, campaign,
 * region (the officer's own), porteur found as you type, DUI software, requested amount in euros, and the member
 * ESSMS found by FINESS or name in the region, each with its software situation. While members are added the form
 * says how many ESSMS the grappe counts against the campaign's threshold for the territory, and which call it
 * implies. On edit, an amount granted other than the computed one needs a justification. The API's refusals go
 * next to their field (`members.3.essmsId` next to the fourth member); a 409 STALE_VERSION says that someone else
 * changed the project meanwhile and offers « Recharger ».
 */
@Component({
  selector: 'esms-project-form',
  imports: [
    ErrorState,
    Field,
    FieldControl,
    LoadingStatus,
    NotFoundPage,
    ProblemAlert,
    ProjectBreadcrumb,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './project-form.html',
  styles: `
    .esms-results {
      border: 1px solid var(--border-default-grey);
      padding: 0.5rem 1rem;
    }
    .esms-narrow {
      max-width: 48rem;
    }
    .esms-chosen {
      border-left: 4px solid var(--border-plain-blue-france);
      padding-left: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectForm {
  private readonly api = inject(ProjectsApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly title = inject(Title);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The project's id on `/projets/:id/modifier`; absent on `/projets/nouveau`. */
  readonly id = input<string>();

  private readonly user = this.auth.user();
  protected readonly national = hasNationalScope(this.user?.role ?? 'ARS_OFFICER');
  /** The ARS officer's own region: projects are filed there only. */
  private readonly ownRegion = this.user?.organisation.regionCode ?? this.user?.homeRegionCode ?? null;

  protected readonly campaigns = loadable(() => this.api.campaigns());
  protected readonly software = loadable(() => this.api.duiSoftware());
  private readonly organisations = inject(OrganisationsApi);
  protected readonly regions = loadable(() => this.organisations.regions());

  /** Edit: the project as last read. */
  protected readonly existing = signal<LoadState<ProjectDetail> | null>(null);
  protected readonly editing = computed(() => this.id() !== undefined);
  protected readonly current = computed(() => {
    const state = this.existing();
    return state?.status === 'loaded' ? state.data : null;
  });
  protected readonly notFound = computed(() => {
    const state = this.existing();
    return state?.status === 'error' && isNotFound(state.error);
  });
  /** Members, software and amounts change only at « Dossier déposé » and « Retenu ». */
  protected readonly locked = computed(() => {
    const project = this.current();
    return project !== null && !isEditable(project.status);
  });
  protected readonly computedGrant = computed(() => {
    const project = this.current();
    return project ? formatEuros(project.computedGrantCents) : '';
  });
  protected readonly lockedStatus = computed(() => {
    const project = this.current();
    return project ? PROJECT_STATUS_LABELS[project.status] : '';
  });

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true }),
    campaignYear: new FormControl('', { nonNullable: true }),
    regionCode: new FormControl('', { nonNullable: true }),
    duiSoftwareId: new FormControl('', { nonNullable: true }),
    requested: new FormControl('', { nonNullable: true }),
    granted: new FormControl('', { nonNullable: true }),
    justification: new FormControl('', { nonNullable: true }),
  });
  protected readonly porteurQuery = new FormControl('', { nonNullable: true });
  protected readonly essmsQuery = new FormControl('', { nonNullable: true });

  protected readonly porteur = signal<PorteurChoice | null>(null);
  protected readonly members = signal<readonly MemberRow[]>([]);
  protected readonly errors = signal<FieldErrors>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  protected readonly notSavedTitle = "Les modifications n'ont pas été enregistrées";
  protected readonly notFiledTitle = "Le projet n'a pas été déposé";
  /** 409 STALE_VERSION on edit: the project as it is now, if the API sent it. */
  protected readonly stale = signal<{
    readonly message: string;
    readonly latest: ProjectDetail | null;
  } | null>(null);
  protected readonly submitting = signal(false);

  private readonly campaignYear = toSignal(
    this.form.controls.campaignYear.valueChanges.pipe(startWith(this.form.controls.campaignYear.value)),
    { requireSync: true },
  );
  private readonly chosenRegion = toSignal(
    this.form.controls.regionCode.valueChanges.pipe(startWith(this.form.controls.regionCode.value)),
    { requireSync: true },
  );
  /** The region of the project: its own on edit, the officer's, or the administrator's choice. */
  protected readonly regionCode = computed(() => {
    const project = this.current();
    if (project) return project.region.code;
    if (!this.national) return this.ownRegion;
    return this.chosenRegion() || null;
  });
  protected readonly regionName = computed(() => {
    const code = this.regionCode();
    const state = this.regions.state();
    const region =
      state.status === 'loaded' ? state.data.find((candidate) => candidate.code === code) : undefined;
    return region?.name ?? this.current()?.region.name ?? code ?? '';
  });
  protected readonly campaign = computed(() => {
    const state = this.campaigns.state();
    const year = this.current()?.campaignYear ?? Number(this.campaignYear());
    return state.status === 'loaded'
      ? (state.data.find((candidate) => candidate.year === year) ?? null)
      : null;
  });

  protected readonly threshold = computed(() => {
    const campaign = this.campaign();
    const region = this.regionCode();
    return campaign && region ? thresholdFeedback(this.members().length, campaign, region) : null;
  });
  protected readonly organisationNote = computed(() => {
    const campaign = this.campaign();
    if (!campaign) return null;
    return organisationShortfall(new Set(this.members().map((member) => member.ogId)).size, campaign);
  });
  protected readonly acquisitions = computed(
    () => this.members().filter((member) => member.softwareSituation === 'acquisition').length,
  );

  private readonly porteurTerms = combineLatest([
    this.porteurQuery.valueChanges.pipe(startWith('')),
    toObservable(this.regionCode),
  ]);
  protected readonly porteurResults = toSignal(
    searchAs<OrganismeGestionnaireResponse>(this.porteurTerms, (q, region) =>
      this.api.gestionnaires(q, region),
    ),
    { initialValue: { status: 'idle' } },
  );
  private readonly essmsTerms = combineLatest([
    this.essmsQuery.valueChanges.pipe(startWith('')),
    toObservable(this.regionCode),
  ]);
  protected readonly essmsResults = toSignal(
    searchAs<EssmsResponse>(this.essmsTerms, (q, region) => this.api.essms(q, region)),
    { initialValue: { status: 'idle' } },
  );
  protected readonly essmsRows = computed(() => {
    const state = this.essmsResults();
    if (state.status !== 'loaded') return [];
    const chosen = new Set(this.members().map((member) => member.essmsId));
    const year = this.campaign()?.year ?? null;
    const projectId = this.current()?.id ?? null;
    return state.items.map((essms) => {
      const elsewhere =
        essms.project !== null && essms.project.campaignYear === year && essms.project.id !== projectId
          ? essms.project
          : null;
      return { essms, added: chosen.has(essms.id), elsewhere };
    });
  });

  protected readonly situations = (['acquisition', 'mise_en_conformite'] as const).map((value) => ({
    value,
    label: SOFTWARE_SITUATION_LABELS[value],
  }));
  protected readonly breadcrumb = computed(() => {
    const project = this.current();
    if (!this.editing())
      return [
        { label: 'Projets', link: ['/projets'] },
        { label: 'Nouveau projet', link: null },
      ];
    return [
      { label: 'Projets', link: ['/projets'] },
      { label: project?.code ?? 'Projet', link: project ? ['/projets', project.id] : null },
      { label: 'Modifier', link: null },
    ];
  });

  private readonly loads = new Subject<string>();

  constructor() {
    this.loads
      .pipe(
        switchMap((id) =>
          concat(
            of<LoadState<ProjectDetail>>({ status: 'loading' }),
            this.api.get(id).pipe(
              map((data): LoadState<ProjectDetail> => ({ status: 'loaded', data })),
              catchError((error: unknown) => of<LoadState<ProjectDetail>>({ status: 'error', error })),
            ),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.existing.set(state);
        if (state.status === 'loaded') this.fill(state.data);
      });

    effect(() => {
      const id = this.id();
      untracked(() => {
        if (id !== undefined) this.loads.next(id);
      });
    });

    // A new project: the latest campaign is proposed.
    effect(() => {
      const state = this.campaigns.state();
      if (this.editing() || state.status !== 'loaded') return;
      untracked(() => {
        const latest = state.data.reduce<number | null>(
          (max, campaign) => Math.max(max ?? 0, campaign.year),
          null,
        );
        if (!this.form.controls.campaignYear.value && latest !== null) {
          this.form.controls.campaignYear.setValue(String(latest));
        }
      });
    });

    // Another region: its porteur and its ESSMS no longer fit.
    let previousRegion: string | null = null;
    effect(() => {
      const region = this.regionCode();
      untracked(() => {
        if (!this.editing() && previousRegion !== null && region !== previousRegion) {
          this.porteur.set(null);
          this.members.set([]);
        }
        previousRegion = region;
      });
    });

    effect(() => {
      const project = this.current();
      const notFound = this.notFound();
      untracked(() => {
        if (project) this.title.setTitle(`Modifier le projet ${project.code} — ${SERVICE_NAME}`);
        else if (notFound) this.title.setTitle(`Page non trouvée — ${SERVICE_NAME}`);
      });
    });
  }

  protected choosePorteur(og: OrganismeGestionnaireResponse): void {
    this.porteur.set({ id: og.id, name: og.name, finess: og.finessJuridique });
    this.porteurQuery.setValue('');
    this.clearError('porteurOgId');
    this.focus('[data-porteur-chosen]');
  }

  protected addMember(essms: EssmsResponse): void {
    if (this.members().some((member) => member.essmsId === essms.id)) return;
    this.members.update((members) => [
      ...members,
      {
        essmsId: essms.id,
        finess: essms.finessGeo,
        name: essms.name,
        categoryLabel: essms.categoryLabel,
        ogId: essms.og.id,
        ogName: essms.og.name,
        softwareSituation: 'acquisition',
      },
    ]);
    // Member errors are by position: they no longer apply once the list changes.
    this.clearMemberErrors();
  }

  protected removeMember(index: number): void {
    const removed = this.members()[index];
    this.members.update((members) => members.filter((_, position) => position !== index));
    this.clearMemberErrors();
    if (removed) this.focus('#recherche-essms');
  }

  protected setSituation(index: number, event: Event): void {
    const value = (event.target as HTMLSelectElement).value as SoftwareSituation;
    this.members.update((members) =>
      members.map((member, position) =>
        position === index ? { ...member, softwareSituation: value } : member,
      ),
    );
  }

  protected memberError(index: number): string | undefined {
    const errors = this.errors();
    return errors[`members.${index}.essmsId`] ?? errors[`members.${index}.softwareSituation`];
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.alert.set(null);
    this.stale.set(null);
    const project = this.current();
    const errors: Record<string, string> = {};
    const value = this.form.getRawValue();
    const name = value.name.trim();
    if (name.length < 3) errors['name'] = 'Saisissez le nom du projet (au moins 3 caractères).';

    let request: CreateProjectRequest | UpdateProjectRequest;
    if (project) {
      request = this.updateRequest(project, name, errors);
    } else {
      const campaignYear = Number(value.campaignYear);
      if (!value.campaignYear) errors['campaignYear'] = 'Choisissez la campagne.';
      const regionCode = this.regionCode();
      if (!regionCode) errors['regionCode'] = 'Choisissez la région du projet.';
      const porteur = this.porteur();
      if (!porteur)
        errors['porteurOgId'] = "Cherchez puis choisissez l'organisme gestionnaire qui porte le projet.";
      const requested = readAmount(
        value.requested,
        'Saisissez le montant demandé, en euros, par exemple 375 000.',
      );
      if ('error' in requested) errors['requestedCents'] = requested.error;
      this.checkMembers(errors);
      request = {
        name,
        campaignYear,
        regionCode: regionCode ?? '',
        porteurOgId: porteur?.id ?? '',
        duiSoftwareId: value.duiSoftwareId ? Number(value.duiSoftwareId) : null,
        members: this.members().map((member) => ({
          essmsId: member.essmsId,
          softwareSituation: member.softwareSituation,
        })),
        requestedCents: 'cents' in requested ? requested.cents : 0,
      };
    }

    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    if (project && Object.keys(request).length === 1) {
      // Only the version: nothing changed.
      void this.router.navigate(['/projets', project.id]);
      return;
    }

    this.submitting.set(true);
    try {
      const saved = project
        ? await firstValueFrom(this.api.update(project.id, request))
        : await firstValueFrom(this.api.create(request as CreateProjectRequest));
      const state: ProjectPageState = {
        projectMessage: project
          ? `Les modifications du projet ${saved.code} sont enregistrées.`
          : `Le projet ${saved.code} est déposé : il a le statut « ${saved.statusLabel} ».`,
      };
      void this.router.navigate(['/projets', saved.id], { state });
    } catch (error: unknown) {
      this.refused(error);
    } finally {
      this.submitting.set(false);
    }
  }

  /** « Recharger » after a conflict: the project as it is now, in the form; what was typed is dropped. */
  protected reload(): void {
    const latest = this.stale()?.latest ?? null;
    this.stale.set(null);
    this.errors.set({});
    if (latest) {
      this.existing.set({ status: 'loaded', data: latest });
      this.fill(latest);
      this.focus('h1');
    } else {
      const id = this.id();
      if (id !== undefined) this.loads.next(id);
    }
  }

  protected retryLoad(): void {
    const id = this.id();
    if (id !== undefined) this.loads.next(id);
  }

  private updateRequest(
    project: ProjectDetail,
    name: string,
    errors: Record<string, string>,
  ): UpdateProjectRequest {
    const value = this.form.getRawValue();
    const request: UpdateProjectRequest = { version: project.version };
    if (name !== project.name) request.name = name;
    if (!isEditable(project.status)) return request;

    const software = value.duiSoftwareId ? Number(value.duiSoftwareId) : null;
    if (software !== (project.duiSoftware?.id ?? null)) request.duiSoftwareId = software;

    const requested = readAmount(
      value.requested,
      'Saisissez le montant demandé, en euros, par exemple 375 000.',
    );
    if ('error' in requested) errors['requestedCents'] = requested.error;
    else if (requested.cents !== project.requestedCents) request.requestedCents = requested.cents;

    const members = this.members();
    const before = project.members.filter((member) => member.live);
    const membersChanged =
      members.length !== before.length ||
      members.some(
        (member, index) =>
          member.essmsId !== before[index]?.essmsId ||
          member.softwareSituation !== before[index]?.softwareSituation,
      );
    if (membersChanged) {
      // The API checks the members only when they are sent: a name change never trips on them.
      this.checkMembers(errors);
      request.members = members.map((member) => ({
        essmsId: member.essmsId,
        softwareSituation: member.softwareSituation,
      }));
    }

    const overridden = project.grantedCents !== null && project.grantedCents !== project.computedGrantCents;
    const justification = value.justification.trim();
    if (!value.granted.trim()) {
      if (overridden) {
        request.grantedCents = null;
        request.grantOverrideJustification = null;
      }
    } else {
      const granted = readAmount(value.granted, '');
      if ('error' in granted) {
        errors['grantedCents'] = granted.error;
      } else if (
        granted.cents !== project.grantedCents ||
        justification !== (project.grantOverrideJustification ?? '')
      ) {
        if (granted.cents !== project.computedGrantCents && justification.length < 10) {
          errors['grantOverrideJustification'] =
            `Le montant accordé (${formatEuros(granted.cents)}) diffère du montant calculé (${formatEuros(project.computedGrantCents)}) : justifiez cet écart en 10 caractères au moins.`;
        }
        request.grantedCents = granted.cents;
        request.grantOverrideJustification =
          granted.cents === project.computedGrantCents ? null : justification;
      }
    }
    return request;
  }

  /** The rules the API applies to the members, checked here first with its words. */
  private checkMembers(errors: Record<string, string>): void {
    const threshold = this.threshold();
    if (this.members().length === 0) {
      errors['members'] = 'La grappe doit compter au moins un ESSMS : cherchez-les par FINESS ou par nom.';
    } else if (threshold && !threshold.ok) {
      errors['members'] = threshold.message;
    }
  }

  private refused(error: unknown): void {
    const body = apiErrorBody(error);
    if (body?.code === 'STALE_VERSION') {
      const latest = body.details?.['current'];
      const project = this.current();
      this.stale.set({
        message: `${body.message} Vos modifications n'ont pas été enregistrées.`,
        latest:
          project &&
          typeof latest === 'object' &&
          latest !== null &&
          (latest as { id?: unknown }).id === project.id
            ? (latest as ProjectDetail)
            : null,
      });
      this.errors.set({});
      this.focus('[data-stale]');
      return;
    }
    const memberFields = this.members().flatMap((_, index) => [
      `members.${index}.essmsId`,
      `members.${index}.softwareSituation`,
    ]);
    const failure = toFormFailure(error, [...FIXED_FIELDS, ...memberFields]);
    this.errors.set(failure.fields);
    this.alert.set(failure.alert);
    focusFirstError(this.host.nativeElement, this.injector);
  }

  private fill(project: ProjectDetail): void {
    const overridden = project.grantedCents !== null && project.grantedCents !== project.computedGrantCents;
    this.form.reset({
      name: project.name,
      campaignYear: String(project.campaignYear),
      regionCode: project.region.code,
      duiSoftwareId: project.duiSoftware ? String(project.duiSoftware.id) : '',
      requested: eurosInputValue(project.requestedCents),
      granted: overridden && project.grantedCents !== null ? eurosInputValue(project.grantedCents) : '',
      justification: project.grantOverrideJustification ?? '',
    });
    // Past « Retenu » only the name changes: the other fields are shown, not editable.
    for (const control of [
      this.form.controls.duiSoftwareId,
      this.form.controls.requested,
      this.form.controls.granted,
      this.form.controls.justification,
    ]) {
      if (isEditable(project.status)) control.enable();
      else control.disable();
    }
    this.porteur.set({ id: project.porteur.id, name: project.porteur.name, finess: project.porteurFiness });
    this.members.set(
      project.members
        .filter((member) => member.live)
        .map((member) => ({
          essmsId: member.essmsId,
          finess: member.finess,
          name: member.name,
          categoryLabel: member.categoryLabel,
          ogId: member.ogId,
          ogName: member.ogName,
          softwareSituation: member.softwareSituation,
        })),
    );
  }

  private clearError(field: string): void {
    const { [field]: _removed, ...rest } = this.errors();
    this.errors.set(rest);
  }

  private clearMemberErrors(): void {
    const errors = this.errors();
    if (!Object.keys(errors).some((field) => field.startsWith('members'))) return;
    this.errors.set(
      Object.fromEntries(Object.entries(errors).filter(([field]) => !field.startsWith('members'))),
    );
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
