import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';

import {
  RISK_IMPACT_LABELS,
  RISK_PROBABILITY_LABELS,
  type RiskResponse,
} from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { loadableFrom } from '../../shared/data/loadable';
import { formatInteger, formatShortDate, todayInParis } from '../../shared/format/format';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { RiskHeatmap } from './risk-heatmap';
import { CRITICITY_ZONE_LABELS, criticityZone } from './risk-heatmap-model';
import { readRiskFilters, sameRiskFilters } from './risk-filters';
import { RiskFiltersForm } from './risk-filters-form';
import { riskLookups } from './risk-lookups';
import { RisksApi } from './risks-api';
import { RisksNav } from './risks-nav';
import { RiskStatusBadge } from './risk-status-badge';

export const REGISTER_PAGE_SIZE = 25;

/** « Projet 2024-53-0007 », « ARS Bretagne », « Programme ». */
export function riskScope(risk: RiskResponse): string {
  if (risk.project) return `Projet ${risk.project.code}`;
  if (risk.regionName) return `Région ${risk.regionName}`;
  return 'Programme';
}

/**
 * « Quels risques suivons-nous ? »: the risk register — the heat map probability × impact of the open risks, then
 * the list (filters in the address, a heat map cell filters it too), and « Nouveau risque » for the ARS officer
 * (their region) and the CNSA administrator (everything).
 */
