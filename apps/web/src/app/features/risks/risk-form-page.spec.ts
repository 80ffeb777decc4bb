import { ARS_OFFICER, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { checkRiskForm, type RiskFormValue } from './risk-form-page';
import { RisksHarness } from './testing/risks-harness';
import { CAMPAIGNS, pageOf, registerRisk } from './testing/risks-fixtures';

const RISK = registerRisk();
const URL = `/api/risks/${RISK.id}`;

const VALID: RiskFormValue = {
  scope: 'project',
  projectCode: '2024-53-0007',
  regionCode: '',
  title: 'Éditeur en difficulté',
  description: 'Procédure de sauvegarde annoncée.',
  probability: '3',
  impact: '4',
  owner: 'Pôle numérique',
  mitigation: '',
  status: 'OUVERT',
  reviewOn: '',
};

describe('checkRiskForm', () => {
  it.each<[string, Partial<RiskFormValue>, string, string]>([
    ['a project without its code', { projectCode: ' ' }, 'projectId', 'Saisissez le code du projet concerné'],
    ['a region risk without a region', { scope: 'region' }, 'regionCode', 'Choisissez la région'],
    ['a two-letter title', { title: 'ab' }, 'title', 'de 3 à 200 caractères'],
    ['no description', { description: '' }, 'description', 'Décrivez le risque'],
    ['no probability', { probability: '' }, 'probability', 'de 1 (rare) à 4 (quasi certain)'],
    ['an impact of 5', { impact: '5' }, 'impact', 'de 1 (mineur) à 4 (critique)'],
    ['no owner', { owner: 'x' }, 'owner', 'responsable'],
  ])('refuses %s with a French message next to the field', (_case, change, field, message) => {
    const errors = checkRiskForm({ ...VALID, ...change }, true);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof typeof errors]).toContain(message);
  });

  it('accepts a complete form, and does not ask for the scope when editing', () => {
    expect(checkRiskForm(VALID, true)).toEqual({});
    expect(checkRiskForm({ ...VALID, projectCode: '' }, false)).toEqual({});
  });
});

