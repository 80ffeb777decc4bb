import { formatEuros, type Cents } from './money';
import { addDays, daysLate, type MilestoneStatus, type ProjectStatus } from './project-workflow';
import { isSegurExempt, type EssmsSector } from './sectors';
import { checkSegurReferencing, type Tranche2Software } from './tranches';

/**
 * Explainable project risk score (0–100) from weighted factors. Pure: no clock, no I/O — the caller passes
 * `asOf` (a UTC day `YYYY-MM-DD`) and the facts. Every factor carries a French label with the concrete figures.
 */

export type RiskLevel = 'FAIBLE' | 'MODERE' | 'ELEVE' | 'CRITIQUE';
export const RISK_LEVELS: readonly RiskLevel[] = ['FAIBLE', 'MODERE', 'ELEVE', 'CRITIQUE'];
export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = {
  FAIBLE: 'Faible',
  MODERE: 'Modéré',
  ELEVE: 'Élevé',
  CRITIQUE: 'Critique',
};

export type RiskFactorCode =
  | 'JALONS_EN_RETARD'
  | 'ECHEANCE_USAGE'
  | 'DUI_NON_REFERENCE'
  | 'GRAPPE_SOUS_SEUIL'
  | 'PAIEMENTS_EN_RETARD'
  | 'SANS_MISE_A_JOUR';
export const RISK_FACTOR_CODES: readonly RiskFactorCode[] = [
  'JALONS_EN_RETARD',
  'ECHEANCE_USAGE',
  'DUI_NON_REFERENCE',
  'GRAPPE_SOUS_SEUIL',
  'PAIEMENTS_EN_RETARD',
  'SANS_MISE_A_JOUR',
];
export const RISK_FACTOR_LABELS: Readonly<Record<RiskFactorCode, string>> = {
  JALONS_EN_RETARD: 'Jalons en retard',
  ECHEANCE_USAGE: 'Échéance des cibles d’usage',
  DUI_NON_REFERENCE: 'DUI non référencé Ségur',
  GRAPPE_SOUS_SEUIL: 'Grappe sous le seuil',
  PAIEMENTS_EN_RETARD: 'Paiements en retard',
  SANS_MISE_A_JOUR: 'Absence de mise à jour',
};

/** One factor of a score: its code, a French sentence with the figures, and the points it adds. */
export interface RiskFactor {
  code: RiskFactorCode;
  label: string;
  points: number;
}

/**
 * Campaign risk parameters: the maximum points of each factor (a factor scales from 0 to its weight), the
 * minimum score of each level above « faible », and the number of days without update after which a project
 * is stale.
 */
export interface RiskParameters {
  weights: Record<RiskFactorCode, number>;
  levelThresholds: { MODERE: number; ELEVE: number; CRITIQUE: number };
  staleAfterDays: number;
  /** Days late at which an overdue milestone of importance 5 gives the full weight of its factor. */
  lateDaysForFullWeight: number;
  /** Days after the convention by which the usage targets must be reached (used when no deadline is set). */
  usageDeadlineDays: number;
  /** Days after the convention by which tranche 1 should have been paid. */
  paymentGraceDays: number;
}

export const DEFAULT_RISK_PARAMETERS: RiskParameters = {
  weights: {
    JALONS_EN_RETARD: 35,
    ECHEANCE_USAGE: 25,
    DUI_NON_REFERENCE: 15,
    GRAPPE_SOUS_SEUIL: 10,
    PAIEMENTS_EN_RETARD: 10,
    SANS_MISE_A_JOUR: 5,
  },
  levelThresholds: { MODERE: 25, ELEVE: 50, CRITIQUE: 75 },
  staleAfterDays: 60,
  lateDaysForFullWeight: 90,
  usageDeadlineDays: 730,
  paymentGraceDays: 60,
};

/** Project statuses that are scored; the others (not started, refused, finished, abandoned) score 0. */
const SCORED_STATUSES: ReadonlySet<ProjectStatus> = new Set<ProjectStatus>([
  'DEPOSE',
  'RETENU',
  'CONVENTION_SIGNEE',
  'DUI_DEPLOYE',
  'USAGE_DECLARE',
  'CIBLES_VALIDEES',
]);

export function isScoredStatus(status: ProjectStatus): boolean {
  return SCORED_STATUSES.has(status);
}

