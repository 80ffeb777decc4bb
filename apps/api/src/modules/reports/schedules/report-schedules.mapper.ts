import type {
  ReportScheduleFormat,
  ReportScheduleFrequency,
  ReportScheduleResponse,
  ReportScheduleRunResponse,
  ReportScheduleRunResult,
  ReportScheduleRunStatus,
  ReportScheduleTrigger,
} from '@esms/api-contract';
import { describeReportRule, type ReportRule } from '@esms/domain';

export interface ScheduleRow {
  id: string;
  name: string;
  frequency: ReportScheduleFrequency;
  day_of_month: number | null;
  day_of_week: number | null;
  hour: number;
  formats: ReportScheduleFormat[];
  region_codes: string[] | null;
  active: boolean;
  next_run_at: Date | null;
  version: number;
  updated_at: Date;
}

export interface RunRow {
  id: string;
  schedule_id: string;
  trigger: ReportScheduleTrigger;
  status: ReportScheduleRunStatus;
  as_of: string;
  due_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  results: ReportScheduleRunResult[];
  error: string | null;
}

export const SCHEDULE_COLUMNS = `s.id, s.name, s.frequency, s.day_of_month, s.day_of_week, s.hour, s.formats, s.region_codes,
  s.active, s.next_run_at, s.version, s.updated_at`;
export const RUN_COLUMNS = `r.id, r.schedule_id, r.trigger, r.status, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.due_at,
  r.created_at, r.started_at, r.finished_at, r.results, r.error`;

/** The rule of a schedule row (the CHECK constraint guarantees the day that goes with the frequency). */
export function ruleOf(row: Pick<ScheduleRow, 'frequency' | 'day_of_month' | 'day_of_week' | 'hour'>): ReportRule {
  return row.frequency === 'MENSUEL'
    ? { frequency: 'MENSUEL', dayOfMonth: row.day_of_month ?? 1, hour: row.hour }
    : { frequency: 'HEBDOMADAIRE', dayOfWeek: row.day_of_week ?? 1, hour: row.hour };
}

export function toRunResponse(row: RunRow): ReportScheduleRunResponse {
  return {
    id: row.id,
    scheduleId: row.schedule_id,
    trigger: row.trigger,
    status: row.status,
    asOf: row.as_of,
    dueAt: row.due_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    results: row.results,
    error: row.error,
  };
}

export function toScheduleResponse(row: ScheduleRow, lastRun: RunRow | undefined): ReportScheduleResponse {
  return {
    id: row.id,
    name: row.name,
    frequency: row.frequency,
    dayOfMonth: row.day_of_month,
    dayOfWeek: row.day_of_week,
    hour: row.hour,
    formats: row.formats,
    regionCodes: row.region_codes,
    active: row.active,
    nextRunAt: row.next_run_at?.toISOString() ?? null,
    description: describeReportRule(ruleOf(row)),
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    lastRun: lastRun ? toRunResponse(lastRun) : null,
  };
}

/** The status of a run from its per-ARS results: every ARS failed, some failed, or none. */
export function runStatus(results: ReportScheduleRunResult[]): ReportScheduleRunStatus {
  const failed = results.filter((result) => result.status === 'ECHEC').length;
  if (failed === 0) return 'TERMINE';
  return failed === results.length ? 'ECHEC' : 'PARTIEL';
}
