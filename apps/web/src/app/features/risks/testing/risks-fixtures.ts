import type {
  CampaignResponse,
  EnvelopeForecast,
  ForecastResponse,
  RiskHeatmapResponse,
  RiskResponse,
  RiskyProjectSummary,
} from '@esms/api-contract';

export const CAMPAIGNS = [{ year: 2024, label: 'Campagne 2024' }] as unknown as CampaignResponse[];

export function riskyProject(overrides: Partial<RiskyProjectSummary> = {}): RiskyProjectSummary {
  return {
    projectId: '11111111-1111-4111-8111-111111111111',
    code: '2024-53-0007',
    name: 'Grappe EHPAD du Finistère',
    campaignYear: 2024,
    region: { code: '53', name: 'Bretagne' },
    status: 'CONVENTION_SIGNEE',
    statusLabel: 'Convention signée',
    score: 81,
    level: 'CRITIQUE',
    levelLabel: 'Critique',
    factors: [
      { code: 'JALONS_EN_RETARD', label: '2 jalons en retard, dont INS qualifiée de 45 jours', points: 30 },
      { code: 'DUI_NON_REFERENCE', label: 'DUI non référencé Ségur', points: 15 },
    ],
    computedAt: '2026-11-30T03:00:00Z',
    tranche2Cents: 18_000_000,
    ...overrides,
  };
}

export function pageOf<T>(items: T[], total = items.length, pageSize = 20) {
  return { items, total, page: 1, pageSize };
}

export function registerRisk(overrides: Partial<RiskResponse> = {}): RiskResponse {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    project: { id: '11111111-1111-4111-8111-111111111111', code: '2024-53-0007', name: 'Grappe EHPAD du Finistère' },
    regionCode: '53',
    regionName: 'Bretagne',
    title: 'Éditeur du DUI en difficulté',
    description: 'L’éditeur a annoncé une procédure de sauvegarde.',
    probability: 3,
    impact: 4,
    criticity: 12,
    owner: 'Pôle numérique ARS',
    mitigation: 'Suivi mensuel avec l’éditeur',
    status: 'OUVERT',
    statusLabel: 'Ouvert',
    reviewOn: '2026-12-15',
    version: 3,
    createdAt: '2026-10-01T08:00:00Z',
    createdByName: 'Yann Le Goff',
    updatedAt: '2026-11-02T08:00:00Z',
    updatedByName: 'Yann Le Goff',
    ...overrides,
  };
}

export function heatmap(counts: Record<string, number>): RiskHeatmapResponse {
  const cells = [];
  let total = 0;
  for (let probability = 1; probability <= 4; probability++) {
    for (let impact = 1; impact <= 4; impact++) {
      const count = counts[`${probability}/${impact}`] ?? 0;
      total += count;
      cells.push({ probability, impact, count });
    }
  }
  return { cells, total };
}

export function envelopeForecast(overrides: Partial<EnvelopeForecast> = {}): EnvelopeForecast {
  return {
    envelope: {
      id: '33333333-3333-4333-8333-333333333333',
      holderKind: 'ARS',
      holderName: 'ARS Bretagne',
      regionCode: '53',
      line: 'PROJETS',
    },
    delegatedCents: 400_000_000,
    committedCents: 100_000_000,
    paidCents: 50_000_000,
    restToCommitCents: 300_000_000,
    actual: [
      { month: '2024-11', committedCents: 50_000_000, paidCents: 0 },
      { month: '2024-12', committedCents: 100_000_000, paidCents: 50_000_000 },
    ],
    projected: [
      {
        month: '2024-12',
        committedCents: 100_000_000,
        committedLowCents: 100_000_000,
        committedHighCents: 100_000_000,
        paidCents: 50_000_000,
        paidLowCents: 50_000_000,
        paidHighCents: 50_000_000,
      },
      {
        month: '2025-01',
        committedCents: 150_000_000,
        committedLowCents: 120_000_000,
        committedHighCents: 180_000_000,
        paidCents: 60_000_000,
        paidLowCents: 55_000_000,
        paidHighCents: 65_000_000,
      },
    ],
    projectedCommittedAtEndCents: 150_000_000,
    projectedCommittedLowAtEndCents: 120_000_000,
    projectedCommittedHighAtEndCents: 180_000_000,
    projectedPaidAtEndCents: 60_000_000,
    plannedCommittedToDateCents: 200_000_000,
    underConsumed: true,
    moneyAtRiskCents: 18_000_000,
    projectsAtRisk: 1,
    ...overrides,
  };
}

export function forecastResponse(envelopes: EnvelopeForecast[] = [envelopeForecast()]): ForecastResponse {
  return {
    campaignYear: 2024,
    asOf: '2024-12-10',
    campaignStartOn: '2024-01-01',
    campaignEndOn: '2025-12-31',
    method: 'Tendance linéaire des six derniers mois, fourchette à plus ou moins 20 %.',
    envelopes,
    totals: {
      delegatedCents: 400_000_000,
      committedCents: 100_000_000,
      paidCents: 50_000_000,
      projectedCommittedAtEndCents: 150_000_000,
      moneyAtRiskCents: 18_000_000,
      projectsAtRisk: 1,
    },
    atRiskProjects: [
      {
        projectId: '11111111-1111-4111-8111-111111111111',
        code: '2024-53-0007',
        name: 'Grappe EHPAD du Finistère',
        regionCode: '53',
        level: 'CRITIQUE',
        levelLabel: 'Critique',
        score: 81,
        tranche2Cents: 18_000_000,
      },
    ],
  };
}
