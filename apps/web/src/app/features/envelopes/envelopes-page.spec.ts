import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse, EnvelopeListResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { todayInParis } from '../../shared/format/format';
import { tableHeaders, tableRows, textOf } from '../../shared/testing/dom';
import { envelopesRoutes } from './envelopes.routes';
import {
  ALL_2024,
  BRETAGNE,
  CAMPAIGNS,
  CORSE,
  GRADES_BRETAGNE,
  NATIONAL,
  REUNION,
  TRANSFER_CORSE_REUNION,
  envelope,
  envelopeList,
  transferResponse,
  transfersPage,
} from './testing/envelopes-fixtures';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
/** « 3 500 000 € » as `Intl` writes it: narrow no-break spaces between thousands, no-break space before €. */
const eur = (amount: string): string => `${amount.replace(/ /g, NNBSP)}${NBSP}€`;
const pct = (value: string): string => `${value}${NNBSP}%`;

const BELOW_COMMITTED = {
  statusCode: 409,
  code: 'ENVELOPE_BELOW_COMMITTED',
  message:
    "Impossible de réduire l'enveloppe de 2 000 000 € : 1 615 000 € sont déjà engagés sur 3 500 000 € délégués (réduction possible : 1 885 000 € au plus).",
  field: 'amountCents',
};

