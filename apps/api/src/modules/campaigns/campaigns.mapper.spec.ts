import type { CampaignResponse } from '@esms/api-contract';

import { CampaignEntity } from './campaign.entity';
import { toCampaignResponse } from './campaigns.mapper';

const GENERALISATION_2024: CampaignResponse = {
  year: 2024,
  label: 'Généralisation 2024',
  phase: 'generalisation',
  instructionReference: 'INSTRUCTION N° DGCS/SD5/CNSA/2024/42',
  instructionDate: '2024-04-15',
  amendedBy: null,
  minEssmsMetropole: 15,
  minEssmsReduced: 8,
  nationalCallMinEssms: 50,
  regionalCallMaxEssms: null,
  minOrganisations: 2,
  tranche1Percent: 50,
  usageDeadline: '2026-12-31',
};

const AMORCAGE_2021: CampaignResponse = {
  year: 2021,
  label: 'Amorçage 2021',
  phase: 'amorcage',
  instructionReference: null,
  instructionDate: null,
  amendedBy: 'INSTRUCTION N° DGCS/2021/99',
  minEssmsMetropole: 15,
  minEssmsReduced: 15,
  nationalCallMinEssms: null,
  regionalCallMaxEssms: 49,
  minOrganisations: null,
  tranche1Percent: 0,
  usageDeadline: null,
};

function entity(fields: CampaignResponse): CampaignEntity {
  return Object.assign(new CampaignEntity(), fields, {
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-02-01T00:00:00Z'),
  });
}

describe('toCampaignResponse', () => {
  it.each`
    campaign
    ${GENERALISATION_2024}
    ${AMORCAGE_2021}
  `(
    'maps campaign $campaign.year field for field, nulls kept',
    ({ campaign }: { campaign: CampaignResponse }) => {
      const response = toCampaignResponse(entity(campaign));
      expect(response).toStrictEqual(campaign);
    },
  );

  it('leaves out the audit columns', () => {
    const response = toCampaignResponse(entity(GENERALISATION_2024));
    expect(Object.keys(response).sort()).toEqual(Object.keys(GENERALISATION_2024).sort());
    expect(response).not.toHaveProperty('createdAt');
    expect(response).not.toHaveProperty('updatedAt');
  });
});
