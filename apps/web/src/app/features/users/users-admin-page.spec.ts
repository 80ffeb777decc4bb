import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { Page, UserResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { CNSA_ADMIN, answerSession } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { pageItems } from '../../shared/ui/pagination';
import {
  ARS_USER,
  GRADES,
  INACTIVE_GRADES_USER,
  OIDC_ORGANISATIONS,
  REGIONS,
  SELF,
  USERS,
  usersPage,
} from './testing/users-fixtures';
import { usersRoutes } from './users.routes';

describe('Users administration page', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let router: Router;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  /** Opens the page as a CNSA administrator; regions, GRADeS and organisations answered, not the users. */
  async function open(url = '/administration/utilisateurs'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'administration', children: usersRoutes }], withComponentInputBinding()),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, CNSA_ADMIN);
    await loaded;
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await settle();
    http.expectOne('/api/regions').flush(REGIONS);
    http.expectOne('/api/grades').flush(GRADES);
    http.expectOne('/api/oidc-organisations').flush(OIDC_ORGANISATIONS);
    page = harness.routeNativeElement as HTMLElement;
  }

  function usersRequest(): TestRequest {
    return http.expectOne((request) => request.url === '/api/users' && request.method === 'GET');
  }

  async function answerUsers(body: Page<UserResponse>): Promise<TestRequest> {
    const request = usersRequest();
    request.flush(body);
    await settle();
    return request;
  }

  function params(request: TestRequest): Record<string, string | null> {
    const query = request.request.params;
    return Object.fromEntries(query.keys().map((key) => [key, query.get(key)]));
  }

  const usersPanel = () => page.querySelector<HTMLElement>('#panneau-comptes')!;
  const byId = <T extends HTMLElement>(id: string) => page.querySelector<T>(`#${id}`)!;

  function button(label: string, root: ParentNode = page): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find(
      (candidate) => textOf(candidate) === label,
    );
    if (!found) throw new Error(`Pas de bouton « ${label} »`);
    return found;
  }

  async function type(id: string, value: string): Promise<void> {
    const input = byId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
  }

  async function choose(id: string, value: string): Promise<void> {
    const select = byId<HTMLSelectElement>(id);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await harness.fixture.whenStable();
  }

  async function submit(form: HTMLFormElement): Promise<void> {
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await harness.fixture.whenStable();
  }

  function messageOf(id: string): string {
    return textOf(page.querySelector(`#${byId(id).getAttribute('aria-describedby')}`));
  }

  afterEach(() => http.verify());

  describe('list', () => {
    it('asks « Qui a accès à l’outil ? » and lists the accounts in a DSFR table', async () => {
      await open();
      const request = await answerUsers(usersPage(USERS));

      expect(textOf(page.querySelector('h1'))).toBe("Qui a accès à l'outil ?");
      expect(params(request)).toEqual({ page: '1', pageSize: '25' });
      expect(textOf(usersPanel().querySelector('caption'))).toBe('Tous les comptes');
      expect(tableRows(usersPanel())).toEqual([
        [
          'Camille Martin',
          'camille.martin@cnsa.fr',
          'Administrateur CNSA',
          'CNSA',
          'Actif',
          '20/11/2026',
          'Modifier le compte de Camille Martin',
        ],
        [
          'Yann Le Goff',
          'yann.le-goff@ars.sante.fr',
          'Chargé de mission ARS',
          'ARS Bretagne',
          'Actif',
          '23/11/2026',
          'Modifier le compte de Yann Le Goff',
        ],
        [
          'Anaïs Payet',
          'anais.payet@tesis.re',
          'Membre de GRADeS',
          'GCS TESIS',
          'Désactivé',
          'Jamais',
          "Modifier le compte d'Anaïs Payet",
        ],
      ]);
      expect(usersPanel().querySelector('tbody th[scope="row"]')).not.toBeNull();
      expect(textOf(usersPanel().querySelector('[role="status"]'))).toBe('3 comptes trouvés, page 1 sur 1.');
      expect(usersPanel().querySelector('.fr-pagination')).toBeNull();
    });

    it('says it is loading, then why the list is empty', async () => {
      await open();
      expect(textOf(usersPanel().querySelector('[role="status"]'))).toBe('Chargement des comptes…');

      await answerUsers(usersPage([]));

      expect(usersPanel().querySelector('table')).toBeNull();
      expect(textOf(usersPanel().querySelector('.fr-alert--info .fr-alert__title'))).toBe(
        'Aucun compte enregistré',
      );
    });

    it("shows the API's message when the list cannot be read, then retries", async () => {
      await open();
      usersRequest().flush(
        {
          statusCode: 503,
          code: 'DATABASE_UNAVAILABLE',
          message: 'La base de données est momentanément indisponible.',
        },
        { status: 503, statusText: 'Service Unavailable' },
      );
      await settle();

      const alert = usersPanel().querySelector('.fr-alert--error')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe("Les comptes n'ont pas pu être chargés");
      expect(textOf(alert)).toContain('La base de données est momentanément indisponible.');

      button('Réessayer', alert).click();
      await answerUsers(usersPage(USERS));
      expect(tableRows(usersPanel())).toHaveLength(3);
    });

    it('reads the search, the role and the page from the address', async () => {
      await open('/administration/utilisateurs?q=le%20goff&role=ARS_OFFICER&page=2');
      const request = await answerUsers(usersPage([ARS_USER], 26, 2));

      expect(params(request)).toEqual({ page: '2', pageSize: '25', q: 'le goff', role: 'ARS_OFFICER' });
      expect(byId<HTMLInputElement>('recherche-comptes').value).toBe('le goff');
      expect(byId<HTMLSelectElement>('filtre-role').value).toBe('ARS_OFFICER');
      expect(textOf(usersPanel().querySelector('caption'))).toBe(
        'Comptes de rôle « Chargé de mission ARS », correspondant à « le goff »',
      );
    });

    it('puts a new search in the address, back to page 1, and loads it', async () => {
      await open('/administration/utilisateurs?page=3');
      await answerUsers(usersPage(USERS, 80, 3));

      await type('recherche-comptes', ' martin ');
      await choose('filtre-role', 'CNSA_ADMIN');
      await submit(usersPanel().querySelector<HTMLFormElement>('form[role="search"]')!);
      await settle();

      expect(router.url).toBe('/administration/utilisateurs?q=martin&role=CNSA_ADMIN');
      const request = await answerUsers(usersPage([SELF]));
      expect(params(request)).toEqual({ page: '1', pageSize: '25', q: 'martin', role: 'CNSA_ADMIN' });
    });

    it('explains an empty search and offers to clear it', async () => {
      await open('/administration/utilisateurs?q=inconnu');
      await answerUsers(usersPage([]));

      expect(textOf(usersPanel().querySelector('.fr-alert--info .fr-alert__title'))).toBe(
        'Aucun compte ne correspond à la recherche',
      );
      const clear = Array.from(usersPanel().querySelectorAll('a')).find((link) =>
        textOf(link).startsWith('Effacer la recherche'),
      )!;
      clear.click();
      await settle();

      expect(router.url).toBe('/administration/utilisateurs');
      await answerUsers(usersPage(USERS));
    });

    it('pages through the list with the DSFR pagination, the page in the address', async () => {
      await open();
      await answerUsers(usersPage(USERS, 60));

      const pagination = usersPanel().querySelector('nav.fr-pagination')!;
      expect(pagination.getAttribute('aria-label')).toBe('Pages de la liste des comptes');
      expect(textOf(pagination.querySelector('[aria-current="page"]'))).toBe('1');
      expect(pagination.querySelector('.fr-pagination__link--prev')?.getAttribute('aria-disabled')).toBe(
        'true',
      );

      pagination.querySelector<HTMLAnchorElement>('.fr-pagination__link--next')!.click();
      await settle();

      expect(router.url).toBe('/administration/utilisateurs?page=2');
      const request = await answerUsers(usersPage(USERS, 60, 2));
      expect(params(request)['page']).toBe('2');
      expect(textOf(usersPanel().querySelector('.fr-pagination [aria-current="page"]'))).toBe('2');
      expect(textOf(usersPanel().querySelector('[role="status"]'))).toBe('60 comptes trouvés, page 2 sur 3.');
    });
  });

  describe('creation', () => {
    async function openForm(): Promise<HTMLFormElement> {
      await open();
      await answerUsers(usersPage(USERS));
      const toggle = button('Créer un compte');
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      toggle.click();
      await harness.fixture.whenStable();
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      return page.querySelector<HTMLFormElement>('#creation-compte form')!;
    }

    it('asks for the region of an ARS role and the GRADeS of a GRADeS role', async () => {
      await openForm();
      expect(page.querySelector('#creation-regionCode')).toBeNull();
      expect(page.querySelector('#creation-gradesId')).toBeNull();

      await choose('creation-role', 'ARS_OFFICER');
      const regions = Array.from(byId<HTMLSelectElement>('creation-regionCode').options).map((option) =>
        textOf(option),
      );
      expect(regions).toEqual([
        'Choisir une région',
        'ARS Bretagne (Bretagne)',
        'ARS La Réunion (La Réunion)',
      ]);
      expect(page.querySelector('#creation-gradesId')).toBeNull();

      await choose('creation-role', 'GRADES_MEMBER');
      expect(page.querySelector('#creation-regionCode')).toBeNull();
      const grades = Array.from(byId<HTMLSelectElement>('creation-gradesId').options).map((option) =>
        textOf(option),
      );
      expect(grades).toEqual([
        'Choisir un GRADeS',
        'GCS e-Santé Bretagne (Bretagne)',
        'GCS TESIS (La Réunion, Mayotte)',
      ]);
    });

    it('checks the optional password as it is typed, with the rule the API applies', async () => {
      await openForm();
      const status = () => page.querySelector('#creation-mot-de-passe-messages [data-password-status]');
      expect(messageOf('creation-mot-de-passe')).toBe(
        'Au moins 12 caractères, mêlant au moins trois types parmi minuscules, majuscules, chiffres et caractères spéciaux.',
      );
      expect(status()).toBeNull();

      await type('creation-mot-de-passe', 'court');
      expect(textOf(status())).toBe('Le mot de passe doit compter au moins 12 caractères.');
      expect(status()?.classList).toContain('fr-message--error');

      await type('creation-mot-de-passe', 'tout-en-minuscules');
      expect(textOf(status())).toContain('au moins trois types de caractères');

      await type('creation-mot-de-passe', 'Bien-Choisi-2026');
      expect(textOf(status())).toBe('Ce mot de passe respecte la règle.');
      expect(status()?.classList).toContain('fr-message--valid');

      await type('creation-mot-de-passe', '');
      expect(status()).toBeNull();
    });

    it('says what is missing without asking the API, focus on the first field at fault', async () => {
      const form = await openForm();
      await choose('creation-role', 'ARS_OFFICER');

      await submit(form);

      http.expectNone({ method: 'POST', url: '/api/users' });
      expect(messageOf('creation-email')).toContain("Saisissez l'adresse électronique");
      expect(messageOf('creation-nom')).toContain('Saisissez le prénom et le nom');
      expect(messageOf('creation-regionCode')).toBe("Choisissez la région de l'ARS.");
      expect(byId('creation-regionCode').getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(byId('creation-email'));
    });

    it('sends the account, then shows the API refusal next to the field at fault', async () => {
      const form = await openForm();
      await type('creation-email', 'Yann.Le-Goff@ars.sante.fr');
      await type('creation-nom', 'Yann Le Goff');
      await choose('creation-role', 'ARS_OFFICER');
      await choose('creation-regionCode', '53');
      await submit(form);

      const request = http.expectOne({ method: 'POST', url: '/api/users' });
      expect(request.request.body).toEqual({
        email: 'Yann.Le-Goff@ars.sante.fr',
        displayName: 'Yann Le Goff',
        role: 'ARS_OFFICER',
        regionCode: '53',
      });
      request.flush(
        {
          statusCode: 409,
          code: 'EMAIL_TAKEN',
          message: "Un compte existe déjà avec l'adresse yann.le-goff@ars.sante.fr.",
          field: 'email',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();

      expect(messageOf('creation-email')).toBe(
        "Un compte existe déjà avec l'adresse yann.le-goff@ars.sante.fr.",
      );
      expect(byId('creation-email').getAttribute('aria-invalid')).toBe('true');
      expect(byId('creation-email').closest('.fr-input-group')?.classList).toContain('fr-input-group--error');
      expect(page.querySelector('#creation-compte [data-error-summary]')).toBeNull();
      expect(document.activeElement).toBe(byId('creation-email'));
    });

    it('creates a GRADeS account with its password, then says so and shows the list again', async () => {
      const form = await openForm();
      await type('creation-email', 'anais.payet@tesis.re');
      await type('creation-nom', 'Anaïs Payet');
      await choose('creation-role', 'GRADES_MEMBER');
      await choose('creation-gradesId', '17');
      await type('creation-mot-de-passe', 'Bien-Choisi-2026');
      await submit(form);

      const request = http.expectOne({ method: 'POST', url: '/api/users' });
      expect(request.request.body).toEqual({
        email: 'anais.payet@tesis.re',
        displayName: 'Anaïs Payet',
        role: 'GRADES_MEMBER',
        gradesId: 17,
        password: 'Bien-Choisi-2026',
      });
      request.flush({ ...INACTIVE_GRADES_USER, active: true });
      await settle();

      const success = usersPanel().querySelector<HTMLElement>('[data-success]')!;
      expect(textOf(success)).toBe("Le compte d'Anaïs Payet est créé. Il apparaît dans la liste.");
      expect(document.activeElement).toBe(success);
      expect(page.querySelector('#creation-compte form')).toBeNull();
      await answerUsers(usersPage(USERS));
    });
  });

  describe('edit panel', () => {
    async function edit(user: UserResponse): Promise<HTMLElement> {
      await open();
      await answerUsers(usersPage(USERS));
      usersPanel().querySelector<HTMLButtonElement>(`[data-user-id="${user.id}"]`)!.click();
      await settle();
      return page.querySelector<HTMLElement>('esms-user-edit-panel')!;
    }

    it('opens on the account, its title focused', async () => {
      const panel = await edit(ARS_USER);

      const heading = panel.querySelector('h3')!;
      expect(textOf(heading)).toBe('Modifier le compte de Yann Le Goff');
      expect(document.activeElement).toBe(heading);
      expect(byId<HTMLInputElement>('modification-nom').value).toBe('Yann Le Goff');
      expect(byId<HTMLSelectElement>('modification-role').value).toBe('ARS_OFFICER');
      expect(byId<HTMLSelectElement>('modification-regionCode').value).toBe('53');
    });

    it('closes with « Annuler », focus back on the row', async () => {
      const panel = await edit(ARS_USER);

      button('Annuler', panel).click();
      await settle();

      expect(page.querySelector('esms-user-edit-panel')).toBeNull();
      expect(document.activeElement?.getAttribute('data-user-id')).toBe(ARS_USER.id);
    });

    it('sends only what changed with the version read, then says so', async () => {
      const panel = await edit(ARS_USER);
      await type('modification-nom', 'Yann Le Goff-Martin');
      await submit(panel.querySelector('form')!);

      const request = http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` });
      expect(request.request.body).toEqual({ version: 4, displayName: 'Yann Le Goff-Martin' });
      request.flush({ ...ARS_USER, displayName: 'Yann Le Goff-Martin', version: 5 });
      await settle();

      expect(page.querySelector('esms-user-edit-panel')).toBeNull();
      expect(textOf(usersPanel().querySelector('[data-success]'))).toBe(
        'Le compte de Yann Le Goff-Martin a été modifié.',
      );
      await answerUsers(usersPage(USERS));
    });

    it('moves an account to a GRADeS with its organisation', async () => {
      const panel = await edit(ARS_USER);
      await choose('modification-role', 'GRADES_MEMBER');
      await choose('modification-gradesId', '3');
      await submit(panel.querySelector('form')!);

      const request = http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` });
      expect(request.request.body).toEqual({
        version: 4,
        role: 'GRADES_MEMBER',
        regionCode: null,
        gradesId: 3,
      });
      request.flush({ ...ARS_USER, version: 5 });
      await settle();
      await answerUsers(usersPage(USERS));
    });

    it('says the account changed meanwhile (409 STALE_VERSION) and reloads it', async () => {
      const panel = await edit(ARS_USER);
      await type('modification-nom', 'Yann Le Goff-Martin');
      await submit(panel.querySelector('form')!);

      const current = { ...ARS_USER, displayName: 'Yann Le Goff (Rennes)', version: 7 };
      http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` }).flush(
        {
          statusCode: 409,
          code: 'STALE_VERSION',
          message:
            'Ce compte a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de recommencer.',
          field: 'version',
          details: { current },
        },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();

      const alert = panel.querySelector<HTMLElement>('[data-error-summary]')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe('Ce compte a été modifié entre-temps');
      expect(textOf(alert)).toContain("Vos modifications n'ont pas été enregistrées.");
      expect(document.activeElement).toBe(alert);

      button('Recharger', alert).click();
      await settle();

      expect(panel.querySelector('[data-error-summary]')).toBeNull();
      expect(byId<HTMLInputElement>('modification-nom').value).toBe('Yann Le Goff (Rennes)');
      expect(textOf(panel.querySelector('h3'))).toBe('Modifier le compte de Yann Le Goff (Rennes)');
      // The list shows the account as it is now.
      await answerUsers(usersPage([SELF, current, INACTIVE_GRADES_USER]));

      await type('modification-nom', 'Yann Le Goff-Martin');
      await submit(panel.querySelector('form')!);
      const retry = http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` });
      expect(retry.request.body).toEqual({ version: 7, displayName: 'Yann Le Goff-Martin' });
      retry.flush({ ...current, displayName: 'Yann Le Goff-Martin', version: 8 });
      await settle();
      await answerUsers(usersPage(USERS));
    });

    it('reads the account again when the conflict does not carry it', async () => {
      const panel = await edit(ARS_USER);
      await type('modification-nom', 'Autre nom');
      await submit(panel.querySelector('form')!);
      http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` }).flush(
        {
          statusCode: 409,
          code: 'STALE_VERSION',
          message: 'Ce compte a été modifié entre-temps.',
          field: 'version',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();

      button('Recharger', panel).click();
      http.expectOne({ method: 'GET', url: `/api/users/${ARS_USER.id}` }).flush({ ...ARS_USER, version: 9 });
      await settle();

      expect(byId<HTMLInputElement>('modification-nom').value).toBe('Yann Le Goff');
      await answerUsers(usersPage(USERS));
    });

    it('shows a refused change of one’s own access plainly (403 SELF_MODIFICATION)', async () => {
      const panel = await edit(ARS_USER);
      await choose('modification-role', 'CNSA_ANALYST');
      await submit(panel.querySelector('form')!);

      http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` }).flush(
        {
          statusCode: 403,
          code: 'SELF_MODIFICATION',
          message:
            'Vous ne pouvez pas modifier votre propre rôle, votre organisation ni désactiver votre compte : demandez-le à un autre administrateur.',
          field: 'role',
        },
        { status: 403, statusText: 'Forbidden' },
      );
      await settle();

      const alert = panel.querySelector<HTMLElement>('[data-error-summary]')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe('Modification refusée');
      expect(textOf(alert)).toContain('Vous ne pouvez pas modifier votre propre rôle');
      expect(alert.querySelector('button')).toBeNull();
      expect(document.activeElement).toBe(alert);
    });

    it('locks one’s own role and activation', async () => {
      const panel = await edit(SELF);

      expect(byId<HTMLSelectElement>('modification-role').disabled).toBe(true);
      expect(textOf(panel)).toContain('Vous ne pouvez pas modifier votre propre rôle ni votre organisation');
      expect(() => button('Désactiver le compte', panel)).toThrow();
    });

    it('deactivates after a confirmation dialog that keeps focus and gives it back', async () => {
      const panel = await edit(ARS_USER);
      const deactivate = button('Désactiver le compte', panel);
      deactivate.focus();
      deactivate.click();
      await settle();

      const dialog = page.querySelector<HTMLElement>('[role="dialog"]')!;
      expect(dialog.getAttribute('aria-modal')).toBe('true');
      expect(textOf(page.querySelector(`#${dialog.getAttribute('aria-labelledby')}`))).toBe(
        'Désactiver le compte de Yann Le Goff ?',
      );
      expect(textOf(page.querySelector(`#${dialog.getAttribute('aria-describedby')}`))).toContain(
        'ses sessions ouvertes se terminent aussitôt',
      );
      const cancel = button('Annuler', dialog);
      expect(document.activeElement).toBe(cancel);

      const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
      cancel.dispatchEvent(tab);
      expect(tab.defaultPrevented).toBe(true);
      expect(document.activeElement).toBe(dialog.querySelector('.fr-btn--close'));

      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
      await settle();
      expect(page.querySelector('[role="dialog"]')).toBeNull();
      expect(document.activeElement).toBe(deactivate);
      http.expectNone({ method: 'PATCH' });

      deactivate.click();
      await settle();
      button('Désactiver le compte', page.querySelector('[role="dialog"]')!).click();
      await settle();

      const request = http.expectOne({ method: 'PATCH', url: `/api/users/${ARS_USER.id}` });
      expect(request.request.body).toEqual({ version: 4, active: false });
      request.flush({ ...ARS_USER, active: false, version: 5 });
      await settle();

      expect(textOf(usersPanel().querySelector('[data-success]'))).toBe(
        'Le compte de Yann Le Goff est désactivé : ses sessions sont terminées.',
      );
      await answerUsers(usersPage(USERS));
    });

    it('offers to reactivate a deactivated account', async () => {
      const panel = await edit(INACTIVE_GRADES_USER);

      button('Réactiver le compte', panel).click();
      await settle();
      button('Réactiver le compte', page.querySelector('[role="dialog"]')!).click();
      await settle();

      const request = http.expectOne({ method: 'PATCH', url: `/api/users/${INACTIVE_GRADES_USER.id}` });
      expect(request.request.body).toEqual({ version: 2, active: true });
      request.flush({ ...INACTIVE_GRADES_USER, active: true, version: 3 });
      await settle();
      await answerUsers(usersPage(USERS));
    });
  });

  describe('Organisations ProConnect tab', () => {
    async function openTab(): Promise<HTMLElement> {
      await open('/administration/utilisateurs?onglet=organisations');
      await answerUsers(usersPage(USERS));
      return page.querySelector<HTMLElement>('#panneau-organisations')!;
    }

    it('lists the recognised organisations by SIRET', async () => {
      const panel = await openTab();

      expect(panel.hidden).toBe(false);
      expect(usersPanel().hidden).toBe(true);
      expect(tableRows(panel)).toEqual([
        [
          'ARS Bretagne',
          '130 005 481 00010',
          'ars.sante.fr',
          'Chargé de mission ARS',
          'ARS Bretagne',
          'Retirer ARS Bretagne',
        ],
        ['CNSA', '180 040 109 00011', 'Tous', 'Analyste CNSA', 'CNSA', 'Retirer CNSA'],
      ]);
    });

    it('shows the API refusal next to the SIRET', async () => {
      const panel = await openTab();
      button('Ajouter une organisation', panel).click();
      await harness.fixture.whenStable();
      await type('organisation-siret', '130 005 481 00010');
      await type('organisation-libelle', 'ARS Bretagne');
      await choose('organisation-role', 'ARS_OFFICER');
      await choose('organisation-regionCode', '53');
      await submit(panel.querySelector('form')!);

      const request = http.expectOne({ method: 'POST', url: '/api/oidc-organisations' });
      expect(request.request.body).toEqual({
        siret: '13000548100010',
        label: 'ARS Bretagne',
        defaultRole: 'ARS_OFFICER',
        regionCode: '53',
      });
      request.flush(
        {
          statusCode: 409,
          code: 'CONFLICT',
          message: 'Le SIRET 13000548100010 est déjà reconnu.',
          field: 'siret',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();

      expect(messageOf('organisation-siret')).toBe('Le SIRET 13000548100010 est déjà reconnu.');
      expect(document.activeElement).toBe(byId('organisation-siret'));
    });

    it('removes an organisation after confirmation', async () => {
      const panel = await openTab();
      button('Retirer ARS Bretagne', panel).click();
      await settle();

      const dialog = page.querySelector<HTMLElement>('[role="dialog"]')!;
      expect(textOf(dialog.querySelector('h2'))).toBe('Ne plus reconnaître ARS Bretagne ?');
      button("Retirer l'organisation", dialog).click();
      await settle();

      http.expectOne({ method: 'DELETE', url: '/api/oidc-organisations/1' }).flush(null, {
        status: 204,
        statusText: 'No Content',
      });
      await settle();

      expect(textOf(panel.querySelector('[data-success]'))).toBe(
        "ARS Bretagne n'est plus reconnue à la connexion ProConnect.",
      );
      http.expectOne('/api/oidc-organisations').flush([OIDC_ORGANISATIONS[1]]);
      await settle();
      expect(tableRows(panel)).toHaveLength(1);
    });
  });
});

describe('pageItems', () => {
  it.each([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [5, 10, [1, null, 4, 5, 6, null, 10]],
    [1, 10, [1, 2, null, 10]],
    [10, 10, [1, null, 9, 10]],
  ])('page %s of %s → %j', (page, count, expected) => {
    expect(pageItems(page, count)).toEqual(expected);
  });
});
