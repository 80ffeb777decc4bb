import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { authInterceptor } from './auth-interceptor';
import { AuthStore } from './auth-store';
import { CNSA_ANALYST, answerSession } from './testing/auth-fixtures';

@Component({ selector: 'esms-blank', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

const EXPIRED = {
  statusCode: 401,
  code: 'UNAUTHENTICATED',
  message: 'Votre session a expiré : reconnectez-vous.',
};

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let store: AuthStore;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    store = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
    const loaded = store.load();
    answerSession(http, CNSA_ANALYST);
    await loaded;
    await router.navigateByUrl('/referentiel?onglet=campagnes');
  });

  afterEach(() => http.verify());

  /** Sends a request answered with `status`; resolves with the error the caller receives. */
  async function failWith(
    method: 'GET' | 'POST',
    url: string,
    status: number,
    body: object,
  ): Promise<unknown> {
    const answer = firstValueFrom(method === 'GET' ? client.get(url) : client.post(url, {})).catch(
      (error: unknown) => error,
    );
    http.expectOne(url).flush(body, { status, statusText: 'Erreur' });
    return answer;
  }

  async function settled(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
  }

  it('on a 401 from an API call, signs out and shows the sign-in page that brings the user back', async () => {
    const error = await failWith('GET', '/api/regions', 401, EXPIRED);
    await settled();

    expect(error).toMatchObject({ status: 401 });
    expect(store.user()).toBeNull();
    expect(store.notice()).toBe('session-expired');
    expect(router.url).toBe('/connexion?retour=%2Freferentiel%3Fonglet%3Dcampagnes');
  });

  it('navigates once when several requests fail together', async () => {
    const navigate = jest.spyOn(router, 'navigate');
    const first = firstValueFrom(client.get('/api/regions')).catch(() => undefined);
    const second = firstValueFrom(client.get('/api/campaigns')).catch(() => undefined);
    http.expectOne('/api/regions').flush(EXPIRED, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/campaigns').flush(EXPIRED, { status: 401, statusText: 'Unauthorized' });
    await Promise.all([first, second]);

    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/login'],
  ] as const)('leaves the 401 of %s %s to its caller', async (method, url) => {
    const error = await failWith(method, url, 401, EXPIRED);
    await settled();

    expect(error).toMatchObject({ status: 401 });
    expect(store.user()).toEqual(CNSA_ANALYST);
    expect(router.url).toBe('/referentiel?onglet=campagnes');
  });

  it.each([
    [
      403,
      {
        statusCode: 403,
        code: 'FORBIDDEN',
        message: "Vous n'avez pas les droits nécessaires pour cette action.",
      },
    ],
    [500, { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Erreur interne.' }],
  ])('leaves a %s alone: the session is still valid', async (status, body) => {
    await failWith('GET', '/api/users', status, body);
    await settled();

    expect(store.user()).toEqual(CNSA_ANALYST);
    expect(router.url).toBe('/referentiel?onglet=campagnes');
  });
});