/** A milestone row as the score reads it (per-ESSMS milestones have an `essmsId`). */
export interface RiskMilestoneInput {
  typeCode: string;
  typeLabel: string;
  /** 1–5, from the campaign's catalogue. */
  importance: number;
  dueOn: string;
  status: MilestoneStatus;
  essmsId: string | null;
}

export interface RiskPaymentInput {
  tranche: 1 | 2;
  status: 'A_VERSER' | 'VERSE' | 'ANNULE' | 'RECUPERATION_DEMANDEE';
  amountCents: Cents;
}

export interface ProjectRiskInput {
  /** The day scored, YYYY-MM-DD. */
  asOf: string;
  status: ProjectStatus;
  decidedOn: string | null;
  conventionSignedOn: string | null;
  /** The project's (or its campaign's) usage deadline; when null, convention + `usageDeadlineDays`. */
  usageDeadline: string | null;
  /** The day the usage targets were validated (tranche 2 becomes payable), when known. */
  targetsValidatedOn: string | null;
  milestones: readonly RiskMilestoneInput[];
  /** Sectors of the live members, one per ESSMS. */
  memberSectors: readonly EssmsSector[];
  software: Tranche2Software | null;
  /** Minimum ESSMS of a grappe for the project's campaign and territory. */
  minimumEssms: number;
  payments: readonly RiskPaymentInput[];
  /** Day of the last change to the project or what hangs from it (YYYY-MM-DD). */
  lastUpdateOn: string;
}

