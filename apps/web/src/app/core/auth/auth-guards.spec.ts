import { Location } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse } from '@esms/api-contract';

import { authGuard, guestGuard, redirectToHome, roleGuard } from './auth-guards';
import { AuthStore } from './auth-store';
import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST, answerSession } from './testing/auth-fixtures';

@Component({ selector: 'esms-page', template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class Page {}

@Component({
  selector: 'esms-denied',
  template: 'Accès refusé',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Denied {}

describe('Route guards', () => {
  let http: HttpTestingController;
  let router: Router;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', pathMatch: 'full', redirectTo: redirectToHome },
          { path: 'connexion', canActivate: [guestGuard], component: Page },
          { path: 'referentiel', canActivate: [authGuard], component: Page },
          { path: 'tableau-de-bord', canActivate: [authGuard], component: Page },
          { path: 'tableau-de-bord/regions/:code', canActivate: [authGuard], component: Page },
          { path: 'administration', canActivate: [roleGuard('CNSA_ADMIN')], component: Page },
          { path: 'acces-refuse', component: Denied },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  /** Navigates as on page load: the guard asks for the session, answered here, and waits for it. */
  async function visit(url: string, signedIn: CurrentUserResponse | null): Promise<void> {
    const navigation = harness.navigateByUrl(url);
    await new Promise((resolve) => setTimeout(resolve));
    answerSession(http, signedIn);
    await navigation;
  }

  function page(): string {
    return (harness.routeNativeElement as HTMLElement).textContent ?? '';
  }

  describe('authGuard', () => {
    it('lets a signed-in user in', async () => {
      await visit('/referentiel', CNSA_ANALYST);

      expect(router.url).toBe('/referentiel');
    });

    it('waits for the session read before deciding', async () => {
      const navigation = harness.navigateByUrl('/referentiel');
      await new Promise((resolve) => setTimeout(resolve));
      expect(router.url).toBe('/');

      answerSession(http, CNSA_ANALYST);
      await navigation;
      expect(router.url).toBe('/referentiel');
    });

    it('sends a signed-out visitor to the sign-in page, which will bring them back', async () => {
      await visit('/referentiel?onglet=campagnes', null);

      expect(router.url).toBe('/connexion?retour=%2Freferentiel%3Fonglet%3Dcampagnes');
    });
  });

  describe('roleGuard', () => {
    it('lets a user with the role in', async () => {
      await visit('/administration', CNSA_ADMIN);

      expect(router.url).toBe('/administration');
      expect(page()).toBe('page');
    });

    it('shows « Accès refusé » to another role, at the address asked for (no redirect)', async () => {
      await visit('/administration', ARS_OFFICER);

      expect(page()).toBe('Accès refusé');
      expect(TestBed.inject(Location).path()).toBe('/administration');
    });

    it('keeps the asked address when the refusal follows a link from another page', async () => {
      await visit('/referentiel', ARS_OFFICER);

      await harness.navigateByUrl('/administration?onglet=organisations');

      expect(page()).toBe('Accès refusé');
      expect(TestBed.inject(Location).path()).toBe('/administration?onglet=organisations');
    });

    it('sends a signed-out visitor to the sign-in page', async () => {
      await visit('/administration', null);

      expect(router.url).toBe('/connexion?retour=%2Fadministration');
    });
  });

  describe('guestGuard', () => {
    it('lets a signed-out visitor see the sign-in page', async () => {
      await visit('/connexion?retour=%2Fadministration', null);

      expect(router.url).toBe('/connexion?retour=%2Fadministration');
    });

    it('sends a signed-in user where they were heading', async () => {
      await visit('/connexion?retour=%2Fadministration', CNSA_ADMIN);

      expect(router.url).toBe('/administration');
    });

    it('ignores a return address of another site and goes home', async () => {
      await visit('/connexion?retour=https%3A%2F%2Fexemple.fr', CNSA_ANALYST);

      expect(router.url).toBe('/tableau-de-bord');
    });
  });

  describe('redirectToHome', () => {
    it('opens the home page of a signed-in user', async () => {
      await visit('/', ARS_OFFICER);

      expect(router.url).toBe('/tableau-de-bord/regions/53');
    });

    it('opens the sign-in page for a signed-out visitor', async () => {
      await visit('/', null);

      expect(router.url).toBe('/connexion');
    });
  });

  it('reads the session only once across navigations', async () => {
    await visit('/referentiel', CNSA_ADMIN);
    await harness.navigateByUrl('/administration');

    http.expectNone('/api/auth/me');
    expect(TestBed.inject(AuthStore).user()).toEqual(CNSA_ADMIN);
    expect(router.url).toBe('/administration');
  });
});
