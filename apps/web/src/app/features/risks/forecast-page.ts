import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';

import type { EnvelopeForecast, ForecastResponse } from '@esms/api-contract';
import { formatEuros } from '@esms/domain';
import { ChartFigure, KpiTile, forecastChartConfig } from '@esms/ui-charts';

import { AuthStore } from '../../core/auth/auth-store';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { RiskLevelBadge } from '../../shared/ui/risk-level-badge';
import { FORECAST_KEYS, forecastModel, forecastSummary, forecastTitle } from './forecast-model';
import { readRiskFilters, sameRiskFilters } from './risk-filters';
import { RiskFiltersForm } from './risk-filters-form';
import { riskLookups } from './risk-lookups';
import { RisksApi } from './risks-api';
import { RisksNav } from './risks-nav';
import { TransferSimulation } from './transfer-simulation';

/** The envelope whose chart is shown: the one in the address, else the first under-consumed one, else the first. */
export function chosenEnvelope(data: ForecastResponse, id: string | null): EnvelopeForecast | null {
  return (
    data.envelopes.find((forecast) => forecast.envelope.id === id) ??
    data.envelopes.find((forecast) => forecast.underConsumed) ??
    data.envelopes[0] ??
    null
  );
}

/**
 * « Les enveloppes seront-elles engagées à temps ? »: key figures (delegated, committed, projected at the campaign end,
 * money at risk), the chosen envelope's consumption projected to the campaign end with its band, every envelope in a
 * table, the projects whose tranche 2 is at risk, and a what-if transfer simulation that saves nothing.
 */
