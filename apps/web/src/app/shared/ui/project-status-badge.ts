import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { PROJECT_STATUS_LABELS, type ProjectStatus } from '@esms/domain';

/**
 * One colour per project status, the same on every page (list, detail, dashboards): blues before the decision,
 * greens while the project moves forward, the DSFR success colour once paid off, warm colours for the exit
 * branch, greys once closed. The badge always says the status in words: colour never carries it alone.
 */
export const PROJECT_STATUS_BADGE_CLASSES: Readonly<Record<ProjectStatus, string>> = {
  DEPOSE: 'fr-badge--blue-cumulus',
  RETENU: 'fr-badge--blue-ecume',
  REFUSE: 'fr-badge--pink-macaron',
  CONVENTION_SIGNEE: 'fr-badge--green-archipel',
  DUI_DEPLOYE: 'fr-badge--green-menthe',
  USAGE_DECLARE: 'fr-badge--green-bourgeon',
  CIBLES_VALIDEES: 'fr-badge--green-emeraude',
  SOLDE: 'fr-badge--green-tilleul-verveine',
  CLOTURE: 'fr-badge--beige-gris-galet',
  ABANDONNE: 'fr-badge--brown-cafe-creme',
  SOLDE_ANNULE: 'fr-badge--orange-terre-battue',
  RECUPERATION_DEMANDEE: 'fr-badge--pink-tuile',
};

/** DSFR badge of a project status, with its French label (`PROJECT_STATUS_LABELS`). */
@Component({
  selector: 'esms-project-status-badge',
  template: `<p class="fr-badge fr-badge--sm fr-badge--no-icon" [class]="colour()">{{ label() }}</p>`,
  styles: `
    .fr-badge {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectStatusBadge {
  readonly status = input.required<ProjectStatus>();

  protected readonly label = computed(() => PROJECT_STATUS_LABELS[this.status()]);
  protected readonly colour = computed(() => PROJECT_STATUS_BADGE_CLASSES[this.status()]);
}