export interface ProjectRiskScore {
  score: number;
  level: RiskLevel;
  /** Factors with points > 0, highest first. */
  factors: RiskFactor[];
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (YYYY-MM-DD, UTC); negative when `to` is before `from`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

function frenchDay(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function riskLevelFor(score: number, thresholds: RiskParameters['levelThresholds']): RiskLevel {
  if (score >= thresholds.CRITIQUE) return 'CRITIQUE';
  if (score >= thresholds.ELEVE) return 'ELEVE';
  if (score >= thresholds.MODERE) return 'MODERE';
  return 'FAIBLE';
}

/** True when `next` is a higher level than `previous`. */
export function isRiskRaised(previous: RiskLevel | null, next: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(next) > RISK_LEVELS.indexOf(previous ?? 'FAIBLE');
}

interface LateGroup {
  label: string;
  importance: number;
  rows: number;
  perEssms: boolean;
  maxDaysLate: number;
  severity: number;
}

function lateMilestones(input: ProjectRiskInput, parameters: RiskParameters): { share: number; label: string } | null {
  const groups = new Map<string, LateGroup>();
  let rows = 0;
  for (const milestone of input.milestones) {
    const late = daysLate(milestone.status, milestone.dueOn, input.asOf);
    if (late <= 0) continue;
    rows += 1;
    const group = groups.get(milestone.typeCode) ?? {
      label: milestone.typeLabel,
      importance: milestone.importance,
      rows: 0,
      perEssms: false,
      maxDaysLate: 0,
      severity: 0,
    };
    group.rows += 1;
    group.perEssms = group.perEssms || milestone.essmsId !== null;
    group.maxDaysLate = Math.max(group.maxDaysLate, late);
    group.severity =
      (Math.min(5, Math.max(1, group.importance)) / 5) * clamp01(group.maxDaysLate / Math.max(1, parameters.lateDaysForFullWeight));
    groups.set(milestone.typeCode, group);
  }
  if (rows === 0) return null;
  const sorted = [...groups.values()].sort((a, b) => b.severity - a.severity || b.maxDaysLate - a.maxDaysLate || a.label.localeCompare(b.label));
  const share = clamp01(sorted.reduce((sum, group) => sum + group.severity, 0));
  const describe = (group: LateGroup): string =>
    `${group.label} de ${plural(group.maxDaysLate, 'jour')}${group.perEssms ? ` (${group.rows} ESSMS)` : ''}`;
  const shown = sorted.slice(0, 3).map(describe);
  const more = sorted.length > 3 ? ` et ${plural(sorted.length - 3, 'autre type', 'autres types')}` : '';
  return { share, label: `${plural(rows, 'jalon')} en retard, dont ${shown.join(', ')}${more}` };
}

/** Gap between the elapsed share of the usage delay and the share of validated milestones that is tolerated. */
export const USAGE_GAP_TOLERANCE = 0.25;

function usageDeadlineFactor(input: ProjectRiskInput, parameters: RiskParameters): { share: number; label: string } | null {
  if (input.status === 'CIBLES_VALIDEES') return null;
  const start = input.conventionSignedOn ?? input.decidedOn;
  const deadline = input.usageDeadline ?? (input.conventionSignedOn ? addDays(input.conventionSignedOn, parameters.usageDeadlineDays) : null);
  if (start === null || deadline === null) return null;
  const total = input.milestones.length;
  const validated = input.milestones.filter((m) => m.status === 'VALIDE_ARS' || m.status === 'VALIDE_CNSA').length;
  const progress = input.status === 'USAGE_DECLARE' ? Math.max(0.9, total === 0 ? 0 : validated / total) : total === 0 ? 0 : validated / total;
  const left = daysBetween(input.asOf, deadline);
  const progressText = `${percent(progress)} des jalons validés`;
  if (left < 0) {
    return { share: 1, label: `Échéance des cibles d’usage dépassée depuis ${plural(-left, 'jour')} (${frenchDay(deadline)}) : ${progressText}` };
  }
  const span = Math.max(1, daysBetween(start, deadline));
  const elapsed = clamp01(daysBetween(start, input.asOf) / span);
  // A quarter of the delay ahead of the milestones is normal (they are planned late in the delay); beyond it the
  // factor grows to its full weight at 75 points of gap.
  const share = clamp01((elapsed - progress - USAGE_GAP_TOLERANCE) / 0.5);
  if (share === 0) return null;
  return {
    share,
    label: `Échéance des cibles d’usage le ${frenchDay(deadline)} (dans ${plural(left, 'jour')}) : ${percent(elapsed)} du délai écoulé, ${progressText}`,
  };
}

function segurFactor(input: ProjectRiskInput): { share: number; label: string } | null {
  if (input.status === 'DEPOSE') return null;
  const check = checkSegurReferencing(input.memberSectors, input.software);
  if (check.ok) return null;
  const others = input.memberSectors.filter((sector) => !isSegurExempt(sector)).length;
  const scope = `${others} ESSMS sur ${input.memberSectors.length} hors AHI et PJM`;
  return input.software === null
    ? { share: 1, label: `Aucun logiciel DUI renseigné alors que le référencement Ségur est exigé (${scope})` }
    : { share: 1, label: `DUI « ${input.software.name} » non référencé Ségur (${scope})` };
}

function grappeFactor(input: ProjectRiskInput): { share: number; label: string } | null {
  const count = input.memberSectors.length;
  if (count >= input.minimumEssms) return null;
  const missing = input.minimumEssms - count;
  return {
    share: clamp01(0.5 + missing / Math.max(1, input.minimumEssms)),
    label: `Grappe de ${plural(count, 'ESSMS', 'ESSMS')} sous le seuil de ${input.minimumEssms} (${plural(missing, 'manquant', 'manquants')})`,
  };
}

function paymentFactor(input: ProjectRiskInput, parameters: RiskParameters): { share: number; label: string } | null {
  const grace = Math.max(1, parameters.paymentGraceDays);
  const candidates: { share: number; label: string }[] = [];
  const check = (tranche: 1 | 2, since: string | null, what: string): void => {
    const payment = input.payments.find((row) => row.tranche === tranche);
    if (since === null || payment?.status !== 'A_VERSER') return;
    const days = daysBetween(since, input.asOf);
    if (days <= grace) return;
    candidates.push({
      share: clamp01(0.5 + (days - grace) / (2 * grace)),
      label: `Tranche ${tranche} (${formatEuros(payment.amountCents)}) non versée ${plural(days, 'jour')} après ${what} (délai attendu : ${grace} jours)`,
    });
  };
  check(1, input.conventionSignedOn, 'la signature de la convention');
  check(2, input.status === 'CIBLES_VALIDEES' ? input.targetsValidatedOn : null, 'la validation des cibles');
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => b.share - a.share);
  return { share: candidates[0]?.share ?? 0, label: candidates.map((c) => c.label).join(' ; ') };
}

function staleFactor(input: ProjectRiskInput, parameters: RiskParameters): { share: number; label: string } | null {
  const days = daysBetween(input.lastUpdateOn, input.asOf);
  const limit = Math.max(1, parameters.staleAfterDays);
  if (days <= limit) return null;
  return {
    share: clamp01(days / (2 * limit)),
    label: `Aucune mise à jour depuis ${plural(days, 'jour')} (le ${frenchDay(input.lastUpdateOn)} ; seuil : ${limit} jours)`,
  };
}

/**
 * The project's risk score: each factor scales from 0 to its weight (`share` × weight, rounded), the score is the
 * sum capped at 100, the level follows the campaign thresholds. Projects not under way score 0 with no factor.
 */
export function scoreProjectRisk(input: ProjectRiskInput, parameters: RiskParameters = DEFAULT_RISK_PARAMETERS): ProjectRiskScore {
  if (!isScoredStatus(input.status)) return { score: 0, level: 'FAIBLE', factors: [] };
  const underWay = input.status !== 'DEPOSE';
  const raw: [RiskFactorCode, { share: number; label: string } | null][] = [
    ['JALONS_EN_RETARD', underWay ? lateMilestones(input, parameters) : null],
    ['ECHEANCE_USAGE', underWay ? usageDeadlineFactor(input, parameters) : null],
    ['DUI_NON_REFERENCE', segurFactor(input)],
    ['GRAPPE_SOUS_SEUIL', grappeFactor(input)],
    ['PAIEMENTS_EN_RETARD', paymentFactor(input, parameters)],
    ['SANS_MISE_A_JOUR', staleFactor(input, parameters)],
  ];
  const factors: RiskFactor[] = [];
  for (const [code, found] of raw) {
    if (found === null) continue;
    const points = Math.round(found.share * Math.max(0, parameters.weights[code]));
    if (points > 0) factors.push({ code, label: found.label, points });
  }
  factors.sort((a, b) => b.points - a.points || RISK_FACTOR_CODES.indexOf(a.code) - RISK_FACTOR_CODES.indexOf(b.code));
  const score = Math.min(100, factors.reduce((sum, factor) => sum + factor.points, 0));
  return { score, level: riskLevelFor(score, parameters.levelThresholds), factors };
}

export type RiskParametersCheck = { ok: true; parameters: RiskParameters } | { ok: false; field: string; message: string };

/** Checks edited parameters (merged over `current`): weights 0–100, thresholds 1–100 strictly increasing, days ≥ 1. */
export type RiskParametersPatch = Partial<Omit<RiskParameters, 'weights'>> & { weights?: Partial<Record<RiskFactorCode, number>> };

export function mergeRiskParameters(current: RiskParameters, patch: RiskParametersPatch): RiskParametersCheck {
  const weights = { ...current.weights, ...(patch.weights ?? {}) };
  for (const code of RISK_FACTOR_CODES) {
    const weight = weights[code];
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      return { ok: false, field: `weights.${code}`, message: `Le poids « ${RISK_FACTOR_LABELS[code]} » doit être un entier de 0 à 100.` };
    }
  }
  const thresholds = patch.levelThresholds ?? current.levelThresholds;
  const order: (keyof RiskParameters['levelThresholds'])[] = ['MODERE', 'ELEVE', 'CRITIQUE'];
  let previous = 0;
  for (const level of order) {
    const value = thresholds[level];
    if (!Number.isInteger(value) || value < 1 || value > 100 || value <= previous) {
      return {
        ok: false,
        field: `levelThresholds.${level}`,
        message: `Le seuil du niveau « ${RISK_LEVEL_LABELS[level]} » doit être un entier de 1 à 100, supérieur à celui du niveau précédent.`,
      };
    }
    previous = value;
  }
  const days: [keyof Omit<RiskParameters, 'weights' | 'levelThresholds'>, string, number][] = [
    ['staleAfterDays', 'Le délai sans mise à jour', 365],
    ['lateDaysForFullWeight', 'Le retard de pleine pondération', 730],
    ['usageDeadlineDays', 'Le délai des cibles d’usage', 3650],
    ['paymentGraceDays', 'Le délai de versement', 730],
  ];
  const merged: RiskParameters = { ...current, ...patch, weights, levelThresholds: { ...thresholds } };
  for (const [key, what, max] of days) {
    const value = merged[key];
    if (!Number.isInteger(value) || value < 1 || value > max) {
      return { ok: false, field: key, message: `${what} doit être un nombre entier de jours de 1 à ${max}.` };
    }
  }
  return { ok: true, parameters: merged };
}
