import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import type { CurrentUserResponse } from '@esms/api-contract';

import { App } from './app';
import { appConfig } from './app.config';
import { ARS_OFFICER, CNSA_ADMIN, answerSession } from './core/auth/testing/auth-fixtures';
import { textOf } from './shared/testing/dom';

/** The shell as on page load: the session is read (answered with `user`), then the first page opens. */
async function startApp(user: CurrentUserResponse | null, url: string): Promise<ComponentFixture<App>> {
  TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(App);
  answerSession(TestBed.inject(HttpTestingController), user);
  await TestBed.inject(Router).navigateByUrl(url);
  await fixture.whenStable();
  return fixture;
}

describe('App shell', () => {
  let fixture: ComponentFixture<App>;
  let router: Router;
  let element: HTMLElement;

  beforeEach(async () => {
    jest.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
    fixture = await startApp(CNSA_ADMIN, '/referentiel');
    router = TestBed.inject(Router);
    element = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => jest.restoreAllMocks());

  async function navigate(url: string): Promise<void> {
    await router.navigateByUrl(url);
    await fixture.whenStable();
  }

  it('starts with the skip links, before anything else that takes focus', () => {
    const links = Array.from(element.querySelectorAll('.fr-skiplinks a'));
    expect(links.map((link) => [textOf(link), link.getAttribute('href')])).toEqual([
      ['Aller au contenu', '#contenu'],
      ['Aller au pied de page', '#pied-de-page'],
    ]);
    expect(element.querySelector('a, button')).toBe(links[0]);
    expect(element.querySelector('.fr-skiplinks nav')?.getAttribute('aria-label')).toBe('Accès rapide');
  });

  it.each([
    ['Aller au contenu', 'contenu', 'MAIN'],
    ['Aller au pied de page', 'pied-de-page', 'FOOTER'],
  ])('« %s » moves focus to #%s without reloading the page', (label, id, tag) => {
    const link = Array.from(element.querySelectorAll<HTMLAnchorElement>('.fr-skiplinks a')).find(
      (candidate) => textOf(candidate) === label,
    );
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });

    link!.dispatchEvent(click);

    expect(click.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe(id);
    expect(document.activeElement?.tagName).toBe(tag);
  });

  it('shows the DSFR header: bloc-marque, service name and operator', () => {
    const header = element.querySelector('header.fr-header');

    expect(textOf(header?.querySelector('.fr-header__logo .fr-logo'))).toBe('République française');
    expect(textOf(header?.querySelector('.fr-header__service-title'))).toBe('Pilotage ESMS numérique');
    expect(textOf(header?.querySelector('.fr-header__service-tagline'))).toBe(
      "Caisse nationale de solidarité pour l'autonomie (CNSA)",
    );
  });

  it('lists only existing pages in the main navigation, the current one marked', () => {
    const nav = element.querySelector('nav[aria-label="Menu principal"]');
    const links = Array.from(nav?.querySelectorAll('a') ?? []);

    expect(links.map((link) => [textOf(link), link.getAttribute('href')])).toEqual([
      ['Tableau de bord', '/tableau-de-bord'],
      ['Projets', '/projets'],
      ['Enveloppes', '/enveloppes'],
      ['Risques', '/risques'],
      ['Rapports', '/rapports'],
      ['Imports', '/imports'],
      ['Référentiel', '/referentiel'],
      ['Administration', '/administration'],
    ]);
    expect(
      links.filter((link) => link.getAttribute('aria-current') === 'page').map((link) => textOf(link)),
    ).toEqual(['Référentiel']);
  });

  it('marks « Administration » as current on any administration page', async () => {
    await navigate('/administration/utilisateurs');

    const current = element.querySelector('nav[aria-label="Menu principal"] a[aria-current="page"]');
    expect(textOf(current)).toBe('Administration');
  });

  it('renders the page inside <main id="contenu" tabindex="-1">', () => {
    const main = element.querySelector('main');

    expect(main?.id).toBe('contenu');
    expect(main?.getAttribute('tabindex')).toBe('-1');
    expect(textOf(main?.querySelector('h1'))).toBe('Qui pilote le programme dans chaque région ?');
  });

  it('shows the DSFR footer with the mandatory links and the State websites', () => {
    const footer = element.querySelector('footer.fr-footer');
    const bottomLinks = Array.from(footer?.querySelectorAll('.fr-footer__bottom-link') ?? []);
    const websites = Array.from(
      footer?.querySelectorAll<HTMLAnchorElement>('.fr-footer__content-link') ?? [],
    );

    expect(bottomLinks.map((link) => [textOf(link), link.getAttribute('href')])).toEqual([
      ['Accessibilité : non conforme', '/accessibilite'],
      ['Mentions légales', '/mentions-legales'],
      ['Données personnelles', '/donnees-personnelles'],
    ]);
    expect(websites.map((link) => textOf(link))).toEqual([
      'info.gouv.fr',
      'service-public.gouv.fr',
      'legifrance.gouv.fr',
      'data.gouv.fr',
    ]);
    for (const link of websites) {
      expect(link.target).toBe('_blank');
      expect(link.rel).toContain('noopener');
      expect(link.title).toBe(`${textOf(link)} — nouvelle fenêtre`);
    }
  });

  it('leaves focus alone on the first page, then moves it to the main content on each new page', async () => {
    expect(document.activeElement?.id).not.toBe('contenu');

    await navigate('/mentions-legales');

    expect(document.activeElement?.id).toBe('contenu');
    expect(window.scrollTo).toHaveBeenCalled();
    expect(textOf(element.querySelector('main h1'))).toBe('Mentions légales');
  });

  it('does not move focus when only the query changes (a tab of the same page)', async () => {
    const outside = element.querySelector<HTMLAnchorElement>('.fr-skiplinks a')!;
    outside.focus();

    await navigate('/referentiel?onglet=campagnes');

    expect(document.activeElement).toBe(outside);
  });

  it('titles each page through the title strategy', async () => {
    expect(document.title).toBe('Référentiel — Pilotage ESMS numérique');

    await navigate('/donnees-personnelles');
    expect(document.title).toBe('Données personnelles — Pilotage ESMS numérique');
  });

  it('redirects the home page to the national dashboard', async () => {
    await navigate('/mentions-legales');
    await navigate('/');

    expect(router.url).toBe('/tableau-de-bord');
  });
});

