
import type { CurrentUserResponse, MilestoneResponse, ProjectDetail } from '@esms/api-contract';

import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { bulkActions, milestoneActions } from './project-milestones';
import { ProjectsHarness } from './testing/harness';
import { campaignRules, milestone, projectDetail } from './testing/projects-fixtures';

// The whole project page renders (risk chart included): slow on a loaded machine.
jest.setTimeout(20_000);

const ID = '11111111-1111-4111-8111-111111111111';
const URL = `/api/projects/${ID}`;

/** « DUI déployé » tracked per ESSMS: one row per member, in FINESS order. */
function duiRow(index: number, overrides: Partial<MilestoneResponse> = {}): MilestoneResponse {
  return milestone({
    id: `dddddddd-0000-4000-8000-00000000000${index}`,
    perEssms: true,
    essms: { id: `eeeeeeee-0000-4000-8000-00000000000${index}`, finess: `29000000${index}`, name: `EHPAD n° ${index}` },
    ...overrides,
  });
}

const CONVENTION = milestone({
  id: 'cccccccc-0000-4000-8000-000000000001',
  code: 'CONVENTION_SIGNEE',
  label: 'Convention signée',
  position: 1,
  status: 'VALIDE_ARS',
  statusLabel: 'Validé ARS',
  dueOn: '2026-03-01',
});

const ROWS = [
  duiRow(1, { status: 'VALIDE_ARS', statusLabel: 'Validé ARS', version: 3 }),
  duiRow(2, { status: 'DECLARE', statusLabel: 'Déclaré', version: 2, late: true, daysLate: 40 }),
  duiRow(3, { status: 'DECLARE', statusLabel: 'Déclaré', version: 2, late: true, daysLate: 40 }),
  duiRow(4, { status: 'A_VENIR', late: true, daysLate: 40 }),
];

function perEssmsProject(): ProjectDetail {
  return projectDetail({ milestones: [CONVENTION, ...ROWS] });
}

