import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { appConfig } from '../../app.config';
import { AuthStore } from './auth-store';
import { ARS_OFFICER, CNSA_ADMIN, UNAUTHENTICATED, answerSession } from './testing/auth-fixtures';

@Component({ selector: 'esms-blank', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

describe('AuthStore', () => {
  let store: AuthStore;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
      ],
    });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => http.verify());

  async function signIn(): Promise<void> {
    const loaded = store.load();
    answerSession(http, ARS_OFFICER);
    await loaded;
  }

  it('reads the session once, however many pages wait for it', async () => {
    const first = store.load();
    const second = store.load();
    expect(store.loading()).toBe(true);

    answerSession(http, ARS_OFFICER);
    await Promise.all([first, second]);

    expect(store.loading()).toBe(false);
    expect(store.user()).toEqual(ARS_OFFICER);
    expect(store.signedIn()).toBe(true);
    await store.load();
    http.expectNone('/api/auth/me');
  });

  it('is signed out when the API answers 401 to /api/auth/me', async () => {
    const loaded = store.load();
    answerSession(http, null);
    await loaded;

    expect(store.user()).toBeNull();
    expect(store.signedIn()).toBe(false);
    expect(store.loading()).toBe(false);
  });

  it('is signed out, not stuck, when the server does not answer', async () => {
    const loaded = store.load();
    http.expectOne('/api/auth/me').error(new ProgressEvent('error'));
    await loaded;

    expect(store.user()).toBeNull();
    expect(store.loading()).toBe(false);
  });

  it('signs in with e-mail and password', async () => {
    const loaded = store.load();
    answerSession(http, null);
    await loaded;

    const signedIn = store.login({ email: 'admin@cnsa.demo', password: 'Demo-ESMS-2025!' });
    const request = http.expectOne('/api/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ email: 'admin@cnsa.demo', password: 'Demo-ESMS-2025!' });
    request.flush(CNSA_ADMIN);

    await expect(signedIn).resolves.toEqual(CNSA_ADMIN);
    expect(store.user()).toEqual(CNSA_ADMIN);
    expect(store.hasRole('CNSA_ADMIN')).toBe(true);
    expect(store.hasRole('CNSA_ANALYST', 'AUDITOR')).toBe(false);
  });

  it('passes a refused sign-in on to the page and stays signed out', async () => {
    const signedIn = store.login({ email: 'admin@cnsa.demo', password: 'faux' });
    http.expectOne('/api/auth/login').flush(
      {
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Adresse électronique ou mot de passe incorrect.',
      },
      { status: 401, statusText: 'Unauthorized' },
    );

    await expect(signedIn).rejects.toMatchObject({ status: 401 });
    expect(store.user()).toBeNull();
  });

  it('signs out on the server, then shows the sign-in page saying so', async () => {
    await signIn();

    const signedOut = store.logout();
    const request = http.expectOne('/api/auth/logout');
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await signedOut;

    expect(store.user()).toBeNull();
    expect(store.notice()).toBe('signed-out');
    expect(router.url).toBe('/connexion');
  });

  it('signs out locally even when the server cannot be reached', async () => {
    await signIn();

    const signedOut = store.logout();
    http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    await signedOut;

    expect(store.user()).toBeNull();
    expect(router.url).toBe('/connexion');
  });

  it('on an expired session, forgets the user and offers to come back to the current page', async () => {
    await signIn();
    await router.navigateByUrl('/referentiel?onglet=campagnes');
    const navigate = jest.spyOn(router, 'navigate');

    store.sessionExpired();
    store.sessionExpired();
    await navigate.mock.results[0]?.value;

    expect(store.user()).toBeNull();
    expect(store.notice()).toBe('session-expired');
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(router.url).toBe('/connexion?retour=%2Freferentiel%3Fonglet%3Dcampagnes');
  });

  it('clears the notice once signed in again', async () => {
    await signIn();
    store.sessionExpired();

    const signedIn = store.login({ email: 'yann.le-goff@ars.sante.fr', password: 'Demo-ESMS-2025!' });
    http.expectOne('/api/auth/login').flush(ARS_OFFICER);
    await signedIn;

    expect(store.notice()).toBeNull();
  });

  it('does nothing on an expired session when nobody is signed in', async () => {
    const loaded = store.load();
    http.expectOne('/api/auth/me').flush(UNAUTHENTICATED, { status: 401, statusText: 'Unauthorized' });
    await loaded;
    const navigate = jest.spyOn(router, 'navigate');

    store.sessionExpired();

    expect(navigate).not.toHaveBeenCalled();
    expect(store.notice()).toBeNull();
  });
});

describe('Application HTTP configuration', () => {
  afterEach(() => {
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('reads the session before the first page, and echoes the XSRF-TOKEN cookie on sign-in', async () => {
    document.cookie = 'XSRF-TOKEN=jeton-anti-falsification; path=/';
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const store = TestBed.inject(AuthStore);

    // The app initializer has asked who is signed in.
    answerSession(http, null);
    await store.load();

    const signedIn = store.login({ email: 'admin@cnsa.demo', password: 'Demo-ESMS-2025!' });
    const request = http.expectOne('/api/auth/login');
    expect(request.request.headers.get('X-XSRF-TOKEN')).toBe('jeton-anti-falsification');
    request.flush(CNSA_ADMIN);
    await signedIn;
    http.verify();
  });
});
