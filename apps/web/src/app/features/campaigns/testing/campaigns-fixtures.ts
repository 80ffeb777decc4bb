import type {
  CampaignRulesResponse,
  FundingRuleResponse,
  MilestoneTypeResponse,
  UsageIndicatorResponse,
} from '@esms/api-contract';

function fundingRule(
  rule: Pick<FundingRuleResponse, 'callType' | 'softwareSituation' | 'amountPerEssmsCents'> &
    Partial<FundingRuleResponse>,
): FundingRuleResponse {
  return {
    callTypeLabel: rule.callType === 'regional' ? 'Appel à projets régional' : 'Appel à projets national',
    softwareSituationLabel: rule.softwareSituation === 'acquisition' ? 'Acquisition' : 'Mise en conformité',
    sector: 'TOUS',
    sectorLabel: 'Tous secteurs',
    territory: 'tous',
    territoryLabel: 'Tous territoires',
    amountLabel: '',
    ...rule,
  };
}

function milestoneType(
  type: Pick<MilestoneTypeResponse, 'id' | 'code' | 'label' | 'position'> & Partial<MilestoneTypeResponse>,
): MilestoneTypeResponse {
  return { defaultDelayDays: 365, importance: 3, perEssms: false, milestoneCount: 0, ...type };
}

export const FUNDING_RULES: FundingRuleResponse[] = [
  fundingRule({ callType: 'regional', softwareSituation: 'acquisition', amountPerEssmsCents: 2_500_000 }),
  fundingRule({
    callType: 'regional',
    softwareSituation: 'mise_en_conformite',
    amountPerEssmsCents: 1_000_000,
  }),
  fundingRule({
    callType: 'national',
    softwareSituation: 'acquisition',
    sector: 'PA',
    sectorLabel: 'Personnes âgées',
    territory: 'outre_mer',
    territoryLabel: 'Outre-mer',
    amountPerEssmsCents: 2_750_050,
  }),
];

export const MILESTONE_TYPES: MilestoneTypeResponse[] = [
  milestoneType({
    id: 22,
    code: 'CONVENTION_SIGNEE',
    label: 'Convention signée',
    position: 1,
    defaultDelayDays: 90,
    importance: 2,
    milestoneCount: 33,
  }),
  milestoneType({ id: 23, code: 'DUI_DEPLOYE', label: 'DUI déployé', position: 2, perEssms: true, milestoneCount: 33 }),
  milestoneType({
    id: 28,
    code: 'CIBLES_USAGE',
    label: "Cibles d'usage atteintes",
    position: 3,
    defaultDelayDays: 730,
    importance: 5,
  }),
];

export const USAGE_INDICATORS: UsageIndicatorResponse[] = [
  { code: 'DUI_ACTIFS', label: 'ESSMS dont le DUI est actif', unit: '% des ESSMS', target: 100 },
  {
    code: 'MSSANTE_MESSAGES',
    label: 'Messages MSSanté envoyés',
    unit: 'messages par mois et par ESSMS',
    target: 12.5,
  },
];

export const RULES_2024: CampaignRulesResponse = {
  year: 2024,
  label: 'Généralisation 2024',
  phase: 'generalisation',
  instructionReference: 'DNS/DGCS/CNSA/2024/15',
  instructionDate: '2024-02-01',
  amendedBy: null,
  minEssmsMetropole: 15,
  minEssmsReduced: 8,
  nationalCallMinEssms: 50,
  regionalCallMaxEssms: null,
  minOrganisations: null,
  tranche1Percent: 50,
  usageDeadline: '2026-06-30',
  version: 3,
  updatedAt: '2026-11-20T10:00:00.000Z',
  fundingRules: FUNDING_RULES,
  milestoneTypes: MILESTONE_TYPES,
  usageIndicators: USAGE_INDICATORS,
};

/** The rules as the API answers them after a save: same content unless told, version + 1. */
export function rulesAfter(overrides: Partial<CampaignRulesResponse> = {}): CampaignRulesResponse {
  return { ...RULES_2024, version: RULES_2024.version + 1, ...overrides };
}
