import type { CallType, EssmsSector, ProjectStatus, SoftwareSituation } from '@esms/domain';

/**
 * Dashboards: `GET /api/dashboard/national` and `GET /api/dashboard/regions/:code`, each one payload with the KPI
 * tiles and every chart series, aggregated in PostgreSQL. Money is in integer cents; dates are ISO `YYYY-MM-DD`;
 * times are ISO 8601 (UTC). Lateness is judged on `today` (the calendar day in Europe/Paris).
 *
 * Rules behind the figures (the same words as the UI guide):
 * - « Engagé » of a project: nothing before the decision; the grant once retained, less the tranches cancelled;
 *   once refused or abandoned, what was already paid (the rule of the envelope ledger).
 * - « Versé » (T1 / T2): tranches paid, including those whose recovery is requested (the money left until it
 *   comes back).
 * - « Enveloppe déléguée » and « Reste à engager » are envelope figures (the ledger the Enveloppes page shows):
 *   national view: every holder; regional view: the region's ARS envelopes. The call type filter selects the holder
 *   (national → national envelope; regional → ARS and GRADeS envelopes); the sector filter does not apply to them
 *   (an envelope is not split by sector).
 * - The sector filter keeps the projects having at least one ESSMS of the sector (a grant is not split by sector:
 *   their amounts are whole) and, in the ESSMS series, the ESSMS of the sector only.
 * - « Jalon en retard »: due date before today and status À venir, Déclaré or Rejeté, for projects under way
 *   (Retenu to Cibles validées), as `isMilestoneLate` of the domain.
 * - « Montant à risque »: tranche 2 still to pay (« À verser ») of the projects under way that have at least one
 *   late milestone. Projects without a convention have no tranche yet and count for nothing. (Risk levels, high
 *   and critical, come with the risk feature; this is the lateness rule meanwhile.)
 * - « ESSMS embarqués »: distinct ESSMS that are live members of a project holding a commitment (Retenu onwards,
 *   refused and abandoned projects excepted).
 */

export type DashboardScopeKind = 'national' | 'region';

/** The filters as the API understood them (echoed in the payload, so that a shared URL reads back the same). */
export interface DashboardFilters {
  /** Campaign year; null: every campaign. */
  campaign: number | null;
  callType: CallType | null;
  sector: EssmsSector | null;
}

/** Query string of both routes. */
export interface DashboardQuery {
  campaign?: number;
  callType?: CallType;
  sector?: EssmsSector;
}

export interface DashboardKpis {
  /** « Enveloppe déléguée », every line (Projets, soutien régional, frais de gestion). */
  delegatedCents: number;
  /** « Enveloppe déléguée », line « Projets » (what projects are funded from). */
  delegatedProjectsCents: number;
  /** « Engagé ». */
  committedCents: number;
  /** « Versé » tranche 1. */
  paidTranche1Cents: number;
  /** « Versé » tranche 2. */
  paidTranche2Cents: number;
  /** T1 + T2. */
  paidCents: number;
  /** « Reste à engager » = délégué − engagé of the « Projets » envelopes in view (envelope ledger). */
  restToCommitCents: number;
  /** « ESSMS embarqués ». */
  essmsOnboarded: number;
  /** « cible » of the programme (a programme setting, editable data). */
  essmsTarget: number;
  /** Projects in view, every status. */
  projects: number;
  /** « Jalons en retard ». */
  lateMilestones: number;
  /** Projects with at least one late milestone. */
  projectsWithLateMilestones: number;
  /** « Montant à risque ». */
  atRiskCents: number;
  /** Projects whose usage targets were met (Cibles validées, Soldé, or Clôturé after tranche 2 paid). */
  targetsMet: number;
  /** Projects whose targets were judged, met or not (the previous ones plus Solde annulé, Récupération demandée…). */
  targetsAssessed: number;
  /** targetsMet / targetsAssessed, between 0 and 1; null when nothing was judged yet. */
  targetsMetShare: number | null;
}

/** One bar of « délégué / engagé / versé » per ARS, and the national line (national call). */
export interface DashboardHolderRow {
  holderKind: 'ARS' | 'NATIONAL';
  /** The ARS's region; null for the national line. */
  regionCode: string | null;
  /** « ARS Bretagne », « Enveloppe nationale ». */
  label: string;
  /** « Projets » envelope; null on the national line of a regional dashboard (not a regional figure). */
  delegatedCents: number | null;
  committedCents: number;
  paidCents: number;
}

