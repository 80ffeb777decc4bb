import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { loadableFrom } from '../data/loadable';
import { formatShortDate } from '../format/format';
import { ErrorState } from '../ui/error-state';
import { LoadingStatus } from '../ui/loading-status';
import { RiskLevelBadge } from '../ui/risk-level-badge';
import { ProjectRiskApi } from './project-risk-api';
import { RiskTrend } from './risk-trend';

/** « 12 points », « 1 point ». */
export function pointsText(points: number): string {
  return `${points} point${Math.abs(points) >= 2 ? 's' : ''}`;
}

/**
 * « Risque » block of the project page: the score and its level (badge with icon and text), why — each factor in
 * French with the points it adds — and the daily trend. Nobody has to trust a number they cannot read.
 */
@Component({
  selector: 'esms-project-risk-block',
  imports: [ErrorState, LoadingStatus, RiskLevelBadge, RiskTrend],
  template: `
    @let state = risk.state();
    <section class="fr-mb-4w" aria-labelledby="risque-titre" data-project-risk>
      <h2 id="risque-titre" class="fr-h4">Risque</h2>
      <esms-loading-status
        [loading]="state.status === 'loading'"
        loadingLabel="Chargement du score de risque…"
        [rows]="2"
      />
      @if (state.status === 'error') {
        <esms-error-state
          title="Le score de risque n’a pas pu être chargé"
          [error]="state.error"
          (retry)="risk.reload()"
        />
      } @else if (state.status === 'loaded') {
        @let current = state.data;
        <p class="esms-risk-score">
          <esms-risk-level-badge [level]="current.level" />
          <span class="fr-text--lg fr-text--bold fr-mb-0">Score {{ current.score }} sur 100</span>
          @if (computedOn(); as day) {
            <span class="fr-text--sm fr-mb-0">calculé le {{ day }}</span>
          } @else {
            <span class="fr-text--sm fr-mb-0">pas encore calculé</span>
          }
        </p>
        @if (current.factors.length > 0) {
          <p class="fr-mb-1w">Ce qui fait le score :</p>
          <ul data-risk-factors>
            @for (factor of current.factors; track factor.code) {
              <li>
                {{ factor.label }} <span class="fr-text--sm">— {{ pointsText(factor.points) }}</span>
              </li>
            }
          </ul>
        } @else {
          <p>Aucun facteur de risque : jalons à jour, paiements et données dans les délais.</p>
        }
        <esms-risk-trend [projectId]="projectId()" [projectCode]="projectCode()" />
      }
    </section>
  `,
  styles: `
    .esms-risk-score {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectRiskBlock {
  private readonly api = inject(ProjectRiskApi);

  readonly projectId = input.required<string>();
  readonly projectCode = input.required<string>();
  protected readonly risk = loadableFrom(this.projectId, (id) => this.api.risk(id));
  protected readonly computedOn = computed(() => {
    const state = this.risk.state();
    return state.status === 'loaded' && state.data.computedAt ? formatShortDate(state.data.computedAt) : null;
  });
  protected readonly pointsText = pointsText;
}
