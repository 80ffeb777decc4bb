import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { RISK_LEVEL_LABELS, type RiskLevel } from '@esms/domain';

/**
 * One DSFR system badge per risk level, the same on every page (project list, project detail, « Risques »): each
 * carries its icon and says the level in words, so that colour never carries the level alone.
 */
export const RISK_LEVEL_BADGE_CLASSES: Readonly<Record<RiskLevel, string>> = {
  FAIBLE: 'fr-badge--success',
  MODERE: 'fr-badge--info',
  ELEVE: 'fr-badge--warning',
  CRITIQUE: 'fr-badge--error',
};

/** « Risque élevé », « Risque critique »… */
export function riskLevelText(level: RiskLevel): string {
  return `Risque ${RISK_LEVEL_LABELS[level].toLowerCase()}`;
}

/** DSFR badge of a project's risk level (icon and text), with its score when given: « Risque élevé (62/100) ». */
@Component({
  selector: 'esms-risk-level-badge',
  template: `<p class="fr-badge fr-badge--sm" [class]="colour()">{{ label() }}</p>`,
  styles: `
    .fr-badge {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskLevelBadge {
  readonly level = input.required<RiskLevel>();
  /** 0–100; null: the score is not shown. */
  readonly score = input<number | null>(null);

  /** « Risque élevé (62/100) ». */
  protected readonly label = computed(() => {
    const score = this.score();
    return score === null ? riskLevelText(this.level()) : `${riskLevelText(this.level())} (${score}/100)`;
  });
  protected readonly colour = computed(() => RISK_LEVEL_BADGE_CLASSES[this.level()]);
}
