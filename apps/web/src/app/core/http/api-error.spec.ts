import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { apiErrorBody, describeApiError } from './api-error';

function httpError(status: number, error: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error, headers: new HttpHeaders(), url: '/api/regions' });
}

describe('describeApiError', () => {
  it('shows the French message written by the API, with its request id', () => {
    const description = describeApiError(
      httpError(503, {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'La base de données est momentanément indisponible.',
        requestId: 'req-42',
      }),
    );

    expect(description).toEqual({
      message: 'La base de données est momentanément indisponible.',
      reference: 'req-42',
    });
  });

  it('says the server does not answer when the request never reached it', () => {
    const description = describeApiError(httpError(0, new ProgressEvent('error')));

    expect(description.message).toMatch(/^Le serveur ne répond pas/);
    expect(description.reference).toBeNull();
  });

  it.each([
    ['an HTML proxy page', httpError(502, '<html>Bad Gateway</html>')],
    ['a body without message', httpError(500, { statusCode: 500, code: 'INTERNAL' })],
    ['an empty message', httpError(500, { statusCode: 500, code: 'INTERNAL', message: '  ' })],
    ['a non-HTTP error', new TypeError('Cannot read properties of undefined')],
  ])('falls back to a French sentence for %s, never the raw text or code', (_case, error) => {
    const { message } = describeApiError(error);

    expect(message).toMatch(/^Le service a rencontré une difficulté technique/);
    expect(message).not.toMatch(/Bad Gateway|INTERNAL|undefined|500/);
  });
});

describe('apiErrorBody', () => {
  it('reads the code, field and details of an API error', () => {
    const body = apiErrorBody(
      httpError(409, {
        statusCode: 409,
        code: 'STALE_VERSION',
        message: 'Ce compte a été modifié entre-temps.',
        field: 'version',
        details: { current: { id: 'u1' } },
      }),
    );

    expect(body).toEqual({
      statusCode: 409,
      code: 'STALE_VERSION',
      message: 'Ce compte a été modifié entre-temps.',
      field: 'version',
      details: { current: { id: 'u1' } },
    });
  });

  it.each([
    ['a network failure', httpError(0, new ProgressEvent('error'))],
    ['an HTML proxy page', httpError(502, '<html>Bad Gateway</html>')],
    ['a non-HTTP error', new Error('boom')],
  ])('gives null for %s', (_case, error) => {
    expect(apiErrorBody(error)).toBeNull();
  });
});
