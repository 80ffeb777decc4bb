import type { HistoryChange, ProjectMemberResponse, ProjectSummary } from '@esms/api-contract';
import {
  CALL_TYPE_LABELS,
  centsFromDb,
  PROJECT_STATUS_LABELS,
  SECTOR_LABELS,
  SOFTWARE_SITUATION_LABELS,
  type CallType,
  type EssmsSector,
  type ProjectStatus,
  type RiskLevel,
  type SoftwareSituation,
  type Territory,
} from '@esms/domain';

import { PENDING_MILESTONE_STATUSES, TRACKED_STATUSES } from './project-rules';

/** SQL lists of constant statuses (never user input). */
const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
const TRACKED_SQL = sqlList(TRACKED_STATUSES);
const PENDING_SQL = sqlList(PENDING_MILESTONE_STATUSES);

export interface ProjectSummaryRow {
  id: string;
  code: string;
  name: string;
  campaign_year: number;
  region_code: string;
  region_name: string;
  territory: Territory;
  porteur_og_id: string;
  porteur_name: string;
  porteur_finess: string;
  call_type: CallType;
  status: ProjectStatus;
  essms_count: number;
  requested_cents: string;
  computed_grant_cents: string;
  granted_cents: string | null;
  updated_at: Date;
  version: number;
  late_count: number | null;
  next_code: string | null;
  next_label: string | null;
  next_due_on: string | null;
  /** Absent from rows read without the risk join. */
  risk_score?: number | null;
  risk_level?: RiskLevel | null;
}

export interface ProjectDetailRow extends ProjectSummaryRow {
  dui_software_id: number | null;
  envelope_id: string | null;
  computed_grant_explanation: string | null;
  grant_override_justification: string | null;
  decided_on: string | null;
  convention_signed_on: string | null;
  usage_deadline: string | null;
  created_at: Date;
  tranche1_percent: number;
}

/**
 * One query for a page of projects: the row, its region and porteur, the number of late milestones (« Jalon en
 * retard », projects under way only) and the next milestone to reach, computed per project by lateral subqueries on
 * the milestone index. `$1` is today's date (Europe/Paris).
 */
export const PROJECT_SUMMARY_FROM = `
    FROM project p
    JOIN region r ON r.code = p.region_code
    JOIN organisme_gestionnaire og ON og.id = p.porteur_og_id
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS late_count
        FROM milestone ms
       WHERE ms.project_id = p.id AND ms.status IN (${PENDING_SQL}) AND ms.due_on < $1::date
    ) late ON p.status IN (${TRACKED_SQL})
    LEFT JOIN LATERAL (
      SELECT mt.code, mt.label, ms.due_on
        FROM milestone ms
        JOIN milestone_type mt ON mt.id = ms.milestone_type_id
       WHERE ms.project_id = p.id AND ms.status IN (${PENDING_SQL})
       ORDER BY ms.due_on, mt.position
       LIMIT 1
    ) nxt ON p.status IN ('DEPOSE', ${TRACKED_SQL})
    LEFT JOIN project_risk pr ON pr.project_id = p.id`;

export const PROJECT_SUMMARY_COLUMNS = `
  p.id, p.code, p.name, p.campaign_year, p.region_code, r.name AS region_name, r.territory,
  p.porteur_og_id, og.name AS porteur_name, og.finess_juridique AS porteur_finess,
  p.call_type, p.status, p.essms_count, p.requested_cents, p.computed_grant_cents, p.granted_cents,
  p.updated_at, p.version,
  COALESCE(late.late_count, 0) AS late_count, nxt.code AS next_code, nxt.label AS next_label, nxt.due_on AS next_due_on,
  pr.score AS risk_score, pr.level AS risk_level`;

export const PROJECT_DETAIL_COLUMNS = `${PROJECT_SUMMARY_COLUMNS},
  p.dui_software_id, p.envelope_id, p.computed_grant_explanation, p.grant_override_justification, p.decided_on,
  p.convention_signed_on, p.usage_deadline, p.created_at,
  (SELECT c.tranche1_percent FROM campaign c WHERE c.year = p.campaign_year) AS tranche1_percent`;

export function toProjectSummary(row: ProjectSummaryRow): ProjectSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    campaignYear: row.campaign_year,
    region: { code: row.region_code, name: row.region_name },
    porteur: { id: row.porteur_og_id, name: row.porteur_name },
    callType: row.call_type,
    callTypeLabel: CALL_TYPE_LABELS[row.call_type],
    status: row.status,
    statusLabel: PROJECT_STATUS_LABELS[row.status],
    essmsCount: row.essms_count,
    requestedCents: centsFromDb(row.requested_cents),
    computedGrantCents: centsFromDb(row.computed_grant_cents),
    grantedCents: row.granted_cents === null ? null : centsFromDb(row.granted_cents),
    lateMilestones: row.late_count ?? 0,
    nextMilestone:
      row.next_code !== null && row.next_label !== null && row.next_due_on !== null
        ? { code: row.next_code, label: row.next_label, dueOn: row.next_due_on }
        : null,
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    riskScore: row.risk_score ?? null,
    riskLevel: row.risk_level ?? null,
  };
}

export interface MemberRow {
  essms_id: string;
  finess_geo: string;
  name: string;
  category_code: string;
  category_label: string;
  sector: EssmsSector;
  region_code: string;
  og_id: string;
  og_name: string;
  software_situation: SoftwareSituation;
  live: boolean;
}

export const MEMBER_SELECT = `
  SELECT pm.essms_id, e.finess_geo, e.name, e.category_code, c.label AS category_label, c.sector, e.region_code,
         e.og_id, og.name AS og_name, pm.software_situation, pm.live
    FROM project_member pm
    JOIN essms e ON e.id = pm.essms_id
    JOIN essms_category c ON c.code = e.category_code
    JOIN organisme_gestionnaire og ON og.id = e.og_id`;

export function toMemberResponse(row: MemberRow): ProjectMemberResponse {
  return {
    essmsId: row.essms_id,
    finess: row.finess_geo,
    name: row.name,
    categoryCode: row.category_code,
    categoryLabel: row.category_label,
    sector: row.sector,
    sectorLabel: SECTOR_LABELS[row.sector],
    regionCode: row.region_code,
    ogId: row.og_id,
    ogName: row.og_name,
    softwareSituation: row.software_situation,
    softwareSituationLabel: SOFTWARE_SITUATION_LABELS[row.software_situation],
    live: row.live,
  };
}

/** Field-level changes of an audit row as a list (`{ field: { before, after } }` → `[{ field, before, after }]`). */
export function toHistoryChanges(changes: Record<string, unknown> | null): HistoryChange[] {
  return Object.entries(changes ?? {}).map(([field, value]) => {
    if (value !== null && typeof value === 'object' && 'before' in value && 'after' in value) {
      return { field, before: value.before, after: value.after };
    }
    return { field, before: null, after: value };
  });
}
