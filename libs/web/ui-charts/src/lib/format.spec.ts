import { formatCompact, formatCount, formatExact, formatPercentPoints, valueAxisTitle } from './format';

// What Intl writes for fr-FR: a narrow no-break space (U+202F) between thousands, a no-break space (U+00A0) before €.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('French formats of chart values', () => {
  it.each([
    [7_152_345_600, 'cents', `71${NNBSP}523${NNBSP}456${NBSP}€`],
    [123_456_789, 'cents', `1${NNBSP}234${NNBSP}567,89${NBSP}€`],
    [0, 'cents', `0${NBSP}€`],
    [1234, 'count', `1${NNBSP}234`],
    [42, 'percent', `42${NNBSP}%`],
    [28.35, 'percent', `28,4${NNBSP}%`],
  ] as const)('writes %p (%s) exactly as « %s »', (value, unit, expected) => {
    expect(formatExact(value, unit)).toBe(expected);
  });

  it.each([
    [7_152_345_600, 'cents', `71,5${NBSP}M€`],
    [25_000_000, 'cents', `250${NBSP}k€`],
    // An axis tick between two cents is rounded, not refused.
    [1_000_000_000.4, 'cents', `10${NBSP}M€`],
    [36_500, 'count', `36${NNBSP}500`],
    [42, 'percent', `42${NNBSP}%`],
  ] as const)('writes %p (%s) compactly as « %s »', (value, unit, expected) => {
    expect(formatCompact(value, unit)).toBe(expected);
  });

  it('never writes NaN', () => {
    expect(formatExact(Number.NaN, 'cents')).toBe('—');
    expect(formatCompact(Number.POSITIVE_INFINITY, 'cents')).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
    expect(formatPercentPoints(Number.NaN)).toBe('—');
  });

  it('titles the value axis with its unit', () => {
    expect(valueAxisTitle('cents')).toBe('Montant (€)');
    expect(valueAxisTitle('count')).toBe('Nombre');
    expect(valueAxisTitle('percent')).toBe('Part (%)');
    expect(valueAxisTitle('count', 'Projets')).toBe('Projets');
    expect(valueAxisTitle('cents', 'Versé cumulé')).toBe('Versé cumulé (€)');
  });
});
