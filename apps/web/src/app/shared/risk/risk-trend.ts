import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { ChartFigure } from '@esms/ui-charts';

import { loadableFrom } from '../data/loadable';
import { ErrorState } from '../ui/error-state';
import { ProjectRiskApi } from './project-risk-api';
import { riskTrendModel, riskTrendSummary, riskTrendTitle } from './risk-trend-model';

/** The line chart of a project's daily risk score (`GET /api/projects/:id/risk/history`), with its data table. */
@Component({
  selector: 'esms-risk-trend',
  imports: [ChartFigure, ErrorState],
  template: `
    @let state = history.state();
    @if (state.status === 'error') {
      <esms-error-state
        title="L’évolution du score n’a pas pu être chargée"
        [error]="state.error"
        (retry)="history.reload()"
      />
    } @else {
      <esms-chart
        [title]="title()"
        [summary]="summary()"
        [model]="model()"
        kind="line"
        height="16rem"
        [loading]="state.status === 'loading'"
        emptyMessage="Aucun score n’a encore été calculé pour ce projet : l’historique commence au premier calcul quotidien."
      />
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskTrend {
  private readonly api = inject(ProjectRiskApi);

  readonly projectId = input.required<string>();
  /** « 2024-53-0007 », named in the data table's caption. */
  readonly projectCode = input.required<string>();

  protected readonly history = loadableFrom(this.projectId, (id) => this.api.history(id));
  private readonly items = computed(() => {
    const state = this.history.state();
    return state.status === 'loaded' ? state.data.items : [];
  });
  protected readonly model = computed(() => riskTrendModel(this.items(), this.projectCode()));
  protected readonly title = computed(() => riskTrendTitle(this.items()));
  protected readonly summary = computed(() => riskTrendSummary(this.items()));
}
