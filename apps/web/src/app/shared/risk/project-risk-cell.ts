import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { RiskLevel } from '@esms/domain';

import { RiskLevelBadge } from '../ui/risk-level-badge';

/** The risk level of a project in a table cell, as the list gives it: its badge, or « Pas encore calculé ». */
@Component({
  selector: 'esms-project-risk-cell',
  imports: [RiskLevelBadge],
  template: `
    @if (level(); as level) {
      <esms-risk-level-badge [level]="level" [score]="score() ?? 0" />
    } @else {
      <span class="fr-text--sm">Pas encore calculé</span>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectRiskCell {
  /** Null while the project has never been scored. */
  readonly level = input.required<RiskLevel | null>();
  readonly score = input.required<number | null>();
}
