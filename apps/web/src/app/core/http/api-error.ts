import { HttpErrorResponse } from '@angular/common/http';

import type { ApiErrorBody } from '@esms/api-contract';

export interface ErrorDescription {
  /** French sentence for the user: what went wrong and what to do. */
  readonly message: string;
  /** Request id to quote to the support team, when the API gave one. */
  readonly reference: string | null;
}

const UNREACHABLE =
  'Le serveur ne répond pas. Vérifiez votre connexion au réseau, puis réessayez dans quelques instants.';
const UNEXPECTED =
  "Le service a rencontré une difficulté technique. Réessayez dans quelques instants ; si le problème persiste, contactez l'assistance.";

function isApiErrorBody(body: unknown): body is Pick<ApiErrorBody, 'message'> & Partial<ApiErrorBody> {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string' &&
    (body as { message: string }).message.trim() !== ''
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The API's error body of a failed request (`{ statusCode, code, message, field?, details? }`), for callers
 * that act on the code or show the message next to `field`; null for any other failure.
 */
export function apiErrorBody(error: unknown): ApiErrorBody | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (!isApiErrorBody(body)) return null;
  return {
    statusCode: error.status,
    code: typeof body.code === 'string' ? body.code : '',
    message: body.message,
    ...(typeof body.field === 'string' ? { field: body.field } : {}),
    ...(isRecord(body.details) ? { details: body.details } : {}),
    ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
  };
}

/**
 * Turns a failed request into a French message. The API writes its `message` for the user (see
 * `ApiErrorBody`); anything else (network down, proxy page, unexpected body) gets a generic sentence —
 * never an English text or a bare status code.
 */
export function describeApiError(error: unknown): ErrorDescription {
  if (error instanceof HttpErrorResponse) {
    const body: unknown = error.error;
    if (isApiErrorBody(body)) {
      return { message: body.message, reference: typeof body.requestId === 'string' ? body.requestId : null };
    }
    if (error.status === 0) {
      return { message: UNREACHABLE, reference: null };
    }
  }
  return { message: UNEXPECTED, reference: null };
}
