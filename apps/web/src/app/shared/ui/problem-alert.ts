import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

import { ErrorDescription } from '../../core/http/api-error';

/** What a refusal says: the API's French message, the reference for the support team, whether it is a stale version. */
export interface Problem extends ErrorDescription {
  /** The alert's title, when the refusal carries it (« Le jalon … n'a pas été validé »). */
  readonly title?: string;
  /** 409 STALE_VERSION: someone changed the record meanwhile; the alert offers « Recharger ». */
  readonly stale?: boolean;
}

/**
 * The DSFR error alert of a refused action or form, above what was refused: its title, the message, the
 * reference to give the support team (5xx), and « Recharger » for a stale version. The host is the alert
 * (`role="alert"`, `tabindex="-1"` so that it can take focus); the parent adds its spacing and marker:
 * `<esms-problem-alert class="fr-mb-3w" data-error-summary [problem]="alert" title="Le compte n'a pas été créé" />`.
 */
@Component({
  selector: 'esms-problem-alert',
  host: { class: 'fr-alert fr-alert--error', role: 'alert', tabindex: '-1' },
  template: `
    @switch (level()) {
      @case (2) {
        <h2 class="fr-alert__title">{{ heading() }}</h2>
      }
      @case (3) {
        <h3 class="fr-alert__title">{{ heading() }}</h3>
      }
      @default {
        <p class="fr-alert__title">{{ heading() }}</p>
      }
    }
    <p>{{ problem().message }}</p>
    @if (problem().reference; as reference) {
      <p class="fr-text--sm fr-mb-0">Référence à communiquer à l'assistance : {{ reference }}</p>
    }
    @if (problem().stale) {
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-btn--sm fr-btn--icon-left fr-icon-refresh-line fr-mt-2w"
        (click)="reload.emit()"
      >
        Recharger
      </button>
    }
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProblemAlert {
  readonly problem = input.required<Problem>();
  /** The title when the problem carries none: « La planification n'a pas été enregistrée ». */
  readonly title = input('');
  /** The title as a heading of this level in the page's outline, or a paragraph (null). */
  readonly level = input<2 | 3 | null>(null);
  /** « Recharger »: read the record again (the change in progress is dropped). */
  readonly reload = output();

  protected readonly heading = computed(() => this.problem().title ?? this.title());
}
