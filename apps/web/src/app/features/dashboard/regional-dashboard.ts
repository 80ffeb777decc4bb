import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';

import type { DashboardFilters } from '@esms/api-contract';
import { formatExact } from '@esms/ui-charts';

import { NotFoundPage } from '../../core/not-found/not-found-page';
import { SERVICE_NAME } from '../../core/page-title-strategy';
import { loadable, loadableFrom } from '../../shared/data/loadable';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ProjectStatusBadge } from '../../shared/ui/project-status-badge';
import { DashboardApi } from './dashboard-api';
import { DashboardBody } from './dashboard-body';
import { DashboardFiltersForm } from './dashboard-filters';
import { dashboardQueryParams, readDashboardFilters, sameDashboardFilters } from './dashboard-model';
import { formatDay } from './national-dashboard';

interface RegionQuery {
  readonly code: string;
  readonly filters: DashboardFilters;
}

/**
 * « Où en est le programme en Bretagne ? »: the same tiles and charts for one region, with its projects late on
 * their milestones. The home page of ARS and GRADeS users; a region outside the user's scope is not found (404).
 */
@Component({
  selector: 'esms-regional-dashboard',
  imports: [
    DashboardBody,
    DashboardFiltersForm,
    EmptyState,
    ErrorState,
    LoadingStatus,
    NotFoundPage,
    ProjectStatusBadge,
    RouterLink,
  ],
  template: `
    @let state = dashboard.state();
    @if (notFound()) {
      <esms-not-found-page />
    } @else {
      <div class="fr-container fr-py-6w">
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
          <button
            type="button"
            class="fr-breadcrumb__button"
            [attr.aria-expanded]="breadcrumbOpen()"
            aria-controls="fil-ariane-region"
            (click)="breadcrumbOpen.set(true)"
          >
            Voir le fil d’Ariane
          </button>
          <div class="fr-collapse" [class.fr-collapse--expanded]="breadcrumbOpen()" id="fil-ariane-region">
            <ol class="fr-breadcrumb__list">
              <li>
                <a class="fr-breadcrumb__link" routerLink="/tableau-de-bord" [queryParams]="queryParams()"
                  >Tableau de bord</a
                >
              </li>
              <li>
                <a class="fr-breadcrumb__link" aria-current="page">{{ regionName() || 'Région' }}</a>
              </li>
            </ol>
          </div>
        </nav>
        <h1>{{ heading() }}</h1>
        <p class="fr-text--lead">
          Les enveloppes de l’ARS, les engagements et les versements, les projets de la région et leurs
          jalons.
        </p>
        <esms-dashboard-filters [filters]="query().filters" [campaigns]="campaigns()" />
        <esms-loading-status
          [loading]="state.status === 'loading'"
          loadingLabel="Chargement du tableau de bord de la région…"
          [rows]="0"
          [loadedLabel]="state.status === 'loaded' ? 'Tableau de bord chargé' : ''"
        />
        @switch (state.status) {
          @case ('error') {
            <esms-error-state
              title="Le tableau de bord de la région n’a pas pu être chargé"
              [error]="state.error"
              (retry)="dashboard.reload()"
            />
          }
          @case ('loading') {
            <esms-dashboard-body [kpis]="null" [series]="null" [filters]="query().filters" />
          }
          @case ('loaded') {
            <p class="fr-text--sm">Chiffres au {{ asOf() }}.</p>
            <esms-dashboard-body
              [kpis]="state.data.kpis"
              [series]="state.data.series"
              [filters]="query().filters"
              [hideCharts]="state.data.kpis.projects === 0"
            />
            @if (state.data.kpis.projects === 0) {
              <esms-empty-state title="Aucun projet pour ces filtres">
                <p>
                  Aucun projet de la région ne correspond à cette campagne, ce type d’appel et ce secteur.
                  Élargissez les filtres : choisissez « Toutes les campagnes », « Tous les appels » ou « Tous
                  les secteurs », ou
                  <a class="fr-link" [routerLink]="[]">effacez tous les filtres</a>.
                </p>
              </esms-empty-state>
            } @else {
              <h2 class="fr-h4">Projets en retard sur leurs jalons</h2>
              @if (lateRows().length === 0) {
                <p>Aucun projet de la région n’a de jalon en retard.</p>
              } @else {
                <div class="fr-table">
                  <div class="fr-table__wrapper">
                    <div class="fr-table__container">
                      <div class="fr-table__content">
                        <table>
                          <caption class="fr-sr-only">
                            Projets ayant au moins un jalon en retard, les plus en retard d’abord
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">Projet</th>
                              <th scope="col">Statut</th>
                              <th scope="col">Jalons en retard</th>
                              <th scope="col">Échéance la plus ancienne</th>
                              <th scope="col">Jours de retard</th>
                              <th scope="col">Montant à risque</th>
                            </tr>
                          </thead>
                          <tbody>
                            @for (row of lateRows(); track row.id) {
                              <tr>
                                <th scope="row">
                                  <a class="fr-link" [routerLink]="['/projets', row.id]"
                                    >{{ row.code }} — {{ row.name }}</a
                                  >
                                </th>
                                <td><esms-project-status-badge [status]="row.status" /></td>
                                <td class="esms-number">{{ row.lateMilestones }}</td>
                                <td>{{ row.oldestLateDueOn }}</td>
                                <td class="esms-number">{{ row.daysLate }}</td>
                                <td class="esms-number">{{ row.atRisk }}</td>
                              </tr>
                            }
                          </tbody>
                        </table>
                      </div>
                    </div>
                  </div>
                </div>
              }
              <p>
                <a class="fr-link" routerLink="/projets" [queryParams]="projectsQuery()"
                  >Voir tous les projets en retard de la région</a
                >
              </p>
            }
          }
        }
      </div>
    }
  `,
  styles: `
    .esms-number {
      text-align: right;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegionalDashboard {
  private readonly api = inject(DashboardApi);
  private readonly route = inject(ActivatedRoute);
  private readonly title = inject(Title);

  private readonly paramMap = toSignal(this.route.paramMap, { requireSync: true });
  private readonly queryParamMap = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly query = computed<RegionQuery>(
    () => ({ code: this.paramMap().get('code') ?? '', filters: readDashboardFilters(this.queryParamMap()) }),
    { equal: (a, b) => a.code === b.code && sameDashboardFilters(a.filters, b.filters) },
  );
  protected readonly queryParams = computed(() => dashboardQueryParams(this.query().filters));
  protected readonly dashboard = loadableFrom(this.query, ({ code, filters }) =>
    this.api.region(code, filters),
  );
  private readonly campaignList = loadable(() => this.api.campaigns());
  protected readonly campaigns = computed(() => {
    const state = this.campaignList.state();
    return state.status === 'loaded' ? state.data : [];
  });
  protected readonly breadcrumbOpen = signal(false);

  protected readonly notFound = computed(() => {
    const state = this.dashboard.state();
    return state.status === 'error' && state.error instanceof HttpErrorResponse && state.error.status === 404;
  });
  protected readonly regionName = computed(() => {
    const state = this.dashboard.state();
    return state.status === 'loaded' ? state.data.region.name : '';
  });
  protected readonly heading = computed(() => {
    const name = this.regionName();
    return name ? `Où en est le programme en région ${name} ?` : 'Où en est le programme dans la région ?';
  });
  protected readonly asOf = computed(() => {
    const state = this.dashboard.state();
    return state.status === 'loaded' ? formatDay(state.data.today) : '';
  });
  protected readonly lateRows = computed(() => {
    const state = this.dashboard.state();
    if (state.status !== 'loaded') return [];
    return state.data.lateProjects.map((project) => ({
      ...project,
      oldestLateDueOn: formatDay(project.oldestLateDueOn),
      atRisk: formatExact(project.atRiskCents, 'cents'),
    }));
  });
  protected readonly projectsQuery = computed(() => {
    const { code, filters } = this.query();
    const params: Record<string, string> = { region: code, retard: '1' };
    if (filters.campaign !== null) params['campagne'] = String(filters.campaign);
    if (filters.callType) params['appel'] = filters.callType;
    return params;
  });

  constructor() {
    effect(() => {
      const name = this.regionName();
      if (this.notFound()) this.title.setTitle(`Page non trouvée — ${SERVICE_NAME}`);
      else if (name) this.title.setTitle(`Tableau de bord ${name} — ${SERVICE_NAME}`);
    });
  }
}
