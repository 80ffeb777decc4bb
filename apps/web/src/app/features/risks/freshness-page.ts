import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';

import type { FreshnessResponse, RegionFreshness } from '@esms/api-contract';

import { loadableFrom } from '../../shared/data/loadable';
import { formatInteger, formatShortDate } from '../../shared/format/format';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ProjectStatusBadge } from '../../shared/ui/project-status-badge';
import { readRiskFilters, sameRiskFilters } from './risk-filters';
import { RiskFiltersForm } from './risk-filters-form';
import { riskLookups } from './risk-lookups';
import { RisksApi } from './risks-api';
import { RisksNav } from './risks-nav';

/** « Il y a 75 jours (12/09/2026) », « Aucune mise à jour ». */
export function lastUpdateText(lastUpdateAt: string | null, days: number | null): string {
  if (!lastUpdateAt || days === null) return 'Aucune mise à jour';
  const when = days === 0 ? 'Aujourd’hui' : days === 1 ? 'Hier' : `Il y a ${formatInteger(days)} jours`;
  return `${when} (${formatShortDate(lastUpdateAt)})`;
}

/** « 3 régions sur 18 n’ont rien mis à jour depuis plus de 60 jours ; 42 projets sont en retard de mise à jour. » */
export function freshnessSummary(data: FreshnessResponse): string {
  const staleRegions = data.regions.filter((region) => region.stale).length;
  const staleProjects = data.regions.reduce((sum, region) => sum + region.staleProjectCount, 0);
  const regions =
    staleRegions === 0
      ? `Toutes les régions ont mis à jour leurs données depuis moins de ${data.staleAfterDays} jours`
      : `${staleRegions} région${staleRegions > 1 ? 's' : ''} sur ${data.regions.length} n’${staleRegions > 1 ? 'ont' : 'a'} rien mis à jour depuis plus de ${data.staleAfterDays} jours`;
  const projects =
    staleProjects === 0
      ? 'aucun projet n’a de donnée périmée'
      : `${formatInteger(staleProjects)} projet${staleProjects > 1 ? 's ont' : ' a'} des données périmées`;
  return `${regions} ; ${projects}.`;
}

/**
 * « Qui n’a pas mis à jour ses données ? »: per ARS, the last update and the number of stale projects (stalest
 * first), then the stale projects and what is stale, so that the CNSA knows whom to call.
 */
@Component({
  selector: 'esms-freshness-page',
  imports: [EmptyState, ErrorState, LoadingStatus, ProjectStatusBadge, RiskFiltersForm, RisksNav, RouterLink],
  template: `
    @let state = freshness.state();
    <div class="fr-container fr-py-6w">
      <h1>Qui n’a pas mis à jour ses données ?</h1>
      <p class="fr-text--lead">
        Pour chaque ARS, la dernière mise à jour de ses projets et les projets dont les données sont périmées.
      </p>
      <esms-risks-nav />
      <esms-risk-filters
        label="Filtres de la fraîcheur des données"
        [filters]="filters()"
        [campaigns]="lookups.campaigns()"
        [regions]="lookups.regions()"
        [national]="lookups.national"
      />
      <esms-loading-status
        [loading]="state.status === 'loading'"
        loadingLabel="Chargement de la fraîcheur des données…"
        [loadedLabel]="state.status === 'loaded' ? 'Fraîcheur des données chargée' : ''"
      />
      @if (state.status === 'error') {
        <esms-error-state
          title="La fraîcheur des données n’a pas pu être chargée"
          [error]="state.error"
          (retry)="freshness.reload()"
        />
      } @else if (state.status === 'loaded') {
        @let data = state.data;
        <p>Mesurée le {{ asOf() }}. {{ summary() }}</p>
        <section class="fr-mb-6w" aria-labelledby="regions-titre">
          <h2 id="regions-titre" class="fr-h4">Dernière mise à jour par ARS</h2>
          @if (data.regions.length === 0) {
            <esms-empty-state title="Aucune région dans votre périmètre">
              <p>Les régions apparaissent ici dès qu’un projet y est déposé.</p>
            </esms-empty-state>
          } @else {
            <div class="fr-table fr-table--sm">
              <div class="fr-table__wrapper">
                <div class="fr-table__container" tabindex="0">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        Régions, de la moins récemment mise à jour à la plus récente
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Région</th>
                          <th scope="col">Dernière mise à jour</th>
                          <th scope="col" class="fr-cell--right">Projets</th>
                          <th scope="col" class="fr-cell--right">Projets périmés</th>
                          <th scope="col">État</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (region of data.regions; track region.regionCode) {
                          <tr>
                            <th scope="row">{{ region.regionName }}</th>
                            <td>{{ lastUpdate(region) }}</td>
                            <td class="fr-cell--right">{{ region.projectCount }}</td>
                            <td class="fr-cell--right">{{ region.staleProjectCount }}</td>
                            <td>
                              @if (region.stale) {
                                <p class="fr-badge fr-badge--sm fr-badge--warning">À relancer</p>
                              } @else {
                                <p class="fr-badge fr-badge--sm fr-badge--success">À jour</p>
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
          }
        </section>
        <section aria-labelledby="projets-perimes-titre">
          <h2 id="projets-perimes-titre" class="fr-h4">Projets aux données périmées</h2>
          @if (data.staleProjects.length === 0) {
            <p>Aucun projet n’a de donnée périmée : toutes les mises à jour datent de moins de {{ data.staleAfterDays }} jours.</p>
          } @else {
            <div class="fr-table fr-table--sm">
              <div class="fr-table__wrapper">
                <div class="fr-table__container" tabindex="0">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        Projets aux données périmées, du plus ancien au plus récent
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Projet</th>
                          <th scope="col">Région</th>
                          <th scope="col">Statut</th>
                          <th scope="col">Dernière mise à jour</th>
                          <th scope="col">Ce qui est périmé</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (project of data.staleProjects; track project.projectId) {
                          <tr>
                            <th scope="row">
                              <a class="fr-link" [routerLink]="['/projets', project.projectId]"
                                >{{ project.code }}<span class="fr-sr-only">, {{ project.name }}</span></a
                              >
                            </th>
                            <td>{{ project.regionName }}</td>
                            <td><esms-project-status-badge [status]="project.status" /></td>
                            <td>{{ lastUpdateOf(project.lastUpdateAt, project.daysSinceUpdate) }}</td>
                            <td>
                              <ul class="fr-text--sm fr-mb-0">
                                @for (item of project.staleItems; track $index) {
                                  <li>{{ item }}</li>
                                }
                              </ul>
                            </td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
          }
        </section>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FreshnessPage {
  private readonly api = inject(RisksApi);
  private readonly route = inject(ActivatedRoute);

  protected readonly lookups = riskLookups();
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readRiskFilters(this.params()), { equal: sameRiskFilters });
  protected readonly freshness = loadableFrom(this.filters, (filters) =>
    this.api.freshness(filters.campaign, this.lookups.national ? filters.region : null),
  );

  protected readonly asOf = computed(() => {
    const state = this.freshness.state();
    return state.status === 'loaded' ? formatShortDate(state.data.asOf) : '';
  });
  protected readonly summary = computed(() => {
    const state = this.freshness.state();
    return state.status === 'loaded' ? freshnessSummary(state.data) : '';
  });

  protected lastUpdate(region: RegionFreshness): string {
    return lastUpdateText(region.lastUpdateAt, region.daysSinceUpdate);
  }

  protected lastUpdateOf(lastUpdateAt: string, days: number): string {
    return lastUpdateText(lastUpdateAt, days);
  }
}
