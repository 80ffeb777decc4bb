import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { tap } from 'rxjs';

import { AuthStore } from './auth-store';

/** Their 401 is an answer, not an expired session: « nobody signed in » and « wrong password ». */
const OWN_401 = new Set(['/api/auth/me', '/api/auth/login']);

function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? url;
}

/**
 * A 401 from any other API call means the session ended on the server: the store forgets the user and
 * shows the sign-in page with « Votre session a expiré : reconnectez-vous. ». The error still reaches the
 * caller, whose page is being left anyway.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const store = inject(AuthStore);
  return next(request).pipe(
    tap({
      error: (error: unknown) => {
        const path = pathOf(request.url);
        if (
          error instanceof HttpErrorResponse &&
          error.status === 401 &&
          path.startsWith('/api/') &&
          !OWN_401.has(path)
        ) {
          store.sessionExpired();
        }
      },
    }),
  );
};
