import {
  formatInteger,
  formatLongDate,
  formatPercent,
  formatShortDate,
  ofName,
  todayInParis,
} from './format';

const NARROW_NBSP = '\u202f';

describe('French formatting', () => {
  it.each([
    ['2022-02-08', '8 février 2022'],
    ['2023-01-16', '16 janvier 2023'],
    ['2024-02-01', '1er février 2024'],
    ['2025-09-02', '2 septembre 2025'],
  ])('writes the calendar date %s as « %s »', (iso, expected) => {
    expect(formatLongDate(iso)).toBe(expected);
  });

  it('reads timestamps in Europe/Paris, not in UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(formatLongDate('2024-12-31T23:30:00Z')).toBe('1er janvier 2025');
    expect(formatShortDate('2024-12-31T23:30:00Z')).toBe('01/01/2025');
  });

  it('writes short dates for tables', () => {
    expect(formatShortDate('2026-11-23')).toBe('23/11/2026');
  });

  it('returns an unreadable date unchanged rather than « Invalid Date »', () => {
    expect(formatLongDate('pas une date')).toBe('pas une date');
  });

  it('separates thousands and puts a narrow no-break space before %', () => {
    expect(formatInteger(36500)).toBe(`36${NARROW_NBSP}500`);
    expect(formatPercent(50)).toBe(`50${NARROW_NBSP}%`);
    expect(formatPercent(12.5)).toBe(`12,5${NARROW_NBSP}%`);
  });
});

describe('ofName', () => {
  it.each([
    ['Camille Martin', 'de Camille Martin'],
    ['Anaïs Payet', "d'Anaïs Payet"],
    ['Élodie Roux', "d'Élodie Roux"],
    ['Yann Le Goff', 'de Yann Le Goff'],
    ['Hugo Bernard', 'de Hugo Bernard'],
  ])('%s → %s', (name, expected) => {
    expect(ofName(name)).toBe(expected);
  });
});

describe('todayInParis', () => {
  it('takes today in Europe/Paris, not in UTC', () => {
    expect(todayInParis(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(todayInParis(new Date('2024-07-01T21:59:00Z'))).toBe('2024-07-01');
  });
});
