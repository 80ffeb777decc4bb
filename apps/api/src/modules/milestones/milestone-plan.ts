import { EntityManager } from 'typeorm';

/**
 * The milestone rows a project holds: one per project-level type of its campaign's catalogue, and one per member
 * ESSMS for the types tracked per ESSMS. Written inside the caller's transaction.
 */

/**
 * Creates the rows the project lacks (all of them for a new project; those of new members after an edit), each due
 * its catalogue delay after `baseDate` (the filing day, or the funding decision once taken). Returns the number of
 * rows created.
 */
export async function createMissingMilestones(manager: EntityManager, projectId: string, campaignYear: number, baseDate: string): Promise<number> {
  const [, count] = await manager.query<[unknown[], number]>(
    `INSERT INTO milestone (project_id, milestone_type_id, essms_id, due_on)
     SELECT $1, mt.id, NULL, $2::date + mt.default_delay_days
       FROM milestone_type mt
      WHERE mt.campaign_year = $3 AND NOT mt.per_essms
     UNION ALL
     SELECT $1, mt.id, pm.essms_id, $2::date + mt.default_delay_days
       FROM milestone_type mt
       JOIN project_member pm ON pm.project_id = $1
      WHERE mt.campaign_year = $3 AND mt.per_essms
     ON CONFLICT ON CONSTRAINT uq_milestone_project_type_essms DO NOTHING`,
    [projectId, baseDate, campaignYear],
  );
  return count;
}

export interface RemovedMilestone {
  id: string;
  code: string;
  finess: string;
  status: string;
}

/** Deletes the per-ESSMS rows of ESSMS that leave the project (with their evidence); returns them for the audit. */
export async function removeMemberMilestones(manager: EntityManager, projectId: string, essmsIds: readonly string[]): Promise<RemovedMilestone[]> {
  if (essmsIds.length === 0) return [];
  const [rows] = await manager.query<[RemovedMilestone[], number]>(
    `DELETE FROM milestone m
      USING milestone_type mt, essms es
      WHERE mt.id = m.milestone_type_id AND es.id = m.essms_id AND m.project_id = $1 AND m.essms_id = ANY($2::uuid[])
      RETURNING m.id, mt.code, es.finess_geo AS finess, m.status`,
    [projectId, essmsIds],
  );
  return rows;
}
