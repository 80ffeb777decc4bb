import type { MilestoneStatus } from '@esms/domain';

import type { MilestoneResponse } from './projects';

/**
 * Milestones of a project, grouped by catalogue type: project-level types have one row, per-ESSMS types (DUI
 * déployé, INS qualifiée, MSSanté opérationnelle, Alimentation du DMP) one row per member ESSMS.
 */

/** Progress of one catalogue type on a project (« 18 ESSMS sur 25 validés, 3 en retard »). Counts rows. */
export interface MilestoneGroupResponse {
  code: string;
  label: string;
  position: number;
  importance: number;
  perEssms: boolean;
  /** Rows of this type (1 for a project-level type, the number of member ESSMS otherwise). */
  total: number;
  /** Rows validated (by the ARS or the CNSA). */
  validated: number;
  validatedCnsa: number;
  declared: number;
  rejected: number;
  notReached: number;
  /** « Jalon en retard » rows (due date passed, not validated, project under way). */
  late: number;
  /** Earliest due date among the rows still to reach; null when none. */
  nextDueOn: string | null;
}

/** `GET /api/projects/:id/milestones`: a page of rows (filtered by type or ESSMS), and every type's progress. */
export interface ProjectMilestonesResponse {
  items: MilestoneResponse[];
  total: number;
  page: number;
  pageSize: number;
  /** Every type of the project's catalogue, in catalogue order, whatever the filters. */
  groups: MilestoneGroupResponse[];
}

/** Query of `GET /api/projects/:id/milestones` (all optional). */
export interface ProjectMilestonesQuery {
  /** A catalogue code (DUI_DEPLOYE…). */
  type?: string;
  /** A member ESSMS: its id or its FINESS géographique. */
  essms?: string;
  status?: MilestoneStatus;
  late?: boolean;
  page?: number;
  /** 1 to 1 000; default 500. */
  pageSize?: number;
}

export type BulkMilestoneAction = 'declare' | 'validate' | 'reject';

/** One row of a bulk step: the milestone and the version read. */
export interface BulkMilestoneItem {
  id: string;
  version: number;
}

/**
 * `POST /api/projects/:id/milestones/bulk`: declare, validate or reject several rows of one type at once (an ARS
 * officer validating « DUI déployé » for 25 ESSMS). All or nothing: one stale version or one row in the wrong
 * state and nothing changes.
 */
export interface BulkMilestoneRequest {
  action: BulkMilestoneAction;
  /** For `validate`: ARS (the region's ARS or the CNSA) or CNSA (the CNSA administration, after the ARS). */
  level?: 'ARS' | 'CNSA';
  /** Declaration comment (required to declare) or rejection reason (required to reject). */
  comment?: string;
  /** For `declare`: the campaign's usage indicator values, by code, given to every row. */
  indicatorValues?: Record<string, number>;
  /** 1 to 1 000 rows of the same type. */
  items: BulkMilestoneItem[];
}

export interface BulkMilestoneResponse {
  /** The rows as they are now. */
  items: MilestoneResponse[];
  /** The type's progress after the step. */
  group: MilestoneGroupResponse;
}
