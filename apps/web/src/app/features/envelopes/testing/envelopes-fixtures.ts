import type {
  CampaignResponse,
  CreateEnvelopeTransferResponse,
  EnvelopeAmounts,
  EnvelopeDetailResponse,
  EnvelopeListResponse,
  EnvelopeResponse,
  EnvelopeTransferResponse,
  Page,
} from '@esms/api-contract';

function campaign(year: number, overrides: Partial<CampaignResponse> = {}): CampaignResponse {
  return {
    year,
    label: `Généralisation ${year}`,
    phase: 'generalisation',
    instructionReference: null,
    instructionDate: null,
    amendedBy: null,
    minEssmsMetropole: 15,
    minEssmsReduced: 8,
    nationalCallMinEssms: 50,
    regionalCallMaxEssms: null,
    minOrganisations: null,
    tranche1Percent: 50,
    usageDeadline: null,
    ...overrides,
  };
}

/** As the API sorts them: by year. */
export const CAMPAIGNS: CampaignResponse[] = [
  campaign(2021, { label: 'Amorçage 2021', phase: 'amorcage' }),
  campaign(2023),
  campaign(2024),
];

export function envelope(
  overrides: Partial<EnvelopeResponse> & Pick<EnvelopeResponse, 'id' | 'holderName'>,
): EnvelopeResponse {
  const base: EnvelopeResponse = {
    campaignYear: 2024,
    holderKind: 'ARS',
    regionCode: null,
    gradesId: null,
    regionCodes: [],
    line: 'PROJETS',
    lineLabel: 'Projets',
    initialCents: 0,
    delegatedCents: 0,
    committedCents: 0,
    paidCents: 0,
    restToCommitCents: 0,
    amendmentsCents: 0,
    transfersInCents: 0,
    transfersOutCents: 0,
    version: 1,
    updatedAt: '2024-09-18T08:22:01.000Z',
    ...overrides,
  };
  return { ...base, restToCommitCents: base.delegatedCents - base.committedCents };
}

export const NATIONAL = envelope({
  id: '10000000-0000-4000-8000-000000000001',
  holderKind: 'NATIONAL',
  holderName: 'Enveloppe nationale',
  initialCents: 1_520_000_000,
  delegatedCents: 1_520_000_000,
  committedCents: 253_000_000,
  paidCents: 253_000_000,
});

/** ARS Bretagne: 3 500 000 € delegated, 1 615 000 € committed (46,1 %). */
export const BRETAGNE = envelope({
  id: '10000000-0000-4000-8000-000000000053',
  holderName: 'ARS Bretagne',
  regionCode: '53',
  regionCodes: ['53'],
  initialCents: 350_000_000,
  delegatedCents: 350_000_000,
  committedCents: 161_500_000,
  paidCents: 80_750_000,
});

/** ARS Corse: 352 000 € initial, 350 000 € given to La Réunion; 2 000 € left, nothing committed. */
export const CORSE = envelope({
  id: '10000000-0000-4000-8000-000000000094',
  holderName: 'ARS Corse',
  regionCode: '94',
  regionCodes: ['94'],
  initialCents: 35_200_000,
  delegatedCents: 200_000,
  transfersOutCents: 35_000_000,
});

/** ARS La Réunion: 9 010 000 € initial, +350 000 € from Corse, −90 000,50 € amendment. */
export const REUNION = envelope({
  id: '10000000-0000-4000-8000-000000000004',
  holderName: 'ARS La Réunion',
  regionCode: '04',
  regionCodes: ['04'],
  initialCents: 901_000_000,
  amendmentsCents: -9_000_050,
  transfersInCents: 35_000_000,
  delegatedCents: 926_999_950,
  committedCents: 35_000_000,
  paidCents: 17_500_000,
});

export const GRADES_BRETAGNE = envelope({
  id: '10000000-0000-4000-8000-000000000103',
  holderKind: 'GRADES',
  holderName: 'GCS e-Santé Bretagne',
  gradesId: 3,
  regionCodes: ['53'],
  line: 'SOUTIEN_REGIONAL',
  lineLabel: 'Soutien régional',
  initialCents: 8_700_000,
  delegatedCents: 8_700_000,
});

export function totalsOf(items: readonly EnvelopeResponse[]): EnvelopeAmounts {
  const sum = (pick: (item: EnvelopeResponse) => number): number =>
    items.reduce((total, item) => total + pick(item), 0);
  return {
    initialCents: sum((item) => item.initialCents),
    delegatedCents: sum((item) => item.delegatedCents),
    committedCents: sum((item) => item.committedCents),
    paidCents: sum((item) => item.paidCents),
    restToCommitCents: sum((item) => item.restToCommitCents),
    amendmentsCents: sum((item) => item.amendmentsCents),
    transfersInCents: sum((item) => item.transfersInCents),
    transfersOutCents: sum((item) => item.transfersOutCents),
  };
}

export function envelopeList(items: readonly EnvelopeResponse[]): EnvelopeListResponse {
  return {
    items: [...items],
    total: items.length,
    page: 1,
    pageSize: Math.max(1, items.length),
    totals: totalsOf(items),
  };
}

export const ALL_2024 = [NATIONAL, BRETAGNE, CORSE, REUNION, GRADES_BRETAGNE];

function ref(item: EnvelopeResponse): EnvelopeTransferResponse['from'] {
  return {
    id: item.id,
    holderKind: item.holderKind,
    holderName: item.holderName,
    regionCode: item.regionCode,
    line: item.line,
  };
}

export const TRANSFER_CORSE_REUNION: EnvelopeTransferResponse = {
  id: '20000000-0000-4000-8000-000000000001',
  campaignYear: 2024,
  from: ref(CORSE),
  to: ref(REUNION),
  amountCents: 35_000_000,
  reason: 'Crédits 2024 non consommés : redéploiement entre ARS.',
  decidedOn: '2024-09-18',
  createdByName: 'Camille Martin',
  createdAt: '2024-09-18T08:22:01.000Z',
};

export function transfersPage(items: readonly EnvelopeTransferResponse[]): Page<EnvelopeTransferResponse> {
  return { items: [...items], total: items.length, page: 1, pageSize: Math.max(1, items.length) };
}

export const REUNION_DETAIL: EnvelopeDetailResponse = {
  ...REUNION,
  amendments: [
    {
      id: '30000000-0000-4000-8000-000000000001',
      envelopeId: REUNION.id,
      deltaCents: -9_000_050,
      reason: 'Instruction DNS/DGCS/CNSA/2025/100 du 2 septembre 2025',
      decidedOn: '2024-11-02',
      createdByName: null,
      createdAt: '2024-11-03T09:00:00.000Z',
    },
  ],
  transfers: [TRANSFER_CORSE_REUNION],
};

/** What `POST /api/envelopes/transfers` answers for `amountCents` from Bretagne to Corse. */
export function transferResponse(amountCents: number): CreateEnvelopeTransferResponse {
  return {
    id: '20000000-0000-4000-8000-000000000002',
    campaignYear: 2024,
    from: ref(BRETAGNE),
    to: ref(CORSE),
    amountCents,
    reason: 'Sous-consommation constatée',
    decidedOn: '2024-11-15',
    createdByName: 'Camille Martin',
    createdAt: '2024-11-15T10:00:00.000Z',
    fromEnvelope: envelope({ ...BRETAGNE, delegatedCents: BRETAGNE.delegatedCents - amountCents }),
    toEnvelope: envelope({ ...CORSE, delegatedCents: CORSE.delegatedCents + amountCents }),
  };
}
