import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';

import type { RiskyProjectSummary } from '@esms/api-contract';
import { RISK_LEVEL_LABELS, formatEuros } from '@esms/domain';

import { loadableFrom } from '../../shared/data/loadable';
import { formatInteger } from '../../shared/format/format';
import { pointsText } from '../../shared/risk/project-risk-block';
import { RiskTrend } from '../../shared/risk/risk-trend';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { ProjectStatusBadge } from '../../shared/ui/project-status-badge';
import { RiskLevelBadge } from '../../shared/ui/risk-level-badge';
import { type RiskFilters, readRiskFilters, riskQueryParams, sameRiskFilters } from './risk-filters';
import { RiskFiltersForm } from './risk-filters-form';
import { riskLookups } from './risk-lookups';
import { RisksApi } from './risks-api';
import { RisksNav } from './risks-nav';

export const RISKY_PROJECTS_PAGE_SIZE = 20;

/** « Projets les plus à risque de la campagne 2024, région Bretagne, au niveau élevé ou critique ». */
export function riskyProjectsCaption(filters: RiskFilters, regionName: string | null): string {
  const parts = [
    ...(filters.campaign !== null ? [`de la campagne ${filters.campaign}`] : []),
    ...(regionName ? [`région ${regionName}`] : []),
    ...(filters.levels.length
      ? [
          `au niveau ${filters.levels
            .map((level) => RISK_LEVEL_LABELS[level].toLowerCase())
            .reverse()
            .join(' ou ')}`,
        ]
      : []),
  ];
  return `Projets les plus à risque${parts.length ? ` ${parts.join(', ')}` : ''}, du plus risqué au moins risqué`;
}

/**
 * « Quels projets risquent de perdre leur seconde tranche ? »: the projects of the user's scope, riskiest first, each
 * with its level, its score, its factors in French and the tranche 2 at stake, a link to the project, and the daily
 * trend of the chosen project (the riskiest by default). Filters in the address.
 */
