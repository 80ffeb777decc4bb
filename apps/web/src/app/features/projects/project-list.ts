import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { of } from 'rxjs';

import { PROJECT_SORT_KEYS } from '@esms/api-contract';
import {
  CALL_TYPE_LABELS,
  PROJECT_STATUSES,
  PROJECT_STATUS_LABELS,
  RISK_LEVELS,
  RISK_LEVEL_LABELS,
  formatEuros,
  hasNationalScope,
  isProjectStatus,
  type CallType,
  type ProjectStatus,
  type RiskLevel,
} from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { loadable, loadableFrom } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { formatInteger, formatShortDate } from '../../shared/format/format';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { ProjectStatusBadge } from '../../shared/ui/project-status-badge';
import { ProjectRiskCell } from '../../shared/risk/project-risk-cell';
import { lateMilestonesText, plural } from './project-format';
import { ProjectsApi } from './projects-api';

export const PROJECTS_PAGE_SIZE = 25;

/** Orders offered (keys whitelisted by the API); the first is the API's default and is left out of the address. */
export const PROJECT_SORTS = [
  { value: '-updatedAt', label: 'Dernière mise à jour, la plus récente d’abord' },
  { value: 'code', label: 'Code' },
  { value: 'name', label: 'Nom' },
  { value: 'region', label: 'Région' },
  { value: 'status', label: 'Statut' },
  { value: '-essmsCount', label: 'Nombre d’ESSMS, le plus grand d’abord' },
  { value: '-grantedCents', label: 'Montant accordé, le plus élevé d’abord' },
  { value: '-lateMilestones', label: 'Jalons en retard, les plus nombreux d’abord' },
  { value: 'nextDueOn', label: 'Prochaine échéance, la plus proche d’abord' },
  { value: '-riskScore', label: 'Risque, le plus élevé d’abord' },
] as const;
const DEFAULT_SORT = '-updatedAt';

/**
 * The list's filters, as the address holds them:
 * `?q=finistere&campagne=2025&region=53&statut=RETENU&appel=regional&retard=1&tri=name&page=2`.
 */
export interface ProjectFilters {
  readonly q: string;
  readonly campaign: number | null;
  readonly region: string | null;
  readonly status: ProjectStatus | null;
  readonly callType: CallType | null;
  readonly late: boolean;
  /** Risk levels (`ELEVE,CRITIQUE`), null: every level (`?niveau=`). */
  readonly riskLevel: string | null;
  /** Null: the default order (last update first). */
  readonly sort: string | null;
  readonly page: number;
}

function isSort(value: string | null): value is string {
  if (!value) return false;
  const key = value.startsWith('-') ? value.slice(1) : value;
  return (PROJECT_SORT_KEYS as readonly string[]).includes(key);
}

/** `ELEVE,CRITIQUE` from the address, known levels only, in scale order; null when none. */
function readRiskLevels(value: string | null): string | null {
  const wanted = new Set((value ?? '').split(','));
  const levels = RISK_LEVELS.filter((level) => wanted.has(level));
  return levels.length ? levels.join(',') : null;
}

