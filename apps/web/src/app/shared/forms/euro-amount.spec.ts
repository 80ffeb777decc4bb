import { eurosInputValue, readEuros } from './euro-amount';

describe('euro amounts typed in forms', () => {
  it.each([
    ['350 000', 35_000_000],
    ['1 234 567,89', 123_456_789],
    ['1\u202f234\u202f567,89 €', 123_456_789],
    ['-650 000', -65_000_000],
    ['−650 000', -65_000_000],
    ['0,1', 10],
    ['  25000  ', 2_500_000],
  ])('reads « %s » exactly as %i cents', (typed, cents) => {
    expect(readEuros(typed, 'vide')).toEqual({ cents });
  });

  it('says what to type when the field is empty', () => {
    expect(readEuros('  ', 'Saisissez le montant.')).toEqual({ error: 'Saisissez le montant.' });
  });

  it.each(['12,345', 'douze', '1.2.3', '99999999999999999'])('refuses « %s » in French', (typed) => {
    const read = readEuros(typed, 'vide');
    expect('error' in read && read.error).toMatch(/^Le montant « .+ »/);
  });

  it.each([
    [2_500_000, '25000'],
    [2_500_050, '25000,50'],
    [5, '0,05'],
    [-1_000, '-10'],
    [0, '0'],
  ])('writes %i cents back as « %s »', (cents, text) => {
    expect(eurosInputValue(cents)).toBe(text);
    expect(readEuros(text, 'vide')).toEqual({ cents });
  });
});
