import type { CampaignResponse, EssmsCategoryResponse, RegionResponse } from '@esms/api-contract';

/** A few real regions: one in metropolitan France, Corse, and the two served by the same GRADeS (TESIS). */
export const REGIONS: RegionResponse[] = [
  {
    code: '53',
    name: 'Bretagne',
    arsName: 'ARS Bretagne',
    territory: 'metropole',
    grades: [{ id: 3, code: 'GCS-ESANTE-BRETAGNE', name: 'GCS e-Santé Bretagne' }],
  },
  {
    code: '94',
    name: 'Corse',
    arsName: 'ARS Corse',
    territory: 'corse',
    grades: [{ id: 5, code: 'GIP-CORSE-ESANTE', name: 'GIP Corse e-santé' }],
  },
  {
    code: '04',
    name: 'La Réunion',
    arsName: 'ARS La Réunion',
    territory: 'outre_mer',
    grades: [{ id: 17, code: 'GCS-TESIS', name: 'GCS TESIS' }],
  },
  {
    code: '06',
    name: 'Mayotte',
    arsName: 'ARS Mayotte',
    territory: 'outre_mer',
    grades: [{ id: 17, code: 'GCS-TESIS', name: 'GCS TESIS' }],
  },
];

export const ESSMS_CATEGORIES: EssmsCategoryResponse[] = [
  { code: '500', label: 'EHPAD', sector: 'PA', sectorLabel: 'Personnes âgées' },
  { code: '183', label: 'IME', sector: 'PH_ENFANTS', sectorLabel: 'Personnes handicapées — enfants' },
  { code: '460', label: 'SAAD', sector: 'DOMICILE', sectorLabel: 'Domicile' },
];

function campaign(overrides: Partial<CampaignResponse> & Pick<CampaignResponse, 'year'>): CampaignResponse {
  return {
    label: `Campagne ${overrides.year}`,
    phase: 'generalisation',
    instructionReference: null,
    instructionDate: null,
    amendedBy: null,
    minEssmsMetropole: 15,
    minEssmsReduced: 8,
    nationalCallMinEssms: 50,
    regionalCallMaxEssms: 49,
    minOrganisations: null,
    tranche1Percent: 50,
    usageDeadline: null,
    ...overrides,
  };
}

export const CAMPAIGNS: CampaignResponse[] = [
  campaign({
    year: 2021,
    phase: 'amorcage',
    minEssmsReduced: 15,
    nationalCallMinEssms: null,
    regionalCallMaxEssms: 30,
    minOrganisations: 3,
  }),
  campaign({ year: 2022, instructionReference: 'DNS/CNSA/DGCS/2022/34', instructionDate: '2022-02-08' }),
  campaign({ year: 2024, instructionReference: 'DNS/DGCS/CNSA/2024/15', instructionDate: '2024-02-01' }),
  campaign({
    year: 2025,
    instructionReference: 'DNS/DGCS/CNSA/2025/40',
    instructionDate: '2025-04-16',
    amendedBy: 'DNS/DGCS/CNSA/2025/100',
  }),
];
