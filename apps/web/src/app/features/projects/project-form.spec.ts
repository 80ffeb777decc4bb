import type { EssmsResponse, ProjectDetail } from '@esms/api-contract';

import { ARS_OFFICER, CNSA_ADMIN } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { organisationShortfall, thresholdFeedback } from './grappe-threshold';
import { SEARCH_DEBOUNCE_MS } from './project-form';
import { ProjectsHarness } from './testing/harness';
import { CAMPAIGNS, PORTEUR, essms, page, projectDetail } from './testing/projects-fixtures';

const REGIONS = [
  { code: '53', name: 'Bretagne', arsName: 'ARS Bretagne', territory: 'metropole', grades: [] },
  { code: '94', name: 'Corse', arsName: 'ARS Corse', territory: 'corse', grades: [] },
];
const SOFTWARE = page([
  {
    id: 5,
    editor: 'Atlantide Systèmes',
    product: 'Atlantide Médico-social',
    version: '11.0',
    label: 'Atlantide Systèmes — Atlantide Médico-social 11.0',
    segurWave: 2,
    segurReferenced: true,
    segurReferencedAt: '2025-02-14',
    rowVersion: 1,
    updatedAt: '2025-02-14T00:00:00.000Z',
  },
]);
const ID = '11111111-1111-4111-8111-111111111111';

