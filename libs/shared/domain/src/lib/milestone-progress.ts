import { isMilestoneLate, PROJECT_STATUS_LABELS, type MilestoneStatus, type ProjectStatus } from './project-workflow';

/**
 * Milestones tracked per ESSMS (DUI déployé, INS qualifiée, MSSanté opérationnelle, Alimentation du DMP: a grappe
 * deploys site by site) have one row per member ESSMS; the others one row per project. Progress counts rows.
 */

/** Statuses that count as reached (« Validé ARS » or « Validé CNSA »). */
export const VALIDATED_MILESTONE_STATUSES: readonly MilestoneStatus[] = ['VALIDE_ARS', 'VALIDE_CNSA'];

export function isMilestoneValidated(status: MilestoneStatus): boolean {
  return VALIDATED_MILESTONE_STATUSES.includes(status);
}

export interface MilestoneProgress {
  total: number;
  validated: number;
  validatedCnsa: number;
  declared: number;
  rejected: number;
  notReached: number;
  late: number;
}

/** Counts the rows of one type; lateness only counts while the project is under way (`tracked`). */
export function milestoneProgress(
  rows: readonly { status: MilestoneStatus; dueOn: string }[],
  today: string,
  tracked: boolean,
): MilestoneProgress {
  const progress: MilestoneProgress = { total: 0, validated: 0, validatedCnsa: 0, declared: 0, rejected: 0, notReached: 0, late: 0 };
  for (const row of rows) {
    progress.total += 1;
    if (isMilestoneValidated(row.status)) progress.validated += 1;
    if (row.status === 'VALIDE_CNSA') progress.validatedCnsa += 1;
    if (row.status === 'DECLARE') progress.declared += 1;
    if (row.status === 'REJETE') progress.rejected += 1;
    if (row.status === 'NON_ATTEINT') progress.notReached += 1;
    if (tracked && isMilestoneLate(row.status, row.dueOn, today)) progress.late += 1;
  }
  return progress;
}

/** « 18 ESSMS sur 25 validés » for a per-ESSMS type, « Validé » / « Non validé » for a project-level one. */
export function progressText(progress: Pick<MilestoneProgress, 'total' | 'validated'>, perEssms: boolean): string {
  if (!perEssms) return progress.total > 0 && progress.validated === progress.total ? 'Validé' : 'Non validé';
  const plural = progress.validated > 1 ? 's' : '';
  return `${progress.validated} ESSMS sur ${progress.total} validé${plural}`;
}

/** « 3 ESSMS en retard » / « En retard » / null. */
export function lateText(late: number, perEssms: boolean): string | null {
  if (late <= 0) return null;
  return perEssms ? `${late} ESSMS en retard` : 'En retard';
}

/**
 * Workflow steps that wait for a catalogue milestone: a project is « DUI déployé » once the DUI is deployed in every
 * member ESSMS, i.e. every row of « DUI déployé » is validated (by the ARS at least).
 */
export const MILESTONE_GATES: Readonly<Partial<Record<ProjectStatus, string>>> = {
  DUI_DEPLOYE: 'DUI_DEPLOYE',
};

export interface MilestoneGateGroup {
  code: string;
  label: string;
  perEssms: boolean;
  total: number;
  validated: number;
}

export type MilestoneGateCheck = { ok: true } | { ok: false; code: 'TRANSITION_FORBIDDEN'; message: string };

/**
 * Whether the milestones allow the move to `to`. A type the project does not track (catalogue without it) does not
 * block; a tracked one must have all its rows validated.
 */
export function checkMilestoneGate(to: ProjectStatus, groups: readonly MilestoneGateGroup[]): MilestoneGateCheck {
  const code = MILESTONE_GATES[to];
  if (code === undefined) return { ok: true };
  const group = groups.find((candidate) => candidate.code === code);
  if (!group || group.total === 0 || group.validated >= group.total) return { ok: true };
  const missing = group.total - group.validated;
  return {
    ok: false,
    code: 'TRANSITION_FORBIDDEN',
    message: group.perEssms
      ? `Le passage à « ${PROJECT_STATUS_LABELS[to]} » demande le jalon « ${group.label} » validé pour chaque ESSMS de la grappe : ${progressText(group, true)}, ${missing} restant${missing > 1 ? 's' : ''} à valider.`
      : `Le passage à « ${PROJECT_STATUS_LABELS[to]} » demande le jalon « ${group.label} » validé : faites-le déclarer puis valider par l'ARS.`,
  };
}