@Component({
  selector: 'esms-forecast-page',
  imports: [
    ChartFigure,
    ErrorState,
    FormsModule,
    KpiTile,
    LoadingStatus,
    RiskFiltersForm,
    RiskLevelBadge,
    RisksNav,
    RouterLink,
    TransferSimulation,
  ],
  template: `
    @let state = forecast.state();
    <div class="fr-container fr-py-6w">
      <h1>Les enveloppes seront-elles engagées à temps ?</h1>
      <p class="fr-text--lead">
        La consommation de chaque enveloppe « Projets », projetée jusqu’à la fin de la campagne, et le montant à
        risque : la seconde tranche des projets à risque élevé ou critique.
      </p>
      <esms-risks-nav />
      <esms-risk-filters
        label="Filtres des prévisions"
        campaignPlaceholder="Campagne en cours"
        [filters]="filters()"
        [campaigns]="lookups.campaigns()"
        [regions]="lookups.regions()"
        [national]="lookups.national"
      />
      <esms-loading-status
        [loading]="state.status === 'loading'"
        loadingLabel="Chargement des prévisions…"
        [rows]="0"
        [loadedLabel]="state.status === 'loaded' ? 'Prévisions chargées' : ''"
      />
      @if (state.status === 'error') {
        <esms-error-state
          title="Les prévisions n’ont pas pu être chargées"
          [error]="state.error"
          (retry)="forecast.reload()"
        />
      } @else if (state.status === 'loaded') {
        @let data = state.data;
        <p class="fr-text--sm">
          Campagne {{ data.campaignYear }}, chiffres au {{ day(data.asOf) }} ; fin de campagne le
          {{ day(data.campaignEndOn) }}.
        </p>
        <ul class="fr-grid-row fr-grid-row--gutters esms-tiles fr-mb-4w">
          <li class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
            <esms-kpi-tile label="Enveloppe déléguée" [value]="data.totals.delegatedCents" unit="cents" />
          </li>
          <li class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
            <esms-kpi-tile label="Engagé" [value]="data.totals.committedCents" unit="cents" />
          </li>
          <li class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
            <esms-kpi-tile
              label="Engagé projeté en fin de campagne"
              [value]="data.totals.projectedCommittedAtEndCents"
              unit="cents"
            />
          </li>
          <li class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
            <esms-kpi-tile
              label="Montant à risque"
              [value]="data.totals.moneyAtRiskCents"
              unit="cents"
              [detail]="atRiskDetail()"
            />
          </li>
        </ul>

        @if (data.envelopes.length === 0) {
          <div class="fr-alert fr-alert--info fr-mb-4w">
            <p class="fr-alert__title">Aucune enveloppe « Projets » pour cette campagne</p>
            <p>Choisissez une autre campagne au-dessus de la page.</p>
          </div>
        } @else {
          <section class="fr-mb-6w" aria-labelledby="projection-titre">
            <h2 id="projection-titre" class="fr-h4">Consommation projetée d’une enveloppe</h2>
            <div class="fr-select-group">
              <label class="fr-label" for="prevision-enveloppe">Enveloppe affichée</label>
              <select
                class="fr-select"
                id="prevision-enveloppe"
                [ngModel]="shown()?.envelope?.id ?? ''"
                (ngModelChange)="choose($event)"
              >
                @for (option of data.envelopes; track option.envelope.id) {
                  <option [value]="option.envelope.id">
                    {{ option.envelope.holderName }}{{ option.underConsumed ? ' (sous-consommée)' : '' }}
                  </option>
                }
              </select>
            </div>
            @if (chartConfig(); as config) {
              <esms-chart [title]="chartTitle()" [summary]="chartSummary()" [config]="config" height="22rem" />
            }
            <p class="fr-text--sm">{{ data.method }}</p>
          </section>

          <section class="fr-mb-6w" aria-labelledby="enveloppes-titre">
            <h2 id="enveloppes-titre" class="fr-h4">Toutes les enveloppes</h2>
            <div class="fr-table fr-table--sm">
              <div class="fr-table__wrapper">
                <div class="fr-table__container" tabindex="0">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        Enveloppes « Projets » de la campagne {{ data.campaignYear }} : engagé, plan et projection
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Enveloppe</th>
                          <th scope="col" class="fr-cell--right">Enveloppe déléguée</th>
                          <th scope="col" class="fr-cell--right">Engagé</th>
                          <th scope="col" class="fr-cell--right">Prévu à date</th>
                          <th scope="col" class="fr-cell--right">Engagé projeté en fin de campagne</th>
                          <th scope="col" class="fr-cell--right">Montant à risque</th>
                          <th scope="col">État</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (row of envelopeRows(); track row.id) {
                          <tr>
                            <th scope="row">{{ row.name }}</th>
                            <td class="fr-cell--right">{{ row.delegated }}</td>
                            <td class="fr-cell--right">{{ row.committed }}</td>
                            <td class="fr-cell--right">{{ row.planned }}</td>
                            <td class="fr-cell--right">{{ row.projected }}<br /><span class="fr-text--xs">{{ row.band }}</span></td>
                            <td class="fr-cell--right">{{ row.atRisk }}</td>
                            <td>
                              @if (row.underConsumed) {
                                <p class="fr-badge fr-badge--sm fr-badge--warning">Sous-consommée</p>
                              } @else {
                                <p class="fr-badge fr-badge--sm fr-badge--success">Conforme au plan</p>
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
          </section>
        }

        <section class="fr-mb-6w" aria-labelledby="a-risque-titre">
          <h2 id="a-risque-titre" class="fr-h4">Projets dont la seconde tranche est à risque</h2>
          @if (data.atRiskProjects.length === 0) {
            <p>Aucun projet à risque élevé ou critique n’attend sa seconde tranche.</p>
          } @else {
            <div class="fr-table fr-table--sm">
              <div class="fr-table__wrapper">
                <div class="fr-table__container" tabindex="0">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        Projets à risque élevé ou critique, de la plus forte seconde tranche à la plus faible
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Projet</th>
                          <th scope="col">Risque</th>
                          <th scope="col" class="fr-cell--right">Seconde tranche à risque</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (project of data.atRiskProjects; track project.projectId) {
                          <tr>
                            <th scope="row">
                              <a class="fr-link" [routerLink]="['/projets', project.projectId]"
                                >{{ project.code }} — {{ project.name }}</a
                              >
                            </th>
                            <td><esms-risk-level-badge [level]="project.level" [score]="project.score" /></td>
                            <td class="fr-cell--right">{{ euros(project.tranche2Cents) }}</td>
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

        @if (canSimulate) {
          <esms-transfer-simulation [envelopes]="data.envelopes" />
        }
      }
    </div>
  `,
  styles: `
    .esms-tiles {
      list-style: none;
      padding: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForecastPage {
  private readonly api = inject(RisksApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly lookups = riskLookups();
  /** The what-if transfer is a CNSA tool: transfers between ARS are decided nationally. */
  protected readonly canSimulate = inject(AuthStore).hasRole('CNSA_ADMIN', 'CNSA_ANALYST');
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readRiskFilters(this.params()), { equal: sameRiskFilters });
  private readonly envelopeId = computed(() => this.params().get('enveloppe'));
  protected readonly forecast = loadableFrom(this.filters, (filters) =>
    this.api.forecast(filters.campaign, this.lookups.national ? filters.region : null),
  );

  private readonly data = computed(() => {
    const state = this.forecast.state();
    return state.status === 'loaded' ? state.data : null;
  });
  protected readonly shown = computed(() => {
    const data = this.data();
    return data ? chosenEnvelope(data, this.envelopeId()) : null;
  });
  protected readonly chartConfig = computed(() => {
    const data = this.data();
    const shown = this.shown();
    return data && shown ? forecastChartConfig(forecastModel(shown, data.campaignYear), FORECAST_KEYS) : null;
  });
  protected readonly chartTitle = computed(() => {
    const shown = this.shown();
    return shown ? forecastTitle(shown) : '';
  });
  protected readonly chartSummary = computed(() => {
    const data = this.data();
    const shown = this.shown();
    return data && shown ? forecastSummary(shown, data.campaignEndOn) : '';
  });
  protected readonly atRiskDetail = computed(() => {
    const count = this.data()?.totals.projectsAtRisk ?? 0;
    return count === 0
      ? 'Aucun projet à risque élevé ou critique'
      : `${count} projet${count > 1 ? 's' : ''} à risque élevé ou critique`;
  });
  protected readonly envelopeRows = computed(() =>
    (this.data()?.envelopes ?? []).map((forecast) => ({
      id: forecast.envelope.id,
      name: forecast.envelope.holderName,
      delegated: formatEuros(forecast.delegatedCents),
      committed: formatEuros(forecast.committedCents),
      planned: formatEuros(forecast.plannedCommittedToDateCents),
      projected: formatEuros(forecast.projectedCommittedAtEndCents),
      band: `entre ${formatEuros(forecast.projectedCommittedLowAtEndCents)} et ${formatEuros(forecast.projectedCommittedHighAtEndCents)}`,
      atRisk: formatEuros(forecast.moneyAtRiskCents),
      underConsumed: forecast.underConsumed,
    })),
  );

  protected day(iso: string): string {
    return formatShortDate(iso);
  }

  protected euros(cents: number): string {
    return formatEuros(cents);
  }

  protected choose(id: string): void {
    void this.router.navigate([], {
      queryParams: { enveloppe: id || null },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
