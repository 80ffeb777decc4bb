import { Injector, afterNextRender } from '@angular/core';

import { ErrorDescription, apiErrorBody, describeApiError } from '../../core/http/api-error';

/** French message shown next to each field at fault, by field name. */
export type FieldErrors<F extends string = string> = Readonly<Partial<Record<F, string>>>;

/** What a form shows after a refused request: messages next to fields, or one alert above the form. */
export interface FormFailure<F extends string = string> {
  readonly fields: FieldErrors<F>;
  /** The alert above the form, when no field of the form is at fault (401, 403, 429, 5xx, network). */
  readonly alert: ErrorDescription | null;
  /** The API's error code (`EMAIL_TAKEN`, `STALE_VERSION`…), null when the API did not answer one. */
  readonly code: string | null;
}

/**
 * Sorts an API refusal: a 400 or 409 naming a field of the form goes next to that field; anything else —
 * a field the form does not show, a 401, 403 or 429, the network — goes to the alert.
 */
export function toFormFailure<F extends string>(error: unknown, fields: readonly F[]): FormFailure<F> {
  const body = apiErrorBody(error);
  const field = body?.field;
  if (body && (body.statusCode === 400 || body.statusCode === 409) && isField(field, fields)) {
    const errors: Partial<Record<F, string>> = {};
    errors[field] = body.message;
    return { fields: errors, alert: null, code: body.code };
  }
  const none: Partial<Record<F, string>> = {};
  return { fields: none, alert: describeApiError(error), code: body?.code || null };
}

function isField<F extends string>(value: string | undefined, fields: readonly F[]): value is F {
  return value !== undefined && (fields as readonly string[]).includes(value);
}

/**
 * Once the errors are on screen, moves focus to what the user must read first: the error summary
 * (`data-error-summary`, an alert with `tabindex="-1"`) or else the first field with `aria-invalid="true"`.
 */
export function focusFirstError(host: HTMLElement, injector: Injector): void {
  afterNextRender(
    {
      write: () => {
        host.querySelector<HTMLElement>('[data-error-summary], [aria-invalid="true"]')?.focus();
      },
    },
    { injector },
  );
}
