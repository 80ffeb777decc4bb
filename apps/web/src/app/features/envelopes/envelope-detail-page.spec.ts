import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse, EnvelopeDetailResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ARS_OFFICER, CNSA_ADMIN, answerSession } from '../../core/auth/testing/auth-fixtures';
import { todayInParis } from '../../shared/format/format';
import { tableRows, textOf } from '../../shared/testing/dom';
import { envelopesRoutes } from './envelopes.routes';
import { NATIONAL, REUNION_DETAIL } from './testing/envelopes-fixtures';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const eur = (amount: string): string => `${amount.replace(/ /g, NNBSP)}${NBSP}€`;

describe('Envelope page', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(user: CurrentUserResponse, id = REUNION_DETAIL.id): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'enveloppes', children: envelopesRoutes }], withComponentInputBinding()),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, user);
    await loaded;
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/enveloppes/${id}`);
    await settle();
    page = harness.routeNativeElement as HTMLElement;
  }

  function envelopeRequest(id = REUNION_DETAIL.id): TestRequest {
    return http.expectOne({ method: 'GET', url: `/api/envelopes/${id}` });
  }

  async function answer(body: EnvelopeDetailResponse = REUNION_DETAIL): Promise<void> {
    envelopeRequest(body.id).flush(body);
    await settle();
  }

  const byId = <T extends HTMLElement>(id: string): T => page.querySelector<T>(`#${id}`)!;

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

  async function submitAmendment(): Promise<void> {
    page.querySelector('esms-amendment-form form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  }

  function messageOf(id: string): string {
    return textOf(page.querySelector(`#${byId(id).getAttribute('aria-describedby')}`));
  }

  afterEach(() => http.verify());

  it('asks where the envelope stands, shows how it was reached and its history, newest first', async () => {
    await open(ARS_OFFICER);
    expect(textOf(page.querySelector('[role="status"]'))).toBe("Chargement de l'enveloppe…");
    await answer();

    expect(textOf(page.querySelector('h1'))).toBe("Où en est l'enveloppe 2024 de l'ARS La Réunion ?");
    const crumbs = Array.from(page.querySelectorAll('.fr-breadcrumb__list li')).map((item) => textOf(item));
    expect(crumbs).toEqual(['Enveloppes 2024', 'ARS La Réunion — Projets']);
    expect(page.querySelector('.fr-breadcrumb__link')?.getAttribute('href')).toBe(
      '/enveloppes?campagne=2024',
    );

    const composition = tableRows(page.querySelector('table')!.closest('.fr-table')!);
    expect(composition).toEqual([
      ['Enveloppe initiale (instruction)', eur('9 010 000')],
      ['Avenants', `−${eur('90 000,50')}`],
      ['Transferts reçus', `+${eur('350 000')}`],
      ['Transferts cédés', eur('0')],
      ['Enveloppe déléguée', eur('9 269 999,50')],
      ['Engagé', eur('350 000')],
      ['Versé (T1 / T2)', eur('175 000')],
      ['Reste à engager', eur('8 919 999,50')],
      ["Taux d'engagement", `3,8${NNBSP}%`],
    ]);

    const history = page.querySelector('[aria-labelledby="historique-titre"]')!;
    expect(tableRows(history)).toEqual([
      [
        '02/11/2024',
        'Avenant',
        `−${eur('90 000,50')}`,
        'Instruction DNS/DGCS/CNSA/2025/100 du 2 septembre 2025',
        'Non renseigné',
        '03/11/2024',
      ],
      [
        '18/09/2024',
        "Transfert reçu de l'ARS Corse",
        `+${eur('350 000')}`,
        'Crédits 2024 non consommés : redéploiement entre ARS.',
        'Camille Martin',
        '18/09/2024',
      ],
    ]);
    expect(() => button('Ajouter un avenant')).toThrow();
  });

  it('says when an envelope has neither amendment nor transfer', async () => {
    await open(ARS_OFFICER, NATIONAL.id);
    await answer({ ...NATIONAL, amendments: [], transfers: [] });

    expect(textOf(page.querySelector('h1'))).toBe("Où en est l'enveloppe nationale 2024 ?");
    const history = page.querySelector('[aria-labelledby="historique-titre"]')!;
    expect(history.querySelector('table')).toBeNull();
    expect(textOf(history.querySelector('.fr-alert__title'))).toBe('Aucun avenant ni transfert');
  });

  it('shows the French not-found page for an envelope outside the scope or unknown', async () => {
    await open(ARS_OFFICER);
    envelopeRequest().flush(
      { statusCode: 404, code: 'NOT_FOUND', message: 'Enveloppe introuvable.' },
      { status: 404, statusText: 'Not Found' },
    );
    await settle();

    expect(textOf(page.querySelector('h1'))).toBe('Page non trouvée');
    expect(page.querySelector('.fr-breadcrumb')).toBeNull();
  });

  it("shows the API's message for any other failure, then retries", async () => {
    await open(ARS_OFFICER);
    envelopeRequest().flush(
      {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'La base de données est momentanément indisponible.',
      },
      { status: 503, statusText: 'Service Unavailable' },
    );
    await settle();

    const alert = page.querySelector('.fr-alert--error')!;
    expect(textOf(alert.querySelector('.fr-alert__title'))).toBe("L'enveloppe n'a pas pu être chargée");
    button('Réessayer', alert).click();
    await settle();
    await answer();
    expect(textOf(page.querySelector('h1'))).toBe("Où en est l'enveloppe 2024 de l'ARS La Réunion ?");
  });

  describe('amendment (CNSA administrators)', () => {
    async function openForm(): Promise<void> {
      await open(CNSA_ADMIN);
      await answer();
      const toggle = button('Ajouter un avenant');
      toggle.click();
      await settle();
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
    }

    it('shows what is wrong next to each field, and sends nothing', async () => {
      await openForm();
      expect(textOf(page.querySelector('label[for="avenant-montant"]'))).toContain(
        `Réduction possible : ${eur('8 919 999,50')} au plus (engagé : ${eur('350 000')}).`,
      );
      await type('avenant-montant', '0');
      await type('avenant-motif', 'abc');
      await type('avenant-date', '2999-01-01');
      await submitAmendment();

      expect(messageOf('avenant-montant')).toBe(
        'La variation ne peut pas être nulle : indiquez un montant positif (abondement) ou négatif (réduction).',
      );
      expect(messageOf('avenant-motif')).toBe(
        'Le motif doit compter au moins 5 caractères : expliquez la décision.',
      );
      expect(messageOf('avenant-date')).toBe(
        'La date de décision ne peut pas être dans le futur : indiquez la date à laquelle la décision a été prise.',
      );
      expect(document.activeElement).toBe(byId('avenant-montant'));
    });

    it('sends a signed amount parsed exactly in cents, then shows the envelope as it is now', async () => {
      await openForm();
      await type('avenant-montant', '-1 234 567,89');
      await type('avenant-motif', '  Instruction DNS/DGCS/CNSA/2025/100  ');
      await submitAmendment();

      const request = http.expectOne({
        method: 'POST',
        url: `/api/envelopes/${REUNION_DETAIL.id}/amendments`,
      });
      expect(request.request.body).toEqual({
        deltaCents: -123_456_789,
        reason: 'Instruction DNS/DGCS/CNSA/2025/100',
        decidedOn: todayInParis(),
      });
      const after = {
        ...REUNION_DETAIL,
        delegatedCents: REUNION_DETAIL.delegatedCents - 123_456_789,
        restToCommitCents: REUNION_DETAIL.restToCommitCents - 123_456_789,
      };
      request.flush(after);
      await settle();

      const success = page.querySelector<HTMLElement>('[data-success]')!;
      expect(textOf(success)).toBe(
        `L'avenant est enregistré : l'enveloppe est réduite de ${eur('1 234 567,89')}. ` +
          `Enveloppe déléguée : ${eur('8 035 431,61')} ; reste à engager : ${eur('7 685 431,61')}.`,
      );
      expect(document.activeElement).toBe(success);
      expect(page.querySelector('esms-amendment-form')).toBeNull();
      await answer(after);
    });

    it("shows the API's 409 ENVELOPE_BELOW_COMMITTED next to the amount", async () => {
      await openForm();
      await type('avenant-montant', '-9 000 000');
      await type('avenant-motif', 'Réduction décidée en comité');
      await submitAmendment();

      const message =
        "Impossible de réduire l'enveloppe de 9 000 000 € : 350 000 € sont déjà engagés sur 9 269 999,50 € délégués (réduction possible : 8 919 999,50 € au plus).";
      http
        .expectOne(`/api/envelopes/${REUNION_DETAIL.id}/amendments`)
        .flush(
          { statusCode: 409, code: 'ENVELOPE_BELOW_COMMITTED', message, field: 'deltaCents' },
          { status: 409, statusText: 'Conflict' },
        );
      await settle();

      expect(messageOf('avenant-montant')).toBe(message);
      expect(byId('avenant-montant').getAttribute('aria-invalid')).toBe('true');
      expect(byId<HTMLInputElement>('avenant-montant').value).toBe('-9 000 000');
      expect(page.querySelector('[data-success]')).toBeNull();
    });

    it("puts the API's 400 next to the field it names", async () => {
      await openForm();
      await type('avenant-montant', '1000');
      await type('avenant-motif', 'Abondement exceptionnel');
      await submitAmendment();

      http.expectOne(`/api/envelopes/${REUNION_DETAIL.id}/amendments`).flush(
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'La date de décision ne peut pas précéder le 1er janvier 2020.',
          field: 'decidedOn',
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();

      expect(messageOf('avenant-date')).toBe('La date de décision ne peut pas précéder le 1er janvier 2020.');
      expect(messageOf('avenant-montant')).toBe('');
    });
  });
});
