import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** DSFR information alert for a list with nothing to show; the projected text says why and what to do. */
@Component({
  selector: 'esms-empty-state',
  template: `
    <div class="fr-alert fr-alert--info fr-mb-4w">
      <p class="fr-alert__title">{{ title() }}</p>
      <ng-content />
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmptyState {
  readonly title = input.required<string>();
}
