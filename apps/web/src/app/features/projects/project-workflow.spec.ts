import type { ProjectDetail } from '@esms/api-contract';

import { ARS_OFFICER } from '../../core/auth/testing/auth-fixtures';
import { todayInParis } from '../../shared/format/format';
import { textOf } from '../../shared/testing/dom';
import { ProjectsHarness } from './testing/harness';
import { milestone, projectDetail } from './testing/projects-fixtures';

const ID = '11111111-1111-4111-8111-111111111111';
const URL = `/api/projects/${ID}`;
const TRANSITIONS = `/api/projects/${ID}/transitions`;

const FILED = projectDetail({
  status: 'DEPOSE',
  statusLabel: 'Dossier déposé',
  grantedCents: null,
  decidedOn: null,
  conventionSignedOn: null,
  paidCents: 0,
  payments: [],
  allowedTransitions: [
    { status: 'RETENU', label: 'Retenu' },
    { status: 'REFUSE', label: 'Refusé' },
    { status: 'ABANDONNE', label: 'Abandonné' },
  ],
});

describe('Project workflow: steps behind a confirmation', () => {
  let t: ProjectsHarness;

  beforeEach(() => {
    t = new ProjectsHarness();
  });

  afterEach(() => t.http.verify());

  async function open(project: ProjectDetail = FILED): Promise<void> {
    await t.start(ARS_OFFICER, `/projets/${ID}`);
    await t.answer(URL, project);
  }

  async function ask(label: string): Promise<HTMLElement> {
    await t.click(t.button(`Passer à : ${label}`));
    const dialog = t.dialog();
    if (!dialog) throw new Error('Pas de dialogue de confirmation');
    return dialog;
  }

  const workflowAlert = () => t.page.querySelector<HTMLElement>('[data-workflow-problem]');

  it('asks for confirmation and the decision date, then moves the project with the version read', async () => {
    await open();

    const dialog = await ask('Retenu');
    expect(textOf(dialog.querySelector('h2'))).toBe('Passer le projet à « Retenu » ?');
    expect(textOf(dialog)).toContain(
      "Le montant accordé (180\u202f000\u00a0€) sera engagé sur l'enveloppe « Projets » et les échéances des jalons seront planifiées à partir de la date de décision.",
    );
    expect(t.byId<HTMLInputElement>('etape-date').value).toBe(todayInParis());
    expect(document.activeElement?.textContent?.trim()).toBe('Annuler');
    t.http.expectNone(TRANSITIONS);

    await t.type('etape-date', '2026-11-20');
    await t.type('etape-commentaire', 'Comité de sélection du 20 novembre.');
    await t.click(t.button('Passer à « Retenu »', dialog));

    const request = t.request(TRANSITIONS, 'POST');
    expect(request.request.body).toEqual({
      to: 'RETENU',
      version: 4,
      decidedOn: '2026-11-20',
      comment: 'Comité de sélection du 20 novembre.',
    });
    request.flush(
      projectDetail({ status: 'RETENU', statusLabel: 'Retenu', version: 5, allowedTransitions: [] }),
    );
    await t.settle();

    expect(t.dialog()).toBeNull();
    const success = t.page.querySelector<HTMLElement>('[data-page-success]')!;
    expect(textOf(success)).toBe('Le projet est passé à « Retenu ».');
    expect(document.activeElement).toBe(success);
    expect(textOf(t.page.querySelector('esms-project-status-badge'))).toBe('Retenu');
  });

  it('changes nothing when the question is cancelled', async () => {
    await open();

    await ask('Refusé');
    await t.click(t.button('Annuler', t.dialog()!));

    expect(t.dialog()).toBeNull();
    t.http.expectNone(TRANSITIONS);
  });

  it('refuses a decision date in the future next to the field, without asking the API', async () => {
    await open();

    const dialog = await ask('Retenu');
    await t.type('etape-date', '2999-01-01');
    await t.click(t.button('Passer à « Retenu »', dialog));

    t.http.expectNone(TRANSITIONS);
    expect(t.messageOf('etape-date')).toBe("La date ne peut pas être postérieure à aujourd'hui.");
    expect(t.byId('etape-date').getAttribute('aria-invalid')).toBe('true');
  });

  it("shows the API's ENVELOPE_OVERCOMMITTED refusal as a DSFR alert, in its own French words", async () => {
    await open();

    await ask('Retenu');
    await t.click(t.button('Passer à « Retenu »', t.dialog()!));
    await t.fail(
      TRANSITIONS,
      409,
      {
        statusCode: 409,
        code: 'ENVELOPE_OVERCOMMITTED',
        message:
          "L'enveloppe « Projets » 2025 de l'ARS Bretagne n'a plus que 120 000 € à engager : ce projet en demande 180 000 €.",
      },
      'POST',
    );

    expect(t.dialog()).toBeNull();
    const alert = workflowAlert()!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(textOf(alert.querySelector('.fr-alert__title'))).toBe("Le projet n'est pas passé à « Retenu »");
    expect(textOf(alert)).toContain("n'a plus que 120 000 € à engager : ce projet en demande 180 000 €.");
    expect(t.buttons(alert)).toEqual([]);
    expect(document.activeElement).toBe(alert);
  });

  it('shows TRANSITION_FORBIDDEN too, and offers « Recharger » for STALE_VERSION', async () => {
    await open();

    await ask('Abandonné');
    await t.click(t.button('Passer à « Abandonné »', t.dialog()!));
    await t.fail(
      TRANSITIONS,
      409,
      {
        statusCode: 409,
        code: 'TRANSITION_FORBIDDEN',
        message: 'Un projet « Soldé » ne peut pas passer à « Abandonné » : étapes possibles « Clôturé ».',
        field: 'to',
      },
      'POST',
    );
    expect(textOf(workflowAlert())).toContain('Un projet « Soldé » ne peut pas passer à « Abandonné »');

    await ask('Abandonné');
    await t.click(t.button('Passer à « Abandonné »', t.dialog()!));
    await t.fail(
      TRANSITIONS,
      409,
      {
        statusCode: 409,
        code: 'STALE_VERSION',
        message:
          "Le projet a été modifié entre-temps par quelqu'un d'autre : rechargez-le, vérifiez les changements, puis recommencez.",
        field: 'version',
      },
      'POST',
    );
    const alert = workflowAlert()!;
    expect(textOf(alert.querySelector('.fr-alert__title'))).toBe(
      "Ce projet a été modifié entre-temps par quelqu'un d'autre",
    );
    await t.click(t.button('Recharger', alert));
    await t.answer(URL, FILED);
    expect(workflowAlert()).toBeNull();
  });

  it('keeps the dialog open with the message next to the field the API names', async () => {
    await open(
      projectDetail({ allowedTransitions: [{ status: 'CONVENTION_SIGNEE', label: 'Convention signée' }] }),
    );

    await ask('Convention signée');
    expect(textOf(t.page.querySelector('label[for="etape-date"]'))).toContain(
      'Date de signature de la convention',
    );
    await t.type('etape-date', '2025-01-02');
    await t.click(t.button('Passer à « Convention signée »', t.dialog()!));
    await t.fail(
      TRANSITIONS,
      400,
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'La convention ne peut pas être signée avant la décision de financement (14/07/2025).',
        field: 'decidedOn',
      },
      'POST',
    );

    expect(t.dialog()).not.toBeNull();
    expect(t.messageOf('etape-date')).toBe(
      'La convention ne peut pas être signée avant la décision de financement (14/07/2025).',
    );
  });

  it('asks the amount and date of a recovery, at most what was paid, and sends it in cents', async () => {
    await open(
      projectDetail({
        status: 'SOLDE_ANNULE',
        statusLabel: 'Solde annulé',
        allowedTransitions: [{ status: 'RECUPERATION_DEMANDEE', label: 'Récupération demandée' }],
      }),
    );

    const dialog = await ask('Récupération demandée');
    await t.type('etape-date', '2026-11-02');
    await t.type('etape-recuperation', '95 000');
    await t.click(t.button('Passer à « Récupération demandée »', dialog));
    t.http.expectNone(TRANSITIONS);
    expect(t.messageOf('etape-recuperation')).toBe(
      'Le montant à récupérer ne peut pas dépasser ce qui a été versé (90\u202f000\u00a0€).',
    );

    await t.type('etape-recuperation', '45 000,50');
    await t.click(t.button('Passer à « Récupération demandée »', dialog));
    const request = t.request(TRANSITIONS, 'POST');
    expect(request.request.body).toEqual({
      to: 'RECUPERATION_DEMANDEE',
      version: 4,
      decidedOn: '2026-11-02',
      recoveryAmountCents: 4_500_050,
    });
    request.flush(projectDetail({ status: 'RECUPERATION_DEMANDEE', allowedTransitions: [] }));
    await t.settle();
  });

  it('sends only the target and the version for « Usage déclaré »', async () => {
    await open(projectDetail());

    const dialog = await ask('Usage déclaré');
    expect(t.page.querySelector('#etape-date')).toBeNull();
    await t.click(t.button('Passer à « Usage déclaré »', dialog));
    const request = t.request(TRANSITIONS, 'POST');
    expect(request.request.body).toEqual({ to: 'USAGE_DECLARE', version: 4 });
    request.flush(projectDetail({ status: 'USAGE_DECLARE', allowedTransitions: [] }));
    await t.settle();
  });

  describe('« Cibles validées » before the CNSA validated the usage-targets milestone', () => {
    const usage = (status: 'VALIDE_ARS' | 'VALIDE_CNSA', statusLabel: string) =>
      projectDetail({
        status: 'USAGE_DECLARE',
        statusLabel: 'Usage déclaré',
        allowedTransitions: [
          { status: 'CIBLES_VALIDEES', label: 'Cibles validées' },
          { status: 'SOLDE_ANNULE', label: 'Solde annulé' },
        ],
        milestones: [
          milestone({
            id: 'dddddddd-0000-4000-8000-000000000007',
            code: 'CIBLES_USAGE',
            label: "Cibles d'usage atteintes",
            status,
            statusLabel,
          }),
        ],
      });
    const notice = () => t.page.querySelector<HTMLElement>('[data-targets-notice]');

    it('says beforehand why the step will be refused, in the API’s words', async () => {
      await open(usage('VALIDE_ARS', 'Validé ARS'));
      expect(textOf(notice())).toBe(
        "Le passage à « Cibles validées » demande le jalon « Cibles d'usage atteintes » validé par la CNSA ; il est « Validé ARS » : faites-le valider par la CNSA.",
      );
    });

    it('says nothing once the milestone is validated by the CNSA', async () => {
      await open(usage('VALIDE_CNSA', 'Validé CNSA'));
      expect(notice()).toBeNull();
    });
  });
});
