import type { ProjectStatus, RiskFactorCode, RiskLevel, RiskParameters } from '@esms/domain';

import type { EnvelopeRef } from './envelopes';
import type { Page } from './errors';

/**
 * Risk (issue #6): explainable project risk score and its daily history, the risk register, alerts, data
 * freshness, consumption forecast with a what-if transfer simulation, and the campaign risk parameters.
 * Money is in integer cents; dates are ISO `YYYY-MM-DD`; times are ISO 8601 (UTC).
 * Level codes, factor codes and their French labels come from `@esms/domain` (`RISK_LEVEL_LABELS`,
 * `RISK_FACTOR_LABELS`); the API also sends `levelLabel`.
 *
 * Changes since first written (comments only, no shape change): the transfer simulation refuses with 409
 * `ENVELOPE_BELOW_COMMITTED` (not 422); `ForecastResponse.campaignStartOn`/`campaignEndOn` documented.
 */

export type { RiskFactorCode, RiskLevel, RiskParameters };

// ---------------------------------------------------------------------------------------------------------------
// Project risk score

/** One factor of a score: « 2 jalons en retard, dont INS qualifiée de 45 jours (12 ESSMS) » → 21 points. */
export interface RiskFactorResponse {
  code: RiskFactorCode;
  /** French sentence with the concrete figures. */
  label: string;
  points: number;
}

/** `GET /api/projects/:id/risk`. A project never scored yet answers score 0, level FAIBLE, no factors. */
export interface ProjectRiskResponse {
  projectId: string;
  /** 0–100. */
  score: number;
  level: RiskLevel;
  /** « Faible », « Modéré », « Élevé », « Critique ». */
  levelLabel: string;
  /** Factors with points > 0, highest first. */
  factors: RiskFactorResponse[];
  /** ISO timestamp of the last computation; null when never computed. */
  computedAt: string | null;
}

/** One day of `GET /api/projects/:id/risk/history` (Europe/Paris day). */
export interface ProjectRiskHistoryPoint {
  day: string;
  score: number;
  level: RiskLevel;
  levelLabel: string;
  factors: RiskFactorResponse[];
}

/** `GET /api/projects/:id/risk/history?from=&to=` (default: last 90 days), oldest first. */
export interface ProjectRiskHistoryResponse {
  projectId: string;
  items: ProjectRiskHistoryPoint[];
}

/** `GET /api/risks/projects` query (all optional). `level` may hold several levels separated by commas. */
export interface RiskyProjectsQuery {
  campaign?: number;
  region?: string;
  level?: string;
  page?: number;
  pageSize?: number;
}

/** One line of `GET /api/risks/projects`, riskiest first (score desc, then code). */
export interface RiskyProjectSummary {
  projectId: string;
  code: string;
  name: string;
  campaignYear: number;
  region: { code: string; name: string };
  status: ProjectStatus;
  statusLabel: string;
  score: number;
  level: RiskLevel;
  levelLabel: string;
  factors: RiskFactorResponse[];
  computedAt: string;
  /** The second tranche still to pay (granted − paid, at most half the grant): the money at risk. */
  tranche2Cents: number;
}

export type RiskyProjectsResponse = Page<RiskyProjectSummary>;

// ---------------------------------------------------------------------------------------------------------------
// Risk register

export type RiskStatus = 'OUVERT' | 'EN_TRAITEMENT' | 'CLOS';
export const RISK_STATUSES: readonly RiskStatus[] = ['OUVERT', 'EN_TRAITEMENT', 'CLOS'];
export const RISK_STATUS_LABELS: Readonly<Record<RiskStatus, string>> = {
  OUVERT: 'Ouvert',
  EN_TRAITEMENT: 'En traitement',
  CLOS: 'Clos',
};
/** Probability and impact scales, 1–4. */
export const RISK_PROBABILITY_LABELS: Readonly<Record<number, string>> = {
  1: 'Rare',
  2: 'Possible',
  3: 'Probable',
  4: 'Quasi certain',
};
export const RISK_IMPACT_LABELS: Readonly<Record<number, string>> = {
  1: 'Mineur',
  2: 'Modéré',
  3: 'Majeur',
  4: 'Critique',
};