describe('App shell for other users', () => {
  beforeEach(() => jest.spyOn(window, 'scrollTo').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('does not offer « Administration » to a role that cannot open it', async () => {
    const fixture = await startApp(ARS_OFFICER, '/referentiel');

    const links = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('nav[aria-label="Menu principal"] a'),
    );
    expect(links.map((link) => textOf(link))).toEqual([
      'Tableau de bord',
      'Projets',
      'Enveloppes',
      'Risques',
      'Rapports',
      'Imports',
      'Référentiel',
    ]);
  });

  it('shows « Accès refusé » to a role that types the address of the administration', async () => {
    const fixture = await startApp(ARS_OFFICER, '/administration/utilisateurs');
    const main = (fixture.nativeElement as HTMLElement).querySelector('main');

    expect(textOf(main?.querySelector('h1'))).toBe('Accès refusé');
    expect(textOf(main)).toContain('Votre rôle est « Chargé de mission ARS ».');
    expect(document.title).toBe('Accès refusé — Pilotage ESMS numérique');
  });

  it('sends a signed-out visitor of the home page to the sign-in page', async () => {
    await startApp(null, '/');

    expect(TestBed.inject(Router).url).toBe('/connexion');
    expect(document.title).toBe('Connexion — Pilotage ESMS numérique');
  });

  it('sends a signed-out visitor of a page to the sign-in page, with the way back', async () => {
    await startApp(null, '/referentiel?onglet=campagnes');

    expect(TestBed.inject(Router).url).toBe('/connexion?retour=%2Freferentiel%3Fonglet%3Dcampagnes');
  });

  it('keeps the legal pages public', async () => {
    const fixture = await startApp(null, '/mentions-legales');

    expect(TestBed.inject(Router).url).toBe('/mentions-legales');
    expect(textOf((fixture.nativeElement as HTMLElement).querySelector('main h1'))).toBe('Mentions légales');
  });
});
