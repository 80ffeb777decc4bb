import type { CallType, EssmsSector, SoftwareSituation, Territory } from '@esms/domain';

import type { CampaignResponse } from './reference';

/**
 * A campaign's rules, edited by the CNSA administrator and read by every signed-in user: thresholds and tranche
 * split (`PATCH /api/campaigns/:year`), funding table, milestone catalogue and usage indicators (each replaced
 * whole by a `PUT`). Every write carries the campaign's `version` and bumps it.
 */

export interface FundingRuleResponse {
  callType: CallType;
  callTypeLabel: string;
  softwareSituation: SoftwareSituation;
  softwareSituationLabel: string;
  /** 'TOUS': any sector. */
  sector: EssmsSector | 'TOUS';
  sectorLabel: string;
  /** 'tous': any territory. */
  territory: Territory | 'tous';
  territoryLabel: string;
  amountPerEssmsCents: number;
  /** « 25 000 € ». */
  amountLabel: string;
}

export interface MilestoneTypeResponse {
  id: number;
  code: string;
  label: string;
  /** Days after the funding decision. */
  defaultDelayDays: number;
  /** 1 (low) to 5 (high). */
  importance: number;
  position: number;
  /** Tracked once per member ESSMS (one milestone row per member) rather than once per project. */
  perEssms: boolean;
  /** Milestones of projects using this type: a used type cannot be removed from the catalogue. */
  milestoneCount: number;
}

export interface UsageIndicatorResponse {
  code: string;
  label: string;
  unit: string;
  target: number;
}

export interface CampaignRulesResponse extends CampaignResponse {
  /** Optimistic lock of the campaign and its rules. */
  version: number;
  /** ISO date-time. */
  updatedAt: string;
  fundingRules: FundingRuleResponse[];
  milestoneTypes: MilestoneTypeResponse[];
  usageIndicators: UsageIndicatorResponse[];
}

export interface UpdateCampaignRequest {
  version: number;
  label?: string;
  instructionReference?: string | null;
  /** ISO date. */
  instructionDate?: string | null;
  amendedBy?: string | null;
  minEssmsMetropole?: number;
  minEssmsReduced?: number;
  nationalCallMinEssms?: number | null;
  regionalCallMaxEssms?: number | null;
  minOrganisations?: number | null;
  tranche1Percent?: number;
  usageDeadline?: string | null;
}

export interface FundingRuleInput {
  callType: CallType;
  softwareSituation: SoftwareSituation;
  sector: EssmsSector | 'TOUS';
  territory: Territory | 'tous';
  /** Integer cents, ≥ 0. */
  amountPerEssmsCents: number;
}

/** `PUT /api/campaigns/:year/funding-rules`: the whole table, replaced atomically. */
export interface ReplaceFundingRulesRequest {
  version: number;
  rules: FundingRuleInput[];
}

export interface MilestoneTypeInput {
  /** Upper-case code, e.g. DUI_DEPLOYE; the key that keeps a type's identity across edits. */
  code: string;
  label: string;
  defaultDelayDays: number;
  importance: number;
  /** Tracked per member ESSMS; unchanged when omitted (false for a new type). Fixed once projects track the type. */
  perEssms?: boolean;
}

/** `PUT /api/campaigns/:year/milestone-types`: the catalogue in display order (position = index + 1). */
export interface ReplaceMilestoneTypesRequest {
  version: number;
  types: MilestoneTypeInput[];
}

export interface UsageIndicatorInput {
  code: string;
  label: string;
  unit: string;
  /** ≥ 0, at most two decimals. */
  target: number;
}

/** `PUT /api/campaigns/:year/indicators`. */
export interface ReplaceUsageIndicatorsRequest {
  version: number;
  indicators: UsageIndicatorInput[];
}
