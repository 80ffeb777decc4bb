import {
  addMonths,
  consumptionAgainstPlan,
  cumulativeByMonth,
  elapsedShareOfYear,
  moneyAtRisk,
  monthOf,
  monthRange,
  projectConsumption,
  simulateTransfer,
  type ConsumptionPoint,
  type EnvelopeSimulationState,
} from './forecast';

/** Frozen clock: the forecast is made on this day (UTC). */
const AS_OF = '2025-06-30';

describe('months', () => {
  it.each`
    month        | count  | expected
    ${'2025-01'} | ${0}   | ${'2025-01'}
    ${'2025-11'} | ${2}   | ${'2026-01'}
    ${'2025-01'} | ${-1}  | ${'2024-12'}
    ${'2025-06'} | ${-18} | ${'2023-12'}
  `('$month + $count → $expected', ({ month, count, expected }: { month: string; count: number; expected: string }) => {
    expect(addMonths(month, count)).toBe(expected);
  });

  it('ranges inclusively, empty when reversed', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2025-03', '2025-02')).toEqual([]);
    expect(monthOf(AS_OF)).toBe('2025-06');
  });
});

describe('cumulativeByMonth', () => {
  it('sums commitments (releases negative) and payments up to each month end', () => {
    expect(
      cumulativeByMonth(
        '2025-01',
        '2025-04',
        [
          { on: '2025-01-15', amountCents: 1000 },
          { on: '2025-03-02', amountCents: 500 },
          { on: '2025-04-30', amountCents: -200 },
        ],
        [{ on: '2025-02-10', amountCents: 300 }],
      ),
    ).toEqual([
      { month: '2025-01', committedCents: 1000, paidCents: 0 },
      { month: '2025-02', committedCents: 1000, paidCents: 300 },
      { month: '2025-03', committedCents: 1500, paidCents: 300 },
      { month: '2025-04', committedCents: 1300, paidCents: 300 },
    ]);
  });
});

describe('projectConsumption', () => {
  const history: ConsumptionPoint[] = [
    { month: '2025-01', committedCents: 0, paidCents: 0 },
    { month: '2025-02', committedCents: 100, paidCents: 0 },
    { month: '2025-03', committedCents: 300, paidCents: 50 },
    { month: '2025-04', committedCents: 400, paidCents: 150 },
  ];

  it.each`
    scenario                                   | delegated | end          | last
    ${'linear trend with min/max band'}        | ${10_000} | ${'2025-07'} | ${{ month: '2025-07', committedCents: 800, committedLowCents: 700, committedHighCents: 1000, paidCents: 300, paidLowCents: 150, paidHighCents: 450 }}
    ${'committed capped at the delegated sum'} | ${600}    | ${'2025-07'} | ${{ month: '2025-07', committedCents: 600, committedLowCents: 600, committedHighCents: 600, paidCents: 300, paidLowCents: 150, paidHighCents: 450 }}
    ${'paid capped at committed'}              | ${420}    | ${'2026-06'} | ${{ month: '2026-06', committedCents: 420, committedLowCents: 420, committedHighCents: 420, paidCents: 420, paidLowCents: 150, paidHighCents: 420 }}
  `('$scenario', ({ delegated, end, last }: { delegated: number; end: string; last: object }) => {
    const projected = projectConsumption(history, end, delegated);
    expect(projected[0]).toEqual({ month: '2025-04', committedCents: 400, committedLowCents: 400, committedHighCents: 400, paidCents: 150, paidLowCents: 150, paidHighCents: 150 });
    expect(projected[projected.length - 1]).toEqual(last);
  });

  it('uses only the last six months and ignores decreases', () => {
    const long: ConsumptionPoint[] = [
      { month: '2024-10', committedCents: 0, paidCents: 0 },
      ...[1000, 1000, 1000, 1000, 900, 1100, 1200].map((committedCents, i) => ({ month: addMonths('2024-11', i), committedCents, paidCents: 0 })),
    ];
    const [first, second] = projectConsumption(long, '2025-06', 100_000);
    expect(first?.committedCents).toBe(1200);
    // increments of the window: 0, 0, 0, 0 (decrease), 200, 100 → mean 50, low 0, high 200
    expect(second).toMatchObject({ committedCents: 1250, committedLowCents: 1200, committedHighCents: 1400 });
  });

  it('a single month or no history', () => {
    expect(projectConsumption([{ month: '2025-06', committedCents: 5, paidCents: 1 }], '2025-07', 10)).toEqual([
      { month: '2025-06', committedCents: 5, committedLowCents: 5, committedHighCents: 5, paidCents: 1, paidLowCents: 1, paidHighCents: 1 },
      { month: '2025-07', committedCents: 5, committedLowCents: 5, committedHighCents: 5, paidCents: 1, paidLowCents: 1, paidHighCents: 1 },
    ]);
    expect(projectConsumption([], '2025-07', 10)).toEqual([]);
  });
});

