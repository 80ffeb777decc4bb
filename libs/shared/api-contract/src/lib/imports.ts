/**
 * Imports of projects, memberships and milestone updates from CSV or XLSX files (ARS officers, CNSA): a dry run
 * that lists every error with its line, column and value, then an all-or-nothing commit. Re-importing the same
 * file changes nothing (rows matched by natural keys: project code, FINESS).
 */

export const IMPORT_KINDS = ['projects', 'members', 'milestones'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  projects: 'Projets et leurs ESSMS',
  members: 'Membres des projets',
  milestones: 'Mises à jour de jalons',
};

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a row does: creates, updates, changes nothing (« inchangé »). */
export type ImportRowOutcome = 'CREE' | 'MIS_A_JOUR' | 'INCHANGE';

export const IMPORT_OUTCOME_LABELS: Readonly<Record<ImportRowOutcome, string>> = {
  CREE: 'Créé',
  MIS_A_JOUR: 'Mis à jour',
  INCHANGE: 'Inchangé',
};

/** SIMULE: dry run; APPLIQUE: committed; REFUSE: commit refused because of errors (nothing written). */
export type ImportBatchStatus = 'SIMULE' | 'APPLIQUE' | 'REFUSE';

export const IMPORT_STATUS_LABELS: Readonly<Record<ImportBatchStatus, string>> = {
  SIMULE: 'Simulation',
  APPLIQUE: 'Appliqué',
  REFUSE: 'Refusé (rien écrit)',
};

/** One error of a file: the line of the file (1 = header row), the column header and the value at fault. */
export interface ImportIssue {
  line: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

/** What one row (or group of rows, for a project) does. */
export interface ImportRowResult {
  /** Lines of the file concerned (a project of the « projets » file spans one line per ESSMS). */
  lines: number[];
  /** The natural key: project code, « code — FINESS », « code — jalon ». */
  key: string;
  outcome: ImportRowOutcome;
  /** In French: « Projet 2024-53-0007 créé avec 15 ESSMS », « Nom modifié »… */
  description: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

/** Answer of `POST /api/imports` (and `details.report` of a refused commit, 422 IMPORT_REJECTED). */
export interface ImportReport {
  /** The recorded batch (history). */
  id: string;
  kind: ImportKind;
  kindLabel: string;
  format: ImportFormat;
  fileName: string;
  sha256: string;
  dryRun: boolean;
  status: ImportBatchStatus;
  statusLabel: string;
  /** Data rows read (header excluded). */
  rowCount: number;
  counts: ImportCounts;
  errors: ImportIssue[];
  rows: ImportRowResult[];
  /** The same file (same SHA-256) was already applied: when and by whom. */
  alreadyApplied: { id: string; createdAt: string; author: string | null } | null;
  createdAt: string;
}

/** One line of `GET /api/imports` (history). */
export interface ImportBatchSummary {
  id: string;
  kind: ImportKind;
  kindLabel: string;
  format: ImportFormat;
  fileName: string;
  sha256: string;
  dryRun: boolean;
  status: ImportBatchStatus;
  statusLabel: string;
  regionCode: string | null;
  rowCount: number;
  counts: ImportCounts;
  author: string | null;
  createdAt: string;
}

/** Query of `GET /api/imports/template`. */
export interface ImportTemplateQuery {
  kind: ImportKind;
  format: ImportFormat;
}
