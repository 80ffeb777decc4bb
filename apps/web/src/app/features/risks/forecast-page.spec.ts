import { ARS_OFFICER, CNSA_ANALYST } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { RisksHarness } from './testing/risks-harness';
import { CAMPAIGNS, envelopeForecast, forecastResponse } from './testing/risks-fixtures';

const OCCITANIE = envelopeForecast({
  envelope: {
    id: '55555555-5555-4555-8555-555555555555',
    holderKind: 'ARS',
    holderName: 'ARS Occitanie',
    regionCode: '76',
    line: 'PROJETS',
  },
  underConsumed: false,
  moneyAtRiskCents: 0,
});

describe('Forecast (/risques/previsions)', () => {
  let t: RisksHarness;

  beforeEach(() => {
    t = new RisksHarness();
  });

  afterEach(() => t.http.verify());

  async function open(url = '/risques/previsions'): Promise<void> {
    await t.start(CNSA_ANALYST, url);
    t.answerAll('/api/campaigns', CAMPAIGNS);
    t.answerAll('/api/regions', []);
    await t.settle();
    await t.answer('/api/forecast', forecastResponse([envelopeForecast(), OCCITANIE]));
  }

  it('shows the key figures, the under-consumed envelope’s projection with its band and data, and every envelope', async () => {
    await open();

    expect(textOf(t.page.querySelector('h1'))).toBe('Les enveloppes seront-elles engagées à temps ?');
    expect(Array.from(t.page.querySelectorAll('esms-kpi-tile .fr-tile__title')).map((title) => textOf(title))).toEqual([
      'Enveloppe déléguée',
      'Engagé',
      'Engagé projeté en fin de campagne',
      'Montant à risque',
    ]);
    expect(textOf(t.page.querySelector('figcaption'))).toBe(
      'ARS Bretagne : 2,5\u00a0M€ resteraient à engager en fin de campagne',
    );
    expect(tableRows(t.page.querySelector('figure')!)[0]).toEqual([
      'nov. 2024',
      '4\u202f000\u202f000\u00a0€',
      '500\u202f000\u00a0€',
      'Sans objet',
      'Sans objet',
      'Sans objet',
    ]);
    const envelopes = tableRows(t.page.querySelector('#enveloppes-titre')!.parentElement!);
    expect(envelopes.map((row) => [row[0], row[6]])).toEqual([
      ['ARS Bretagne', 'Sous-consommée'],
      ['ARS Occitanie', 'Conforme au plan'],
    ]);
    expect(t.page.querySelector<HTMLSelectElement>('#prevision-enveloppe')?.value).toBe(
      envelopeForecast().envelope.id,
    );
  });

  it('simulates a transfer, shows both envelopes before and after, and says nothing is saved', async () => {
    await open();
    expect(textOf(t.page.querySelector('esms-transfer-simulation .fr-alert--info'))).toContain(
      'Simulation seulement : rien n’est enregistré.',
    );

    t.button('Simuler le transfert').click();
    await t.settle();
    expect(Array.from(t.page.querySelectorAll('esms-transfer-simulation .fr-message--error')).map((m) => textOf(m))).toEqual([
      'Choisissez l’enveloppe qui céderait des crédits.',
      'Choisissez l’enveloppe qui recevrait les crédits.',
      'Saisissez le montant à simuler, en euros (par exemple 350 000).',
    ]);

    await t.fill('#simulation-origine', envelopeForecast().envelope.id);
    await t.fill('#simulation-destinataire', OCCITANIE.envelope.id);
    await t.fill('#simulation-montant', '500 000');
    t.button('Simuler le transfert').click();
    await t.settle();
    const post = t.request('/api/forecast/simulations/transfer', 'POST');
    expect(post.request.body).toEqual({
      fromEnvelopeId: envelopeForecast().envelope.id,
      toEnvelopeId: OCCITANIE.envelope.id,
      amountCents: 50_000_000,
    });
    const state = (delegated: number) => ({
      delegatedCents: delegated,
      committedCents: 100_000_000,
      paidCents: 0,
      restToCommitCents: delegated - 100_000_000,
      projectedCommittedAtEndCents: 150_000_000,
      projectedUnusedAtEndCents: delegated - 150_000_000,
    });
    post.flush({
      amountCents: 50_000_000,
      from: { envelope: envelopeForecast().envelope, before: state(400_000_000), after: state(350_000_000) },
      to: { envelope: OCCITANIE.envelope, before: state(400_000_000), after: state(450_000_000) },
    });
    await t.settle();

    const result = t.page.querySelector<HTMLElement>('[data-simulation-result]')!;
    expect(textOf(result.querySelector('p'))).toBe('Simulation d’un transfert de 500\u202f000\u00a0€ — rien n’a été enregistré.');
    expect(Array.from(result.querySelectorAll('caption')).map((caption) => textOf(caption))).toEqual([
      'ARS Bretagne (origine), avant et après le transfert simulé',
      'ARS Occitanie (destinataire), avant et après le transfert simulé',
    ]);
    expect(tableRows(result)[0]).toEqual(['Enveloppe déléguée', '4\u202f000\u202f000\u00a0€', '3\u202f500\u202f000\u00a0€']);
  });

  it('offers the what-if transfer to the CNSA only, and asks an ARS officer’s forecast without a region', async () => {
    await t.start(ARS_OFFICER, '/risques/previsions?region=76&campagne=2024');
    t.answerAll('/api/campaigns', CAMPAIGNS);
    const request = await t.answer('/api/forecast', forecastResponse([envelopeForecast()]));

    expect(RisksHarness.params(request)).toEqual({ campaign: '2024' });
    expect(t.page.querySelector('esms-transfer-simulation')).toBeNull();
  });
});