/** Reads the filters of the address; anything unknown is ignored (a shared link never breaks the page). */
export function readProjectFilters(params: ParamMap): ProjectFilters {
  const campaign = Number(params.get('campagne'));
  const region = params.get('region');
  const status = params.get('statut');
  const callType = params.get('appel');
  const sort = params.get('tri');
  const page = Number(params.get('page'));
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    campaign: Number.isInteger(campaign) && campaign >= 2021 && campaign <= 2100 ? campaign : null,
    region: region && /^\d{2}$/.test(region) ? region : null,
    status: isProjectStatus(status) ? status : null,
    callType: callType === 'regional' || callType === 'national' ? callType : null,
    late: params.get('retard') === '1',
    riskLevel: readRiskLevels(params.get('niveau')),
    sort: isSort(sort) && sort !== DEFAULT_SORT ? sort : null,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function sameFilters(a: ProjectFilters, b: ProjectFilters): boolean {
  return (
    a.q === b.q &&
    a.campaign === b.campaign &&
    a.region === b.region &&
    a.status === b.status &&
    a.callType === b.callType &&
    a.late === b.late &&
    a.riskLevel === b.riskLevel &&
    a.sort === b.sort &&
    a.page === b.page
  );
}

/**
 * « Où en sont les projets ? »: search, filters and order (in the address, so that a view can be shared), a DSFR
 * table with a sticky header, pagination. National roles filter by region; ARS and GRADeS users only ever see
 * their regions (the API scopes them). « Nouveau projet » for the ARS officer and the CNSA administrator.
 */
@Component({
  selector: 'esms-project-list',
  imports: [
    EmptyState,
    ErrorState,
    LoadingStatus,
    Pagination,
    ProjectRiskCell,
    ProjectStatusBadge,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './project-list.html',
  styles: `
    .esms-sticky-table .fr-table__container {
      max-height: calc(100vh - 4rem);
    }
    .esms-sticky-table thead th {
      position: sticky;
      top: 0;
      z-index: 2;
      background-color: var(--background-contrast-grey);
    }
    .esms-number,
    .esms-code {
      white-space: nowrap;
    }
    .esms-sticky-table .esms-wrap,
    .esms-sticky-table .esms-wrap-sm {
      white-space: normal;
      min-width: 7rem;
    }
    .esms-sticky-table .esms-wrap-sm {
      min-width: 5.5rem;
    }
    .esms-number {
      text-align: right;
    }
    .esms-page-head {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem 2rem;
      align-items: center;
      justify-content: space-between;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectList {
  private readonly api = inject(ProjectsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly auth = inject(AuthStore);

  /** CNSA roles see every region and may filter by one; ARS and GRADeS users are scoped by the API. */
  protected readonly national = hasNationalScope(this.auth.user()?.role ?? 'ARS_OFFICER');
  protected readonly canCreate = this.auth.hasRole('ARS_OFFICER', 'CNSA_ADMIN');

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readProjectFilters(this.params()), { equal: sameFilters });
  protected readonly projects = loadableFrom(this.filters, (filters) =>
    this.api.list({
      ...filters,
      region: this.national ? filters.region : null,
      pageSize: PROJECTS_PAGE_SIZE,
    }),
  );
  protected readonly campaigns = loadable(() => this.api.campaigns());
  private readonly organisations = inject(OrganisationsApi);
  protected readonly regions = loadable(() => (this.national ? this.organisations.regions() : of([])));

  protected readonly statuses = PROJECT_STATUSES.map((status) => ({
    value: status,
    label: PROJECT_STATUS_LABELS[status],
  }));
  protected readonly callTypes = (['regional', 'national'] as const).map((value) => ({
    value,
    label: CALL_TYPE_LABELS[value],
  }));
  protected readonly sorts = PROJECT_SORTS;

  protected readonly searchForm = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    campaign: new FormControl('', { nonNullable: true }),
    region: new FormControl('', { nonNullable: true }),
    status: new FormControl('', { nonNullable: true }),
    callType: new FormControl('', { nonNullable: true }),
    late: new FormControl(false, { nonNullable: true }),
    riskLevel: new FormControl('', { nonNullable: true }),
    sort: new FormControl<string>(DEFAULT_SORT, { nonNullable: true }),
  });

  protected readonly filtered = computed(() => {
    const { q, campaign, region, status, callType, late, riskLevel } = this.filters();
    return (
      q !== '' ||
      campaign !== null ||
      (this.national && region !== null) ||
      !!status ||
      !!callType ||
      late ||
      riskLevel !== null
    );
  });

  protected readonly pageCount = computed(() => {
    const state = this.projects.state();
    return state.status === 'loaded' ? Math.max(1, Math.ceil(state.data.total / state.data.pageSize)) : 1;
  });

  protected readonly rows = computed(() => {
    const state = this.projects.state();
    if (state.status !== 'loaded') return [];
    return state.data.items.map((project) => ({
      project,
      essmsCount: formatInteger(project.essmsCount),
      /** « Régional », « National »: the column says « Type d'appel ». */
      callType: project.callType === 'national' ? 'National' : 'Régional',
      granted: project.grantedCents === null ? null : formatEuros(project.grantedCents),
      late: project.lateMilestones > 0 ? lateMilestonesText(project.lateMilestones) : null,
      updatedAt: formatShortDate(project.updatedAt),
    }));
  });

  protected readonly riskLevels = [
    { value: 'ELEVE,CRITIQUE', label: 'Élevé ou critique' },
    ...[...RISK_LEVELS].reverse().map((level) => ({ value: level, label: RISK_LEVEL_LABELS[level] })),
  ];

  /** « Projets de la campagne 2025, région Bretagne, au statut « Retenu », correspondant à « morlaix » ». */
  protected readonly caption = computed(() => {
    const { q, campaign, region, status, callType, late, riskLevel } = this.filters();
    const regionName = this.regionName(region);
    const parts = [
      ...(campaign !== null ? [`de la campagne ${campaign}`] : []),
      ...(this.national && regionName ? [`région ${regionName}`] : []),
      ...(status ? [`au statut « ${PROJECT_STATUS_LABELS[status]} »`] : []),
      ...(callType ? [`de l’${CALL_TYPE_LABELS[callType].toLowerCase()}`] : []),
      ...(late ? ['ayant au moins un jalon en retard'] : []),
      ...(riskLevel
        ? [
            `au risque ${riskLevel
              .split(',')
              .map((level) => RISK_LEVEL_LABELS[level as RiskLevel].toLowerCase())
              .reverse()
              .join(' ou ')}`,
          ]
        : []),
      ...(q ? [`correspondant à « ${q} »`] : []),
    ];
    return parts.length ? `Projets ${parts.join(', ')}` : 'Tous les projets';
  });

  protected readonly summary = computed(() => {
    const state = this.projects.state();
    if (state.status !== 'loaded') return '';
    const { total } = state.data;
    if (total === 0) return this.filtered() ? 'Aucun projet ne correspond à la recherche.' : 'Aucun projet.';
    return `${plural(total, 'projet trouvé', 'projets trouvés')}, page ${formatInteger(this.filters().page)} sur ${formatInteger(this.pageCount())}.`;
  });

  protected readonly pagesText = computed(
    () => `La liste ne compte que ${plural(this.pageCount(), 'page')}.`,
  );

  constructor() {
    // The search form shows the filters of the address (also after « Précédent » in the browser).
    effect(() => {
      const { q, campaign, region, status, callType, late, riskLevel, sort } = this.filters();
      this.searchForm.setValue({
        q,
        campaign: campaign === null ? '' : String(campaign),
        region: region ?? '',
        status: status ?? '',
        callType: callType ?? '',
        late,
        riskLevel: riskLevel ?? '',
        sort: sort ?? DEFAULT_SORT,
      });
    });
  }

  protected search(): void {
    const value = this.searchForm.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: {
        q: value.q.trim() || null,
        campagne: value.campaign || null,
        region: this.national ? value.region || null : null,
        statut: value.status || null,
        appel: value.callType || null,
        retard: value.late ? '1' : null,
        niveau: value.riskLevel || null,
        tri: value.sort === DEFAULT_SORT ? null : value.sort,
        page: null,
      },
    });
  }

  protected retry(): void {
    this.projects.reload();
    this.host.nativeElement.querySelector<HTMLElement>('[data-results]')?.focus();
  }

  private regionName(code: string | null): string | null {
    if (!code) return null;
    const state = this.regions.state();
    const region =
      state.status === 'loaded' ? state.data.find((candidate) => candidate.code === code) : undefined;
    return region?.name ?? code;
  }
}