describe('Risk form (/risques/registre/…)', () => {
  let t: RisksHarness;

  // The first page of a file compiles the form's template: slow on a busy machine.
  jest.setTimeout(30000);

  beforeEach(() => {
    t = new RisksHarness();
  });

  afterEach(() => t.http.verify());

  async function openNew(): Promise<void> {
    await t.start(ARS_OFFICER, '/risques/registre/nouveau');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    await t.settle();
  }

  async function openExisting(user = ARS_OFFICER): Promise<void> {
    await t.start(user, `/risques/registre/${RISK.id}`);
    t.answerAll('/api/campaigns', CAMPAIGNS);
    t.answerAll('/api/regions', []);
    await t.answer(URL, RISK);
    await t.answer(`${URL}/history`, pageOf([], 0, 50));
  }

  it('shows French errors next to each field at fault and focuses the first one; nothing is sent', async () => {
    await openNew();

    t.button('Enregistrer le risque').click();
    await t.settle();

    const messages = Array.from(t.page.querySelectorAll('.fr-message--error')).map((message) => textOf(message));
    expect(messages).toEqual([
      'Saisissez le code du projet concerné, par exemple 2024-53-0007.',
      'Le titre doit compter de 3 à 200 caractères : nommez le risque en quelques mots.',
      'Décrivez le risque : ce qui peut arriver et ses conséquences.',
      'Choisissez la probabilité du risque, de 1 (rare) à 4 (quasi certain).',
      'Choisissez l’impact du risque, de 1 (mineur) à 4 (critique).',
      'Indiquez la personne ou l’équipe responsable (de 2 à 200 caractères).',
    ]);
    expect(document.activeElement?.id).toBe('risque-projet');
    expect(t.page.querySelector('#risque-titre')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('records a project risk: finds the project by its code, then posts the risk', async () => {
    await openNew();
    await t.fill('#risque-projet', '2024-53-0007');
    await t.fill('#risque-titre', 'Éditeur en difficulté');
    await t.fill('#risque-description', 'Procédure de sauvegarde annoncée.');
    await t.fill('#risque-probabilite', '3');
    await t.fill('#risque-impact', '4');
    await t.fill('#risque-responsable', 'Pôle numérique');

    t.button('Enregistrer le risque').click();
    await t.settle();
    await t.answer('/api/projects', pageOf([{ id: RISK.project!.id, code: '2024-53-0007' }]));
    const post = t.request('/api/risks', 'POST');
    expect(post.request.body).toEqual({
      title: 'Éditeur en difficulté',
      description: 'Procédure de sauvegarde annoncée.',
      probability: 3,
      impact: 4,
      owner: 'Pôle numérique',
      mitigation: null,
      status: 'OUVERT',
      reviewOn: null,
      projectId: RISK.project!.id,
      regionCode: null,
    });
    post.flush(RISK);
    await t.settle();
    expect(t.router.url).toBe(`/risques/registre/${RISK.id}`);
    await t.answer(URL, RISK);
    await t.answer(`${URL}/history`, pageOf([], 0, 50));
    expect(textOf(t.page.querySelector('.fr-alert--success'))).toBe(
      'Le risque « Éditeur du DUI en difficulté » est enregistré.',
    );
  });

  it('says plainly that a risk changed meanwhile was not saved (409), and reloads it on request', async () => {
    await openExisting();
    expect((t.page.querySelector<HTMLInputElement>('#risque-titre'))?.value).toBe(RISK.title);

    t.button('Enregistrer les modifications').click();
    await t.settle();
    const patch = t.request(URL, 'PATCH');
    expect(patch.request.body).toMatchObject({ version: 3, probability: 3 });
    patch.flush(
      { statusCode: 409, code: 'STALE_VERSION', message: 'Le risque a été modifié.' },
      { status: 409, statusText: 'Conflict' },
    );
    await t.settle();

    const alert = t.page.querySelector<HTMLElement>('[data-error-summary]')!;
    expect(textOf(alert)).toContain('Rien n’a été enregistré');
    expect(document.activeElement).toBe(alert);
    t.button('Recharger le risque', alert).click();
    await t.settle();
    await t.answer(URL, { ...RISK, title: 'Titre changé ailleurs', version: 4 });
    await t.answer(`${URL}/history`, pageOf([], 0, 50));
    expect((t.page.querySelector<HTMLInputElement>('#risque-titre'))?.value).toBe('Titre changé ailleurs');
    expect(t.page.querySelector('[data-error-summary]')).toBeNull();
  });

  it('shows the risk and its history in French to a reader, without a form', async () => {
    await t.start(CNSA_ANALYST, `/risques/registre/${RISK.id}`);
    t.answerAll('/api/campaigns', CAMPAIGNS);
    t.answerAll('/api/regions', []);
    await t.answer(URL, RISK);
    await t.answer(
      `${URL}/history`,
      pageOf(
        [
          {
            id: 'h1',
            occurredAt: '2026-11-02T08:00:00Z',
            actor: { id: 'u', email: 'y@ars.fr', displayName: 'Yann Le Goff' },
            action: 'risk.updated',
            changes: [
              { field: 'probability', before: 2, after: 3 },
              { field: 'status', before: 'OUVERT', after: 'EN_TRAITEMENT' },
              { field: 'version', before: 2, after: 3 },
            ],
          },
        ],
        1,
        50,
      ),
    );

    expect(t.page.querySelector('form')).toBeNull();
    expect(textOf(t.page.querySelector('h1'))).toBe('Éditeur du DUI en difficulté');
    expect(textOf(t.page.querySelector('.esms-history > li > p'))).toBe('Risque modifié le 02/11/2026 par Yann Le Goff');
    expect(Array.from(t.page.querySelectorAll('.esms-history li li')).map((item) => textOf(item))).toEqual([
      'Probabilité : Possible (2) → Probable (3)',
      'Statut : Ouvert → En traitement',
    ]);
  });
});