describe('Project form', () => {
  describe('threshold of the grappe (domain rules)', () => {
    const campaign = CAMPAIGNS[1]!;

    it.each([
      [
        0,
        '53',
        false,
        'La grappe compte 0 ESSMS : il en faut au moins 15 en métropole. Ajoutez-en 15 pour que le projet puisse être déposé.',
      ],
      [
        14,
        '53',
        false,
        'La grappe compte 14 ESSMS : il en faut au moins 15 en métropole. Ajoutez-en 1 pour que le projet puisse être déposé.',
      ],
      [
        15,
        '53',
        true,
        "La grappe compte 15 ESSMS (au moins 15 en métropole) : elle relève de l'appel à projets régional, l'appel national commençant à 50 ESSMS.",
      ],
      [
        8,
        '94',
        true,
        "La grappe compte 8 ESSMS (au moins 8 en Corse) : elle relève de l'appel à projets régional, l'appel national commençant à 50 ESSMS.",
      ],
      [
        7,
        '04',
        false,
        'La grappe compte 7 ESSMS : il en faut au moins 8 outre-mer. Ajoutez-en 1 pour que le projet puisse être déposé.',
      ],
      [
        50,
        '53',
        true,
        "La grappe compte 50 ESSMS : elle relève de l'appel à projets national (50 ESSMS ou plus), financé sur l'enveloppe nationale.",
      ],
    ])('%i ESSMS in region %s', (count, region, ok, message) => {
      const feedback = thresholdFeedback(count, campaign, region);
      expect(feedback.ok).toBe(ok);
      expect(feedback.message).toBe(message);
    });

    it('knows a campaign that caps regional projects and one that wants several porteurs', () => {
      const seed = {
        ...campaign,
        year: 2021,
        nationalCallMinEssms: null,
        regionalCallMaxEssms: 49,
        minOrganisations: 3,
      };
      expect(thresholdFeedback(50, seed, '53')).toMatchObject({
        ok: false,
        message: "La grappe compte 50 ESSMS : cette campagne n'en finance pas plus de 49 par projet.",
      });
      expect(organisationShortfall(2, seed)).toBe(
        'La grappe réunit 2 organismes gestionnaires : la campagne 2021 en demande au moins 3.',
      );
      expect(organisationShortfall(3, seed)).toBeNull();
      expect(organisationShortfall(1, campaign)).toBeNull();
    });
  });

  describe('new project', () => {
    let t: ProjectsHarness;

    beforeEach(() => {
      t = new ProjectsHarness();
    });

    afterEach(() => t.http.verify());

    async function open(user = ARS_OFFICER): Promise<void> {
      await t.start(user, '/projets/nouveau');
      t.answerAll('/api/campaigns', CAMPAIGNS);
      t.answerAll('/api/dui-software', SOFTWARE);
      t.answerAll('/api/regions', REGIONS);
      await t.settle();
    }

    async function afterTyping(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 30));
      await t.settle();
    }

    async function choosePorteur(): Promise<void> {
      await t.type('recherche-porteur', 'ccas');
      await afterTyping();
      const request = t.request('/api/gestionnaires');
      expect(request.request.params.get('q')).toBe('ccas');
      expect(request.request.params.get('region')).toBe('53');
      request.flush(page([PORTEUR]));
      await t.settle();
      await t.click(t.button('Choisir CCAS de Morlaix'));
    }

    async function addMembers(items: EssmsResponse[], query = '2903'): Promise<void> {
      await t.type('recherche-essms', query);
      await afterTyping();
      const request = t.request('/api/essms');
      expect(request.request.params.get('region')).toBe('53');
      request.flush(page(items));
      await t.settle();
      for (const item of items) {
        const add = Array.from(t.page.querySelectorAll<HTMLButtonElement>('.esms-results button')).find(
          (button) => textOf(button).includes(item.finessGeo),
        );
        if (add) await t.click(add);
      }
    }

    const feedback = () => textOf(t.page.querySelector('[role="status"] .fr-alert'));
    const form = () => t.page.querySelector<HTMLFormElement>('form')!;

    it("files a project in the officer's region: live threshold, porteur and members found as you type, euros sent in cents", async () => {
      await open();

      expect(textOf(t.page.querySelector('h1'))).toBe('Quel projet déposer ?');
      expect(t.byId<HTMLSelectElement>('projet-campagne').value).toBe('2025');
      expect(t.page.querySelector('#projet-region')).toBeNull();
      expect(textOf(t.page.querySelector('form'))).toContain('Région : Bretagne');
      expect(feedback()).toBe(
        'La grappe compte 0 ESSMS : il en faut au moins 15 en métropole. Ajoutez-en 15 pour que le projet puisse être déposé.',
      );

      await t.type('projet-nom', 'Grappe DUI des EHPAD du Finistère');
      await choosePorteur();
      expect(textOf(t.page.querySelector('[data-porteur-chosen]'))).toBe(
        'Porteur choisi : CCAS de Morlaix (FINESS juridique 290000173)',
      );
      await t.choose('projet-logiciel', '5');
      await t.type('projet-montant', '310 000,50');

      const members = Array.from({ length: 15 }, (_, index) => essms(index + 1));
      await addMembers(members.slice(0, 14));
      expect(feedback()).toContain(
        'La grappe compte 14 ESSMS : il en faut au moins 15 en métropole. Ajoutez-en 1',
      );
      await addMembers(members.slice(14), 'EHPAD n° 15');
      expect(feedback()).toBe(
        "La grappe compte 15 ESSMS (au moins 15 en métropole) : elle relève de l'appel à projets régional, l'appel national commençant à 50 ESSMS.",
      );
      expect(tableRows(t.page)[0]).toEqual([
        '290300001',
        'EHPAD n° 1',
        'EHPAD',
        'CCAS de Morlaix',
        'Situation logicielle de EHPAD n° 1 Acquisition Mise en conformité',
        'Retirer EHPAD n° 1 de la grappe',
      ]);
      await t.choose('membre-1-situation', 'mise_en_conformite');

      await t.submit(form());
      const request = t.request('/api/projects', 'POST');
      expect(request.request.body).toEqual({
        name: 'Grappe DUI des EHPAD du Finistère',
        campaignYear: 2025,
        regionCode: '53',
        porteurOgId: PORTEUR.id,
        duiSoftwareId: 5,
        members: members.map((item, index) => ({
          essmsId: item.id,
          softwareSituation: index === 1 ? 'mise_en_conformite' : 'acquisition',
        })),
        requestedCents: 31_000_050,
      });
      request.flush(
        projectDetail({ id: ID, code: '2025-53-0006', status: 'DEPOSE', statusLabel: 'Dossier déposé' }),
      );
      await t.settle();

      expect(t.router.url).toBe(`/projets/${ID}`);
      await t.answer(`/api/projects/${ID}`, projectDetail());
      expect(textOf(t.page.querySelector('[data-page-success]'))).toBe(
        'Le projet 2025-53-0006 est déposé : il a le statut « Dossier déposé ».',
      );
    });

    it('checks name, porteur, amount and threshold before asking the API, each next to its field', async () => {
      await open();
      await t.type('projet-montant', '12,345');
      await t.submit(form());

      t.http.expectNone((request) => request.method === 'POST');
      expect(t.messageOf('projet-nom')).toBe('Saisissez le nom du projet (au moins 3 caractères).');
      expect(t.messageOf('recherche-porteur')).toBe(
        "Cherchez puis choisissez l'organisme gestionnaire qui porte le projet.",
      );
      expect(t.messageOf('projet-montant')).toBe(
        "Le montant « 12,345 » est invalide : écrivez un nombre d'euros, avec au plus deux décimales.",
      );
      expect(t.messageOf('recherche-essms')).toBe(
        'La grappe doit compter au moins un ESSMS : cherchez-les par FINESS ou par nom.',
      );
      expect(document.activeElement?.id).toBe('projet-nom');
    });

    it('will not file a grappe below the threshold', async () => {
      await open();
      await t.type('projet-nom', 'Petite grappe');
      await choosePorteur();
      await t.type('projet-montant', '100 000');
      await addMembers([essms(1), essms(2)]);
      await t.submit(form());

      t.http.expectNone((request) => request.method === 'POST');
      expect(t.messageOf('recherche-essms')).toBe(
        'La grappe compte 2 ESSMS : il en faut au moins 15 en métropole. Ajoutez-en 13 pour que le projet puisse être déposé.',
      );
    });

    it('does not offer an ESSMS already in a live project of the campaign', async () => {
      await open();
      await t.type('recherche-essms', 'ker');
      await afterTyping();
      t.request('/api/essms').flush(
        page([
          essms(1, {
            project: {
              id: 'x',
              code: 'AAP-2025-53-002',
              name: 'Autre',
              campaignYear: 2025,
              status: 'RETENU',
            },
          }),
          essms(2, {
            project: {
              id: 'y',
              code: 'AAP-2023-53-001',
              name: 'Ancien',
              campaignYear: 2023,
              status: 'CLOTURE',
            },
          }),
        ]),
      );
      await t.settle();

      const items = Array.from(t.page.querySelectorAll('.esms-results li')).map((item) => textOf(item));
      expect(items[0]).toContain('Déjà dans le projet AAP-2025-53-002');
      expect(items[0]).not.toContain('Ajouter');
      expect(items[1]).toContain('Ajouter');
    });

    it('puts the API’s refusal of a member next to that member, and of a field next to that field', async () => {
      await open();
      await t.type('projet-nom', 'Grappe DUI des EHPAD du Finistère');
      await choosePorteur();
      await t.type('projet-montant', '310 000');
      await addMembers(Array.from({ length: 15 }, (_, index) => essms(index + 1)));
      await t.submit(form());

      await t.fail(
        '/api/projects',
        409,
        {
          statusCode: 409,
          code: 'ESSMS_ALREADY_IN_PROJECT',
          message:
            "L'ESSMS 290300002 (EHPAD n° 2) fait déjà partie du projet AAP-2025-53-002 de la campagne 2025 : un ESSMS ne peut être financé que dans un seul projet par campagne.",
          field: 'members.1.essmsId',
        },
        'POST',
      );

      expect(textOf(t.page.querySelector('#membre-1-erreur'))).toBe(
        "L'ESSMS 290300002 (EHPAD n° 2) fait déjà partie du projet AAP-2025-53-002 de la campagne 2025 : un ESSMS ne peut être financé que dans un seul projet par campagne.",
      );
      expect(t.byId('membre-1-situation').getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement?.id).toBe('membre-1-situation');

      await t.submit(form());
      await t.fail(
        '/api/projects',
        400,
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message:
            "L'organisme gestionnaire porteur relève d'une autre région : choisissez un organisme de votre région.",
          field: 'porteurOgId',
        },
        'POST',
      );
      expect(t.messageOf('recherche-porteur')).toBe(
        "L'organisme gestionnaire porteur relève d'une autre région : choisissez un organisme de votre région.",
      );
      expect(t.page.querySelector('#membre-1-erreur')).toBeNull();
    });

    it('lets the CNSA administrator choose the region; another region drops porteur and members', async () => {
      await open(CNSA_ADMIN);
      expect(feedback()).toBe('');
      await t.choose('projet-region', '53');
      await choosePorteur();
      await addMembers([essms(1)]);
      expect(tableRows(t.page)).toHaveLength(1);

      await t.choose('projet-region', '94');
      expect(t.page.querySelector('[data-porteur-chosen]')).toBeNull();
      expect(t.page.querySelector('table')).toBeNull();
      expect(feedback()).toBe(
        'La grappe compte 0 ESSMS : il en faut au moins 8 en Corse. Ajoutez-en 8 pour que le projet puisse être déposé.',
      );
    });
  });

  describe('edit', () => {
    let t: ProjectsHarness;

    beforeEach(() => {
      t = new ProjectsHarness();
    });

    afterEach(() => t.http.verify());

    async function open(project: ProjectDetail): Promise<void> {
      await t.start(ARS_OFFICER, `/projets/${ID}/modifier`);
      t.answerAll('/api/campaigns', CAMPAIGNS);
      t.answerAll('/api/dui-software', SOFTWARE);
      t.answerAll('/api/regions', REGIONS);
      await t.answer(`/api/projects/${ID}`, project);
    }

    const RETAINED = projectDetail({ status: 'RETENU', statusLabel: 'Retenu', version: 6 });
    const form = () => t.page.querySelector<HTMLFormElement>('form')!;

    it('fills the form with the project and sends only what changed, with the version read', async () => {
      await open(RETAINED);

      expect(textOf(t.page.querySelector('h1'))).toBe('Que modifier dans le projet AAP-2025-53-001 ?');
      expect(t.byId<HTMLInputElement>('projet-nom').value).toBe('Grappe personnes âgées du Finistère');
      expect(t.byId<HTMLInputElement>('projet-montant').value).toBe('177300');
      expect(t.byId<HTMLSelectElement>('projet-logiciel').value).toBe('5');
      expect(tableRows(t.page).map((row) => row[0])).toEqual(['290300052', '290300060']);

      await t.type('projet-nom', 'Grappe EHPAD et SSIAD du Finistère');
      await t.submit(form());
      const request = t.request(`/api/projects/${ID}`, 'PATCH');
      expect(request.request.body).toEqual({ version: 6, name: 'Grappe EHPAD et SSIAD du Finistère' });
      request.flush(RETAINED);
      await t.settle();
      expect(t.router.url).toBe(`/projets/${ID}`);
      await t.answer(`/api/projects/${ID}`, RETAINED);
    });

    it('asks a justification of 10 characters for a grant other than the computed one', async () => {
      await open(RETAINED);

      await t.type('projet-accorde', '150 000');
      await t.submit(form());
      t.http.expectNone((request) => request.method === 'PATCH');
      expect(t.messageOf('projet-justification')).toBe(
        'Le montant accordé (150\u202f000\u00a0€) diffère du montant calculé (180\u202f000\u00a0€) : justifiez cet écart en 10 caractères au moins.',
      );

      await t.type('projet-justification', 'Deux ESSMS déjà équipés par ailleurs.');
      await t.submit(form());
      const request = t.request(`/api/projects/${ID}`, 'PATCH');
      expect(request.request.body).toEqual({
        version: 6,
        grantedCents: 15_000_000,
        grantOverrideJustification: 'Deux ESSMS déjà équipés par ailleurs.',
      });
      request.flush(RETAINED);
      await t.settle();
      await t.answer(`/api/projects/${ID}`, RETAINED);
    });

    it('says plainly that someone else changed the project, and « Recharger » shows it as it is now', async () => {
      await open(RETAINED);
      await t.type('projet-nom', 'Mon nouveau nom');
      await t.submit(form());
      const latest = projectDetail({ status: 'RETENU', name: 'Nom changé par un collègue', version: 7 });
      await t.fail(
        `/api/projects/${ID}`,
        409,
        {
          statusCode: 409,
          code: 'STALE_VERSION',
          message:
            "Le projet a été modifié entre-temps par quelqu'un d'autre : rechargez-le, vérifiez les changements, puis recommencez.",
          field: 'version',
          details: { current: latest },
        },
        'PATCH',
      );

      const alert = t.page.querySelector<HTMLElement>('[data-stale]')!;
      expect(textOf(alert.querySelector('h2'))).toBe(
        "Ce projet a été modifié entre-temps par quelqu'un d'autre",
      );
      expect(textOf(alert)).toContain("Vos modifications n'ont pas été enregistrées.");
      expect(document.activeElement).toBe(alert);
      expect(t.router.url).toBe(`/projets/${ID}/modifier`);

      await t.click(t.button('Recharger', alert));
      expect(t.page.querySelector('[data-stale]')).toBeNull();
      expect(t.byId<HTMLInputElement>('projet-nom').value).toBe('Nom changé par un collègue');

      await t.type('projet-nom', 'Mon nouveau nom');
      await t.submit(form());
      const retry = t.request(`/api/projects/${ID}`, 'PATCH');
      expect(retry.request.body).toEqual({ version: 7, name: 'Mon nouveau nom' });
      retry.flush(latest);
      await t.settle();
      await t.answer(`/api/projects/${ID}`, latest);
    });

    it('past « Retenu », lets only the name change', async () => {
      await open(projectDetail());

      expect(textOf(t.page.querySelector('.fr-alert--info'))).toContain(
        'Le projet est « DUI déployé » : seul son nom peut encore changer.',
      );
      expect(t.byId<HTMLInputElement>('projet-montant').disabled).toBe(true);
      expect(t.page.querySelector('#recherche-essms')).toBeNull();
      expect(t.page.querySelector('#projet-accorde')).toBeNull();
    });

    it('shows « Page non trouvée » for a project of another region', async () => {
      await t.start(ARS_OFFICER, `/projets/${ID}/modifier`);
      t.answerAll('/api/campaigns', CAMPAIGNS);
      t.answerAll('/api/dui-software', SOFTWARE);
      t.answerAll('/api/regions', REGIONS);
      await t.fail(`/api/projects/${ID}`, 404, {
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Projet introuvable.',
      });

      expect(textOf(t.page.querySelector('h1'))).toBe('Page non trouvée');
    });
  });
});
