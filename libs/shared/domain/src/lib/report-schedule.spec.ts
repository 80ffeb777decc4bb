import { checkReportRule, describeReportRule, nextReportRun, parisDate, ReportRule, wallTime, zonedInstant } from './report-schedule';

const monthly = (dayOfMonth: number, hour = 7): ReportRule => ({ frequency: 'MENSUEL', dayOfMonth, hour });
const weekly = (dayOfWeek: number, hour = 7): ReportRule => ({ frequency: 'HEBDOMADAIRE', dayOfWeek, hour });

describe('nextReportRun (Europe/Paris)', () => {
  it.each`
    rule             | after                         | next                          | scenario
    ${monthly(5)}    | ${'2026-01-03T10:00:00Z'}     | ${'2026-01-05T06:00:00.000Z'} | ${'later this month, winter (UTC+1)'}
    ${monthly(5)}    | ${'2026-01-05T06:00:00Z'}     | ${'2026-02-05T06:00:00.000Z'} | ${'exactly at the slot: the next one'}
    ${monthly(5)}    | ${'2026-01-05T05:59:59Z'}     | ${'2026-01-05T06:00:00.000Z'} | ${'one second before the slot'}
    ${monthly(5)}    | ${'2026-06-10T10:00:00Z'}     | ${'2026-07-05T05:00:00.000Z'} | ${'next month, summer (UTC+2)'}
    ${monthly(28)}   | ${'2026-12-28T12:00:00Z'}     | ${'2027-01-28T06:00:00.000Z'} | ${'over the new year'}
    ${monthly(1, 0)} | ${'2026-03-31T22:30:00Z'}     | ${'2026-04-30T22:00:00.000Z'} | ${'midnight in Paris is the day before in UTC'}
    ${monthly(28, 2)}      | ${'2026-03-01T00:00:00Z'} | ${'2026-03-28T01:00:00.000Z'} | ${'2 h the day before the spring change'}
    ${weekly(1)}     | ${'2026-12-02T10:00:00Z'}     | ${'2026-12-07T06:00:00.000Z'} | ${'Wednesday → next Monday'}
    ${weekly(3)}     | ${'2026-12-02T05:00:00Z'}     | ${'2026-12-02T06:00:00.000Z'} | ${'same day, before the hour'}
    ${weekly(3)}     | ${'2026-12-02T06:00:00Z'}     | ${'2026-12-09T06:00:00.000Z'} | ${'same day, at the hour: a week later'}
    ${weekly(7, 23)} | ${'2026-12-06T21:59:00Z'}     | ${'2026-12-06T22:00:00.000Z'} | ${'Sunday 23 h'}
    ${weekly(7, 2)}  | ${'2026-03-28T12:00:00Z'}     | ${'2026-03-29T01:00:00.000Z'} | ${'hour skipped by the spring change: 3 h CEST'}
    ${weekly(7, 2)}  | ${'2026-10-24T12:00:00Z'}     | ${'2026-10-25T01:00:00.000Z'} | ${'hour repeated by the autumn change: the second one'}
    ${weekly(1, 0)}  | ${'2026-12-06T23:30:00Z'}     | ${'2026-12-13T23:00:00.000Z'} | ${'late Sunday in UTC is already Monday in Paris'}
  `('$scenario', ({ rule, after, next }: { rule: ReportRule; after: string; next: string }) => {
    expect(nextReportRun(rule, new Date(after)).toISOString()).toBe(next);
  });

  it('refuses a rule it cannot place', () => {
    expect(() => nextReportRun(monthly(31), new Date())).toThrow(RangeError);
  });
});

describe('checkReportRule', () => {
  it.each`
    rule                                                         | field
    ${monthly(1)}                                                | ${null}
    ${monthly(28, 23)}                                           | ${null}
    ${weekly(7, 0)}                                              | ${null}
    ${monthly(0)}                                                | ${'dayOfMonth'}
    ${monthly(29)}                                               | ${'dayOfMonth'}
    ${monthly(2.5)}                                              | ${'dayOfMonth'}
    ${weekly(0)}                                                 | ${'dayOfWeek'}
    ${weekly(8)}                                                 | ${'dayOfWeek'}
    ${monthly(1, 24)}                                            | ${'hour'}
    ${weekly(1, -1)}                                             | ${'hour'}
  `('$rule.frequency $rule.dayOfMonth$rule.dayOfWeek at $rule.hour → $field', ({ rule, field }: { rule: ReportRule; field: string | null }) => {
    const fault = checkReportRule(rule);
    expect(fault?.field ?? null).toBe(field);
    if (fault) expect(fault.message).toMatch(/doit être/);
  });
});

describe('describeReportRule', () => {
  it.each`
    rule              | text
    ${monthly(1)}     | ${'Le 1er de chaque mois à 7 h (heure de Paris)'}
    ${monthly(15, 18)} | ${'Le 15 de chaque mois à 18 h (heure de Paris)'}
    ${weekly(1)}      | ${'Chaque lundi à 7 h (heure de Paris)'}
    ${weekly(7, 0)}   | ${'Chaque dimanche à 0 h (heure de Paris)'}
    ${weekly(9)}      | ${'Chaque ? à 7 h (heure de Paris)'}
  `('$text', ({ rule, text }: { rule: ReportRule; text: string }) => {
    expect(describeReportRule(rule)).toBe(text);
  });
});

describe('Paris wall clock', () => {
  it.each`
    instant                   | date
    ${'2026-12-31T22:59:59Z'} | ${'2026-12-31'}
    ${'2026-12-31T23:00:00Z'} | ${'2027-01-01'}
    ${'2026-07-14T21:59:00Z'} | ${'2026-07-14'}
    ${'2026-07-14T22:00:00Z'} | ${'2026-07-15'}
  `('$instant is $date in Paris', ({ instant, date }: { instant: string; date: string }) => {
    expect(parisDate(new Date(instant))).toBe(date);
  });

  it('reads other time zones and overflowing days', () => {
    expect(wallTime(new Date('2026-01-01T00:00:00Z'), 'America/New_York')).toMatchObject({ year: 2025, month: 12, day: 31, hour: 19 });
    expect(zonedInstant(2026, 1, 32, 7).toISOString()).toBe('2026-02-01T06:00:00.000Z');
    expect(zonedInstant(2026, 13, 1, 7, 'UTC').toISOString()).toBe('2027-01-01T07:00:00.000Z');
  });
});
