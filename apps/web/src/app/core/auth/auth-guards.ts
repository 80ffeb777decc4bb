import { inject } from '@angular/core';
import { CanActivateFn, RedirectCommand, RedirectFunction, Router, UrlTree } from '@angular/router';

import type { Role } from '@esms/domain';

import { AuthStore } from './auth-store';
import { LOGIN_PATH, homeFor, safeReturnUrl } from './home';

/** Page shown to a user whose role is not allowed; the address bar keeps the address they asked for. */
export const ACCESS_DENIED_PATH = '/acces-refuse';

function signInPage(router: Router, returnUrl: string): UrlTree {
  const retour = safeReturnUrl(returnUrl);
  return router.createUrlTree([LOGIN_PATH], { queryParams: retour && retour !== '/' ? { retour } : {} });
}

/** Pages for signed-in users: anyone else goes to the sign-in page, which brings them back here. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const store = inject(AuthStore);
  const router = inject(Router);
  await store.load();
  return store.signedIn() || signInPage(router, state.url);
};

/**
 * Pages for some roles. A signed-out user goes to the sign-in page; a signed-in user without the role sees
 * « Accès refusé », the address bar keeping the address asked for. That page has no guard: nothing loops.
 */
export function roleGuard(...roles: readonly Role[]): CanActivateFn {
  return async (_route, state) => {
    const store = inject(AuthStore);
    const router = inject(Router);
    await store.load();
    if (!store.signedIn()) return signInPage(router, state.url);
    if (store.hasRole(...roles)) return true;
    return new RedirectCommand(router.parseUrl(ACCESS_DENIED_PATH), { browserUrl: state.url });
  };
}

/** The sign-in page is for signed-out users: a signed-in one goes where they were heading. */
export const guestGuard: CanActivateFn = async (route) => {
  const store = inject(AuthStore);
  const router = inject(Router);
  await store.load();
  const user = store.user();
  if (!user) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('retour')) ?? homeFor(user));
};

/** `/` leads to the user's home page, or to the sign-in page. */
export const redirectToHome: RedirectFunction = async () => {
  const store = inject(AuthStore);
  await store.load();
  const user = store.user();
  return user ? homeFor(user) : LOGIN_PATH;
};