describe('Envelopes page', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(user: CurrentUserResponse, url = '/enveloppes'): Promise<void> {
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
    await harness.navigateByUrl(url);
    await settle();
    page = harness.routeNativeElement as HTMLElement;
  }

  function envelopesRequest(params?: string): TestRequest {
    return http.expectOne(
      (request) =>
        request.url === '/api/envelopes' &&
        request.method === 'GET' &&
        (params === undefined || request.params.toString() === params),
    );
  }

  async function answerCampaigns(): Promise<void> {
    http.expectOne('/api/campaigns').flush(CAMPAIGNS);
    await settle();
  }

  async function answerEnvelopes(body: EnvelopeListResponse, params?: string): Promise<TestRequest> {
    const request = envelopesRequest(params);
    request.flush(body);
    await settle();
    return request;
  }

  async function answerTransfers(year = 2024, items = [TRANSFER_CORSE_REUNION]): Promise<void> {
    http.expectOne(`/api/envelopes/transfers?campaign=${year}`).flush(transfersPage(items));
    await settle();
  }

  /** Opens the page on 2024 with the envelopes and transfers answered. */
  async function openLoaded(user: CurrentUserResponse, items = ALL_2024): Promise<void> {
    await open(user);
    await answerCampaigns();
    await answerEnvelopes(envelopeList(items), 'campaign=2024');
    await answerTransfers();
  }

  const byId = <T extends HTMLElement>(id: string): T => page.querySelector<T>(`#${id}`)!;
  const envelopesSection = (): HTMLElement =>
    page.querySelector<HTMLElement>('[aria-labelledby="enveloppes-titre"]')!;
  const transfersSection = (): HTMLElement =>
    page.querySelector<HTMLElement>('[aria-labelledby="transferts-titre"]')!;

  function button(label: string | RegExp, root: ParentNode = page): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((candidate) =>
      typeof label === 'string' ? textOf(candidate) === label : label.test(textOf(candidate)),
    );
    if (!found) throw new Error(`Pas de bouton « ${String(label)} »`);
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

  async function click(target: HTMLElement): Promise<void> {
    target.click();
    await settle();
  }

  async function submit(form: HTMLFormElement): Promise<void> {
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  }

  function messageOf(id: string): string {
    return textOf(page.querySelector(`#${byId(id).getAttribute('aria-describedby')}`));
  }

  afterEach(() => http.verify());

  describe('list', () => {
    it('asks where the envelopes of the latest campaign stand, loading it once the campaigns are known', async () => {
      await open(CNSA_ANALYST);
      expect(textOf(page.querySelector('h1'))).toBe('Où en sont les enveloppes ?');
      http.expectNone((request) => request.url === '/api/envelopes');

      await answerCampaigns();
      expect(textOf(page.querySelector('h1'))).toBe('Où en sont les enveloppes 2024 ?');
      expect(textOf(envelopesSection().querySelector('[role="status"]'))).toBe('Chargement des enveloppes…');
      expect(byId<HTMLSelectElement>('filtre-campagne').value).toBe('2024');

      await answerEnvelopes(envelopeList(ALL_2024), 'campaign=2024');
      await answerTransfers();
      expect(textOf(envelopesSection().querySelector('caption'))).toBe(
        'Enveloppes 2024 par détenteur et par ligne',
      );
      // Each header is a sort button; its mark (↕ ↑ ↓) is hidden from screen readers, which read `aria-sort`.
      expect(tableHeaders(envelopesSection())).toEqual(
        [
          'Détenteur',
          'Ligne',
          'Initiale',
          'Avenants',
          'Transferts reçus',
          'Transferts cédés',
          'Enveloppe déléguée',
          'Engagé',
          'Versé',
          'Reste à engager',
          "Taux d'engagement",
        ].map((label) => `${label}↕`),
      );
      expect(envelopesSection().querySelector('thead th button [aria-hidden="true"]')).not.toBeNull();
      const rows = tableRows(envelopesSection());
      expect(rows).toHaveLength(5);
      expect(rows[1]).toEqual([
        'ARS Bretagne',
        'Projets',
        eur('3 500 000'),
        eur('0'),
        eur('0'),
        eur('0'),
        eur('3 500 000'),
        eur('1 615 000'),
        eur('807 500'),
        eur('1 885 000'),
        pct('46,1'),
      ]);
      expect(rows[3]).toEqual([
        'ARS La Réunion',
        'Projets',
        eur('9 010 000'),
        `−${eur('90 000,50')}`,
        eur('350 000'),
        eur('0'),
        eur('9 269 999,50'),
        eur('350 000'),
        eur('175 000'),
        eur('8 919 999,50'),
        pct('3,8'),
      ]);
      expect(rows[4]?.[10]).toBe(pct('0'));
      const footer = Array.from(envelopesSection().querySelectorAll('tfoot th, tfoot td')).map((cell) =>
        textOf(cell),
      );
      expect(footer[0]).toBe('Total (5 enveloppes)');
      expect(footer[5]).toBe(eur('28 058 999,50'));
      expect(envelopesSection().querySelector('tbody th a')?.getAttribute('href')).toBe(
        `/enveloppes/${NATIONAL.id}`,
      );
      expect(textOf(envelopesSection().querySelector('[role="status"]'))).toBe('5 enveloppes affichées.');
    });

    it('shows the four KPI tiles of the totals: compact amount, exact amount, what it is measured against', async () => {
      await openLoaded(CNSA_ANALYST, [BRETAGNE]);

      const tiles = Array.from(page.querySelectorAll('[data-kpi]')).map((tile) =>
        Array.from(tile.querySelectorAll('p')).map((line) => textOf(line)),
      );
      expect(tiles).toEqual([
        [
          'Enveloppe déléguée',
          `3,5${NBSP}M€`,
          `Montant exact : ${eur('3 500 000')}`,
          'Égale au montant initial des instructions',
        ],
        [
          'Engagé',
          `1,6${NBSP}M€`,
          `Montant exact : ${eur('1 615 000')}`,
          `${pct('46,1')} de l'enveloppe déléguée`,
        ],
        [
          'Versé (T1 / T2)',
          `807,5${NBSP}k€`,
          `Montant exact : ${eur('807 500')}`,
          `${pct('50')} de l'engagé`,
        ],
        [
          'Reste à engager',
          `1,9${NBSP}M€`,
          `Montant exact : ${eur('1 885 000')}`,
          `${pct('53,9')} de l'enveloppe déléguée`,
        ],
      ]);
    });

    it('says how amendments and transfers changed the delegated envelope', async () => {
      await openLoaded(CNSA_ANALYST, [REUNION]);

      expect(textOf(page.querySelector('[data-kpi] .esms-kpi__context'))).toBe(
        `+${eur('259 999,50')} par avenants et transferts sur ${eur('9 010 000')} initiaux`,
      );
    });

    it('reads the campaign, holder and line from the address and shows them in the filters', async () => {
      await open(CNSA_ANALYST, '/enveloppes?campagne=2023&detenteur=ARS&ligne=PROJETS');
      // The campaign of the address is asked at once, without waiting for the list of campaigns.
      await answerEnvelopes(envelopeList([BRETAGNE]), 'campaign=2023&holder=ARS&line=PROJETS');
      await answerCampaigns();
      await answerTransfers(2023, []);

      expect(textOf(page.querySelector('h1'))).toBe('Où en sont les enveloppes 2023 ?');
      expect(byId<HTMLSelectElement>('filtre-campagne').value).toBe('2023');
      expect(byId<HTMLSelectElement>('filtre-detenteur').value).toBe('ARS');
      expect(byId<HTMLSelectElement>('filtre-ligne').value).toBe('PROJETS');
      expect(textOf(envelopesSection().querySelector('caption'))).toBe(
        'Enveloppes 2023 par détenteur et par ligne (détenteur « ARS », ligne « Projets »)',
      );
      expect(textOf(transfersSection().querySelector('.fr-alert__title'))).toBe('Aucun transfert en 2023');
    });

    it('puts the filters chosen in the address and loads them', async () => {
      await openLoaded(CNSA_ANALYST);

      await choose('filtre-campagne', '2023');
      await choose('filtre-detenteur', 'GRADES');
      await submit(page.querySelector<HTMLFormElement>('form[aria-label="Filtrer les enveloppes"]')!);

      expect(TestBed.inject(Router).url).toBe('/enveloppes?campagne=2023&detenteur=GRADES');
      await answerEnvelopes(envelopeList([GRADES_BRETAGNE]), 'campaign=2023&holder=GRADES');
      await answerTransfers(2023, []);
      expect(tableRows(envelopesSection()).map((row) => row[0])).toEqual(['GCS e-Santé Bretagne']);
    });

    it('says why the list is empty, and what to do, filtered or not', async () => {
      await open(CNSA_ANALYST, '/enveloppes?campagne=2021');
      await answerEnvelopes(envelopeList([]), 'campaign=2021');
      await answerCampaigns();
      await answerTransfers(2021, []);

      expect(envelopesSection().querySelector('table')).toBeNull();
      expect(page.querySelector('[data-kpi]')).toBeNull();
      expect(textOf(envelopesSection().querySelector('.fr-alert__title'))).toBe(
        'Aucune enveloppe pour la campagne 2021',
      );

      await harness.navigateByUrl('/enveloppes?campagne=2021&ligne=FRAIS_GESTION');
      await settle();
      await answerEnvelopes(envelopeList([]), 'campaign=2021&line=FRAIS_GESTION');
      expect(textOf(envelopesSection().querySelector('.fr-alert__title'))).toBe(
        'Aucune enveloppe ne correspond aux filtres',
      );
    });

    it("shows the API's message when the envelopes cannot be read, then retries", async () => {
      await open(CNSA_ANALYST);
      await answerCampaigns();
      envelopesRequest().flush(
        {
          statusCode: 503,
          code: 'DATABASE_UNAVAILABLE',
          message: 'La base de données est momentanément indisponible.',
        },
        { status: 503, statusText: 'Service Unavailable' },
      );
      await answerTransfers();

      const alert = envelopesSection().querySelector('.fr-alert--error')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe(
        "Les enveloppes n'ont pas pu être chargées",
      );
      expect(textOf(alert)).toContain('La base de données est momentanément indisponible.');

      await click(button('Réessayer', alert));
      await answerEnvelopes(envelopeList(ALL_2024), 'campaign=2024');
      expect(tableRows(envelopesSection())).toHaveLength(5);
    });

    it('sorts a column by its real value, and says so', async () => {
      const nine = envelope({
        id: 'n',
        holderName: 'ARS Mayotte',
        delegatedCents: 1_000_000,
        committedCents: 900_000,
      });
      await openLoaded(CNSA_ANALYST, [...ALL_2024, nine]);
      const committed = (): string[] => tableRows(envelopesSection()).map((row) => row[7] ?? '');
      const header = (): HTMLElement => button(/^Engagé/, envelopesSection()).closest('th')!;

      await click(button(/^Engagé/, envelopesSection()));
      expect(committed()).toEqual([
        eur('0'),
        eur('0'),
        eur('9 000'),
        eur('350 000'),
        eur('1 615 000'),
        eur('2 530 000'),
      ]);
      expect(header().getAttribute('aria-sort')).toBe('ascending');
      expect(textOf(envelopesSection().querySelector('p[role="status"]'))).toBe(
        'Tableau trié par Engagé, du plus petit au plus grand.',
      );

      await click(button(/^Engagé/, envelopesSection()));
      expect(committed()[0]).toBe(eur('2 530 000'));
      expect(header().getAttribute('aria-sort')).toBe('descending');
      expect(
        button(/^Versé/, envelopesSection())
          .closest('th')!
          .hasAttribute('aria-sort'),
      ).toBe(false);
    });
  });

  describe('by role', () => {
    it('tells ARS users they see their own envelopes, offers no transfer, and links only their envelopes', async () => {
      await openLoaded(ARS_OFFICER, [BRETAGNE, GRADES_BRETAGNE]);

      expect(textOf(page)).toContain('Vous voyez les enveloppes de votre organisation et de sa région.');
      expect(() => button('Transférer des crédits')).toThrow();
      const transfer = tableRows(transfersSection())[0]!;
      expect(transfer).toEqual([
        '18/09/2024',
        'ARS Corse',
        'ARS La Réunion',
        eur('350 000'),
        'Crédits 2024 non consommés : redéploiement entre ARS.',
        'Camille Martin',
      ]);
      expect(transfersSection().querySelectorAll('tbody a')).toHaveLength(0);
    });

    it('lets national users open both envelopes of a transfer', async () => {
      await openLoaded(CNSA_ANALYST);

      expect(() => button('Transférer des crédits')).toThrow();
      const links = Array.from(transfersSection().querySelectorAll('tbody a')).map((link) =>
        link.getAttribute('href'),
      );
      expect(links).toEqual([`/enveloppes/${CORSE.id}`, `/enveloppes/${REUNION.id}`]);
    });
  });

  describe('transfer (CNSA administrators)', () => {
    async function openTransfer(): Promise<void> {
      await openLoaded(CNSA_ADMIN);
      const toggle = button('Transférer des crédits');
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      await click(toggle);
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      await answerEnvelopes(envelopeList([BRETAGNE, CORSE, REUNION]), 'campaign=2024&holder=ARS');
    }

    async function fill(amount: string): Promise<void> {
      await choose('transfert-origine', BRETAGNE.id);
      await choose('transfert-destinataire', CORSE.id);
      await type('transfert-montant', amount);
      await type('transfert-motif', 'Sous-consommation constatée en comité de suivi');
    }

    const form = (): HTMLFormElement => page.querySelector<HTMLFormElement>('esms-transfer-form form')!;
    const dialog = (): HTMLElement | null => page.querySelector<HTMLElement>('[role="dialog"]');

    it('offers ARS envelopes only, the destination on the origin line and not the origin itself', async () => {
      const other = envelope({ id: 'x', holderName: 'ARS Guyane', line: 'FRAIS_GESTION' });
      await openLoaded(CNSA_ADMIN);
      await click(button('Transférer des crédits'));
      await answerEnvelopes(envelopeList([BRETAGNE, CORSE, other]), 'campaign=2024&holder=ARS');

      const options = (id: string): string[] =>
        Array.from(byId<HTMLSelectElement>(id).options)
          .filter((option) => option.value)
          .map((option) => textOf(option));
      expect(options('transfert-origine')).toEqual([
        `ARS Bretagne — Projets (reste à engager : ${eur('1 885 000')})`,
        `ARS Corse — Projets (reste à engager : ${eur('2 000')})`,
        `ARS Guyane — Frais de gestion (reste à engager : ${eur('0')})`,
      ]);
      await choose('transfert-destinataire', 'x');
      await choose('transfert-origine', BRETAGNE.id);
      expect(options('transfert-destinataire')).toEqual([
        `ARS Corse — Projets (reste à engager : ${eur('2 000')})`,
      ]);
      expect(byId<HTMLSelectElement>('transfert-destinataire').value).toBe('');
    });

    it('shows what is missing next to each field, and sends nothing', async () => {
      await openTransfer();
      await type('transfert-montant', '12,345');
      await submit(form());

      expect(messageOf('transfert-origine')).toBe(
        "Choisissez l'enveloppe d'origine : celle qui cède des crédits.",
      );
      expect(messageOf('transfert-destinataire')).toBe(
        "Choisissez l'enveloppe destinataire : celle qui reçoit les crédits.",
      );
      expect(messageOf('transfert-montant')).toBe(
        "Le montant « 12,345 » est invalide : écrivez un nombre d'euros, avec au plus deux décimales.",
      );
      expect(messageOf('transfert-motif')).toBe(
        'Le motif doit compter au moins 5 caractères : expliquez la décision.',
      );
      expect(byId('transfert-montant').getAttribute('aria-invalid')).toBe('true');
      expect(dialog()).toBeNull();
      expect(document.activeElement).toBe(byId('transfert-origine'));
    });

    it('asks for confirmation with both envelopes before and after, then sends the exact cents', async () => {
      await openTransfer();
      await fill('1 000 000,50');
      await submit(form());
      http.expectNone('/api/envelopes/transfers');

      expect(textOf(dialog()!.querySelector('h2'))).toBe(
        `Transférer ${eur('1 000 000,50')} de l'ARS Bretagne à l'ARS Corse ?`,
      );
      const tables = Array.from(dialog()!.querySelectorAll('[data-transfer-preview]'));
      expect(tables.map((table) => textOf(table.querySelector('caption')))).toEqual([
        'ARS Bretagne (origine)',
        'ARS Corse (destinataire)',
      ]);
      expect(tableRows(tables[0]!)).toEqual([
        ['Enveloppe déléguée', eur('3 500 000'), eur('2 499 999,50')],
        ['Engagé', eur('1 615 000'), eur('1 615 000')],
        ['Reste à engager', eur('1 885 000'), eur('884 999,50')],
      ]);
      expect(tableRows(tables[1]!)).toEqual([
        ['Enveloppe déléguée', eur('2 000'), eur('1 002 000,50')],
        ['Engagé', eur('0'), eur('0')],
        ['Reste à engager', eur('2 000'), eur('1 002 000,50')],
      ]);
      expect(dialog()!.querySelector('.fr-alert--warning')).toBeNull();

      await click(button('Confirmer le transfert'));
      const request = http.expectOne('/api/envelopes/transfers');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({
        fromEnvelopeId: BRETAGNE.id,
        toEnvelopeId: CORSE.id,
        amountCents: 100_000_050,
        reason: 'Sous-consommation constatée en comité de suivi',
        decidedOn: todayInParis(),
      });
      request.flush(transferResponse(100_000_050));
      await settle();

      expect(dialog()).toBeNull();
      expect(page.querySelector('esms-transfer-form')).toBeNull();
      const success = page.querySelector<HTMLElement>('[data-success]')!;
      expect(textOf(success)).toBe(
        `${eur('1 000 000,50')} ont été transférés de l'ARS Bretagne à l'ARS Corse. ` +
          `Enveloppe déléguée de l'ARS Bretagne : ${eur('2 499 999,50')} ; de l'ARS Corse : ${eur('1 002 000,50')}.`,
      );
      expect(document.activeElement).toBe(success);
      // The list and the transfers are read again.
      await answerEnvelopes(envelopeList(ALL_2024), 'campaign=2024');
      await answerTransfers();
    });

    it('warns in the confirmation when the origin would end under its committed amount', async () => {
      await openTransfer();
      await fill('2 000 000');
      await submit(form());

      expect(tableRows(dialog()!.querySelector('[data-transfer-preview]')!)[2]).toEqual([
        'Reste à engager',
        eur('1 885 000'),
        `-${eur('115 000')}`,
      ]);
      expect(textOf(dialog()!.querySelector('.fr-alert--warning'))).toContain(
        "l'enveloppe d'origine passerait sous son montant engagé",
      );
    });

    it('sends nothing when the confirmation is cancelled, and keeps the form as typed', async () => {
      await openTransfer();
      await fill('350 000');
      await submit(form());

      await click(button('Annuler', dialog()!));
      expect(dialog()).toBeNull();
      expect(byId<HTMLInputElement>('transfert-montant').value).toBe('350 000');
      http.expectNone('/api/envelopes/transfers');
    });

    it("shows the API's 409 ENVELOPE_BELOW_COMMITTED next to the amount and reads the envelopes again", async () => {
      await openTransfer();
      await fill('2 000 000');
      await submit(form());
      await click(button('Confirmer le transfert'));

      http
        .expectOne('/api/envelopes/transfers')
        .flush(BELOW_COMMITTED, { status: 409, statusText: 'Conflict' });
      await settle();

      expect(dialog()).toBeNull();
      expect(messageOf('transfert-montant')).toBe(BELOW_COMMITTED.message);
      expect(byId('transfert-montant').getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(byId('transfert-montant'));
      expect(page.querySelector('[data-success]')).toBeNull();
      await answerEnvelopes(envelopeList([BRETAGNE, CORSE, REUNION]), 'campaign=2024&holder=ARS');
    });

    it('shows a refusal that names no field of the form above it', async () => {
      await openTransfer();
      await fill('350 000');
      await submit(form());
      await click(button('Confirmer le transfert'));

      http
        .expectOne('/api/envelopes/transfers')
        .flush(
          { statusCode: 403, code: 'FORBIDDEN', message: 'Réservé aux administrateurs CNSA.' },
          { status: 403, statusText: 'Forbidden' },
        );
      await settle();

      const alert = page.querySelector<HTMLElement>('esms-transfer-form [data-error-summary]')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe("Le transfert n'a pas été enregistré");
      expect(textOf(alert)).toContain('Réservé aux administrateurs CNSA.');
      expect(document.activeElement).toBe(alert);
    });
  });
});
