import { readAmount, readDate, readFiness, readIndicators, readMemberAction, readPositiveInteger, readRegionCode, readSituation, readYear } from './cells';

describe('import cell readers', () => {
  it.each([
    ['2024', { ok: true, value: 2024 }],
    ['24', { ok: false }],
    ['2020', { ok: false }],
    ['2024.0', { ok: false }],
  ])('readYear(%j)', (text, expected) => {
    expect(readYear(text)).toMatchObject(expected);
  });

  it.each([
    ['53', '53'],
    ['1', '01'],
    ['04', '04'],
  ])('readRegionCode(%j) → %s', (text, code) => {
    expect(readRegionCode(text)).toEqual({ ok: true, value: code });
  });

  it('refuses a region that is not an INSEE code', () => {
    expect(readRegionCode('Bretagne')).toMatchObject({ ok: false, message: expect.stringContaining('code INSEE') });
  });

  it('reads FINESS numbers with the domain rules (8 characters completed, key checked)', () => {
    expect(readFiness('75071218')).toEqual({ ok: true, value: '750712184' });
    expect(readFiness(' 750 712 184 ')).toEqual({ ok: true, value: '750712184' });
    expect(readFiness('750712185')).toMatchObject({ ok: false, message: expect.stringContaining('clé de contrôle') });
  });

  it.each([
    ['375 000', 37_500_000],
    ['375000,50', 37_500_050],
    ['1234.5', 123_450],
    ['25 000 €', 2_500_000],
  ])('readAmount(%j) → %i cents', (text, cents) => {
    expect(readAmount(text)).toEqual({ ok: true, value: cents });
  });

  it('refuses an amount that is not a number of euros, or negative', () => {
    expect(readAmount('beaucoup')).toMatchObject({ ok: false });
    expect(readAmount('12,345')).toMatchObject({ ok: false });
    expect(readAmount('-3')).toMatchObject({ ok: false, message: expect.stringContaining('négatif') });
  });

  it.each([
    ['Acquisition', 'acquisition'],
    ['ACQUISITION', 'acquisition'],
    ['Mise en conformité', 'mise_en_conformite'],
    ['mise_en_conformite', 'mise_en_conformite'],
    ['MEC', 'mise_en_conformite'],
  ])('readSituation(%j) → %s', (text, situation) => {
    expect(readSituation(text)).toEqual({ ok: true, value: situation });
  });

  it('refuses an unknown situation or action', () => {
    expect(readSituation('Achat')).toMatchObject({ ok: false });
    expect(readMemberAction('Supprimer')).toMatchObject({ ok: false });
    expect(readMemberAction('')).toEqual({ ok: true, value: 'ajouter' });
    expect(readMemberAction('Retirer')).toEqual({ ok: true, value: 'retirer' });
  });

  it.each([
    ['31/03/2025', { ok: true, value: '2025-03-31' }],
    ['1/2/2025', { ok: true, value: '2025-02-01' }],
    ['2025-03-31', { ok: true, value: '2025-03-31' }],
    ['31/02/2025', { ok: false, message: expect.stringContaining("n'existe pas") }],
    ['03-31-2025', { ok: false, message: expect.stringContaining('JJ/MM/AAAA') }],
  ])('readDate(%j)', (text, expected) => {
    expect(readDate(text)).toEqual(expected);
  });

  it('reads indicator values CODE=valeur separated by « | », decimal comma or point', () => {
    expect(readIndicators('DUI_ACTIFS=100 | mssante_messages = 12,5|')).toEqual({ ok: true, value: { DUI_ACTIFS: 100, MSSANTE_MESSAGES: 12.5 } });
    expect(readIndicators('DUI_ACTIFS:100')).toMatchObject({ ok: false, message: expect.stringContaining('CODE=valeur') });
    expect(readIndicators('A=1|a=2')).toMatchObject({ ok: false, message: expect.stringContaining('deux fois') });
  });

  it('reads positive integers', () => {
    expect(readPositiveInteger('12', 'X')).toEqual({ ok: true, value: 12 });
    expect(readPositiveInteger('0', 'X')).toMatchObject({ ok: false });
    expect(readPositiveInteger('1.5', 'L’identifiant')).toMatchObject({ ok: false, message: 'L’identifiant doit être un nombre entier positif.' });
  });
});
