import type { Role } from './access';

/** The life of a project (grappe), as ../shared/domain.md describes it. */
export const PROJECT_STATUSES = [
  'DEPOSE',
  'RETENU',
  'REFUSE',
  'CONVENTION_SIGNEE',
  'DUI_DEPLOYE',
  'USAGE_DECLARE',
  'CIBLES_VALIDEES',
  'SOLDE',
  'CLOTURE',
  'ABANDONNE',
  'SOLDE_ANNULE',
  'RECUPERATION_DEMANDEE',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS: Readonly<Record<ProjectStatus, string>> = {
  DEPOSE: 'Dossier déposé',
  RETENU: 'Retenu',
  REFUSE: 'Refusé',
  CONVENTION_SIGNEE: 'Convention signée',
  DUI_DEPLOYE: 'DUI déployé',
  USAGE_DECLARE: 'Usage déclaré',
  CIBLES_VALIDEES: 'Cibles validées',
  SOLDE: 'Soldé',
  CLOTURE: 'Clôturé',
  ABANDONNE: 'Abandonné',
  SOLDE_ANNULE: 'Solde annulé',
  RECUPERATION_DEMANDEE: 'Récupération demandée',
};

export function isProjectStatus(value: unknown): value is ProjectStatus {
  return typeof value === 'string' && (PROJECT_STATUSES as readonly string[]).includes(value);
}

const REGIONAL: readonly Role[] = ['ARS_OFFICER', 'CNSA_ADMIN'];
const CNSA: readonly Role[] = ['CNSA_ADMIN'];

/** Allowed transitions and who may make each (an ARS officer only on its own region's projects). */
const TRANSITIONS: Readonly<Partial<Record<ProjectStatus, Readonly<Partial<Record<ProjectStatus, readonly Role[]>>>>>> = {
  DEPOSE: { RETENU: REGIONAL, REFUSE: REGIONAL, ABANDONNE: REGIONAL },
  RETENU: { CONVENTION_SIGNEE: REGIONAL, ABANDONNE: REGIONAL },
  CONVENTION_SIGNEE: { DUI_DEPLOYE: REGIONAL, ABANDONNE: REGIONAL },
  DUI_DEPLOYE: { USAGE_DECLARE: REGIONAL, ABANDONNE: REGIONAL },
  USAGE_DECLARE: { CIBLES_VALIDEES: CNSA, SOLDE_ANNULE: REGIONAL },
  CIBLES_VALIDEES: { SOLDE: CNSA },
  SOLDE: { CLOTURE: REGIONAL },
  SOLDE_ANNULE: { RECUPERATION_DEMANDEE: REGIONAL, CLOTURE: REGIONAL },
  RECUPERATION_DEMANDEE: { CLOTURE: REGIONAL },
};

/** Statuses in which a project no longer holds its ESSMS (they may join another project of the campaign). */
export const RELEASED_STATUSES: readonly ProjectStatus[] = ['REFUSE', 'ABANDONNE'];

/** Statuses in which the grant is committed on the envelope. */
export function holdsCommitment(status: ProjectStatus): boolean {
  return !['DEPOSE', 'REFUSE', 'ABANDONNE'].includes(status);
}

/** Statuses in which members, software and amounts may still change. */
export function isEditable(status: ProjectStatus): boolean {
  return status === 'DEPOSE' || status === 'RETENU';
}

export function nextStatuses(from: ProjectStatus): ProjectStatus[] {
  return Object.keys(TRANSITIONS[from] ?? {}) as ProjectStatus[];
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'TRANSITION_FORBIDDEN' | 'TRANSITION_ROLE'; message: string };

/** Whether a role may move a project from one status to another, with the French reason when not. */
export function checkTransition(from: ProjectStatus, to: ProjectStatus, role: Role): TransitionCheck {
  const roles = TRANSITIONS[from]?.[to];
  if (!roles) {
    const allowed = nextStatuses(from).map((status) => `« ${PROJECT_STATUS_LABELS[status]} »`);
    return {
      ok: false,
      code: 'TRANSITION_FORBIDDEN',
      message: `Un projet « ${PROJECT_STATUS_LABELS[from]} » ne peut pas passer à « ${PROJECT_STATUS_LABELS[to]} »${
        allowed.length > 0 ? ` : étapes possibles ${allowed.join(', ')}` : ' : il est dans un état final'
      }.`,
    };
  }
  if (!roles.includes(role)) {
    return {
      ok: false,
      code: 'TRANSITION_ROLE',
      message: `Le passage à « ${PROJECT_STATUS_LABELS[to]} » est réservé ${roles.length === 1 ? "à l'administration CNSA" : "à l'ARS de la région et à l'administration CNSA"}.`,
    };
  }
  return { ok: true };
}

/** Milestones: states, French labels, and lateness derived from the date. */
export const MILESTONE_STATUSES = ['A_VENIR', 'DECLARE', 'VALIDE_ARS', 'VALIDE_CNSA', 'REJETE', 'NON_ATTEINT'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const MILESTONE_STATUS_LABELS: Readonly<Record<MilestoneStatus, string>> = {
  A_VENIR: 'À venir',
  DECLARE: 'Déclaré',
  VALIDE_ARS: 'Validé ARS',
  VALIDE_CNSA: 'Validé CNSA',
  REJETE: 'Rejeté',
  NON_ATTEINT: 'Non atteint',
};

/** A milestone is late when its due date has passed and it is not validated (ARS or CNSA). `today` is YYYY-MM-DD. */
export function isMilestoneLate(status: MilestoneStatus, dueOn: string, today: string): boolean {
  return dueOn < today && ['A_VENIR', 'DECLARE', 'REJETE'].includes(status);
}

/** Days past the due date (0 when not late). */
export function daysLate(status: MilestoneStatus, dueOn: string, today: string): number {
  if (!isMilestoneLate(status, dueOn, today)) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
}

/** Adds days to an ISO date (UTC, no time zone drift). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Code of the catalogue's « Cibles d'usage atteintes » milestone (one per project). */
export const USAGE_TARGETS_MILESTONE = 'CIBLES_USAGE';

/** A milestone as the workflow guards read it. */
export interface MilestoneGuardInput {
  code: string;
  label: string;
  status: MilestoneStatus;
}

export type TargetsCheck =
  | { ok: true }
  | { ok: false; code: 'TRANSITION_FORBIDDEN'; message: string; milestone: MilestoneGuardInput | null };

/**
 * « Cibles validées » needs the usage-targets milestone validated by the CNSA (« Validé CNSA »): the ARS validation
 * alone does not do. Every row of that milestone must be (it is a project-level milestone: normally one row).
 */
export function checkTargetsValidated(milestones: readonly MilestoneGuardInput[]): TargetsCheck {
  const targets = milestones.filter((milestone) => milestone.code === USAGE_TARGETS_MILESTONE);
  if (targets.length === 0) {
    return {
      ok: false,
      code: 'TRANSITION_FORBIDDEN',
      message: `Le passage à « ${PROJECT_STATUS_LABELS.CIBLES_VALIDEES} » demande le jalon « Cibles d'usage atteintes » validé par la CNSA : ce projet n'a pas ce jalon.`,
      milestone: null,
    };
  }
  const pending = targets.find((milestone) => milestone.status !== 'VALIDE_CNSA');
  if (!pending) return { ok: true };
  const next: Partial<Record<MilestoneStatus, string>> = {
    A_VENIR: "déclarez-le avec ses indicateurs, faites-le valider par l'ARS puis par la CNSA",
    REJETE: "déclarez-le de nouveau, faites-le valider par l'ARS puis par la CNSA",
    DECLARE: "faites-le valider par l'ARS puis par la CNSA",
    VALIDE_ARS: 'faites-le valider par la CNSA',
  };
  const todo = next[pending.status];
  return {
    ok: false,
    code: 'TRANSITION_FORBIDDEN',
    message: `Le passage à « ${PROJECT_STATUS_LABELS.CIBLES_VALIDEES} » demande le jalon « ${pending.label} » validé par la CNSA ; il est « ${MILESTONE_STATUS_LABELS[pending.status]} »${
      todo ? ` : ${todo}` : ' : les cibles ne peuvent plus être validées'
    }.`,
    milestone: pending,
  };
}

/**
 * « Solde annulé » (targets missed) is refused once the CNSA validated the usage-targets milestone: the targets are
 * met, the project goes on to « Cibles validées » and its tranche 2.
 */
export function checkTargetsMissed(milestones: readonly MilestoneGuardInput[]): TargetsCheck {
  const validated = milestones.find((milestone) => milestone.code === USAGE_TARGETS_MILESTONE && milestone.status === 'VALIDE_CNSA');
  if (!validated) return { ok: true };
  return {
    ok: false,
    code: 'TRANSITION_FORBIDDEN',
    message: `Le jalon « ${validated.label} » est validé par la CNSA : les cibles sont atteintes, le solde ne peut pas être annulé. Passez le projet à « ${PROJECT_STATUS_LABELS.CIBLES_VALIDEES} ».`,
    milestone: validated,
  };
}
