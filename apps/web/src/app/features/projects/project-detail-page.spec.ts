import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';

import type { CurrentUserResponse, ProjectDetail } from '@esms/api-contract';

import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { ProjectsHarness } from './testing/harness';
import {
  DECLARED_MILESTONE,
  LATE_MILESTONE,
  VALIDATED_ARS_MILESTONE,
  campaignRules,
  page,
  projectDetail,
} from './testing/projects-fixtures';

const ID = '11111111-1111-4111-8111-111111111111';

function badgesOf(root: ParentNode): string[] {
  return Array.from(root.querySelector('.fr-badges-group')?.querySelectorAll('li') ?? []).map((item) =>
    textOf(item),
  );
}
const URL = `/api/projects/${ID}`;

describe('Project detail (/projets/:id)', () => {
  let t: ProjectsHarness;

  beforeEach(() => {
    t = new ProjectsHarness();
  });

  afterEach(() => t.http.verify());

  async function open(
    user: CurrentUserResponse,
    project: ProjectDetail = projectDetail(),
    tab = '',
  ): Promise<void> {
    await t.start(user, `/projets/${ID}${tab ? `?onglet=${tab}` : ''}`);
    await t.answer(URL, project);
  }

  async function openMilestones(
    user: CurrentUserResponse,
    project: ProjectDetail = projectDetail(),
  ): Promise<void> {
    await open(user, project, 'jalons');
    await t.answer('/api/campaigns/2025/rules', campaignRules());
  }

  const panel = (id: string) => t.page.querySelector<HTMLElement>(`#panneau-${id}`)!;
  const milestoneItem = (label: string) =>
    Array.from(t.page.querySelectorAll<HTMLElement>('.esms-timeline__item')).find(
      (item) => textOf(item.querySelector('h3')) === label,
    )!;
  const milestoneButtons = (label: string) =>
    Array.from(milestoneItem(label).querySelectorAll('[data-milestone-actions] button')).map((button) =>
      textOf(button),
    );

  describe('summary', () => {
    it('shows the project in French under a breadcrumb « Projets › code », and titles the page', async () => {
      await open(ARS_OFFICER);

      const crumbs = Array.from(t.page.querySelectorAll('.fr-breadcrumb__list li')).map((item) =>
        textOf(item),
      );
      expect(crumbs).toEqual(['Projets', 'AAP-2025-53-001']);
      expect(t.page.querySelector('.fr-breadcrumb [aria-current="page"]')?.textContent).toContain(
        'AAP-2025-53-001',
      );
      expect(textOf(t.page.querySelector('h1'))).toBe(
        'Où en est le projet « Grappe personnes âgées du Finistère » ?',
      );
      expect(TestBed.inject(Title).getTitle()).toBe('Projet AAP-2025-53-001 — Pilotage ESMS numérique');

      const summary = Object.fromEntries(
        Array.from(t.page.querySelectorAll('.esms-summary > div')).map((item) => [
          textOf(item.querySelector('dt')),
          textOf(item.querySelector('dd')),
        ]),
      );
      expect(summary).toMatchObject({
        Campagne: '2025',
        Région: 'Bretagne',
        "Type d'appel": 'Appel à projets régional',
        Porteur: 'CCAS de MorlaixFINESS juridique 290000173',
        'Logiciel DUI': 'Atlantide Systèmes — Atlantide Médico-social 11.0Référencé Ségur',
        'Montant demandé': '177\u202f300\u00a0€',
        'Montant calculé': '180\u202f000\u00a0€',
        'Montant accordé': '180\u202f000\u00a0€',
        'Convention signée le': '23/09/2025',
        Version: '4, mise à jour le 12/08/2026',
        'Calcul du montant': '15 ESSMS × 12 000 € (mise en conformité, personnes âgées) = 180 000 €',
      });
      expect(badgesOf(t.page)).toEqual(['DUI déployé', '2 jalons en retard']);
      expect(t.page.querySelector('.esms-summary .fr-badge--success')?.textContent?.trim()).toBe(
        'Référencé Ségur',
      );
    });

    it('says when the DUI software is not Ségur-referenced, and when the grant differs from the computed one', async () => {
      const base = projectDetail();
      await open(
        ARS_OFFICER,
        projectDetail({
          duiSoftware: { ...base.duiSoftware!, segurReferenced: false, segurReferencedAt: null },
          grantedCents: 15_000_000,
          grantOverrideJustification: 'Deux ESSMS déjà équipés par ailleurs.',
        }),
      );

      const summary = t.page.querySelector('.esms-summary')!;
      expect(textOf(summary.querySelector('.fr-badge'))).toBe('Non référencé');
      expect(textOf(summary)).not.toContain('Référencé Ségur');
      const terms = Object.fromEntries(
        Array.from(summary.querySelectorAll(':scope > div')).map((item) => [
          textOf(item.querySelector('dt')),
          textOf(item.querySelector('dd')),
        ]),
      );
      expect(terms['Montant accordé']).toBe('150\u202f000\u00a0€ Différent du montant calculé');
      expect(terms["Justification de l'écart au montant calculé"]).toBe(
        'Deux ESSMS déjà équipés par ailleurs.',
      );
    });

    it('lists the members with FINESS, category, sector and software situation', async () => {
      await open(ARS_OFFICER);

      expect(tableRows(panel('membres'))).toEqual([
        [
          '290300052',
          'EHPAD Ker Maria de Brest',
          "Établissement d'hébergement pour personnes âgées dépendantes (EHPAD)",
          'Personnes âgées',
          'Association Saint-Martin de Brest',
          'Mise en conformité',
        ],
        [
          '290300060',
          'SSIAD de Quimper',
          'Service de soins infirmiers à domicile (SSIAD)',
          'Domicile',
          'Association Saint-Martin de Brest',
          'Acquisition',
        ],
      ]);
    });

    it('shows « Page non trouvée » for a project the API does not show this user (another region)', async () => {
      await t.start(ARS_OFFICER, `/projets/${ID}`);
      await t.fail(URL, 404, { statusCode: 404, code: 'NOT_FOUND', message: 'Projet introuvable.' });

      expect(textOf(t.page.querySelector('h1'))).toBe('Page non trouvée');
      expect(t.page.querySelector('esms-not-found-page')).not.toBeNull();
      expect(t.page.querySelector('.fr-breadcrumb')).toBeNull();
      expect(TestBed.inject(Title).getTitle()).toBe('Page non trouvée — Pilotage ESMS numérique');
    });

    it('offers « Réessayer » when the project cannot be read for another reason', async () => {
      await t.start(ARS_OFFICER, `/projets/${ID}`);
      await t.fail(URL, 503, {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'Base indisponible.',
      });

      expect(textOf(t.page.querySelector('.fr-alert--error'))).toContain('Base indisponible.');
      await t.click(t.button('Réessayer'));
      await t.answer(URL, projectDetail());
      expect(textOf(t.page.querySelector('h1'))).toContain('Grappe personnes âgées du Finistère');
    });
  });

  describe('steps and edit by role', () => {
    it('shows the steps the API allows as « Passer à : … » buttons, and « Modifier le projet », to the ARS officer', async () => {
      await open(ARS_OFFICER);

      const workflow = t.page.querySelector('esms-project-workflow')!;
      expect(Array.from(workflow.querySelectorAll('button')).map((button) => textOf(button))).toEqual([
        'Passer à : Usage déclaré',
        'Passer à : Abandonné',
      ]);
      expect(t.page.querySelector(`a[href="/projets/${ID}/modifier"]`)).not.toBeNull();
    });

    it('gives a CNSA analyst no step and no edit link', async () => {
      await open(CNSA_ANALYST, projectDetail({ allowedTransitions: [] }));

      const workflow = t.page.querySelector('esms-project-workflow')!;
      expect(workflow.querySelectorAll('button')).toHaveLength(0);
      expect(textOf(workflow)).toContain('Vous consultez ce projet');
      expect(t.page.querySelector(`a[href="/projets/${ID}/modifier"]`)).toBeNull();
    });
  });

  describe('milestones', () => {
    it('shows the timeline: due date, status, lateness in days, declaration, indicator values, evidence links', async () => {
      await openMilestones(ARS_OFFICER);

      const late = milestoneItem('DUI déployé');
      expect(textOf(late)).toContain('Échéance : 14/07/2026');
      expect(badgesOf(late)).toEqual(['À venir', 'En retard de 40 jours']);

      const declared = milestoneItem('INS qualifiée');
      expect(textOf(declared)).toContain('Déclaré le 02/11/2026 à 10:30.');
      expect(textOf(declared)).toContain('INS qualifiées dans 12 ESSMS sur 15.');
      expect(textOf(declared.querySelector('dl dt'))).toBe('Identités INS qualifiées');
      expect(textOf(declared.querySelector('dl dd'))).toBe('82,5 % des dossiers actifs');
      const link = declared.querySelector<HTMLAnchorElement>('a.fr-link--download')!;
      expect(link.getAttribute('href')).toBe(
        `/api/milestones/${DECLARED_MILESTONE.id}/evidence/eeeeeeee-0000-4000-8000-000000000001`,
      );
      expect(link.hasAttribute('download')).toBe(true);
      expect(textOf(link)).toBe('Télécharger bilan-ins.pdf PDF – 120\u00a0ko');
    });

    it('lets the ARS officer declare, validate at ARS level and reject — not validate at CNSA level', async () => {
      await openMilestones(ARS_OFFICER);

      expect(milestoneButtons(LATE_MILESTONE.label)).toEqual(['Déclarer le jalon « DUI déployé »']);
      expect(milestoneButtons(DECLARED_MILESTONE.label)).toEqual([
        'Valider (niveau ARS) le jalon « INS qualifiée »',
        'Rejeter la déclaration du jalon « INS qualifiée »',
      ]);
      expect(milestoneButtons(VALIDATED_ARS_MILESTONE.label)).toEqual([
        'Rejeter la déclaration du jalon « MSSanté opérationnelle »',
      ]);
    });

    it('lets the CNSA administrator validate at CNSA level', async () => {
      await openMilestones(CNSA_ADMIN);

      expect(milestoneButtons(VALIDATED_ARS_MILESTONE.label)).toEqual([
        'Valider (niveau CNSA) le jalon « MSSanté opérationnelle »',
        'Rejeter la déclaration du jalon « MSSanté opérationnelle »',
      ]);
    });

    it('offers no milestone action to a CNSA analyst, nor before the project is retained', async () => {
      await openMilestones(CNSA_ANALYST);
      expect(t.page.querySelectorAll('[data-milestone-actions]')).toHaveLength(0);
    });

    it('offers no milestone action on a project still « Dossier déposé », and says why', async () => {
      await openMilestones(ARS_OFFICER, projectDetail({ status: 'DEPOSE', statusLabel: 'Dossier déposé' }));
      expect(t.page.querySelectorAll('[data-milestone-actions]')).toHaveLength(0);
      expect(textOf(panel('jalons'))).toContain(
        'Les jalons se déclarent et se valident du moment où le projet est retenu',
      );
    });

    it('validates at ARS level after a confirmation, with the version read, then reads the project again', async () => {
      await openMilestones(ARS_OFFICER);

      await t.click(t.button(/^Valider \(niveau ARS\)/));
      expect(textOf(t.dialog()?.querySelector('h2'))).toBe(
        'Valider le jalon « INS qualifiée » au niveau ARS ?',
      );
      t.http.expectNone(`/api/milestones/${DECLARED_MILESTONE.id}/validation`);

      await t.click(t.button('Valider au niveau ARS', t.dialog()!));
      const request = t.request(`/api/milestones/${DECLARED_MILESTONE.id}/validation`, 'POST');
      expect(request.request.body).toEqual({ version: 2, level: 'ARS' });
      request.flush({ ...DECLARED_MILESTONE, status: 'VALIDE_ARS', statusLabel: 'Validé ARS', version: 3 });
      await t.settle();

      expect(t.dialog()).toBeNull();
      expect(textOf(t.page.querySelector('[data-milestone-notice]'))).toBe(
        "Le jalon « INS qualifiée » est validé par l'ARS : il attend la validation de la CNSA.",
      );
      await t.answer(URL, projectDetail());
    });

    it('refuses to reject without a reason, then sends the reason', async () => {
      await openMilestones(ARS_OFFICER);

      await t.click(t.button(/^Rejeter la déclaration du jalon « INS qualifiée »/));
      await t.click(t.button('Rejeter la déclaration', t.dialog()!));
      t.http.expectNone(`/api/milestones/${DECLARED_MILESTONE.id}/rejection`);
      expect(t.messageOf('rejet-commentaire')).toBe(
        'Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.',
      );

      await t.type('rejet-commentaire', 'Le bilan ne couvre que 12 ESSMS sur 15.');
      await t.click(t.button('Rejeter la déclaration', t.dialog()!));
      const request = t.request(`/api/milestones/${DECLARED_MILESTONE.id}/rejection`, 'POST');
      expect(request.request.body).toEqual({
        version: 2,
        comment: 'Le bilan ne couvre que 12 ESSMS sur 15.',
      });
      request.flush({ ...DECLARED_MILESTONE, status: 'REJETE', version: 3 });
      await t.settle();
      await t.answer(URL, projectDetail());
    });

    it("shows the API's refusal on the milestone, with « Recharger » for a stale version", async () => {
      await openMilestones(ARS_OFFICER);

      await t.click(t.button(/^Valider \(niveau ARS\)/));
      await t.click(t.button('Valider au niveau ARS', t.dialog()!));
      await t.fail(
        `/api/milestones/${DECLARED_MILESTONE.id}/validation`,
        409,
        {
          statusCode: 409,
          code: 'STALE_VERSION',
          message:
            "Le jalon a été modifié entre-temps par quelqu'un d'autre : rechargez-le, vérifiez les changements, puis recommencez.",
        },
        'POST',
      );

      const alert = t.page.querySelector<HTMLElement>('[data-milestone-notice]')!;
      expect(alert.getAttribute('role')).toBe('alert');
      expect(textOf(alert)).toContain("Le jalon a été modifié entre-temps par quelqu'un d'autre");
      expect(document.activeElement).toBe(alert);
      await t.click(t.button('Recharger', alert));
      await t.answer(URL, projectDetail());
    });
  });

  describe('payments', () => {
    it('shows each tranche with its amount, status, payment and explanation', async () => {
      await open(ARS_OFFICER, projectDetail(), 'paiements');

      expect(tableRows(panel('paiements'))).toEqual([
        [
          'Tranche 1',
          '90\u202f000\u00a0€',
          'Versé',
          'Versée le 31/10/2025 Référence : CDC-2025-000146',
          'Tranche 1 : 50 % du montant accordé (180 000 €) = 90 000 €.',
        ],
        [
          'Tranche 2',
          '90\u202f000\u00a0€',
          'À verser',
          'Pas encore versée',
          'Tranche 2 : 50 % du montant accordé (180 000 €) = 90 000 €.',
        ],
      ]);
      expect(t.buttons(panel('paiements'))).toEqual([]);
    });

    it('lets the CNSA administrator record a payment, with its date and reference', async () => {
      // Tranche 2 is payable once the usage targets are validated (and the DUI referenced, as in the fixture).
      await open(
        CNSA_ADMIN,
        projectDetail({ status: 'CIBLES_VALIDEES', statusLabel: 'Cibles validées' }),
        'paiements',
      );

      await t.click(t.button('Enregistrer le versement de la tranche 2'));
      await t.type('versement-date', '2026-11-02');
      await t.type('versement-reference', '');
      await t.click(t.button('Enregistrer le versement', t.dialog()!));
      t.http.expectNone('/api/payments/bbbbbbbb-0000-4000-8000-000000000002/paid');
      expect(t.messageOf('versement-reference')).toBe(
        'Saisissez la référence du versement, par exemple CDC-2025-000123.',
      );

      await t.type('versement-reference', 'CDC-2026-000200');
      await t.click(t.button('Enregistrer le versement', t.dialog()!));
      const request = t.request('/api/payments/bbbbbbbb-0000-4000-8000-000000000002/paid', 'POST');
      expect(request.request.body).toEqual({
        version: 1,
        paidOn: '2026-11-02',
        reference: 'CDC-2026-000200',
      });
      request.flush({ ...projectDetail().payments[1], status: 'VERSE', paidOn: '2026-11-02', version: 2 });
      await t.settle();
      expect(textOf(t.page.querySelector('[data-payment-success]'))).toBe(
        'Le versement de la tranche 2 (90\u202f000\u00a0€) est enregistré.',
      );
      await t.answer(URL, projectDetail());
    });
  });

  describe('comments', () => {
    it('lets CNSA staff keep a comment internal to the CNSA', async () => {
      await open(CNSA_ADMIN, projectDetail(), 'commentaires');
      await t.answer(`/api/projects/${ID}/comments`, page([]));

      expect(t.page.querySelector('#commentaire-interne')).not.toBeNull();
      await t.type('commentaire-texte', 'Vérifier le référencement avant le solde.');
      t.byId<HTMLInputElement>('commentaire-interne').click();
      await t.submit(t.page.querySelector('esms-project-comments form')!);

      const request = t.request(`/api/projects/${ID}/comments`, 'POST');
      expect(request.request.body).toEqual({
        body: 'Vérifier le référencement avant le solde.',
        visibility: 'CNSA',
      });
      request.flush({
        id: 'c1',
        projectId: ID,
        milestoneId: null,
        author: { id: 'u', displayName: 'Camille Martin', organisation: 'CNSA' },
        body: 'Vérifier le référencement avant le solde.',
        visibility: 'CNSA',
        createdAt: '2026-11-23T09:00:00.000Z',
      });
      await t.settle();
      const list = await t.answer(
        `/api/projects/${ID}/comments`,
        page([
          {
            id: 'c1',
            projectId: ID,
            milestoneId: null,
            author: { id: 'u', displayName: 'Camille Martin', organisation: 'CNSA' },
            body: 'Vérifier le référencement avant le solde.',
            visibility: 'CNSA',
            createdAt: '2026-11-23T09:00:00.000Z',
          },
        ]),
      );
      expect(list.request.params.get('page')).toBe('1');
      const comment = t.page.querySelector('.esms-comment')!;
      expect(Array.from(comment.querySelectorAll('p')).map((paragraph) => textOf(paragraph))).toEqual([
        'Camille Martin, CNSA, le 23/11/2026 à 10:00',
        'Interne CNSA',
        'Vérifier le référencement avant le solde.',
      ]);
    });

    it('does not offer « Interne CNSA » to an ARS officer', async () => {
      await open(ARS_OFFICER, projectDetail(), 'commentaires');
      await t.answer(`/api/projects/${ID}/comments`, page([]));

      expect(t.page.querySelector('#commentaire-interne')).toBeNull();
      await t.submit(t.page.querySelector('esms-project-comments form')!);
      t.http.expectNone((request) => request.method === 'POST');
      expect(t.messageOf('commentaire-texte')).toBe('Le commentaire est vide : écrivez votre message.');
    });
  });

  describe('history', () => {
    it('tells each change in French: who, when, field before → after', async () => {
      await open(ARS_OFFICER, projectDetail(), 'historique');
      await t.answer(
        `/api/projects/${ID}/history`,
        page([
          {
            id: '8864',
            occurredAt: '2026-08-12T08:07:01.000Z',
            actor: { id: 'u', email: 'ars.bretagne@ars.demo', displayName: 'Yann Le Goff' },
            action: 'project.transition.dui_deploye',
            entityType: 'project',
            entityId: ID,
            changes: [
              { field: 'status', before: 'CONVENTION_SIGNEE', after: 'DUI_DEPLOYE' },
              { field: 'grantedCents', before: 18_000_000, after: 17_500_000 },
            ],
          },
          {
            id: '8866',
            occurredAt: '2026-08-13T08:00:00.000Z',
            actor: { id: null, email: null, displayName: null },
            action: 'milestone.validated_ars',
            entityType: 'milestone',
            entityId: DECLARED_MILESTONE.id,
            changes: [{ field: 'status', before: 'DECLARE', after: 'VALIDE_ARS' }],
          },
        ]),
      );

      const entries = Array.from(panel('historique').querySelectorAll('.esms-entry')).map((entry) =>
        Array.from(entry.querySelectorAll('h3, p, li')).map((line) => textOf(line)),
      );
      expect(entries).toEqual([
        [
          'Passage à « DUI déployé »',
          'Le 12/08/2026 à 10:07, par Yann Le Goff (ars.bretagne@ars.demo)',
          'Statut : Convention signée → devient DUI déployé',
          'Montant accordé : 180\u202f000\u00a0€ → devient 175\u202f000\u00a0€',
        ],
        [
          "Jalon « INS qualifiée » validé par l'ARS",
          'Le 13/08/2026 à 10:00, par Traitement automatique',
          'Statut : Déclaré → devient Validé ARS',
        ],
      ]);
    });
  });
});