/** Payments of one month (by date of payment) and the running total since the first. */
export interface DashboardPaymentMonth {
  /** `YYYY-MM`. */
  month: string;
  tranche1Cents: number;
  tranche2Cents: number;
  cumulativeCents: number;
}

export interface DashboardStatusRow {
  status: ProjectStatus;
  /** « Dossier déposé », « Retenu »… */
  label: string;
  count: number;
  committedCents: number;
}

/** Milestones of one catalogue code, each counted once: validated, declared, late, to come or not reached. */
export interface DashboardMilestoneTypeRow {
  code: string;
  label: string;
  position: number;
  /** Validé ARS or Validé CNSA. */
  validated: number;
  /** Déclaré, not late. */
  declared: number;
  /** « Jalon en retard » (projects under way). */
  late: number;
  /** À venir or Rejeté, not late. */
  toCome: number;
  /** Non atteint. */
  notReached: number;
  total: number;
}

export interface DashboardSectorRow {
  sector: EssmsSector;
  label: string;
  essms: number;
}

export interface DashboardSituationRow {
  softwareSituation: SoftwareSituation;
  /** « Acquisition », « Mise en conformité ». */
  label: string;
  essms: number;
}

/** One region of the map and of its table. Money and counts by project location (both calls). */
export interface DashboardRegionRow {
  code: string;
  name: string;
  /** The ARS's « Projets » envelope. */
  delegatedCents: number;
  /** Engagé of the projects located in the region (regional and national calls). */
  committedCents: number;
  paidCents: number;
  /** « Taux d'engagement » of the ARS envelope: engagé on it / délégué, between 0 and 1; null without envelope. */
  commitmentRate: number | null;
  lateMilestones: number;
  projects: number;
  essms: number;
  /** Last change of a project, milestone or payment of the region (ISO timestamp); null without projects. */
  lastUpdatedAt: string | null;
}

/** A project of the region with late milestones (regional dashboard only). */
export interface DashboardLateProject {
  id: string;
  code: string;
  name: string;
  status: ProjectStatus;
  statusLabel: string;
  lateMilestones: number;
  /** The earliest due date among its late milestones. */
  oldestLateDueOn: string;
  daysLate: number;
  atRiskCents: number;
}

export interface DashboardSeries {
  byHolder: DashboardHolderRow[];
  paymentsByMonth: DashboardPaymentMonth[];
  projectsByStatus: DashboardStatusRow[];
  milestonesByType: DashboardMilestoneTypeRow[];
  essmsBySector: DashboardSectorRow[];
  essmsBySituation: DashboardSituationRow[];
}

/** `GET /api/dashboard/national`: aggregates only, never a project row (every signed-in role reads it). */
export interface NationalDashboardResponse {
  scope: 'national';
  filters: DashboardFilters;
  /** The day lateness was judged on (Europe/Paris). */
  today: string;
  /** ISO timestamp of the computation. */
  generatedAt: string;
  kpis: DashboardKpis;
  series: DashboardSeries;
  /** The 18 regions, for the map and its table. */
  regions: DashboardRegionRow[];
}

/** `GET /api/dashboard/regions/:code`: the same for one region, with its projects late on their milestones. */
export interface RegionalDashboardResponse extends Omit<NationalDashboardResponse, 'scope'> {
  scope: 'region';
  region: { code: string; name: string };
  /** At most {@link DASHBOARD_LATE_PROJECTS_LIMIT}, most late milestones first, then the oldest. */
  lateProjects: DashboardLateProject[];
}

export const DASHBOARD_LATE_PROJECTS_LIMIT = 10;

/**
 * A programme-level figure kept as data (`programme_setting`), e.g. `ESSMS_TARGET`, the « cible » of « ESSMS
 * embarqués » (36 500). Read by every signed-in user; edited by CNSA administrators (audited, optimistic lock).
 */
export interface ProgrammeSettingResponse {
  code: string;
  label: string;
  /** A count when `unit` is ESSMS (whole number); at most two decimals otherwise. */
  value: number;
  unit: string;
  version: number;
  updatedAt: string;
}

/** `PATCH /api/programme-settings/:code`: the new value, with the version read (stale → 409). */
export interface UpdateProgrammeSettingRequest {
  version: number;
  value: number;
}
