import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { DashboardFilters, DashboardKpis, DashboardSeries } from '@esms/api-contract';
import { ChartFigure, KpiTile } from '@esms/ui-charts';

import {
  campaignText,
  holderChart,
  kpiTiles,
  milestonesChart,
  paymentsChart,
  statusChart,
} from './dashboard-model';

/** Titles of the charts while the data loads (the skeletons need a name). */
const LOADING_TITLES = [
  'Enveloppe déléguée, engagé et versé par enveloppe',
  'Versements cumulés',
  'Projets par statut',
  'Jalons par type et par état',
];

/**
 * What both dashboards show: the six KPI tiles, then the charts (per holder, cumulative payments, projects by
 * status, milestones by type). While loading: skeleton tiles and charts, never an empty canvas.
 */
@Component({
  selector: 'esms-dashboard-body',
  imports: [ChartFigure, KpiTile],
  template: `
    <h2 class="fr-sr-only">Chiffres clés</h2>
    <ul class="esms-kpis fr-mb-6w">
      @if (tiles(); as tiles) {
        @for (tile of tiles; track tile.label) {
          <li>
            <esms-kpi-tile
              [label]="tile.label"
              [value]="tile.value"
              [unit]="tile.unit"
              [target]="tile.target"
              [detail]="tile.detail"
            />
          </li>
        }
      } @else {
        @for (label of loadingTiles; track label) {
          <li><esms-kpi-tile [label]="label" [value]="null" [loading]="true" /></li>
        }
      }
    </ul>
    @if (!hideCharts()) {
      <h2 class="fr-h4">Graphiques</h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        @if (charts(); as charts) {
          <div class="fr-col-12">
            <esms-chart
              [title]="charts.holders.title"
              [summary]="charts.holders.summary"
              [model]="charts.holders.model"
              kind="bar"
              [horizontal]="true"
              [height]="holderHeight()"
            />
          </div>
          <div class="fr-col-12 fr-col-lg-6">
            <esms-chart
              [title]="charts.payments.title"
              [summary]="charts.payments.summary"
              [model]="charts.payments.model"
              kind="line"
            />
          </div>
          <div class="fr-col-12 fr-col-lg-6">
            <esms-chart
              [title]="charts.statuses.title"
              [summary]="charts.statuses.summary"
              [model]="charts.statuses.model"
              kind="bar"
              [horizontal]="true"
            />
          </div>
          <div class="fr-col-12 fr-col-lg-6">
            <esms-chart
              [title]="charts.milestones.title"
              [summary]="charts.milestones.summary"
              [model]="charts.milestones.model"
              kind="stacked-bar"
              [horizontal]="true"
            />
          </div>
        } @else {
          @for (title of loadingTitles; track title) {
            <div class="fr-col-12 fr-col-lg-6">
              <esms-chart [title]="title" summary="Chargement…" [loading]="true" />
            </div>
          }
        }
      </div>
    }
  `,
  styles: `
    .esms-kpis {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
      gap: 1rem;
      list-style: none;
      padding: 0;
    }
    .esms-kpis li {
      padding: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardBody {
  /** Null while loading. */
  readonly kpis = input.required<DashboardKpis | null>();
  readonly series = input.required<DashboardSeries | null>();
  readonly filters = input.required<DashboardFilters>();
  /** Nothing to chart (no project): the page shows its empty state instead. */
  readonly hideCharts = input(false);

  protected readonly loadingTiles = [
    'Enveloppes déléguées',
    'Engagé',
    'Versé',
    'Reste à engager',
    'ESSMS embarqués',
    'Montant à risque',
  ];
  protected readonly loadingTitles = LOADING_TITLES;

  protected readonly tiles = computed(() => {
    const kpis = this.kpis();
    return kpis ? kpiTiles(kpis) : null;
  });

  /** Room for three bars per holder: 18 ARS and the national envelope need a tall chart. */
  protected readonly holderHeight = computed(
    () => `${Math.max(14, 4 + 2.25 * (this.series()?.byHolder.length ?? 0))}rem`,
  );

  protected readonly charts = computed(() => {
    const series = this.series();
    if (!series) return null;
    const campaign = campaignText(this.filters());
    return {
      holders: holderChart(series.byHolder, campaign),
      payments: paymentsChart(series.paymentsByMonth, campaign),
      statuses: statusChart(series.projectsByStatus, campaign),
      milestones: milestonesChart(series.milestonesByType, campaign),
    };
  });
}
