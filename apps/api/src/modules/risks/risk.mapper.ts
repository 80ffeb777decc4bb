import {
  RISK_STATUS_LABELS,
  type ProjectRiskHistoryPoint,
  type RiskFactorResponse,
  type RiskResponse,
  type RiskStatus,
  type RiskyProjectSummary,
} from '@esms/api-contract';
import { centsFromDb, PROJECT_STATUS_LABELS, RISK_LEVEL_LABELS, type ProjectStatus, type RiskLevel } from '@esms/domain';

/**
 * The tranche 2 still to pay of a project (alias `p`, campaign `c`): its tranche 2 « À verser », or, before the
 * tranches exist, the grant minus the tranche 1 share (rounded down, as `splitTranches`) while it holds a commitment.
 */
export const TRANCHE2_SQL = `COALESCE(
  (SELECT pay.amount_cents FROM payment pay WHERE pay.project_id = p.id AND pay.tranche = 2 AND pay.status = 'A_VERSER'),
  CASE WHEN NOT EXISTS (SELECT 1 FROM payment pay WHERE pay.project_id = p.id)
        AND p.status IN ('RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES')
       THEN COALESCE(p.granted_cents, 0) - floor(COALESCE(p.granted_cents, 0) * c.tranche1_percent / 100.0)::bigint
       ELSE 0 END)`;

export interface RiskyProjectRow {
  project_id: string;
  code: string;
  name: string;
  campaign_year: number;
  region_code: string;
  region_name: string;
  status: ProjectStatus;
  score: number;
  level: RiskLevel;
  factors: RiskFactorResponse[];
  computed_at: Date;
  tranche2_cents: string;
}

export function toRiskyProject(row: RiskyProjectRow): RiskyProjectSummary {
  return {
    projectId: row.project_id,
    code: row.code,
    name: row.name,
    campaignYear: row.campaign_year,
    region: { code: row.region_code, name: row.region_name },
    status: row.status,
    statusLabel: PROJECT_STATUS_LABELS[row.status],
    score: row.score,
    level: row.level,
    levelLabel: RISK_LEVEL_LABELS[row.level],
    factors: row.factors,
    computedAt: row.computed_at.toISOString(),
    tranche2Cents: centsFromDb(row.tranche2_cents),
  };
}

export function toHistoryPoint(row: { day: string; score: number; level: RiskLevel; factors: RiskFactorResponse[] }): ProjectRiskHistoryPoint {
  return { day: row.day, score: row.score, level: row.level, levelLabel: RISK_LEVEL_LABELS[row.level], factors: row.factors };
}

/** A register risk with its project, region and authors (alias `k`; add the WHERE clause). */
export const RISK_SELECT = `
  SELECT k.id, k.project_id, p.code AS project_code, p.name AS project_name, k.region_code, r.name AS region_name,
         k.title, k.description, k.probability, k.impact, k.owner, k.mitigation, k.status, k.review_on::text AS review_on,
         k.version, k.created_at, cu.display_name AS created_by_name, k.updated_at, uu.display_name AS updated_by_name
    FROM risk k
    LEFT JOIN project p ON p.id = k.project_id
    LEFT JOIN region r ON r.code = k.region_code
    LEFT JOIN app_user cu ON cu.id = k.created_by
    LEFT JOIN app_user uu ON uu.id = k.updated_by`;

export interface RiskRow {
  id: string;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  region_code: string | null;
  region_name: string | null;
  title: string;
  description: string;
  probability: number;
  impact: number;
  owner: string;
  mitigation: string | null;
  status: RiskStatus;
  review_on: string | null;
  version: number;
  created_at: Date;
  created_by_name: string | null;
  updated_at: Date;
  updated_by_name: string | null;
}

export function toRiskResponse(row: RiskRow): RiskResponse {
  return {
    id: row.id,
    project: row.project_id && row.project_code && row.project_name ? { id: row.project_id, code: row.project_code, name: row.project_name } : null,
    regionCode: row.region_code,
    regionName: row.region_name,
    title: row.title,
    description: row.description,
    probability: row.probability,
    impact: row.impact,
    criticity: row.probability * row.impact,
    owner: row.owner,
    mitigation: row.mitigation,
    status: row.status,
    statusLabel: RISK_STATUS_LABELS[row.status],
    reviewOn: row.review_on,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdByName: row.created_by_name,
    updatedAt: row.updated_at.toISOString(),
    updatedByName: row.updated_by_name,
  };
}
