import type { CampaignResponse } from '@esms/api-contract';

import { CampaignEntity } from './campaign.entity';

export function toCampaignResponse(campaign: CampaignEntity): CampaignResponse {
  return {
    year: campaign.year,
    label: campaign.label,
    phase: campaign.phase,
    instructionReference: campaign.instructionReference,
    instructionDate: campaign.instructionDate,
    amendedBy: campaign.amendedBy,
    minEssmsMetropole: campaign.minEssmsMetropole,
    minEssmsReduced: campaign.minEssmsReduced,
    nationalCallMinEssms: campaign.nationalCallMinEssms,
    regionalCallMaxEssms: campaign.regionalCallMaxEssms,
    minOrganisations: campaign.minOrganisations,
    tranche1Percent: campaign.tranche1Percent,
    usageDeadline: campaign.usageDeadline,
  };
}