@Component({
  selector: 'esms-risky-projects-page',
  imports: [
    EmptyState,
    ErrorState,
    LoadingStatus,
    Pagination,
    ProjectStatusBadge,
    RiskFiltersForm,
    RiskLevelBadge,
    RiskTrend,
    RisksNav,
    RouterLink,
  ],
  template: `
    @let state = projects.state(); @let current = filters();
    <div class="fr-container fr-py-6w">
      <h1>Quels projets risquent de perdre leur seconde tranche ?</h1>
      <p class="fr-text--lead">
        Chaque projet reçoit un score de 0 à 100 calculé à partir de facteurs explicites : jalons en retard,
        échéance des cibles d’usage, référencement Ségur du DUI, seuil de la grappe, paiements et mises à jour.
      </p>
      <esms-risks-nav />
      <esms-risk-filters
        label="Filtres des projets à risque"
        [filters]="current"
        [campaigns]="lookups.campaigns()"
        [regions]="lookups.regions()"
        [national]="lookups.national"
        [withLevel]="true"
      />

      <div tabindex="-1" data-results>
        <esms-loading-status
          [loading]="state.status === 'loading'"
          loadingLabel="Chargement des projets à risque…"
          [loadedLabel]="summary()"
        />
        @if (state.status === 'error') {
          <esms-error-state
            title="Les projets à risque n’ont pas pu être chargés"
            [error]="state.error"
            (retry)="retry()"
          />
        } @else if (state.status === 'loaded') {
          @if (state.data.items.length === 0) {
            <esms-empty-state title="Aucun projet pour ces filtres">
              <p>
                Aucun projet noté ne correspond à cette campagne, cette région et ce niveau. Choisissez « Tous
                les niveaux » ou une autre campagne, ou
                <a class="fr-link" routerLink="/risques">effacez tous les filtres</a>.
              </p>
            </esms-empty-state>
          } @else {
            <div class="fr-table fr-table--sm" data-risky-projects>
              <div class="fr-table__wrapper">
                <div class="fr-table__container" tabindex="0">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        {{
                          caption()
                        }}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Projet</th>
                          <th scope="col">Région</th>
                          <th scope="col">Statut</th>
                          <th scope="col">Risque</th>
                          <th scope="col">Pourquoi</th>
                          <th scope="col" class="fr-cell--right">Seconde tranche à risque</th>
                          <th scope="col">Évolution</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (row of rows(); track row.project.projectId) {
                          <tr>
                            <th scope="row" class="esms-project">
                              <a class="fr-link" [routerLink]="['/projets', row.project.projectId]">
                                {{ row.project.code }}
                                <span class="fr-sr-only">, </span>
                                <span class="esms-project__name">{{ row.project.name }}</span>
                              </a>
                            </th>
                            <td>{{ row.project.region.name }}</td>
                            <td><esms-project-status-badge [status]="row.project.status" /></td>
                            <td>
                              <esms-risk-level-badge [level]="row.project.level" [score]="row.project.score" />
                            </td>
                            <td>
                              @if (row.project.factors.length === 0) {
                                Aucun facteur
                              } @else {
                                <ul class="fr-text--sm fr-mb-0 esms-factors">
                                  @for (factor of row.project.factors; track factor.code) {
                                    <li>{{ factor.label }} ({{ pointsText(factor.points) }})</li>
                                  }
                                </ul>
                              }
                            </td>
                            <td class="fr-cell--right esms-nowrap">{{ row.tranche2 }}</td>
                            <td>
                              @if (row.project.projectId === trendProject()?.projectId) {
                                <span class="fr-text--sm">Affichée ci-dessous</span>
                              } @else {
                                <a
                                  class="fr-link fr-text--sm"
                                  [routerLink]="[]"
                                  [queryParams]="{ projet: row.project.projectId }"
                                  queryParamsHandling="merge"
                                  fragment="evolution"
                                  >Voir l’évolution<span class="fr-sr-only"> du projet {{ row.project.code }}</span></a
                                >
                              }
                            </td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
            @if (pageCount() > 1) {
              <esms-pagination
                [page]="current.page"
                [pageCount]="pageCount()"
                label="Pages des projets à risque"
              />
            }
          }
        }
      </div>

      @if (trendProject(); as project) {
        <section id="evolution" class="fr-mt-6w" aria-labelledby="evolution-titre">
          <h2 id="evolution-titre">Évolution du risque du projet {{ project.code }}</h2>
          <p>
            {{ project.name }} ({{ project.region.name }}) :
            <a class="fr-link" [routerLink]="['/projets', project.projectId]">ouvrir le projet</a>.
          </p>
          <esms-risk-trend [projectId]="project.projectId" [projectCode]="project.code" />
        </section>
      }
    </div>
  `,
  styles: `
    .esms-project {
      min-width: 12rem;
    }
    .esms-project__name {
      display: block;
      font-weight: 400;
    }
    .esms-factors {
      min-width: 16rem;
      padding-left: 1rem;
    }
    .esms-nowrap {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskyProjectsPage {
  private readonly api = inject(RisksApi);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly lookups = riskLookups();
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readRiskFilters(this.params()), { equal: sameRiskFilters });
  /** What the list depends on (not the chosen project: choosing one does not reload the list). */
  private readonly listFilters = computed(() => ({ ...this.filters(), project: null }), {
    equal: sameRiskFilters,
  });
  protected readonly projects = loadableFrom(this.listFilters, (filters) =>
    this.api.riskyProjects({
      campaign: filters.campaign,
      region: this.lookups.national ? filters.region : null,
      level: filters.levels.length ? filters.levels.join(',') : null,
      page: filters.page,
      pageSize: RISKY_PROJECTS_PAGE_SIZE,
    }),
  );

  protected readonly pointsText = pointsText;

  protected readonly rows = computed(() => {
    const state = this.projects.state();
    if (state.status !== 'loaded') return [];
    return state.data.items.map((project) => ({ project, tranche2: formatEuros(project.tranche2Cents) }));
  });

  protected readonly pageCount = computed(() => {
    const state = this.projects.state();
    return state.status === 'loaded' ? Math.max(1, Math.ceil(state.data.total / state.data.pageSize)) : 1;
  });

  /** The chosen project if it is on the page, else the riskiest of the page. */
  protected readonly trendProject = computed((): RiskyProjectSummary | null => {
    const items = this.rows().map((row) => row.project);
    const chosen = this.filters().project;
    return items.find((item) => item.projectId === chosen) ?? items[0] ?? null;
  });

  protected readonly caption = computed(() => {
    const filters = this.filters();
    const region = this.lookups.regions().find((candidate) => candidate.code === filters.region);
    return riskyProjectsCaption(filters, this.lookups.national ? (region?.name ?? filters.region) : null);
  });

  protected readonly summary = computed(() => {
    const state = this.projects.state();
    if (state.status !== 'loaded') return '';
    const { total } = state.data;
    if (total === 0) return 'Aucun projet à risque pour ces filtres.';
    return `${formatInteger(total)} projet${total > 1 ? 's' : ''}, page ${this.filters().page} sur ${this.pageCount()}.`;
  });

  protected readonly queryParams = computed(() => riskQueryParams(this.filters()));

  protected retry(): void {
    this.projects.reload();
    this.host.nativeElement.querySelector<HTMLElement>('[data-results]')?.focus();
  }
}
