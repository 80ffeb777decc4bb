import { HttpErrorResponse } from '@angular/common/http';

import { ErrorDescription, apiErrorBody, describeApiError } from '../../core/http/api-error';

/** Why an action on a project was refused, as a DSFR alert: a title, the API's French message, a reload offer. */
export interface ActionProblem extends ErrorDescription {
  readonly title: string;
  /** The API's code (`ENVELOPE_OVERCOMMITTED`, `TRANSITION_FORBIDDEN`…), null when it gave none. */
  readonly code: string | null;
  /** 409 STALE_VERSION: someone changed the record meanwhile; the alert offers « Recharger ». */
  readonly stale: boolean;
}

/** The alert for a refused action; a stale version says plainly that nothing was saved. */
export function actionProblem(error: unknown, title: string): ActionProblem {
  const body = apiErrorBody(error);
  if (body?.code === 'STALE_VERSION') {
    return {
      title: "Ce projet a été modifié entre-temps par quelqu'un d'autre",
      message: `${body.message} Rien n'a été enregistré.`,
      reference: null,
      code: body.code,
      stale: true,
    };
  }
  return { ...describeApiError(error), title, code: body?.code || null, stale: false };
}

/** The API's answer for a project that does not exist or is outside the user's regions. */
export function isNotFound(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 404;
}
