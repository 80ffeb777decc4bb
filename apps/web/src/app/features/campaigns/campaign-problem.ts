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
