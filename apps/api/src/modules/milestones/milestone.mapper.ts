import type { EvidenceResponse, MilestoneGroupResponse, MilestoneResponse } from '@esms/api-contract';
import { daysLate, isMilestoneLate, MILESTONE_STATUS_LABELS, type MilestoneStatus, type ProjectStatus } from '@esms/domain';
import { EntityManager } from 'typeorm';

import { milestonesTracked } from '../projects/project-rules';

export interface MilestoneRow {
  id: string;
  project_id: string;
  code: string;
  label: string;
  position: number;
  importance: number;
  per_essms: boolean;
  essms_id: string | null;
  essms_finess: string | null;
  essms_name: string | null;
  due_on: string;
  status: MilestoneStatus;
  /** A Date read as a column, an ISO text read inside a JSON aggregate (the project detail). */
  declared_at: Date | string | null;
  declaration_comment: string | null;
  indicator_values: Record<string, number> | null;
  validated_ars_at: Date | string | null;
  validated_cnsa_at: Date | string | null;
  rejection_comment: string | null;
  version: number;
  evidence: { id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: string }[];
}

/** The columns of a MilestoneRow, read from `m` (a milestone row) and its joins MILESTONE_JOINS. */
const MILESTONE_COLUMNS = `m.id, m.project_id, mt.code, mt.label, mt.position, mt.importance, mt.per_essms, m.essms_id,
         es.finess_geo AS essms_finess, es.name AS essms_name, m.due_on, m.status, m.declared_at,
         m.declaration_comment, m.indicator_values, m.validated_ars_at, m.validated_cnsa_at, m.rejection_comment, m.version,
         COALESCE((SELECT json_agg(json_build_object('id', e.id, 'fileName', e.file_name, 'contentType', e.content_type,
                                                     'sizeBytes', e.size_bytes, 'sha256', e.sha256, 'uploadedAt', e.uploaded_at)
                                   ORDER BY e.uploaded_at, e.id)
                     FROM milestone_evidence e WHERE e.milestone_id = m.id), '[]'::json) AS evidence`;
const MILESTONE_JOINS = `
    JOIN milestone_type mt ON mt.id = m.milestone_type_id
    LEFT JOIN essms es ON es.id = m.essms_id`;

export const MILESTONE_SELECT = `
  SELECT ${MILESTONE_COLUMNS}
    FROM milestone m${MILESTONE_JOINS}`;

/**
 * An UPDATE of one milestone (`UPDATE milestone SET … WHERE …`) answering the row as MILESTONE_SELECT reads it, in
 * the same round trip. Its evidence is what the statement sees: read the row again after adding files.
 */
export function updatedMilestoneSelect(update: string): string {
  return `WITH m AS (${update} RETURNING *) SELECT ${MILESTONE_COLUMNS} FROM m${MILESTONE_JOINS}`;
}

/** Catalogue order, then the project-level row before the members, by FINESS. */
export const MILESTONE_ORDER = `mt.position, mt.code, es.finess_geo NULLS FIRST, m.id`;
/** The same order on the rows of MILESTONE_SELECT (aliased `x`). */
export const MILESTONE_ROW_ORDER = `x.position, x.code, x.essms_finess NULLS FIRST, x.id`;

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function toMilestoneResponse(row: MilestoneRow, projectStatus: ProjectStatus, today: string): MilestoneResponse {
  const tracked = milestonesTracked(projectStatus);
  const evidence: EvidenceResponse[] = row.evidence.map((file) => ({
    id: file.id,
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    uploadedAt: new Date(file.uploadedAt).toISOString(),
  }));
  return {
    id: row.id,
    projectId: row.project_id,
    code: row.code,
    label: row.label,
    position: row.position,
    importance: row.importance,
    perEssms: row.per_essms,
    essms: row.essms_id === null ? null : { id: row.essms_id, finess: row.essms_finess ?? '', name: row.essms_name ?? '' },
    dueOn: row.due_on,
    status: row.status,
    statusLabel: MILESTONE_STATUS_LABELS[row.status],
    late: tracked && isMilestoneLate(row.status, row.due_on, today),
    daysLate: tracked ? daysLate(row.status, row.due_on, today) : 0,
    declaredAt: iso(row.declared_at),
    declarationComment: row.declaration_comment,
    indicatorValues: row.indicator_values,
    validatedArsAt: iso(row.validated_ars_at),
    validatedCnsaAt: iso(row.validated_cnsa_at),
    rejectionComment: row.rejection_comment,
    evidence,
    version: row.version,
  };
}

export async function oneMilestone(manager: EntityManager, id: string, projectStatus: ProjectStatus, today: string): Promise<MilestoneResponse> {
  const rows = await manager.query<MilestoneRow[]>(`${MILESTONE_SELECT} WHERE m.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new Error(`Jalon ${id} disparu pendant la transaction.`);
  return toMilestoneResponse(row, projectStatus, today);
}

interface GroupRow {
  code: string;
  label: string;
  position: number;
  importance: number;
  per_essms: boolean;
  total: number;
  validated: number;
  validated_cnsa: number;
  declared: number;
  rejected: number;
  not_reached: number;
  late: number;
  next_due_on: string | null;
}

/**
 * Progress of each catalogue type the project tracks, counted in SQL over its rows (`late` only while the project
 * is under way, as `isMilestoneLate` says). `typeCode` narrows to one type.
 */
export async function milestoneGroups(
  manager: EntityManager,
  projectId: string,
  projectStatus: ProjectStatus,
  today: string,
  typeCode?: string,
): Promise<MilestoneGroupResponse[]> {
  const rows = await manager.query<GroupRow[]>(
    `SELECT mt.code, mt.label, mt.position, mt.importance, mt.per_essms,
            count(*)::int AS total,
            count(*) FILTER (WHERE m.status IN ('VALIDE_ARS', 'VALIDE_CNSA'))::int AS validated,
            count(*) FILTER (WHERE m.status = 'VALIDE_CNSA')::int AS validated_cnsa,
            count(*) FILTER (WHERE m.status = 'DECLARE')::int AS declared,
            count(*) FILTER (WHERE m.status = 'REJETE')::int AS rejected,
            count(*) FILTER (WHERE m.status = 'NON_ATTEINT')::int AS not_reached,
            count(*) FILTER (WHERE m.status IN ('A_VENIR', 'DECLARE', 'REJETE') AND m.due_on < $2::date)::int AS late,
            to_char(min(m.due_on) FILTER (WHERE m.status IN ('A_VENIR', 'DECLARE', 'REJETE')), 'YYYY-MM-DD') AS next_due_on
       FROM milestone m
       JOIN milestone_type mt ON mt.id = m.milestone_type_id
      WHERE m.project_id = $1 AND ($3::varchar IS NULL OR mt.code = $3)
      GROUP BY mt.id
      ORDER BY mt.position, mt.code`,
    [projectId, today, typeCode ?? null],
  );
  const tracked = milestonesTracked(projectStatus);
  return rows.map((row) => ({
    code: row.code,
    label: row.label,
    position: row.position,
    importance: row.importance,
    perEssms: row.per_essms,
    total: row.total,
    validated: row.validated,
    validatedCnsa: row.validated_cnsa,
    declared: row.declared,
    rejected: row.rejected,
    notReached: row.not_reached,
    late: tracked ? row.late : 0,
    nextDueOn: row.next_due_on,
  }));
}
