import type { DuiSoftwareRef, HistoryChange, ProjectEnvelopeRef, ProjectMemberResponse, ProjectSummary } from '@esms/api-contract';
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

import { MILESTONE_ROW_ORDER, MILESTONE_SELECT, type MilestoneRow } from '../milestones/milestone.mapper';
import { PAYMENT_SELECT, type PaymentRow } from '../payments/payment.mapper';
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
  /** The DUI software (`s`), null without one. */
  software_editor: string | null;
  software_product: string | null;
  software_version: string | null;
  software_segur_wave: number | null;
  software_segur_referenced: boolean | null;
  software_segur_referenced_at: string | null;
  /** The envelope (`env`), null without one. */
  envelope_campaign_year: number | null;
  envelope_holder_kind: 'NATIONAL' | 'ARS' | 'GRADES' | null;
  envelope_region_code: string | null;
  envelope_line: string | null;
  envelope_delegated_cents: string | null;
  envelope_committed_cents: string | null;
  envelope_paid_cents: string | null;
  /** The members (by FINESS), milestones (catalogue order) and payments (by tranche), as JSON arrays of their rows. */
  members: MemberRow[];
  milestones: MilestoneRow[];
  payments: PaymentJsonRow[];
}

/** A payment row read inside a JSON aggregate: its amounts are JSON numbers (exact: cents stay under 2^53). */
export type PaymentJsonRow = Omit<PaymentRow, 'amount_cents' | 'recovery_amount_cents'> & {
  amount_cents: number | string;
  recovery_amount_cents: number | string | null;
};

export function paymentRowOf(row: PaymentJsonRow): PaymentRow {
  return {
    ...row,
    amount_cents: String(row.amount_cents),
    recovery_amount_cents: row.recovery_amount_cents === null ? null : String(row.recovery_amount_cents),
  };
}

/** The project's region (`r`), porteur (`og`) and current risk score (`pr`): one row each. */
export const REGION_JOIN = `
    JOIN region r ON r.code = p.region_code`;
export const PORTEUR_JOIN = `
    JOIN organisme_gestionnaire og ON og.id = p.porteur_og_id`;
export const RISK_JOIN = `
    LEFT JOIN project_risk pr ON pr.project_id = p.id`;
export const PROJECT_JOINS = `${REGION_JOIN}${PORTEUR_JOIN}${RISK_JOIN}`;

/**
 * The project's own columns that a summary reads: a list's page subquery selects them (aliased `p`, so that the
 * summary's columns and joins read it as they read the table).
 */
export const PROJECT_OWN_COLUMNS = `p.id, p.code, p.name, p.campaign_year, p.region_code, p.porteur_og_id, p.call_type, p.status,
  p.essms_count, p.requested_cents, p.computed_grant_cents, p.granted_cents, p.updated_at, p.version`;

/**
 * `late.late_count`: the project's late milestones (« Jalon en retard »), counted for projects under way only (0
 * otherwise: the status test inside the subquery spares the others the milestone scan). Reads the pending-milestone
 * index (`ix_milestone_pending`). `$1` is today's date (Europe/Paris).
 */
export const LATE_JOIN = `
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS late_count
        FROM milestone ms
       WHERE p.status IN (${TRACKED_SQL}) AND ms.project_id = p.id AND ms.status IN (${PENDING_SQL}) AND ms.due_on < $1::date
    ) late ON TRUE`;

/** `nxt`: the next milestone to reach (earliest due, then catalogue order), for projects filed or under way. */
export const NEXT_JOIN = `
    LEFT JOIN LATERAL (
      SELECT mt.code, mt.label, ms.due_on
        FROM milestone ms
        JOIN milestone_type mt ON mt.id = ms.milestone_type_id
       WHERE p.status IN ('DEPOSE', ${TRACKED_SQL}) AND ms.project_id = p.id AND ms.status IN (${PENDING_SQL})
       ORDER BY ms.due_on, mt.position
       LIMIT 1
    ) nxt ON TRUE`;

/**
 * A project with what its summary shows: region, porteur, risk, the number of late milestones and the next milestone
 * to reach. The two milestone subqueries run once per project row: the list chooses its page first and joins these
 * to the page's rows only (see `ProjectsService.list`).
 */
export const PROJECT_SUMMARY_FROM = `
    FROM project p${PROJECT_JOINS}${LATE_JOIN}${NEXT_JOIN}`;

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
  (SELECT c.tranche1_percent FROM campaign c WHERE c.year = p.campaign_year) AS tranche1_percent,
  s.editor AS software_editor, s.product AS software_product, s.version AS software_version, s.segur_wave AS software_segur_wave,
  s.segur_referenced AS software_segur_referenced, s.segur_referenced_at AS software_segur_referenced_at,
  env.campaign_year AS envelope_campaign_year, env.holder_kind AS envelope_holder_kind, env.region_code AS envelope_region_code,
  env.line AS envelope_line, env.delegated_cents AS envelope_delegated_cents, env.committed_cents AS envelope_committed_cents,
  env.paid_cents AS envelope_paid_cents,
  (SELECT COALESCE(json_agg(x ORDER BY x.finess_geo), '[]') FROM (${MEMBER_SELECT} WHERE pm.project_id = p.id) x) AS members,
  (SELECT COALESCE(json_agg(x ORDER BY ${MILESTONE_ROW_ORDER}), '[]') FROM (${MILESTONE_SELECT} WHERE m.project_id = p.id) x) AS milestones,
  (SELECT COALESCE(json_agg(x ORDER BY x.tranche), '[]') FROM (${PAYMENT_SELECT} WHERE project_id = p.id) x) AS payments`;

/**
 * A project with its summary's joins, its DUI software and its envelope (columns `PROJECT_DETAIL_COLUMNS`, which also
 * aggregate its members, milestones and payments: the whole detail in one statement).
 */
export const PROJECT_DETAIL_FROM = `${PROJECT_SUMMARY_FROM}
    LEFT JOIN dui_software s ON s.id = p.dui_software_id
    LEFT JOIN envelope env ON env.id = p.envelope_id`;

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

/** The project's DUI software, from the detail row (null when it has none). */
export function toDuiSoftwareRef(row: ProjectDetailRow): DuiSoftwareRef | null {
  if (row.dui_software_id === null || row.software_editor === null || row.software_product === null || row.software_version === null) return null;
  return {
    id: row.dui_software_id,
    editor: row.software_editor,
    product: row.software_product,
    version: row.software_version,
    segurWave: row.software_segur_wave,
    segurReferenced: row.software_segur_referenced === true,
    segurReferencedAt: row.software_segur_referenced_at,
  };
}

/** The envelope the project is committed on, from the detail row (null when it has none). */
export function toEnvelopeRef(row: ProjectDetailRow): ProjectEnvelopeRef | null {
  const { envelope_id: id, envelope_campaign_year: campaignYear, envelope_holder_kind: holderKind, envelope_line: line } = row;
  const { envelope_delegated_cents: delegated, envelope_committed_cents: committed, envelope_paid_cents: paid } = row;
  if (id === null || campaignYear === null || holderKind === null || line === null || delegated === null || committed === null || paid === null) return null;
  return {
    id,
    campaignYear,
    holderKind,
    regionCode: row.envelope_region_code,
    line,
    delegatedCents: centsFromDb(delegated),
    committedCents: centsFromDb(committed),
    paidCents: centsFromDb(paid),
    remainingCents: centsFromDb(delegated) - centsFromDb(committed),
  };
}

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
