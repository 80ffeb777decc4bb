import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';

import { loadable, loadableFrom } from '../../shared/data/loadable';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { DashboardApi } from './dashboard-api';
import { DashboardBody } from './dashboard-body';
import { DashboardFiltersForm } from './dashboard-filters';
import { dashboardQueryParams, readDashboardFilters, sameDashboardFilters } from './dashboard-model';
import { RegionMap } from './region-map';

/**
 * « Où en est le programme ESMS numérique ? »: filters (in the address), KPI tiles, charts, the map of the 18
 * regions drilling into each region's dashboard.
 */
@Component({
  selector: 'esms-national-dashboard',
  imports: [
    DashboardBody,
    DashboardFiltersForm,
    EmptyState,
    ErrorState,
    LoadingStatus,
    RegionMap,
    RouterLink,
  ],
  template: `
    @let state = dashboard.state();
    <div class="fr-container fr-py-6w">
      <h1>Où en est le programme ESMS numérique ?</h1>
      <p class="fr-text--lead">
        Les enveloppes, les engagements et les versements, les projets et leurs jalons dans toutes les
        régions.
      </p>
      <esms-dashboard-filters [filters]="filters()" [campaigns]="campaigns()" />
      <esms-loading-status
        [loading]="state.status === 'loading'"
        loadingLabel="Chargement du tableau de bord…"
        [rows]="0"
        [loadedLabel]="state.status === 'loaded' ? 'Tableau de bord chargé' : ''"
      />
      @switch (state.status) {
        @case ('error') {
          <esms-error-state
            title="Le tableau de bord n’a pas pu être chargé"
            [error]="state.error"
            (retry)="dashboard.reload()"
          />
        }
        @case ('loading') {
          <esms-dashboard-body [kpis]="null" [series]="null" [filters]="filters()" />
        }
        @case ('loaded') {
          <p class="fr-text--sm">Chiffres au {{ asOf() }}.</p>
          <esms-dashboard-body
            [kpis]="state.data.kpis"
            [series]="state.data.series"
            [filters]="filters()"
            [hideCharts]="state.data.kpis.projects === 0"
          />
          @if (state.data.kpis.projects === 0) {
            <esms-empty-state title="Aucun projet pour ces filtres">
              <p>
                Aucun projet ne correspond à cette campagne, ce type d’appel et ce secteur. Élargissez les
                filtres : choisissez « Toutes les campagnes », « Tous les appels » ou « Tous les secteurs »,
                ou
                <a class="fr-link" routerLink="/tableau-de-bord">effacez tous les filtres</a>.
              </p>
            </esms-empty-state>
          } @else {
            <esms-region-map [regions]="state.data.regions" [queryParams]="queryParams()" />
          }
        }
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NationalDashboard {
  private readonly api = inject(DashboardApi);
  private readonly route = inject(ActivatedRoute);

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readDashboardFilters(this.params()), {
    equal: sameDashboardFilters,
  });
  protected readonly queryParams = computed(() => dashboardQueryParams(this.filters()));
  protected readonly dashboard = loadableFrom(this.filters, (filters) => this.api.national(filters));
  private readonly campaignList = loadable(() => this.api.campaigns());
  protected readonly campaigns = computed(() => {
    const state = this.campaignList.state();
    return state.status === 'loaded' ? state.data : [];
  });

  protected readonly asOf = computed(() => {
    const state = this.dashboard.state();
    return state.status === 'loaded' ? formatDay(state.data.today) : '';
  });
}

/** « 23/11/2026 » from `2026-11-23`. */
export function formatDay(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
