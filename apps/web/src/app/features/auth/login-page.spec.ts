import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { AuthProvidersResponse } from '@esms/api-contract';

import { appConfig } from '../../app.config';
import { AuthStore } from '../../core/auth/auth-store';
import { CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { OIDC_REFUSALS } from './login-page';

const WITH_PROCONNECT: AuthProvidersResponse = { local: true, oidc: { enabled: true, label: 'ProConnect' } };
const PASSWORD_ONLY: AuthProvidersResponse = { local: true, oidc: { enabled: false, label: 'ProConnect' } };

describe('LoginPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  /** Opens the sign-in page signed out, the API offering `providers`. */
  async function open(
    url: string,
    providers: AuthProvidersResponse | 'error' = WITH_PROCONNECT,
  ): Promise<void> {
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    answerSession(http, null);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    const request = http.expectOne('/api/auth/providers');
    if (providers === 'error')
      request.flush('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    else request.flush(providers);
    await harness.fixture.whenStable();
    page = harness.routeNativeElement as HTMLElement;
  }

  const field = (id: string) => page.querySelector<HTMLInputElement>(`#${id}`)!;
  const form = () => page.querySelector('form')!;

  async function type(id: string, value: string): Promise<void> {
    field(id).value = value;
    field(id).dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
  }

  async function submit(): Promise<void> {
    form().dispatchEvent(new Event('submit', { cancelable: true }));
    await harness.fixture.whenStable();
  }

  async function answerLogin(body: object, status = 200): Promise<void> {
    const request = http.expectOne('/api/auth/login');
    request.flush(body, { status, statusText: status === 200 ? 'OK' : 'Erreur' });
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  function messageOf(id: string): string {
    return textOf(page.querySelector(`#${field(id).getAttribute('aria-describedby')}`));
  }

  it('asks its question in the h1 and is titled « Connexion »', async () => {
    await open('/connexion');

    expect(textOf(page.querySelector('h1'))).toBe('Se connecter à Pilotage ESMS numérique');
    expect(document.title).toBe('Connexion — Pilotage ESMS numérique');
    expect(textOf(page.querySelector('label[for="connexion-email"]'))).toContain('Adresse électronique');
    expect(textOf(page.querySelector('label[for="connexion-mot-de-passe"]'))).toBe('Mot de passe');
    expect(field('connexion-mot-de-passe').type).toBe('password');
    expect(field('connexion-mot-de-passe').autocomplete).toBe('current-password');
    expect(textOf(page.querySelector('button[type="submit"]'))).toBe('Se connecter');
  });

  describe('ProConnect', () => {
    it('offers the DSFR connect button when the API has it, with its label and the way back', async () => {
      await open('/connexion?retour=%2Freferentiel%3Fonglet%3Dcampagnes');

      const button = page.querySelector<HTMLAnchorElement>('.fr-connect-group a.fr-connect')!;
      expect(textOf(button)).toBe("S'identifier avec ProConnect");
      expect(textOf(button.querySelector('.fr-connect__brand'))).toBe('ProConnect');
      expect(button.getAttribute('href')).toBe(
        '/api/auth/oidc/login?returnTo=%2Freferentiel%3Fonglet%3Dcampagnes',
      );
      expect(textOf(page.querySelector('.fr-hr-or'))).toBe('ou');
    });

    it('shows the label the API gives', async () => {
      await open('/connexion', { local: true, oidc: { enabled: true, label: 'ProConnect (recette)' } });

      expect(textOf(page.querySelector('.fr-connect__brand'))).toBe('ProConnect (recette)');
      expect(page.querySelector('.fr-connect')?.getAttribute('href')).toBe(
        '/api/auth/oidc/login?returnTo=%2F',
      );
    });

    it('never passes on a return address of another site', async () => {
      await open('/connexion?retour=%2F%2Fexemple.fr');

      expect(page.querySelector('.fr-connect')?.getAttribute('href')).toBe(
        '/api/auth/oidc/login?returnTo=%2F',
      );
    });

    it.each([
      ['the API does not offer it', PASSWORD_ONLY],
      ['the providers cannot be read', 'error' as const],
    ])('is absent when %s, the password form stays', async (_case, providers) => {
      await open('/connexion', providers);

      expect(page.querySelector('.fr-connect')).toBeNull();
      expect(page.querySelector('.fr-hr-or')).toBeNull();
      expect(page.querySelector('#connexion-email')).not.toBeNull();
    });

    it.each(Object.keys(OIDC_REFUSALS))('explains the refusal « %s » in French', async (code) => {
      await open(`/connexion?erreur=${code}`);

      const alert = page.querySelector('.fr-alert--error')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe(
        "La connexion avec ProConnect n'a pas abouti",
      );
      expect(textOf(alert)).toContain(OIDC_REFUSALS[code]!('ProConnect'));
      expect(textOf(alert)).not.toContain(code);
    });

    it.each([
      ['organisation-inconnue', 'Demandez à un administrateur de la CNSA'],
      ['compte-desactive', 'Votre compte est désactivé.'],
      ['session-expiree', 'a pris trop de temps et a expiré'],
      ['fournisseur-refus', "ProConnect n'a pas autorisé la connexion"],
      ['fournisseur-indisponible', 'ProConnect ne répond pas pour le moment'],
      ['reponse-invalide', "La réponse de ProConnect n'a pas pu être vérifiée"],
      ['code-inconnu', "La connexion avec ProConnect n'a pas abouti. Recommencez"],
    ])('says what to do after « %s »', async (code, words) => {
      await open(`/connexion?erreur=${code}`);

      expect(textOf(page.querySelector('.fr-alert--error'))).toContain(words);
    });
  });

  describe('password sign-in', () => {
    it('shows and hides the password', async () => {
      await open('/connexion');
      const show = field('connexion-afficher');
      expect(show.getAttribute('aria-label')).toBe('Afficher le mot de passe');
      expect(textOf(page.querySelector('label[for="connexion-afficher"]'))).toBe('Afficher');

      show.click();
      await harness.fixture.whenStable();
      expect(field('connexion-mot-de-passe').type).toBe('text');

      show.click();
      await harness.fixture.whenStable();
      expect(field('connexion-mot-de-passe').type).toBe('password');
    });

    it('says which field is empty, next to it, and moves focus there without asking the API', async () => {
      await open('/connexion');
      await type('connexion-mot-de-passe', 'secret');

      await submit();

      http.expectNone('/api/auth/login');
      expect(field('connexion-email').getAttribute('aria-invalid')).toBe('true');
      expect(messageOf('connexion-email')).toBe(
        'Saisissez votre adresse électronique, par exemple prenom.nom@ars.sante.fr.',
      );
      expect(page.querySelector('.fr-input-group--error #connexion-email')).not.toBeNull();
      expect(field('connexion-mot-de-passe').getAttribute('aria-invalid')).toBeNull();
      expect(document.activeElement).toBe(field('connexion-email'));
    });

    it('shows a field error of the API next to the field at fault', async () => {
      await open('/connexion');
      await type('connexion-email', 'a');
      await type('connexion-mot-de-passe', 'secret');
      await submit();

      await answerLogin(
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: "L'adresse électronique est obligatoire.",
          field: 'email',
        },
        400,
      );

      expect(messageOf('connexion-email')).toBe("L'adresse électronique est obligatoire.");
      expect(field('connexion-email').getAttribute('aria-invalid')).toBe('true');
      expect(page.querySelector('[data-error-summary]')).toBeNull();
      expect(document.activeElement).toBe(field('connexion-email'));
    });

    it('shows wrong credentials in an alert that takes focus', async () => {
      await open('/connexion');
      await type('connexion-email', 'admin@cnsa.demo');
      await type('connexion-mot-de-passe', 'faux');
      await submit();

      await answerLogin(
        {
          statusCode: 401,
          code: 'INVALID_CREDENTIALS',
          message: 'Adresse électronique ou mot de passe incorrect.',
          field: 'password',
        },
        401,
      );

      const alert = page.querySelector<HTMLElement>('[data-error-summary]')!;
      expect(alert.getAttribute('role')).toBe('alert');
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe('Connexion impossible');
      expect(textOf(alert)).toContain('Adresse électronique ou mot de passe incorrect.');
      expect(field('connexion-mot-de-passe').getAttribute('aria-invalid')).toBeNull();
      expect(document.activeElement).toBe(alert);
      expect(TestBed.inject(Router).url).toBe('/connexion');
    });

    it('says to wait after too many attempts (429)', async () => {
      await open('/connexion');
      await type('connexion-email', 'admin@cnsa.demo');
      await type('connexion-mot-de-passe', 'faux');
      await submit();

      await answerLogin(
        {
          statusCode: 429,
          code: 'TOO_MANY_REQUESTS',
          message: 'Trop de tentatives de connexion en une minute : patientez une minute avant de réessayer.',
        },
        429,
      );

      const alert = page.querySelector<HTMLElement>('[data-error-summary]')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe('Trop de tentatives de connexion');
      expect(textOf(alert)).toContain('patientez une minute avant de réessayer.');
      expect(document.activeElement).toBe(alert);
    });

    it('signs in, then goes back to the page asked for', async () => {
      await open('/connexion?retour=%2Fmentions-legales');
      await type('connexion-email', ' analyste@cnsa.demo ');
      await type('connexion-mot-de-passe', 'Demo-ESMS-2025!');
      await submit();

      const request = http.expectOne('/api/auth/login');
      expect(request.request.body).toEqual({ email: 'analyste@cnsa.demo', password: 'Demo-ESMS-2025!' });
      request.flush(CNSA_ANALYST);
      await new Promise((resolve) => setTimeout(resolve));

      expect(TestBed.inject(AuthStore).user()).toEqual(CNSA_ANALYST);
      expect(TestBed.inject(Router).url).toBe('/mentions-legales');
    });

    it('goes to the home page of the user without a return address', async () => {
      await open('/connexion?retour=https%3A%2F%2Fexemple.fr');
      await type('connexion-email', 'analyste@cnsa.demo');
      await type('connexion-mot-de-passe', 'Demo-ESMS-2025!');
      await submit();

      http.expectOne('/api/auth/login').flush(CNSA_ANALYST);
      await new Promise((resolve) => setTimeout(resolve));

      expect(TestBed.inject(Router).url).toBe('/tableau-de-bord');
    });
  });

  it('says the session expired after a 401 of the API, and brings the user back afterwards', async () => {
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    answerSession(http, CNSA_ANALYST);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/referentiel?onglet=campagnes');

    http
      .expectOne('/api/regions')
      .flush(
        { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Votre session a expiré : reconnectez-vous.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/auth/providers').flush(PASSWORD_ONLY);
    await harness.fixture.whenStable();
    page = harness.routeNativeElement as HTMLElement;

    expect(TestBed.inject(Router).url).toBe('/connexion?retour=%2Freferentiel%3Fonglet%3Dcampagnes');
    expect(textOf(page.querySelector('.fr-alert--warning'))).toBe(
      'Votre session a expiré : reconnectez-vous.',
    );
  });

  it('says the user is signed out after « Se déconnecter »', async () => {
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    answerSession(http, CNSA_ANALYST);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/mentions-legales');

    const signedOut = TestBed.inject(AuthStore).logout();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await signedOut;
    http.expectOne('/api/auth/providers').flush(PASSWORD_ONLY);
    await harness.fixture.whenStable();
    page = harness.routeNativeElement as HTMLElement;

    expect(textOf(page.querySelector('.fr-alert--success'))).toBe(
      'Déconnexion effectuée : votre session est terminée.',
    );
    expect(page.querySelector('.fr-alert--warning')).toBeNull();
  });
});