describe('plan and under-consumption', () => {
  it.each`
    year    | asOf            | share
    ${2025} | ${'2024-12-31'} | ${0}
    ${2025} | ${'2025-12-31'} | ${1}
    ${2025} | ${'2026-03-01'} | ${1}
  `('elapsed share of $year at $asOf is $share', ({ year, asOf, share }: { year: number; asOf: string; share: number }) => {
    expect(elapsedShareOfYear(year, asOf)).toBe(share);
  });

  it.each`
    scenario                       | delegated    | committed  | planned    | under    | label
    ${'well under the plan'}       | ${1_000_000} | ${100_000} | ${495_890} | ${true}  | ${'20 % du plan'}
    ${'on plan'}                   | ${1_000_000} | ${500_000} | ${495_890} | ${false} | ${'101 % du plan'}
    ${'empty envelope'}            | ${0}         | ${0}       | ${0}       | ${false} | ${'100 % du plan'}
  `('$scenario', ({ delegated, committed, planned, under, label }: { delegated: number; committed: number; planned: number; under: boolean; label: string }) => {
    const result = consumptionAgainstPlan(2025, AS_OF, delegated, committed);
    expect(result.plannedCents).toBe(planned);
    expect(result.underConsumed).toBe(under);
    expect(result.label).toContain(label);
  });
});

describe('moneyAtRisk', () => {
  it('sums tranche 2 of high and critical projects only', () => {
    expect(
      moneyAtRisk([
        { level: 'FAIBLE', tranche2Cents: 1000 },
        { level: 'MODERE', tranche2Cents: 1000 },
        { level: 'ELEVE', tranche2Cents: 300 },
        { level: 'CRITIQUE', tranche2Cents: 200 },
        { level: 'CRITIQUE', tranche2Cents: 0 },
      ]),
    ).toEqual({ cents: 500, projects: 2 });
  });
});

describe('simulateTransfer', () => {
  const from: EnvelopeSimulationState = { delegatedCents: 1000, committedCents: 600, paidCents: 300, trendCommittedAtEndCents: 700 };
  const to: EnvelopeSimulationState = { delegatedCents: 500, committedCents: 450, paidCents: 100, trendCommittedAtEndCents: 900 };

  it('shows both envelopes before and after', () => {
    expect(simulateTransfer(from, to, 300)).toEqual({
      ok: true,
      from: {
        before: { delegatedCents: 1000, committedCents: 600, paidCents: 300, restToCommitCents: 400, projectedCommittedAtEndCents: 700, projectedUnusedAtEndCents: 300 },
        after: { delegatedCents: 700, committedCents: 600, paidCents: 300, restToCommitCents: 100, projectedCommittedAtEndCents: 700, projectedUnusedAtEndCents: 0 },
      },
      to: {
        before: { delegatedCents: 500, committedCents: 450, paidCents: 100, restToCommitCents: 50, projectedCommittedAtEndCents: 500, projectedUnusedAtEndCents: 0 },
        after: { delegatedCents: 800, committedCents: 450, paidCents: 100, restToCommitCents: 350, projectedCommittedAtEndCents: 800, projectedUnusedAtEndCents: 0 },
      },
    });
  });

  it.each`
    scenario                             | amount  | code                          | message
    ${'source below its committed sum'}  | ${401}  | ${'ENVELOPE_BELOW_COMMITTED'} | ${/réduction possible/}
    ${'zero amount'}                     | ${0}    | ${'VALIDATION_FAILED'}        | ${/strictement positif/}
    ${'fractional cents'}                | ${1.5}  | ${'VALIDATION_FAILED'}        | ${/entier/}
  `('refuses $scenario', ({ amount, code, message }: { amount: number; code: string; message: RegExp }) => {
    const result = simulateTransfer(from, to, amount);
    expect(result).toMatchObject({ ok: false, code, field: 'amountCents' });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('accepts exactly the rest to commit', () => {
    expect(simulateTransfer(from, to, 400).ok).toBe(true);
  });
});
