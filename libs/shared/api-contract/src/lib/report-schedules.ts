import type { Page } from './errors';

/** How often a scheduled report goes out (Europe/Paris). */
export type ReportScheduleFrequency = 'MENSUEL' | 'HEBDOMADAIRE';
/** File formats a scheduled report can be sent in. */
export type ReportScheduleFormat = 'xlsx' | 'ods' | 'pdf' | 'csv';
/** A run started by the schedule itself or by « Lancer maintenant ». */
export type ReportScheduleTrigger = 'PLANIFIE' | 'MANUEL';
export type ReportScheduleRunStatus = 'EN_ATTENTE' | 'EN_COURS' | 'TERMINE' | 'PARTIEL' | 'ECHEC';
/** What happened for one ARS in a run. */
export type ReportScheduleRegionStatus = 'ENVOYE' | 'SANS_DESTINATAIRE' | 'ECHEC';

export const REPORT_SCHEDULE_FREQUENCIES: readonly ReportScheduleFrequency[] = ['MENSUEL', 'HEBDOMADAIRE'];
export const REPORT_SCHEDULE_FORMATS: readonly ReportScheduleFormat[] = ['xlsx', 'ods', 'pdf', 'csv'];

export const REPORT_SCHEDULE_FREQUENCY_LABELS: Readonly<Record<ReportScheduleFrequency, string>> = {
  MENSUEL: 'Mensuel',
  HEBDOMADAIRE: 'Hebdomadaire',
};
export const REPORT_SCHEDULE_FORMAT_LABELS: Readonly<Record<ReportScheduleFormat, string>> = {
  xlsx: 'Excel (XLSX)',
  ods: 'OpenDocument (ODS)',
  pdf: 'PDF',
  csv: 'CSV (archive ZIP)',
};
export const REPORT_SCHEDULE_RUN_STATUS_LABELS: Readonly<Record<ReportScheduleRunStatus, string>> = {
  EN_ATTENTE: 'En attente',
  EN_COURS: 'En cours',
  TERMINE: 'Terminé',
  PARTIEL: 'Partiel',
  ECHEC: 'Échec',
};
export const REPORT_SCHEDULE_REGION_STATUS_LABELS: Readonly<Record<ReportScheduleRegionStatus, string>> = {
  ENVOYE: 'Envoyé',
  SANS_DESTINATAIRE: 'Aucun destinataire actif',
  ECHEC: 'Échec',
};
/** Days of the week, 1 = lundi … 7 = dimanche (ISO). */
export const WEEKDAY_LABELS: readonly string[] = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** Body of `POST /api/reports/schedules`. */
export interface CreateReportScheduleRequest {
  name: string;
  frequency: ReportScheduleFrequency;
  /** MENSUEL only: 1 to 28. */
  dayOfMonth?: number | null;
  /** HEBDOMADAIRE only: 1 (lundi) to 7 (dimanche). */
  dayOfWeek?: number | null;
  /** Hour of sending, Europe/Paris (0 to 23, default 7). */
  hour?: number;
  formats: ReportScheduleFormat[];
  /** INSEE codes of the ARS regions to send to; null or absent for every ARS. */
  regionCodes?: string[] | null;
  active?: boolean;
}

/** Body of `PATCH /api/reports/schedules/:id` (optimistic locking on `version`). */
export interface UpdateReportScheduleRequest extends Partial<CreateReportScheduleRequest> {
  version: number;
}

export interface ReportScheduleResponse {
  id: string;
  name: string;
  frequency: ReportScheduleFrequency;
  dayOfMonth: number | null;
  dayOfWeek: number | null;
  hour: number;
  formats: ReportScheduleFormat[];
  /** null = every ARS. */
  regionCodes: string[] | null;
  active: boolean;
  /** Next planned sending (ISO instant), null when inactive. */
  nextRunAt: string | null;
  /** Plain French description, e.g. « Le 5 de chaque mois à 7 h ». */
  description: string;
  version: number;
  updatedAt: string;
  lastRun: ReportScheduleRunResponse | null;
}

export interface ReportScheduleRunResult {
  regionCode: string;
  regionName: string;
  status: ReportScheduleRegionStatus;
  /** Frozen reports (one per format) kept for this ARS. */
  snapshotIds: string[];
  /** Number of officers the e-mail went to. */
  recipients: number;
  /** Files attached (false: too big, the e-mail gives the way to download them). */
  attached: boolean;
  error?: string;
}

export interface ReportScheduleRunResponse {
  id: string;
  scheduleId: string;
  trigger: ReportScheduleTrigger;
  status: ReportScheduleRunStatus;
  /** « Situation au » date of the reports (YYYY-MM-DD). */
  asOf: string;
  dueAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  results: ReportScheduleRunResult[];
  error: string | null;
}

export type ReportScheduleListResponse = Page<ReportScheduleResponse>;
export type ReportScheduleRunListResponse = Page<ReportScheduleRunResponse>;
