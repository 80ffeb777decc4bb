import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { ApiErrorBody, CampaignRulesResponse, CurrentUserResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { CNSA_ADMIN, CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { campaignsRoutes } from './campaigns.routes';
import { MILESTONE_TYPES, RULES_2024, rulesAfter } from './testing/campaigns-fixtures';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const eur = (amount: string): string => `${amount.replace(/ /g, NNBSP)}${NBSP}€`;

const STALE = {
  statusCode: 409,
  code: 'STALE_VERSION',
  message:
    'Les règles de la campagne 2024 ont été modifiées entre-temps par quelqu’un d’autre : rechargez-les avant de recommencer.',
  field: 'version',
};

describe('Campaign rules page', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(user: CurrentUserResponse, url = '/referentiel/campagnes/2024'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'referentiel/campagnes', children: campaignsRoutes },
            { path: 'referentiel', children: [] },
          ],
          withComponentInputBinding(),
        ),
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

  async function answerRules(body: CampaignRulesResponse = RULES_2024): Promise<void> {
    http.expectOne({ method: 'GET', url: `/api/campaigns/${body.year}/rules` }).flush(body);
    await settle();
  }

  const byId = <T extends HTMLElement>(id: string): T => page.querySelector<T>(`#${id}`)!;
  const section = (titleId: string): HTMLElement =>
    page.querySelector<HTMLElement>(`[aria-labelledby="${titleId}"]`)!;

  function button(label: string, root: ParentNode = page): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find(
      (candidate) => textOf(candidate) === label,
    );
    if (!found) throw new Error(`Pas de bouton « ${label} »`);
    return found;
  }

  async function click(target: HTMLElement): Promise<void> {
    target.click();
    await settle();
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

  async function submit(root: HTMLElement): Promise<void> {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  }

  function messageOf(id: string): string {
    return textOf(page.querySelector(`#${byId(id).getAttribute('aria-describedby')}`));
  }

  function refuse(request: TestRequest, body: ApiErrorBody): void {
    request.flush(body, { status: body.statusCode, statusText: 'Refused' });
  }

  afterEach(() => http.verify());

  describe('read', () => {
    it('asks which rules apply to the campaign and shows them, without edit actions for an analyst', async () => {
      await open(CNSA_ANALYST);
      expect(textOf(page.querySelector('[role="status"]'))).toBe('Chargement des règles de la campagne…');
      await answerRules();

      expect(textOf(page.querySelector('h1'))).toBe('Quelles règles pour la campagne 2024 ?');
      expect(textOf(page.querySelector('.fr-text--lead'))).toBe(
        'Généralisation 2024, phase de généralisation. Dernière modification le 20/11/2026.',
      );
      expect(page.querySelector('.fr-breadcrumb__link')?.getAttribute('href')).toBe(
        '/referentiel?onglet=campagnes',
      );

      expect(tableRows(section('seuils-titre'))).toEqual([
        ['Instruction', 'DNS/DGCS/CNSA/2024/15 du 1er février 2024'],
        ["Minimum d'ESSMS par projet en métropole", '15 ESSMS'],
        ["Minimum d'ESSMS par projet en Corse et outre-mer", '8 ESSMS'],
        ['Appel à projets national', 'À partir de 50 ESSMS'],
        [
          'Part de la tranche 1',
          `50${NNBSP}% à la signature de la convention, le solde (50${NNBSP}%) en fin de projet`,
        ],
        ["Échéance d'usage", '30 juin 2026'],
      ]);
      expect(tableRows(section('financement-titre'))).toEqual([
        ['Appel à projets régional', 'Acquisition', 'Tous secteurs', 'Tous territoires', eur('25 000')],
        [
          'Appel à projets régional',
          'Mise en conformité',
          'Tous secteurs',
          'Tous territoires',
          eur('10 000'),
        ],
        ['Appel à projets national', 'Acquisition', 'Personnes âgées', 'Outre-mer', eur('27 500,50')],
      ]);
      expect(tableRows(section('jalons-titre'))).toEqual([
        ['1', 'Convention signée', 'CONVENTION_SIGNEE', '90 jours', '2 sur 5', 'Par projet', '33'],
        ['2', 'DUI déployé', 'DUI_DEPLOYE', '365 jours', '3 sur 5', 'Par ESSMS', '33'],
        ['3', "Cibles d'usage atteintes", 'CIBLES_USAGE', '730 jours', '5 sur 5', 'Par projet', '0'],
      ]);
      expect(tableRows(section('indicateurs-titre'))).toEqual([
        ['ESSMS dont le DUI est actif', 'DUI_ACTIFS', '% des ESSMS', '100'],
        ['Messages MSSanté envoyés', 'MSSANTE_MESSAGES', 'messages par mois et par ESSMS', '12,5'],
      ]);
      expect(page.querySelectorAll('[data-edit]')).toHaveLength(0);
      expect(page.querySelector('form')).toBeNull();
    });

    it('shows a campaign without national call and its seed-phase minimum of organisations', async () => {
      await open(CNSA_ANALYST, '/referentiel/campagnes/2021');
      await answerRules({
        ...RULES_2024,
        year: 2021,
        label: 'Amorçage 2021',
        phase: 'amorcage',
        instructionReference: null,
        instructionDate: null,
        nationalCallMinEssms: null,
        regionalCallMaxEssms: 49,
        minOrganisations: 3,
        usageDeadline: null,
        fundingRules: [],
      });

      const rows = tableRows(section('seuils-titre'));
      expect(rows).toContainEqual(['Instruction', 'Non renseignée']);
      expect(rows).toContainEqual(['Appel à projets national', "Pas d'appel national"]);
      expect(rows).toContainEqual(["Plafond d'un projet en appel régional", '49 ESSMS']);
      expect(rows).toContainEqual(["Minimum d'organismes gestionnaires par projet", '3']);
      expect(rows).toContainEqual(["Échéance d'usage", 'Non fixée']);
      expect(textOf(section('financement-titre').querySelector('.fr-alert__title'))).toBe(
        'Aucun montant défini pour cette campagne',
      );
    });

    it('shows the French not-found page for an unknown campaign or an address that is not a year', async () => {
      await open(CNSA_ANALYST, '/referentiel/campagnes/2019');
      refuse(http.expectOne('/api/campaigns/2019/rules'), {
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Campagne 2019 introuvable.',
      });
      await settle();
      expect(textOf(page.querySelector('h1'))).toBe('Page non trouvée');

      await harness.navigateByUrl('/referentiel/campagnes/deux-mille');
      await settle();
      expect(textOf(harness.routeNativeElement?.querySelector('h1'))).toBe('Page non trouvée');
      http.expectNone((request) => request.url.startsWith('/api/campaigns'));
    });

    it('sends the bare address to the référentiel tab of the campaigns', async () => {
      await open(CNSA_ANALYST, '/referentiel/campagnes');
      expect(TestBed.inject(Router).url).toBe('/referentiel?onglet=campagnes');
    });

    it("shows the API's message when the rules cannot be read, then retries", async () => {
      await open(CNSA_ANALYST);
      refuse(http.expectOne('/api/campaigns/2024/rules'), {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'La base de données est momentanément indisponible.',
      });
      await settle();
      const alert = page.querySelector('.fr-alert--error')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe(
        "Les règles de la campagne n'ont pas pu être chargées",
      );
      await click(button('Réessayer', alert));
      await answerRules();
      expect(tableRows(section('financement-titre'))).toHaveLength(3);
    });
  });

  describe('thresholds (CNSA administrators)', () => {
    async function openThresholds(): Promise<void> {
      await open(CNSA_ADMIN);
      await answerRules();
      await click(button("Modifier l'instruction et les seuils"));
    }

    it('sends only what changed, with the version read, and keeps the new version for the next save', async () => {
      await openThresholds();
      expect(byId<HTMLInputElement>('seuils-min-metropole').value).toBe('15');
      expect(document.activeElement).toBe(byId('seuils-instruction'));
      await type('seuils-min-metropole', '20');
      await type('seuils-appel-national', '');
      await submit(section('seuils-titre'));

      const patch = http.expectOne({ method: 'PATCH', url: '/api/campaigns/2024' });
      expect(patch.request.body).toEqual({ version: 3, minEssmsMetropole: 20, nationalCallMinEssms: null });
      patch.flush(rulesAfter({ minEssmsMetropole: 20, nationalCallMinEssms: null }));
      await settle();

      const notice = section('seuils-titre').querySelector<HTMLElement>('[data-success]')!;
      expect(textOf(notice)).toBe("L'instruction et les seuils sont enregistrés.");
      expect(document.activeElement).toBe(notice);
      expect(tableRows(section('seuils-titre'))).toContainEqual([
        "Minimum d'ESSMS par projet en métropole",
        '20 ESSMS',
      ]);

      // The next save of another part carries version 4.
      await click(button("Modifier les indicateurs d'usage"));
      await submit(section('indicateurs-titre'));
      const put = http.expectOne({ method: 'PUT', url: '/api/campaigns/2024/indicators' });
      expect((put.request.body as { version: number }).version).toBe(4);
      put.flush(rulesAfter({ version: 5 }));
      await settle();
    });

    it('shows a number typed wrong, and the API refusal, next to the field', async () => {
      await openThresholds();
      await type('seuils-min-reduit', 'huit');
      await submit(section('seuils-titre'));
      expect(messageOf('seuils-min-reduit')).toBe("Saisissez un nombre entier d'ESSMS, par exemple 8.");
      expect(document.activeElement).toBe(byId('seuils-min-reduit'));

      await type('seuils-min-reduit', '16');
      await submit(section('seuils-titre'));
      const message =
        'Le minimum d’ESSMS en Corse et outre-mer (16) ne peut pas dépasser celui de métropole (15).';
      refuse(http.expectOne('/api/campaigns/2024'), {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message,
        field: 'minEssmsReduced',
      });
      await settle();
      expect(messageOf('seuils-min-reduit')).toBe(message);
      expect(byId('seuils-min-reduit').getAttribute('aria-invalid')).toBe('true');
    });

    it('says plainly when someone changed the rules meanwhile, and reloads them on « Recharger »', async () => {
      await openThresholds();
      await type('seuils-tranche1', '40');
      await submit(section('seuils-titre'));
      refuse(http.expectOne('/api/campaigns/2024'), STALE);
      await settle();

      const alert = section('seuils-titre').querySelector<HTMLElement>('[data-error-summary]')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe(
        'Les règles de la campagne ont été modifiées entre-temps',
      );
      expect(textOf(alert)).toContain("Vos modifications n'ont pas été enregistrées.");
      expect(document.activeElement).toBe(alert);

      await click(button('Recharger', alert));
      await answerRules(rulesAfter({ version: 7, tranche1Percent: 30 }));
      expect(page.querySelector('form')).toBeNull();
      expect(tableRows(section('seuils-titre'))[4]?.[1]).toBe(
        `30${NNBSP}% à la signature de la convention, le solde (70${NNBSP}%) en fin de projet`,
      );
    });
  });

  describe('funding table (CNSA administrators)', () => {
    async function openFunding(): Promise<void> {
      await open(CNSA_ADMIN);
      await answerRules();
      await click(button('Modifier la table de financement'));
    }

    it('edits the table as a whole: change, add, remove rows, then one PUT in cents', async () => {
      await openFunding();
      expect(byId<HTMLInputElement>('financement-2-montant').value).toBe('27500,50');
      await type('financement-0-montant', '26 000');
      await click(button('Retirer la ligne 2'));
      await click(button('Ajouter une ligne'));
      expect(document.activeElement).toBe(byId('financement-2-appel'));
      await choose('financement-2-appel', 'national');
      await choose('financement-2-situation', 'mise_en_conformite');
      await choose('financement-2-secteur', 'PH_ENFANTS');
      await choose('financement-2-territoire', 'corse');
      await type('financement-2-montant', '12 500,05');
      await click(button('Enregistrer la table de financement'));

      const put = http.expectOne({ method: 'PUT', url: '/api/campaigns/2024/funding-rules' });
      expect(put.request.body).toEqual({
        version: 3,
        rules: [
          {
            callType: 'regional',
            softwareSituation: 'acquisition',
            sector: 'TOUS',
            territory: 'tous',
            amountPerEssmsCents: 2_600_000,
          },
          {
            callType: 'national',
            softwareSituation: 'acquisition',
            sector: 'PA',
            territory: 'outre_mer',
            amountPerEssmsCents: 2_750_050,
          },
          {
            callType: 'national',
            softwareSituation: 'mise_en_conformite',
            sector: 'PH_ENFANTS',
            territory: 'corse',
            amountPerEssmsCents: 1_250_005,
          },
        ],
      });
      put.flush(rulesAfter());
      await settle();
      expect(textOf(section('financement-titre').querySelector('[data-success]'))).toBe(
        'La table de financement est enregistrée (3 lignes).',
      );
    });

    it('shows an amount typed wrong on its row, and sends nothing', async () => {
      await openFunding();
      await type('financement-1-montant', 'dix mille');
      await click(button('Enregistrer la table de financement'));

      expect(textOf(section('financement-titre').querySelector('[data-row-error]'))).toBe(
        "Ligne 2 : Le montant « dix mille » est invalide : écrivez un nombre d'euros, avec au plus deux décimales.",
      );
      expect(byId('financement-1-montant').getAttribute('aria-invalid')).toBe('true');
      expect(messageOf('financement-1-montant')).toContain('Ligne 2 :');
      expect(document.activeElement).toBe(byId('financement-1-montant'));
    });

    it("shows the API's refusal of a row (rules.3) on that row", async () => {
      await openFunding();
      await click(button('Ajouter une ligne'));
      await type('financement-3-montant', '25000');
      await click(button('Enregistrer la table de financement'));

      const message =
        'La ligne 4 de la table de financement reprend la combinaison de la ligne 1 (Appel à projets régional, Acquisition, tous secteurs, tous territoires) : chaque combinaison ne figure qu’une fois.';
      refuse(http.expectOne('/api/campaigns/2024/funding-rules'), {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message,
        field: 'rules.3',
      });
      await settle();

      const errors = Array.from(section('financement-titre').querySelectorAll('[data-row-error]'));
      expect(errors.map((error) => textOf(error))).toEqual([`Ligne 4 : ${message}`]);
      // The error row follows row 4; its key columns are marked, the amount is not.
      expect(errors[0]!.closest('tr')!.previousElementSibling?.getAttribute('data-row')).toBe('3');
      expect(byId('financement-3-appel').getAttribute('aria-invalid')).toBe('true');
      expect(byId('financement-3-montant').getAttribute('aria-invalid')).toBeNull();
      expect(byId('financement-0-appel').getAttribute('aria-invalid')).toBeNull();
      expect(document.activeElement).toBe(byId('financement-3-appel'));
    });

    it('leaves the table unchanged on « Annuler »', async () => {
      await openFunding();
      await click(button('Retirer la ligne 1'));
      await click(button('Annuler', section('financement-titre')));

      expect(tableRows(section('financement-titre'))).toHaveLength(3);
      expect(document.activeElement).toBe(button('Modifier la table de financement'));
    });
  });

  describe('milestone catalogue (CNSA administrators)', () => {
    async function openMilestones(): Promise<void> {
      await open(CNSA_ADMIN);
      await answerRules();
      await click(button('Modifier le catalogue des jalons'));
    }

    it("shows the API's 409 when a milestone type that projects follow is removed", async () => {
      await openMilestones();
      await click(button('Retirer la ligne 2'));
      await click(button('Enregistrer le catalogue des jalons'));

      const put = http.expectOne({ method: 'PUT', url: '/api/campaigns/2024/milestone-types' });
      expect(put.request.body).toEqual({
        version: 3,
        types: [
          { code: 'CONVENTION_SIGNEE', label: 'Convention signée', defaultDelayDays: 90, importance: 2, perEssms: false },
          { code: 'CIBLES_USAGE', label: "Cibles d'usage atteintes", defaultDelayDays: 730, importance: 5, perEssms: false },
        ],
      });
      const message =
        'Le jalon « DUI déployé » (DUI_DEPLOYE) est déjà suivi par des projets de la campagne 2024 : il ne peut pas être retiré du catalogue. Modifiez son libellé ou son délai plutôt.';
      refuse(put, { statusCode: 409, code: 'CONFLICT', message, field: 'types' });
      await settle();

      const alert = section('jalons-titre').querySelector<HTMLElement>('[data-error-summary]')!;
      expect(textOf(alert.querySelector('.fr-alert__title'))).toBe(
        "Le catalogue des jalons n'a pas été enregistré",
      );
      expect(textOf(alert)).toContain(message);
      expect(textOf(alert)).not.toContain('Référence');
      expect(() => button('Recharger', alert)).toThrow();
      expect(document.activeElement).toBe(alert);
      // The catalogue stays as edited, to put the row back or change it.
      expect(section('jalons-titre').querySelectorAll('tbody tr[data-row]')).toHaveLength(2);
    });

    it('reorders, adds a type with its code in capitals, and checks the rows before sending', async () => {
      await openMilestones();
      await click(button('Descendre la ligne 1'));
      expect(document.activeElement).toBe(page.querySelector('[data-move="descendre-1"]'));
      expect(button('Monter la ligne 1').disabled).toBe(true);
      await click(button('Ajouter un jalon'));
      expect(document.activeElement).toBe(byId('jalon-3-code'));
      await type('jalon-3-code', 'dmp alimenté');
      await type('jalon-3-libelle', 'Alimentation du DMP');
      await type('jalon-3-delai', '600');
      await click(button('Enregistrer le catalogue des jalons'));

      expect(textOf(section('jalons-titre').querySelector('[data-row-error]'))).toBe(
        'Ligne 4 : Le code doit compter de 2 à 40 caractères : majuscules sans accent, chiffres et _ (par exemple DUI_DEPLOYE).',
      );
      expect(byId('jalon-3-code').getAttribute('aria-invalid')).toBe('true');

      await type('jalon-3-code', 'dmp_alimente');
      await choose('jalon-3-importance', '2');
      // Tracked per ESSMS: free for a new type, fixed for a type projects already follow.
      expect(byId<HTMLInputElement>('jalon-0-par-essms').disabled).toBe(true);
      expect(byId<HTMLInputElement>('jalon-0-par-essms').checked).toBe(true);
      expect(byId<HTMLInputElement>('jalon-3-par-essms').disabled).toBe(false);
      await click(byId('jalon-3-par-essms'));
      await click(button('Enregistrer le catalogue des jalons'));
      const put = http.expectOne('/api/campaigns/2024/milestone-types');
      expect((put.request.body as { types: { code: string }[] }).types.map((type) => type.code)).toEqual([
        'DUI_DEPLOYE',
        'CONVENTION_SIGNEE',
        'CIBLES_USAGE',
        'DMP_ALIMENTE',
      ]);
      expect((put.request.body as { types: object[] }).types[3]).toEqual({
        code: 'DMP_ALIMENTE',
        label: 'Alimentation du DMP',
        defaultDelayDays: 600,
        importance: 2,
        perEssms: true,
      });
      put.flush(rulesAfter({ milestoneTypes: [...MILESTONE_TYPES] }));
      await settle();
      expect(textOf(section('jalons-titre').querySelector('[data-success]'))).toBe(
        'Le catalogue des jalons est enregistré (3 jalons).',
      );
    });

    it("shows the API's refusal of a code (types.1.code) on its row", async () => {
      await openMilestones();
      await click(button('Ajouter un jalon'));
      await type('jalon-3-code', 'DUI_DEPLOYE');
      await type('jalon-3-libelle', 'Doublon');
      await type('jalon-3-delai', '10');
      await click(button('Enregistrer le catalogue des jalons'));

      const message =
        'Le code DUI_DEPLOYE figure deux fois dans le catalogue (lignes 2 et 4) : chaque jalon a son propre code.';
      refuse(http.expectOne('/api/campaigns/2024/milestone-types'), {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message,
        field: 'types.3.code',
      });
      await settle();
      expect(messageOf('jalon-3-code')).toBe(`Ligne 4 : ${message}`);
    });
  });

  describe('usage indicators (CNSA administrators)', () => {
    it('reads targets with a French decimal comma and sends them as numbers', async () => {
      await open(CNSA_ADMIN);
      await answerRules();
      await click(button("Modifier les indicateurs d'usage"));
      expect(byId<HTMLInputElement>('indicateur-1-cible').value).toBe('12,5');

      await type('indicateur-0-cible', '1,234');
      await click(button("Enregistrer les indicateurs d'usage"));
      expect(messageOf('indicateur-0-cible')).toBe(
        'Ligne 1 : La cible doit être un nombre positif ou nul, avec au plus deux décimales (par exemple 80 ou 12,5).',
      );

      await type('indicateur-0-cible', '99,75');
      await click(button("Enregistrer les indicateurs d'usage"));
      const put = http.expectOne({ method: 'PUT', url: '/api/campaigns/2024/indicators' });
      expect(put.request.body).toEqual({
        version: 3,
        indicators: [
          { code: 'DUI_ACTIFS', label: 'ESSMS dont le DUI est actif', unit: '% des ESSMS', target: 99.75 },
          {
            code: 'MSSANTE_MESSAGES',
            label: 'Messages MSSanté envoyés',
            unit: 'messages par mois et par ESSMS',
            target: 12.5,
          },
        ],
      });
      put.flush(rulesAfter());
      await settle();
    });

    it('says plainly when the version is stale, and offers « Recharger »', async () => {
      await open(CNSA_ADMIN);
      await answerRules();
      await click(button("Modifier les indicateurs d'usage"));
      await click(button("Enregistrer les indicateurs d'usage"));
      refuse(http.expectOne('/api/campaigns/2024/indicators'), STALE);
      await settle();

      const alert = section('indicateurs-titre').querySelector<HTMLElement>('[data-error-summary]')!;
      expect(textOf(alert)).toContain(STALE.message);
      await click(button('Recharger', alert));
      await answerRules(rulesAfter());
    });
  });
});
