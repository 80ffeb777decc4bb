import type {
  DashboardKpis,
  DashboardRegionRow,
  NationalDashboardResponse,
  RegionalDashboardResponse,
} from '@esms/api-contract';

export const KPIS: DashboardKpis = {
  delegatedCents: 7_150_000_000,
  delegatedProjectsCents: 6_000_000_000,
  committedCents: 2_520_000_000,
  paidTranche1Cents: 900_000_000,
  paidTranche2Cents: 300_000_000,
  paidCents: 1_200_000_000,
  restToCommitCents: 3_480_000_000,
  essmsOnboarded: 1_234,
  essmsTarget: 36_500,
  projects: 150,
  lateMilestones: 12,
  projectsWithLateMilestones: 5,
  atRiskCents: 45_000_000,
  targetsMet: 3,
  targetsAssessed: 4,
  targetsMetShare: 0.75,
};

const NAMES: Record<string, string> = {
  '01': 'Guadeloupe',
  '02': 'Martinique',
  '03': 'Guyane',
  '04': 'La Réunion',
  '06': 'Mayotte',
  '11': 'Île-de-France',
  '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté',
  '28': 'Normandie',
  '32': 'Hauts-de-France',
  '44': 'Grand Est',
  '52': 'Pays de la Loire',
  '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine',
  '76': 'Occitanie',
  '84': 'Auvergne-Rhône-Alpes',
  '93': 'Provence-Alpes-Côte d’Azur',
  '94': 'Corse',
};

export function regionRow(code: string, overrides: Partial<DashboardRegionRow> = {}): DashboardRegionRow {
  return {
    code,
    name: NAMES[code] ?? code,
    delegatedCents: 100_000_000,
    committedCents: 30_000_000,
    paidCents: 10_000_000,
    commitmentRate: 0.3,
    lateMilestones: 1,
    projects: 4,
    essms: 40,
    lastUpdatedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export const REGIONS: DashboardRegionRow[] = Object.keys(NAMES).map((code) =>
  code === '53'
    ? regionRow(code, { commitmentRate: 0.42, lateMilestones: 7, projects: 12, essms: 150 })
    : code === '11'
      ? regionRow(code, { commitmentRate: 0.82 })
      : code === '94'
        ? regionRow(code, { commitmentRate: null, delegatedCents: 0 })
        : regionRow(code),
);

export function nationalDashboard(
  overrides: Partial<NationalDashboardResponse> = {},
): NationalDashboardResponse {
  return {
    scope: 'national',
    filters: { campaign: null, callType: null, sector: null },
    today: '2026-11-23',
    generatedAt: '2026-11-23T09:00:00Z',
    kpis: KPIS,
    series: {
      byHolder: [
        {
          holderKind: 'ARS',
          regionCode: '11',
          label: 'ARS Île-de-France',
          delegatedCents: 1_000_000_000,
          committedCents: 820_000_000,
          paidCents: 300_000_000,
        },
        {
          holderKind: 'ARS',
          regionCode: '53',
          label: 'ARS Bretagne',
          delegatedCents: 500_000_000,
          committedCents: 210_000_000,
          paidCents: 100_000_000,
        },
        {
          holderKind: 'ARS',
          regionCode: '76',
          label: 'ARS Occitanie',
          delegatedCents: 600_000_000,
          committedCents: 120_000_000,
          paidCents: 0,
        },
        {
          holderKind: 'NATIONAL',
          regionCode: null,
          label: 'Enveloppe nationale',
          delegatedCents: 300_000_000,
          committedCents: 290_000_000,
          paidCents: 50_000_000,
        },
      ],
      paymentsByMonth: [
        { month: '2025-10', tranche1Cents: 500_000_000, tranche2Cents: 0, cumulativeCents: 500_000_000 },
        {
          month: '2026-11',
          tranche1Cents: 400_000_000,
          tranche2Cents: 300_000_000,
          cumulativeCents: 1_200_000_000,
        },
      ],
      projectsByStatus: [
        { status: 'DEPOSE', label: 'Dossier déposé', count: 20, committedCents: 0 },
        { status: 'RETENU', label: 'Retenu', count: 0, committedCents: 0 },
        { status: 'CONVENTION_SIGNEE', label: 'Convention signée', count: 80, committedCents: 2_000_000_000 },
        { status: 'DUI_DEPLOYE', label: 'DUI déployé', count: 50, committedCents: 520_000_000 },
      ],
      milestonesByType: [
        {
          code: 'J2',
          label: 'DUI déployé',
          position: 2,
          validated: 10,
          declared: 5,
          late: 8,
          toCome: 7,
          notReached: 0,
          total: 30,
        },
        {
          code: 'J1',
          label: 'Convention signée',
          position: 1,
          validated: 60,
          declared: 2,
          late: 4,
          toCome: 4,
          notReached: 0,
          total: 70,
        },
      ],
      essmsBySector: [],
      essmsBySituation: [],
    },
    regions: REGIONS,
    ...overrides,
  };
}

export function regionalDashboard(
  overrides: Partial<RegionalDashboardResponse> = {},
): RegionalDashboardResponse {
  const national = nationalDashboard();
  return {
    ...national,
    scope: 'region',
    region: { code: '53', name: 'Bretagne' },
    series: { ...national.series, byHolder: national.series.byHolder.slice(1, 2) },
    regions: REGIONS.filter((row) => row.code === '53'),
    lateProjects: [
      {
        id: '11111111-1111-4111-8111-111111111111',
        code: 'AAP-2025-53-001',
        name: 'Grappe personnes âgées du Finistère',
        status: 'DUI_DEPLOYE',
        statusLabel: 'DUI déployé',
        lateMilestones: 2,
        oldestLateDueOn: '2026-09-30',
        daysLate: 54,
        atRiskCents: 9_000_000,
      },
    ],
    ...overrides,
  };
}
