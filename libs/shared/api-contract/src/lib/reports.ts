import type { Page } from './errors';

/**
 * Monitoring reports (« Rapport de suivi »), frozen snapshots and open data.
 *
 * - `GET /api/reports/monitoring?scope=national|region:<code>&format=xlsx|ods|csv|pdf&asOf=YYYY-MM-DD[&table=]`
 *   streams the file (CSV: a zip of one file per table, or the one table named by `table`).
 * - `POST /api/reports/snapshots` freezes a report (body {@link CreateReportSnapshotRequest}); `GET /api/reports/snapshots`
 *   lists the snapshots in the user's scope; `GET /api/reports/snapshots/:id/file` sends the stored file after checking
 *   its SHA-256 (409 when it no longer matches).
 * - `GET /api/open-data/aggregates.csv` and `GET /api/open-data/aggregates.schema.json` (Table Schema, frictionless).
 */

export type ReportFormat = 'xlsx' | 'ods' | 'csv' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'ods', 'csv', 'pdf'];
export const REPORT_FORMAT_LABELS: Readonly<Record<ReportFormat, string>> = {
  xlsx: 'Excel (XLSX)',
  ods: 'OpenDocument (ODS)',
  csv: 'CSV (archive ZIP ou une table)',
  pdf: 'PDF',
};

/** The tables of the report, in sheet order (`table` of the query takes one of these keys). */
export type ReportTableKey = 'synthese' | 'enveloppes' | 'projets' | 'essms' | 'jalons' | 'paiements' | 'risques' | 'registre';
export const REPORT_TABLES: readonly ReportTableKey[] = [
  'synthese',
  'enveloppes',
  'projets',
  'essms',
  'jalons',
  'paiements',
  'risques',
  'registre',
];
export const REPORT_TABLE_LABELS: Readonly<Record<ReportTableKey, string>> = {
  synthese: 'Synthèse',
  enveloppes: 'Enveloppes',
  projets: 'Projets',
  essms: 'ESSMS',
  jalons: 'Jalons',
  paiements: 'Paiements',
  risques: 'Risques',
  registre: 'Registre des risques',
};

/** `national`, or `region:<INSEE code>`. */
export type ReportScopeParam = 'national' | `region:${string}`;

export type ReportScope = { kind: 'national' } | { kind: 'region'; code: string };

/** Query of `GET /api/reports/monitoring`. */
export interface MonitoringReportQuery {
  scope: ReportScopeParam;
  format: ReportFormat;
  /** « Situation au » : a past or present day, `YYYY-MM-DD`. */
  asOf: string;
  /** One table only (CSV: a single file rather than a zip). */
  table?: ReportTableKey;
}

/** Body of `POST /api/reports/snapshots`. */
export type CreateReportSnapshotRequest = MonitoringReportQuery;

export type ReportSnapshotOrigin = 'MANUEL' | 'PLANIFIE';

export interface ReportSnapshotResponse {
  id: string;
  scope: ReportScopeParam;
  /** Region name when the scope is a region. */
  regionName: string | null;
  format: ReportFormat;
  table: ReportTableKey | null;
  asOf: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** SHA-256 of the file, hexadecimal. */
  sha256: string;
  origin: ReportSnapshotOrigin;
  createdAt: string;
  /** Display name of the author; null for scheduled runs. */
  createdBy: string | null;
}

export type ReportSnapshotListResponse = Page<ReportSnapshotResponse>;