/**
 * A register risk. `project` null = not tied to a project: `regionCode` set = regional risk of that ARS,
 * `regionCode` null = programme-level risk (CNSA only).
 */
export interface RiskResponse {
  id: string;
  project: { id: string; code: string; name: string } | null;
  regionCode: string | null;
  /** Null for programme-level risks. */
  regionName: string | null;
  title: string;
  description: string;
  probability: number;
  impact: number;
  /** probability × impact (1–16). */
  criticity: number;
  owner: string;
  mitigation: string | null;
  status: RiskStatus;
  statusLabel: string;
  /** Next review date, YYYY-MM-DD. */
  reviewOn: string | null;
  version: number;
  createdAt: string;
  createdByName: string | null;
  updatedAt: string;
  updatedByName: string | null;
}

/** `GET /api/risks` query (all optional). `status` may hold several statuses separated by commas. */
export interface RiskListQuery {
  /** Risks of this campaign's projects, plus regional and programme-level risks. */
  campaign?: number;
  region?: string;
  projectId?: string;
  /** `true`: programme-level risks only. */
  programme?: boolean;
  status?: string;
  probability?: number;
  impact?: number;
  /** Searched in the title, description and owner. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export type RiskListResponse = Page<RiskResponse>;

/**
 * `POST /api/risks`. With `projectId` the region is the project's (`regionCode` ignored if equal, refused if
 * different). Without it: `regionCode` for a regional risk, neither for a programme-level risk (CNSA only).
 */
export interface CreateRiskRequest {
  projectId?: string | null;
  regionCode?: string | null;
  /** 3–200 characters. */
  title: string;
  /** Up to 4 000 characters. */
  description: string;
  /** 1–4. */
  probability: number;
  /** 1–4. */
  impact: number;
  /** 2–200 characters (person or team in charge). */
  owner: string;
  mitigation?: string | null;
  /** Default OUVERT. */
  status?: RiskStatus;
  reviewOn?: string | null;
}

/** `PATCH /api/risks/:id`: `version` is the version read (or send it in `If-Match`); 409 when stale. */
export interface UpdateRiskRequest {
  version?: number;
  title?: string;
  description?: string;
  probability?: number;
  impact?: number;
  owner?: string;
  mitigation?: string | null;
  status?: RiskStatus;
  reviewOn?: string | null;
}

/** One item of `GET /api/risks/:id/history` (a `Page<RiskHistoryEntry>`, `?page=&pageSize=`): audit rows, newest first. */
export interface RiskHistoryEntry {
  id: string;
  occurredAt: string;
  actor: { id: string | null; email: string | null; displayName: string | null };
  /** `risk.created`, `risk.updated`. */
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

/** `GET /api/risks/heatmap` (same filters as the list; default status OUVERT,EN_TRAITEMENT). */
export interface RiskHeatmapCell {
  probability: number;
  impact: number;
  count: number;
}
export interface RiskHeatmapResponse {
  /** Always the 16 cells, probability 1–4 × impact 1–4, including empty ones. */
  cells: RiskHeatmapCell[];
  total: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts

export type AlertKind = 'JALON_EN_RETARD' | 'JALON_ECHEANCE_30J' | 'ENVELOPPE_SOUS_CONSOMMEE' | 'RISQUE_AGGRAVE';
export const ALERT_KINDS: readonly AlertKind[] = [
  'JALON_EN_RETARD',
  'JALON_ECHEANCE_30J',
  'ENVELOPPE_SOUS_CONSOMMEE',
  'RISQUE_AGGRAVE',
];
export const ALERT_KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  JALON_EN_RETARD: 'Jalon en retard',
  JALON_ECHEANCE_30J: 'Jalon à échéance sous 30 jours',
  ENVELOPPE_SOUS_CONSOMMEE: 'Enveloppe sous-consommée',
  RISQUE_AGGRAVE: 'Risque aggravé',
};

/** An alert of the user's scope (its region, or national for CNSA roles), with the user's seen state. */
export interface AlertResponse {
  id: string;
  kind: AlertKind;
  kindLabel: string;
  /** French sentence: « Jalon INS qualifiée en retard de 12 jours (3 ESSMS) », « Risque passé de Modéré à Élevé ». */
  message: string;
  project: { id: string; code: string; name: string } | null;
  /** Set for envelope alerts. */
  envelope: EnvelopeRef | null;
  regionCode: string | null;
  regionName: string | null;
  campaignYear: number | null;
  createdAt: string;
  seen: boolean;
  seenAt: string | null;
}

/** `GET /api/alerts` query (all optional). `kind` may hold several kinds separated by commas. */
export interface AlertListQuery {
  kind?: string;
  region?: string;
  campaign?: number;
  projectId?: string;
  /** `true`: only alerts this user has not seen. */
  unseen?: boolean;
  page?: number;
  pageSize?: number;
}

/** `GET /api/alerts`: newest first, with the user's number of unseen alerts (whatever the filters). */
export interface AlertListResponse extends Page<AlertResponse> {
  unseen: number;
}

/** `GET /api/alerts/count` (for the header badge). */
export interface AlertCountResponse {
  unseen: number;
}

/** `POST /api/alerts/:id/seen` → 204. `POST /api/alerts/seen` marks every alert of the user's scope (optionally
 * of the given kinds) as seen and answers how many were marked. */
export interface MarkAlertsSeenRequest {
  kind?: string;
}
export interface MarkAlertsSeenResponse {
  marked: number;
  unseen: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Data freshness

/** `GET /api/freshness?campaign=&region=`. */
export interface FreshnessQuery {
  campaign?: number;
  region?: string;
}

export interface RegionFreshness {
  regionCode: string;
  regionName: string;
  projectCount: number;
  staleProjectCount: number;
  /** Latest change to any of the region's projects (audit log / updated_at); null when none. */
  lastUpdateAt: string | null;
  /** Whole days since `lastUpdateAt` (null when none). */
  daysSinceUpdate: number | null;
  stale: boolean;
}

export interface ProjectFreshness {
  projectId: string;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  status: ProjectStatus;
  statusLabel: string;
  lastUpdateAt: string;
  daysSinceUpdate: number;
  stale: boolean;
  /** What is stale, in French: « Aucune mise à jour depuis 75 jours », « 2 jalons échus sans déclaration ». */
  staleItems: string[];
}

export interface FreshnessResponse {
  campaignYear: number | null;
  /** The day the freshness is measured (YYYY-MM-DD, Europe/Paris). */
  asOf: string;
  staleAfterDays: number;
  /** The regions of the user's scope, stalest first. */
  regions: RegionFreshness[];
  /** Stale projects of the user's scope, stalest first (at most 200). */
  staleProjects: ProjectFreshness[];
}

// ---------------------------------------------------------------------------------------------------------------
// Forecast

/** `GET /api/forecast?campaign=&region=` (campaign defaults to the current one). */
export interface ForecastQuery {
  campaign?: number;
  region?: string;
}

/** Cumulative amounts at the end of a month (`YYYY-MM`). */
export interface ForecastActualPoint {
  month: string;
  committedCents: number;
  paidCents: number;
}

/** Projected cumulative amounts at the end of a month, with a low/high band. */
export interface ForecastProjectedPoint {
  month: string;
  committedCents: number;
  committedLowCents: number;
  committedHighCents: number;
  paidCents: number;
  paidLowCents: number;
  paidHighCents: number;
}

export interface EnvelopeForecast {
  envelope: EnvelopeRef;
  delegatedCents: number;
  committedCents: number;
  paidCents: number;
  restToCommitCents: number;
  /** Monthly history from the campaign start to the current month. */
  actual: ForecastActualPoint[];
  /** From the current month to the campaign end (first point = today's actual). */
  projected: ForecastProjectedPoint[];
  projectedCommittedAtEndCents: number;
  projectedCommittedLowAtEndCents: number;
  projectedCommittedHighAtEndCents: number;
  projectedPaidAtEndCents: number;
  /** Linear campaign plan: delegated × elapsed share of the campaign year. */
  plannedCommittedToDateCents: number;
  /** Committed below 80 % of the plan to date. */
  underConsumed: boolean;
  /** Tranche 2 still to pay of this envelope's projects at ÉLEVÉ or CRITIQUE. */
  moneyAtRiskCents: number;
  projectsAtRisk: number;
}

export interface ForecastAtRiskProject {
  projectId: string;
  code: string;
  name: string;
  regionCode: string;
  level: RiskLevel;
  levelLabel: string;
  score: number;
  tranche2Cents: number;
}

export interface ForecastResponse {
  campaignYear: number;
  asOf: string;
  /** YYYY-MM-DD: 1 January of the campaign's year. */
  campaignStartOn: string;
  /** YYYY-MM-DD: the campaign's usage deadline, or 31 December of the following year when none is set. */
  campaignEndOn: string;
  /** French explanation of the projection method and band. */
  method: string;
  /** The « Projets » envelopes of the scope (national + ARS). */
  envelopes: EnvelopeForecast[];
  totals: {
    delegatedCents: number;
    committedCents: number;
    paidCents: number;
    projectedCommittedAtEndCents: number;
    moneyAtRiskCents: number;
    projectsAtRisk: number;
  };
  /** Projects at ÉLEVÉ or CRITIQUE with tranche 2 still to pay, largest first (at most 50). */
  atRiskProjects: ForecastAtRiskProject[];
}

/** `POST /api/forecast/simulations/transfer` (CNSA_ADMIN, CNSA_ANALYST): nothing is saved. Refused like the real
 * transfer: 409 `ENVELOPE_BELOW_COMMITTED` (field `amountCents`) when the source would fall below its committed
 * amount, 400 when the envelopes are the same or of another campaign or line. */
export interface TransferSimulationRequest {
  fromEnvelopeId: string;
  toEnvelopeId: string;
  amountCents: number;
}

export interface SimulatedEnvelopeState {
  delegatedCents: number;
  committedCents: number;
  paidCents: number;
  restToCommitCents: number;
  projectedCommittedAtEndCents: number;
  /** delegated − projected committed at the campaign end (negative = projected overrun). */
  projectedUnusedAtEndCents: number;
}

export interface SimulatedEnvelope {
  envelope: EnvelopeRef;
  before: SimulatedEnvelopeState;
  after: SimulatedEnvelopeState;
}

export interface TransferSimulationResponse {
  amountCents: number;
  from: SimulatedEnvelope;
  to: SimulatedEnvelope;
}

// ---------------------------------------------------------------------------------------------------------------
// Campaign risk parameters

/** `GET /api/campaigns/:year/risk-parameters`. */
export interface RiskParametersResponse {
  campaignYear: number;
  parameters: RiskParameters;
  /** True when the campaign uses the domain defaults (never edited). */
  isDefault: boolean;
  version: number;
  updatedAt: string | null;
  updatedByName: string | null;
}

/** `PATCH /api/campaigns/:year/risk-parameters` (CNSA_ADMIN, audited). Weights 0–100 each; thresholds
 * 1–100 and strictly increasing; staleAfterDays 1–365. 409 when `version` is stale. */
export interface UpdateRiskParametersRequest {
  version?: number;
  weights?: Partial<Record<RiskFactorCode, number>>;
  levelThresholds?: { MODERE: number; ELEVE: number; CRITIQUE: number };
  staleAfterDays?: number;
  lateDaysForFullWeight?: number;
  usageDeadlineDays?: number;
  paymentGraceDays?: number;
}
