import { acceptsGzip } from './dashboard.controller';
import {
  buildDashboardPayload,
  share,
  type ActivityRow,
  type CoreRow,
  type EssmsRow,
} from './dashboard-payload';
import {
  dashboardKey,
  dashboardStatements,
  dayInParis,
  snapshotLookup,
  type DashboardSqlInput,
} from './dashboard-queries';

const base: DashboardSqlInput = {
  today: '2026-11-23',
  campaign: 2024,
  callType: null,
  sector: null,
  region: null,
  lateProjectsLimit: 10,
};

describe('dashboard SQL', () => {
  it('keys a snapshot by payload version, view and filters', () => {
    expect(dashboardKey(base)).toBe('v1|FR|2024|*|*');
    expect(
      dashboardKey({
        ...base,
        campaign: null,
        callType: 'regional',
        sector: 'PA',
        region: { code: '53', scope: { kind: 'national' } },
      }),
    ).toBe('v1|53|*|regional|PA');
  });

  it('puts every filter in the parameters, never in the text', () => {
    const statements = dashboardStatements({ ...base, callType: 'national', sector: 'PH_ADULTES' });
    expect(statements.map((statement) => statement.name)).toEqual(['core', 'activity', 'essms']);
    for (const statement of statements) {
      expect(statement.values).toEqual(['2026-11-23', 2024, 'national', 'PH_ADULTES']);
      expect(statement.text).not.toContain('PH_ADULTES');
      expect(statement.text).toContain('p.campaign_year = $2::smallint');
      expect(statement.text).toContain('p.call_type = $3::varchar');
      expect(statement.text).toContain('sc.sector = $4::varchar');
    }
    expect(statements[0]?.text).toContain(`e.holder_kind = 'NATIONAL'`);
  });

  it('scopes a regional view in the SQL of the aggregates and of the snapshot', () => {
    const regional: DashboardSqlInput = {
      ...base,
      region: { code: '53', scope: { kind: 'regions', regionCodes: ['53'] } },
    };
    const [core] = dashboardStatements(regional);
    expect(core?.values).toEqual(['2026-11-23', '53', ['53'], 2024]);
    expect(core?.text).toContain('p.region_code = $2::varchar AND $2::varchar = ANY($3::varchar[])');
    expect(core?.text).toContain('LIMIT 10');
    const lookup = snapshotLookup(regional, true);
    expect(lookup.values).toEqual(['v1|53|2024|*|*', '2026-11-23', ['53']]);
    expect(lookup.text).toContain('s.region_code = ANY($3::varchar[])');
    expect(lookup.text).toContain('s.payload_gzip');
    expect(snapshotLookup(base, false).text).toContain('s.payload::text');
  });

  it('judges lateness on the day in Europe/Paris', () => {
    expect(dayInParis(new Date('2026-11-23T22:30:00Z'))).toBe('2026-11-23');
    expect(dayInParis(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(dayInParis(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('formats the day once a minute, and still turns it at midnight in Paris to the millisecond', () => {
    // `format` is an accessor of Intl.DateTimeFormat.prototype: count its reads (one per formatting).
    const descriptor = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format')!;
    let formatted = 0;
    Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', {
      ...descriptor,
      get(this: Intl.DateTimeFormat) {
        formatted += 1;
        return (descriptor.get as (this: Intl.DateTimeFormat) => unknown).call(this);
      },
    });
    try {
      // Winter (UTC+1) and summer (UTC+2) midnights, and a DST change (2026-03-29, 01:00 UTC).
      for (const [before, after, days] of [
        ['2026-12-02T22:59:59.999Z', '2026-12-02T23:00:00.000Z', ['2026-12-02', '2026-12-03']],
        ['2026-06-14T21:59:59.999Z', '2026-06-14T22:00:00.000Z', ['2026-06-14', '2026-06-15']],
        ['2026-03-28T22:59:59.999Z', '2026-03-28T23:00:00.000Z', ['2026-03-28', '2026-03-29']],
      ] as const) {
        expect([dayInParis(new Date(before)), dayInParis(new Date(after))]).toEqual(days);
      }
      formatted = 0;
      for (const second of ['00', '17', '59']) expect(dayInParis(new Date(`2026-12-02T10:15:${second}.000Z`))).toBe('2026-12-02');
      expect(formatted).toBe(1);
    } finally {
      Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', descriptor);
    }
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['*', true],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('buildDashboardPayload', () => {
  const core: CoreRow = {
    campaign_years: [2024],
    essms_target: '36500.00',
    kpis: {
      delegatedCents: 300,
      delegatedProjectsCents: 200,
      restToCommitCents: 50,
      committedCents: 150,
      paidTranche1Cents: 60,
      paidTranche2Cents: 40,
      projects: 3,
      lateMilestones: 2,
      projectsWithLateMilestones: 1,
      atRiskCents: 40,
      targetsMet: 1,
      targetsAssessed: 3,
    },
    by_status: { RETENU: { count: 2, committedCents: 100 }, DEPOSE: { count: 1, committedCents: 0 } },
    by_holder: [
      { regionCode: '53', holderKind: 'ARS', delegatedCents: 150, committedCents: 100, paidCents: 60 },
      { regionCode: null, holderKind: 'NATIONAL', delegatedCents: 50, committedCents: 50, paidCents: 40 },
    ],
    regions: [
      {
        code: '11',
        name: 'Île-de-France',
        delegatedCents: 0,
        committedCents: 0,
        paidCents: 0,
        envelopeCommittedCents: 0,
        lateMilestones: 0,
        projects: 0,
        lastUpdatedAt: null,
      },
      {
        code: '53',
        name: 'Bretagne',
        delegatedCents: 150,
        committedCents: 150,
        paidCents: 100,
        envelopeCommittedCents: 100,
        lateMilestones: 2,
        projects: 3,
        lastUpdatedAt: '2026-10-31T14:08:27+00:00',
      },
    ],
    late_projects: [
      {
        id: 'p1',
        code: '2024-53-0001',
        name: 'Grappe',
        status: 'RETENU',
        lateMilestones: 2,
        oldestLateDueOn: '2026-09-01',
        daysLate: 83,
        atRiskCents: 40,
      },
    ],
  };
  const activity: ActivityRow = { milestones_by_type: [], payments_by_month: [] };
  const essms: EssmsRow = {
    total: '20',
    by_sector: { PA: 15, AHI: 5 },
    by_situation: { acquisition: 20 },
    by_region: { '53': 20 },
  };
  const context = {
    filters: { campaign: 2024, callType: null, sector: null },
    today: '2026-11-23',
    generatedAt: new Date('2026-11-23T08:00:00Z'),
  };

  it('derives the national payload: totals, shares, labels, zeros, regions in French order', () => {
    const payload = buildDashboardPayload({ ...context, regionCode: null }, core, activity, essms);
    expect(payload?.scope).toBe('national');
    expect(payload?.kpis).toMatchObject({
      paidCents: 100,
      essmsOnboarded: 20,
      essmsTarget: 36_500,
      targetsMetShare: 0.3333,
    });
    expect(payload?.regions.map((row) => row.name)).toEqual(['Bretagne', 'Île-de-France']);
    expect(payload?.regions[0]).toMatchObject({
      commitmentRate: 0.6667,
      essms: 20,
      lastUpdatedAt: '2026-10-31T14:08:27.000Z',
    });
    expect(payload?.regions[1]).toMatchObject({ commitmentRate: null, essms: 0 });
    expect(payload?.series.byHolder).toEqual([
      {
        holderKind: 'ARS',
        regionCode: '53',
        label: 'ARS Bretagne',
        delegatedCents: 150,
        committedCents: 100,
        paidCents: 60,
      },
      {
        holderKind: 'ARS',
        regionCode: '11',
        label: 'ARS Île-de-France',
        delegatedCents: 0,
        committedCents: 0,
        paidCents: 0,
      },
      {
        holderKind: 'NATIONAL',
        regionCode: null,
        label: 'Enveloppe nationale',
        delegatedCents: 50,
        committedCents: 50,
        paidCents: 40,
      },
    ]);
    expect(payload?.series.projectsByStatus).toHaveLength(12);
    expect(payload?.series.projectsByStatus.find((row) => row.status === 'REFUSE')).toEqual({
      status: 'REFUSE',
      label: 'Refusé',
      count: 0,
      committedCents: 0,
    });
    expect(payload?.series.essmsBySector.find((row) => row.sector === 'PJM')).toMatchObject({ essms: 0 });
    expect(payload?.series.essmsBySituation).toEqual([
      { softwareSituation: 'acquisition', label: 'Acquisition', essms: 20 },
      { softwareSituation: 'mise_en_conformite', label: 'Mise en conformité', essms: 0 },
    ]);
    expect(payload).not.toHaveProperty('lateProjects');
  });

  it('derives a regional payload with its late projects, and nothing for a region that did not answer', () => {
    const regional = { ...core, regions: core.regions.filter((row) => row.code === '53') };
    const payload = buildDashboardPayload({ ...context, regionCode: '53' }, regional, activity, essms);
    expect(payload).toMatchObject({ scope: 'region', region: { code: '53', name: 'Bretagne' } });
    expect(payload && 'lateProjects' in payload ? payload.lateProjects[0]?.statusLabel : undefined).toBe(
      'Retenu',
    );
    expect(payload?.series.byHolder.at(-1)?.delegatedCents).toBeNull();
    expect(buildDashboardPayload({ ...context, regionCode: '76' }, regional, activity, essms)).toBeNull();
  });

  it('shares: rounded to 4 decimals, null without a denominator', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(0, 0)).toBeNull();
    expect(share(5, 5)).toBe(1);
  });
});
