import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { ROLE_LABELS, type Role } from '@esms/domain';

/** One colour per role, the same everywhere; the label always says the role (never the colour alone). */
export const ROLE_BADGE_CLASSES: Readonly<Record<Role, string>> = {
  CNSA_ADMIN: 'fr-badge--purple-glycine',
  CNSA_ANALYST: 'fr-badge--blue-ecume',
  AUDITOR: 'fr-badge--brown-caramel',
  ARS_OFFICER: 'fr-badge--green-emeraude',
  GRADES_MEMBER: 'fr-badge--orange-terre-battue',
};

@Component({
  selector: 'esms-role-badge',
  template: `<p class="fr-badge fr-badge--sm fr-badge--no-icon" [class]="colour()">{{ label() }}</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoleBadge {
  readonly role = input.required<Role>();

  protected readonly label = computed(() => ROLE_LABELS[this.role()]);
  protected readonly colour = computed(() => ROLE_BADGE_CLASSES[this.role()]);
}
