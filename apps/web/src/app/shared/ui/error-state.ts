import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

import { describeApiError } from '../../core/http/api-error';

/** DSFR error alert for a request that failed, with the API's French message and a « Réessayer » button. */
@Component({
  selector: 'esms-error-state',
  template: `
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
      <p class="fr-alert__title">{{ title() }}</p>
      <p>{{ description().message }}</p>
      @if (description().reference; as reference) {
        <p class="fr-text--sm fr-mb-0">Référence à communiquer à l'assistance : {{ reference }}</p>
      }
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-btn--sm fr-btn--icon-left fr-icon-refresh-line fr-mt-2w"
        (click)="retry.emit()"
      >
        Réessayer
      </button>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorState {
  /** What could not be done: « Les régions n'ont pas pu être chargées ». */
  readonly title = input.required<string>();
  readonly error = input.required<unknown>();
  readonly retry = output();

  protected readonly description = computed(() => describeApiError(this.error()));
}
