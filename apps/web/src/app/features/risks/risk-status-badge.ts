import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { RISK_STATUS_LABELS, type RiskStatus } from '@esms/api-contract';

const CLASSES: Readonly<Record<RiskStatus, string>> = {
  OUVERT: 'fr-badge--pink-tuile',
  EN_TRAITEMENT: 'fr-badge--blue-ecume',
  CLOS: 'fr-badge--beige-gris-galet',
};

/** DSFR badge of a register risk's status, always with its label. */
@Component({
  selector: 'esms-risk-status-badge',
  template: `<p class="fr-badge fr-badge--sm fr-badge--no-icon" [class]="colour()">{{ label() }}</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskStatusBadge {
  readonly status = input.required<RiskStatus>();
  protected readonly label = computed(() => RISK_STATUS_LABELS[this.status()]);
  protected readonly colour = computed(() => CLASSES[this.status()]);
}
