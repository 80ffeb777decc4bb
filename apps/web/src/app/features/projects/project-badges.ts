import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { PaymentStatus } from '@esms/api-contract';
import { MILESTONE_STATUS_LABELS, type MilestoneStatus } from '@esms/domain';

import { PAYMENT_STATUS_LABELS } from './history-format';

/** One colour per milestone status; the label always says the status. */
export const MILESTONE_STATUS_BADGE_CLASSES: Readonly<Record<MilestoneStatus, string>> = {
  A_VENIR: 'fr-badge--blue-cumulus',
  DECLARE: 'fr-badge--purple-glycine',
  VALIDE_ARS: 'fr-badge--green-menthe',
  VALIDE_CNSA: 'fr-badge--green-emeraude',
  REJETE: 'fr-badge--pink-macaron',
  NON_ATTEINT: 'fr-badge--orange-terre-battue',
};

/** One colour per payment status (« Récupération demandée » as the project status of that name). */
export const PAYMENT_STATUS_BADGE_CLASSES: Readonly<Record<PaymentStatus, string>> = {
  A_VERSER: 'fr-badge--blue-cumulus',
  VERSE: 'fr-badge--green-emeraude',
  ANNULE: 'fr-badge--beige-gris-galet',
  RECUPERATION_DEMANDEE: 'fr-badge--pink-tuile',
};

@Component({
  selector: 'esms-milestone-status-badge',
  template: `<p class="fr-badge fr-badge--sm fr-badge--no-icon" [class]="colour()">{{ label() }}</p>`,
  styles: `
    .fr-badge {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MilestoneStatusBadge {
  readonly status = input.required<MilestoneStatus>();

  protected readonly label = computed(() => MILESTONE_STATUS_LABELS[this.status()]);
  protected readonly colour = computed(() => MILESTONE_STATUS_BADGE_CLASSES[this.status()]);
}

@Component({
  selector: 'esms-payment-status-badge',
  template: `<p class="fr-badge fr-badge--sm fr-badge--no-icon" [class]="colour()">{{ label() }}</p>`,
  styles: `
    .fr-badge {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PaymentStatusBadge {
  readonly status = input.required<PaymentStatus>();

  protected readonly label = computed(() => PAYMENT_STATUS_LABELS[this.status()]);
  protected readonly colour = computed(() => PAYMENT_STATUS_BADGE_CLASSES[this.status()]);
}
