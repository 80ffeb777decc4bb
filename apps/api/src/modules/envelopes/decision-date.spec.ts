import { isAcceptableDecisionDate, todayInParis } from './decision-date';

describe('decision dates', () => {
  it.each([
    ['2025-06-30T21:59:59Z', '2025-06-30'],
    ['2025-06-30T22:00:00Z', '2025-07-01'], // midnight in Paris (summer time, UTC+2)
    ['2025-12-31T22:59:59Z', '2025-12-31'],
    ['2025-12-31T23:00:00Z', '2026-01-01'], // midnight in Paris (winter time, UTC+1)
  ])('reads %s as %s in Paris', (instant, day) => {
    expect(todayInParis(new Date(instant))).toBe(day);
  });

  const now = new Date('2025-07-01T08:00:00Z');
  it.each([
    ['2025-07-01', true],
    ['2025-06-30', true],
    ['2020-01-01', true],
    ['2025-07-02', false],
    ['2019-12-31', false],
    [20250701, false],
    [null, false],
  ])('accepts %s: %s', (value, expected) => {
    expect(isAcceptableDecisionDate(value, now)).toBe(expected);
  });
});
