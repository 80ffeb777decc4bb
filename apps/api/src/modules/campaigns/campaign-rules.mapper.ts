import type { FundingRuleResponse, MilestoneTypeResponse, UsageIndicatorResponse } from '@esms/api-contract';
import {
  CALL_TYPE_LABELS,
  centsFromDb,
  ESSMS_SECTORS,
  formatEuros,
  SECTOR_LABELS,
  SOFTWARE_SITUATION_LABELS,
  TERRITORY_LABELS,
  type CallType,
  type EssmsSector,
  type SoftwareSituation,
  type Territory,
} from '@esms/domain';

export interface FundingRuleRow {
  call_type: CallType;
  software_situation: SoftwareSituation;
  sector: EssmsSector | 'TOUS';
  territory: Territory | 'tous';
  amount_per_essms_cents: string | number;
}

export interface MilestoneTypeRow {
  id: number;
  code: string;
  label: string;
  default_delay_days: number;
  importance: number;
  position: number;
  per_essms: boolean;
  milestone_count: number | string;
}

export interface UsageIndicatorRow {
  code: string;
  label: string;
  unit: string;
  target: string | number;
}

const CALL_ORDER: readonly CallType[] = ['regional', 'national'];
const SITUATION_ORDER: readonly SoftwareSituation[] = ['acquisition', 'mise_en_conformite'];
const SECTOR_ORDER: readonly string[] = ['TOUS', ...ESSMS_SECTORS];
const TERRITORY_ORDER: readonly string[] = ['tous', 'metropole', 'corse', 'outre_mer'];

export function toFundingRuleResponse(row: FundingRuleRow): FundingRuleResponse {
  const amount = centsFromDb(row.amount_per_essms_cents);
  return {
    callType: row.call_type,
    callTypeLabel: CALL_TYPE_LABELS[row.call_type],
    softwareSituation: row.software_situation,
    softwareSituationLabel: SOFTWARE_SITUATION_LABELS[row.software_situation],
    sector: row.sector,
    sectorLabel: row.sector === 'TOUS' ? 'Tous secteurs' : SECTOR_LABELS[row.sector],
    territory: row.territory,
    territoryLabel: row.territory === 'tous' ? 'Tous territoires' : TERRITORY_LABELS[row.territory],
    amountPerEssmsCents: amount,
    amountLabel: formatEuros(amount),
  };
}

/** Regional before national, acquisition before upgrade, the catch-all sector and territory first. */
export function compareFundingRules(a: FundingRuleResponse, b: FundingRuleResponse): number {
  return (
    CALL_ORDER.indexOf(a.callType) - CALL_ORDER.indexOf(b.callType) ||
    SITUATION_ORDER.indexOf(a.softwareSituation) - SITUATION_ORDER.indexOf(b.softwareSituation) ||
    SECTOR_ORDER.indexOf(a.sector) - SECTOR_ORDER.indexOf(b.sector) ||
    TERRITORY_ORDER.indexOf(a.territory) - TERRITORY_ORDER.indexOf(b.territory)
  );
}

export function toMilestoneTypeResponse(row: MilestoneTypeRow): MilestoneTypeResponse {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    defaultDelayDays: row.default_delay_days,
    importance: row.importance,
    position: row.position,
    perEssms: row.per_essms,
    milestoneCount: Number(row.milestone_count),
  };
}

export function toUsageIndicatorResponse(row: UsageIndicatorRow): UsageIndicatorResponse {
  return { code: row.code, label: row.label, unit: row.unit, target: Number(row.target) };
}

/** « Appel à projets régional, Acquisition, tous secteurs, tous territoires » — a funding row in words. */
export function describeFundingKey(rule: Pick<FundingRuleResponse, 'callType' | 'softwareSituation' | 'sector' | 'territory'>): string {
  return [
    CALL_TYPE_LABELS[rule.callType],
    SOFTWARE_SITUATION_LABELS[rule.softwareSituation],
    rule.sector === 'TOUS' ? 'tous secteurs' : SECTOR_LABELS[rule.sector],
    rule.territory === 'tous' ? 'tous territoires' : TERRITORY_LABELS[rule.territory],
  ].join(', ');
}