@Component({
  selector: 'esms-risk-register-page',
  imports: [
    EmptyState,
    ErrorState,
    LoadingStatus,
    Pagination,
    RiskFiltersForm,
    RiskHeatmap,
    RiskStatusBadge,
    RisksNav,
    RouterLink,
  ],
  template: `
    @let state = risks.state(); @let heat = heatmap.state(); @let current = filters();
    <div class="fr-container fr-py-6w">
      <div class="esms-page-head fr-mb-2w">
        <h1 class="fr-mb-0">Quels risques suivons-nous ?</h1>
        @if (canWrite) {
          <a class="fr-btn fr-btn--icon-left fr-icon-add-line" routerLink="/risques/registre/nouveau"
            >Nouveau risque</a
          >
        }
      </div>
      <p class="fr-text--lead">
        Les risques relevés à la main, sur un projet, une région ou tout le programme : leur probabilité, leur
        impact, qui s’en charge, ce qui est fait et quand on les revoit.
      </p>
      <esms-risks-nav />
      <esms-risk-filters
        label="Filtres du registre des risques"
        [filters]="current"
        [campaigns]="lookups.campaigns()"
        [regions]="lookups.regions()"
        [national]="lookups.national"
        [withStatus]="true"
      />

      <section class="fr-mb-4w" aria-labelledby="carte-titre">
        <h2 id="carte-titre" class="fr-h4">Où se concentrent les risques ?</h2>
        @switch (heat.status) {
          @case ('loading') {
            <esms-loading-status [loading]="true" loadingLabel="Chargement de la carte des risques…" [rows]="5" />
          }
          @case ('error') {
            <esms-error-state
              title="La carte des risques n’a pas pu être chargée"
              [error]="heat.error"
              (retry)="heatmap.reload()"
            />
          }
          @case ('loaded') {
            <p>{{ heatmapSummary() }}</p>
            <esms-risk-heatmap
              [heatmap]="heat.data"
              [caption]="heatmapCaption()"
              [chosenProbability]="current.probability"
              [chosenImpact]="current.impact"
            />
          }
        }
        @if (current.probability !== null && current.impact !== null) {
          <p>
            La liste ne montre que les risques de probabilité {{ current.probability }} ({{
              probabilityLabels[current.probability]
            }}) et d’impact {{ current.impact }} ({{ impactLabels[current.impact] }}).
            <a
              class="fr-link"
              [routerLink]="[]"
              [queryParams]="{ probabilite: null, impact: null, page: null }"
              queryParamsHandling="merge"
              >Afficher toutes les cases</a
            >
          </p>
        }
      </section>

      <section aria-labelledby="liste-titre">
        <h2 id="liste-titre" class="fr-h4">Liste des risques</h2>
        <div tabindex="-1" data-results>
          <esms-loading-status
            [loading]="state.status === 'loading'"
            loadingLabel="Chargement des risques…"
            [loadedLabel]="summary()"
          />
          @if (state.status === 'error') {
            <esms-error-state title="Les risques n’ont pas pu être chargés" [error]="state.error" (retry)="retry()" />
          } @else if (state.status === 'loaded') {
            @if (state.data.items.length === 0) {
              <esms-empty-state title="Aucun risque pour ces filtres">
                @if (canWrite) {
                  <p>
                    Élargissez les filtres, ou relevez un risque avec le bouton « Nouveau risque ».
                  </p>
                } @else {
                  <p>Élargissez les filtres : choisissez une autre campagne ou un autre statut.</p>
                }
              </esms-empty-state>
            } @else {
              <div class="fr-table fr-table--sm">
                <div class="fr-table__wrapper">
                  <div class="fr-table__container" tabindex="0">
                    <div class="fr-table__content">
                      <table>
                        <caption>
                          Risques du registre, du plus critique au moins critique
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">Risque</th>
                            <th scope="col">Portée</th>
                            <th scope="col">Probabilité</th>
                            <th scope="col">Impact</th>
                            <th scope="col">Criticité</th>
                            <th scope="col">Responsable</th>
                            <th scope="col">Statut</th>
                            <th scope="col">Prochaine revue</th>
                          </tr>
                        </thead>
                        <tbody>
                          @for (row of rows(); track row.risk.id) {
                            <tr>
                              <th scope="row">
                                <a class="fr-link" [routerLink]="['/risques/registre', row.risk.id]">{{
                                  row.risk.title
                                }}</a>
                              </th>
                              <td>
                                @if (row.risk.project; as project) {
                                  <a class="fr-link fr-text--sm" [routerLink]="['/projets', project.id]">{{
                                    row.scope
                                  }}</a>
                                } @else {
                                  {{ row.scope }}
                                }
                              </td>
                              <td>{{ row.risk.probability }} – {{ row.probability }}</td>
                              <td>{{ row.risk.impact }} – {{ row.impact }}</td>
                              <td>{{ row.risk.criticity }} <span class="fr-text--xs">({{ row.zone }})</span></td>
                              <td>{{ row.risk.owner }}</td>
                              <td><esms-risk-status-badge [status]="row.risk.status" /></td>
                              <td>
                                @if (row.reviewOn; as reviewOn) {
                                  {{ reviewOn }}
                                  @if (row.reviewLate) {
                                    <p class="fr-badge fr-badge--sm fr-badge--warning">Revue dépassée</p>
                                  }
                                } @else {
                                  Non fixée
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
                <esms-pagination [page]="current.page" [pageCount]="pageCount()" label="Pages du registre" />
              }
            }
          }
        </div>
      </section>
    </div>
  `,
  styles: `
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
export class RiskRegisterPage {
  private readonly api = inject(RisksApi);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly canWrite = inject(AuthStore).hasRole('ARS_OFFICER', 'CNSA_ADMIN');
  protected readonly lookups = riskLookups();
  protected readonly probabilityLabels = RISK_PROBABILITY_LABELS;
  protected readonly impactLabels = RISK_IMPACT_LABELS;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readRiskFilters(this.params()), { equal: sameRiskFilters });
  private readonly heatmapFilters = computed(
    () => ({ ...this.filters(), probability: null, impact: null, page: 1 }),
    { equal: sameRiskFilters },
  );

  protected readonly risks = loadableFrom(this.filters, (filters) =>
    this.api.register({
      campaign: filters.campaign,
      region: this.lookups.national ? filters.region : null,
      status: filters.statuses.length ? filters.statuses.join(',') : null,
      probability: filters.probability,
      impact: filters.impact,
      q: filters.q,
      page: filters.page,
      pageSize: REGISTER_PAGE_SIZE,
    }),
  );
  protected readonly heatmap = loadableFrom(this.heatmapFilters, (filters) =>
    this.api.heatmap({
      campaign: filters.campaign,
      region: this.lookups.national ? filters.region : null,
      status: filters.statuses.length ? filters.statuses.join(',') : null,
      q: filters.q,
    }),
  );

  private readonly today = todayInParis();

  protected readonly rows = computed(() => {
    const state = this.risks.state();
    if (state.status !== 'loaded') return [];
    return state.data.items.map((risk) => ({
      risk,
      scope: riskScope(risk),
      probability: RISK_PROBABILITY_LABELS[risk.probability] ?? '',
      impact: RISK_IMPACT_LABELS[risk.impact] ?? '',
      zone: CRITICITY_ZONE_LABELS[criticityZone(risk.criticity)].replace('Criticité ', ''),
      reviewOn: risk.reviewOn ? formatShortDate(risk.reviewOn) : null,
      reviewLate: risk.reviewOn !== null && risk.status !== 'CLOS' && risk.reviewOn < this.today,
    }));
  });

  protected readonly pageCount = computed(() => {
    const state = this.risks.state();
    return state.status === 'loaded' ? Math.max(1, Math.ceil(state.data.total / state.data.pageSize)) : 1;
  });

  protected readonly summary = computed(() => {
    const state = this.risks.state();
    if (state.status !== 'loaded') return '';
    const { total } = state.data;
    if (total === 0) return 'Aucun risque pour ces filtres.';
    return `${formatInteger(total)} risque${total > 1 ? 's' : ''}, page ${this.filters().page} sur ${this.pageCount()}.`;
  });

  protected readonly heatmapCaption = computed(() => {
    const statuses = this.filters().statuses;
    return statuses.length
      ? 'Nombre de risques par impact et probabilité, pour le statut choisi'
      : 'Nombre de risques ouverts ou en traitement, par impact et probabilité';
  });

  protected readonly heatmapSummary = computed(() => {
    const state = this.heatmap.state();
    if (state.status !== 'loaded') return '';
    const { total, cells } = state.data;
    if (total === 0) return 'Aucun risque ne correspond à ces filtres : la carte est vide.';
    const critical = cells
      .filter((cell) => cell.probability * cell.impact >= 12)
      .reduce((sum, cell) => sum + cell.count, 0);
    return `${formatInteger(total)} risque${total > 1 ? 's' : ''} sur la carte, dont ${formatInteger(critical)} en criticité critique (probabilité × impact de 12 ou plus). Choisissez une case pour filtrer la liste.`;
  });

  protected retry(): void {
    this.risks.reload();
    this.host.nativeElement.querySelector<HTMLElement>('[data-results]')?.focus();
  }
}
