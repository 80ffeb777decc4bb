import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import { ErrorDescription, apiErrorBody, describeApiError } from '../../core/http/api-error';

/** Why the API refused a change of the rules, shown above the form or table being edited. */
export interface CampaignProblem extends ErrorDescription {
  readonly title: string;
  /** 409 STALE_VERSION: someone changed the rules meanwhile; « Recharger » reads them again. */
  readonly stale: boolean;
}

/** A refusal that no field or row of the form takes: stale version, 401/403/429/5xx, a 409 on the whole table. */
export function campaignProblem(error: unknown, title: string): CampaignProblem {
  const body = apiErrorBody(error);
  if (body?.code === 'STALE_VERSION') {
    return {
      title: 'Les règles de la campagne ont été modifiées entre-temps',
      message: `${body.message} Vos modifications n'ont pas été enregistrées.`,
      reference: null,
      stale: true,
    };
  }
  const description = describeApiError(error);
  // A refusal of the rules (4xx) is for the person to fix, not for the support team: no reference.
  const reference = body && body.statusCode < 500 ? null : description.reference;
  return { ...description, reference, title, stale: false };
}

/** DSFR error alert that takes focus (`data-error-summary`), with « Recharger » for a stale version. */
@Component({
  selector: 'esms-campaign-problem',
  template: `
    @let current = problem();
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert" tabindex="-1" data-error-summary>
      <p class="fr-alert__title">{{ current.title }}</p>
      <p>{{ current.message }}</p>
      @if (current.reference; as reference) {
        <p class="fr-text--sm fr-mb-0">Référence à communiquer à l'assistance : {{ reference }}</p>
      }
      @if (current.stale) {
        <button
          type="button"
          class="fr-btn fr-btn--secondary fr-btn--sm fr-btn--icon-left fr-icon-refresh-line fr-mt-2w"
          (click)="reload.emit()"
        >
          Recharger
        </button>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignProblemAlert {
  readonly problem = input.required<CampaignProblem>();
  /** « Recharger »: read the rules again (the edit in progress is dropped). */
  readonly reload = output();
}