describe('Project milestones tracked per ESSMS', () => {
  let t: ProjectsHarness;

  beforeEach(() => {
    t = new ProjectsHarness();
  });

  afterEach(() => t.http.verify());

  async function openMilestones(user: CurrentUserResponse, project: ProjectDetail = perEssmsProject()): Promise<void> {
    await t.start(user, `/projets/${ID}?onglet=jalons`);
    await t.answer(URL, project);
    await t.answer('/api/campaigns/2025/rules', campaignRules());
  }

  const group = () => t.page.querySelector<HTMLElement>('[data-milestone-group="DUI_DEPLOYE"]')!;
  const toggle = () => t.page.querySelector<HTMLButtonElement>('[data-milestone-group-toggle="DUI_DEPLOYE"]')!;
  const checkbox = (id: string) => t.page.querySelector<HTMLInputElement>(`#choix-${id}`)!;

  async function tick(id: string): Promise<void> {
    const box = checkbox(id);
    box.checked = !box.checked;
    box.dispatchEvent(new Event('change'));
    await t.settle();
  }

  it('shows one item per type: the progress of the ESSMS and how many are late, the table folded', async () => {
    await openMilestones(ARS_OFFICER);

    expect(Array.from(t.page.querySelectorAll('.esms-timeline__item h3')).map((heading) => textOf(heading))).toEqual([
      'Convention signée',
      'DUI déployé',
    ]);
    const badges = Array.from(group().querySelectorAll('.fr-badges-group li')).map((item) => textOf(item));
    expect(badges).toEqual(['1 ESSMS sur 4 validé', '3 ESSMS en retard']);
    expect(textOf(group())).toContain('Échéance : 14/07/2026');
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(textOf(toggle())).toBe('Afficher les 4 ESSMS du jalon « DUI déployé »');
    expect(group().querySelector('table')).toBeNull();
  });

  it('unfolds a table of the ESSMS (caption, FINESS, name, state, due date, lateness) with labelled checkboxes', async () => {
    await openMilestones(ARS_OFFICER);
    await t.click(toggle());

    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    const table = group().querySelector('table')!;
    expect(textOf(table.querySelector('caption'))).toBe('Jalon « DUI déployé » ESSMS par ESSMS : 1 ESSMS sur 4 validé');
    expect(tableRows(group()).map((row) => row.slice(1, 6))).toEqual([
      ['290000001', 'EHPAD n° 1', 'Validé ARS', '14/07/2026', 'Pas en retard'],
      ['290000002', 'EHPAD n° 2', 'Déclaré', '14/07/2026', 'En retard de 40 jours'],
      ['290000003', 'EHPAD n° 3', 'Déclaré', '14/07/2026', 'En retard de 40 jours'],
      ['290000004', 'EHPAD n° 4', 'À venir', '14/07/2026', 'En retard de 40 jours'],
    ]);
    for (const row of ROWS) {
      const box = checkbox(row.id);
      const label = t.page.querySelector(`label[for="choix-${row.id}"]`);
      expect(textOf(label)).toBe(`Choisir l'ESSMS ${row.essms!.finess} ${row.essms!.name}`);
      expect(box.type).toBe('checkbox');
    }
    expect(textOf(t.page.querySelector(`label[for="jalons-dui-deploye-tous"]`))).toBe('Choisir tous les ESSMS du jalon « DUI déployé »');
    const actions = Array.from(group().querySelectorAll(`[data-milestone-actions="${ROWS[1]!.id}"] button`)).map((button) => textOf(button));
    expect(actions).toEqual([
      "Valider (ARS) le jalon « DUI déployé » pour l'ESSMS 290000002",
      "Rejeter la déclaration du jalon « DUI déployé » pour l'ESSMS 290000002",
    ]);
  });

  it('validates the ESSMS ticked in one request, with the version of each, and reads the project again', async () => {
    await openMilestones(ARS_OFFICER);
    await t.click(toggle());
    await tick(ROWS[1]!.id);
    await tick(ROWS[2]!.id);

    const bulk = group().querySelector<HTMLElement>('[data-milestone-bulk="DUI_DEPLOYE"]')!;
    expect(Array.from(bulk.querySelectorAll('button')).map((button) => textOf(button))).toEqual([
      'Valider (niveau ARS) pour les ESSMS choisis',
      'Rejeter pour les ESSMS choisis',
    ]);
    await t.click(t.button('Valider (niveau ARS) pour les ESSMS choisis'));
    expect(textOf(t.dialog()?.querySelector('h2'))).toBe('Valider le jalon « DUI déployé » au niveau ARS pour 2 ESSMS ?');
    expect(textOf(t.dialog())).toContain('ESSMS choisis : 290000002, 290000003.');
    await t.click(t.button('Valider au niveau ARS', t.dialog()!));

    const request = t.request(`/api/projects/${ID}/milestones/bulk`, 'POST');
    expect(request.request.body).toEqual({
      action: 'validate',
      level: 'ARS',
      items: [
        { id: ROWS[1]!.id, version: 2 },
        { id: ROWS[2]!.id, version: 2 },
      ],
    });
    request.flush({
      items: [ROWS[1], ROWS[2]].map((row) => ({ ...row!, status: 'VALIDE_ARS', statusLabel: 'Validé ARS', version: 3 })),
      group: { code: 'DUI_DEPLOYE', label: 'DUI déployé', position: 2, importance: 3, perEssms: true, total: 4, validated: 3, validatedCnsa: 0, declared: 0, rejected: 0, notReached: 0, late: 1, nextDueOn: '2026-07-14' },
    });
    await t.settle();
    expect(t.dialog()).toBeNull();
    expect(textOf(t.page.querySelector('[data-milestone-notice="groupe-DUI_DEPLOYE"]'))).toBe(
      "Le jalon « DUI déployé » est validé par l'ARS pour 2 ESSMS. 3 ESSMS sur 4 validés.",
    );
    await t.answer(URL, perEssmsProject());
  });

  it('asks a comment to declare the ESSMS ticked, and shows the refusal of the API (nothing changed)', async () => {
    await openMilestones(ARS_OFFICER);
    await t.click(toggle());
    await tick(ROWS[3]!.id);
    await t.click(t.button('Déclarer pour les ESSMS choisis'));
    await t.click(t.button('Déclarer pour 1 ESSMS', t.dialog()!));
    t.http.expectNone(`/api/projects/${ID}/milestones/bulk`);
    expect(t.messageOf('jalons-groupe-commentaire')).toBe('Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.');

    await t.type('jalons-groupe-commentaire', 'DUI en production.');
    await t.click(t.button('Déclarer pour 1 ESSMS', t.dialog()!));
    await t.fail(
      `/api/projects/${ID}/milestones/bulk`,
      409,
      { statusCode: 409, code: 'MILESTONE_STATE', message: "ESSMS 290000004 (EHPAD n° 4) : le jalon a changé. Rien n'a été enregistré.", field: 'items.0.id' },
      'POST',
    );
    const alert = t.page.querySelector<HTMLElement>('[data-milestone-notice="groupe-DUI_DEPLOYE"]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(textOf(alert)).toContain("Le jalon « DUI déployé » n'a été changé pour aucun des 1 ESSMS choisis");
    expect(document.activeElement).toBe(alert);
  });

  it('offers no bulk step when the rows ticked are in different states, and none to a reader', async () => {
    await openMilestones(ARS_OFFICER);
    await t.click(toggle());
    await tick(ROWS[1]!.id);
    await tick(ROWS[3]!.id);
    expect(group().querySelectorAll('[data-milestone-bulk="DUI_DEPLOYE"] button')).toHaveLength(0);
    expect(textOf(group())).toContain("Aucune action n'est possible sur tous les ESSMS choisis à la fois");
  });

  it('shows the table without checkboxes nor actions to a CNSA analyst', async () => {
    await openMilestones(CNSA_ANALYST);
    await t.click(toggle());
    expect(group().querySelectorAll('input[type="checkbox"]')).toHaveLength(0);
    expect(group().querySelectorAll('[data-milestone-actions]')).toHaveLength(0);
    expect(tableRows(group())).toHaveLength(4);
  });
});

describe('bulkActions', () => {
  const project = 'CONVENTION_SIGNEE' as const;

  it.each([
    ['every row declared → validate ARS or reject', [ROWS[1]!, ROWS[2]!], 'ARS_OFFICER', { declare: false, validateArs: true, validateCnsa: false, reject: true }],
    ['rows in two states → nothing', [ROWS[1]!, ROWS[3]!], 'ARS_OFFICER', { declare: false, validateArs: false, validateCnsa: false, reject: false }],
    ['nothing ticked → nothing', [], 'ARS_OFFICER', { declare: false, validateArs: false, validateCnsa: false, reject: false }],
    ['validated ARS, CNSA administrator → validate CNSA or reject', [ROWS[0]!], 'CNSA_ADMIN', { declare: false, validateArs: false, validateCnsa: true, reject: true }],
  ] as const)('%s', (_case, rows, role, expected) => {
    expect(bulkActions(rows, project, role)).toEqual(expected);
    expect(rows.every((row) => milestoneActions(row, project, role).reject === expected.reject || !expected.reject)).toBe(true);
  });

  it('gives nothing to a reader', () => {
    expect(bulkActions([ROWS[1]!], project, 'OTHER')).toEqual({ declare: false, validateArs: false, validateCnsa: false, reject: false });
    void CNSA_ADMIN;
  });
});
