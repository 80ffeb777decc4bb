import { createHash } from 'node:crypto';

import {
  IMPORT_KIND_LABELS,
  IMPORT_STATUS_LABELS,
  type ImportBatchStatus,
  type ImportBatchSummary,
  type ImportCounts,
  type ImportFormat,
  type ImportIssue,
  type ImportKind,
  type ImportReport,
  type ImportRowResult,
  type Page,
} from '@esms/api-contract';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { DomainException } from '../../common/errors/domain.exception';
import type { ErrorCode } from '../../common/errors/error-codes';
import type { PageQueryDto } from '../../common/http/page-query.dto';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { AuditService } from '../audit/audit.service';
import { sanitizeFileName } from '../milestones/evidence-file';
import { MilestonesService } from '../milestones/milestones.service';
import { isUuid, todayInParis } from '../projects/project-rules';
import { ProjectsService } from '../projects/projects.service';
import { withinTransaction } from './bound-service';
import { applyMembers, applyMilestones, applyProjects, type ApplyContext, type ApplyOutcome } from './import-appliers';
import { IMPORT_SPECS } from './kinds';
import { memberDuplicates, readMemberLine, type MemberColumn } from './kinds/members';
import { milestoneDuplicates, readMilestoneLine, type MilestoneColumn } from './kinds/milestones';
import { groupProjects, rawProjectKey, readProjectLine, type ProjectColumn } from './kinds/projects';
import { readRows, type ImportRow } from './parsing/columns';
import { parseCsv } from './parsing/csv';
import { detectFileType } from './parsing/file-type';
import type { ParseResult } from './parsing/table';
import { parseXlsx } from './parsing/xlsx';

export const DEFAULT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Data rows of one file: beyond, split the file (a transaction of that size stays short). */
export const MAX_IMPORT_ROWS = 5000;

/** A file received by multer (memory storage). */
export interface UploadedImportFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

interface BatchRow {
  id: string;
  kind: ImportKind;
  format: ImportFormat;
  file_name: string;
  sha256: string;
  dry_run: boolean;
  status: ImportBatchStatus;
  region_code: string | null;
  row_count: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  error_count: number;
  report: { errors: ImportIssue[]; rows: ImportRowResult[] };
  author: string | null;
  created_at: Date;
}

const BATCH_SELECT = `SELECT b.id, b.kind, b.format, b.file_name, b.sha256, b.dry_run, b.status, b.region_code, b.row_count, b.created_count,
  b.updated_count, b.unchanged_count, b.error_count, b.report, u.display_name AS author, b.created_at
  FROM import_batch b LEFT JOIN app_user u ON u.id = b.created_by`;

const STATUS_CODES: Readonly<Record<400 | 413 | 415, ErrorCode>> = { 400: 'VALIDATION_FAILED', 413: 'FILE_TOO_LARGE', 415: 'FILE_TYPE_REFUSED' };

function fileRefused(result: Extract<ParseResult, { ok: false }>): DomainException {
  return new DomainException(STATUS_CODES[result.status], result.message, 'file', { issues: result.issues });
}

function countsOf(rows: readonly ImportRowResult[], errors: readonly ImportIssue[]): ImportCounts {
  return {
    created: rows.filter((row) => row.outcome === 'CREE').length,
    updated: rows.filter((row) => row.outcome === 'MIS_A_JOUR').length,
    unchanged: rows.filter((row) => row.outcome === 'INCHANGE').length,
    errors: errors.length,
  };
}

function byLine(a: ImportIssue, b: ImportIssue): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

function toSummary(row: BatchRow): ImportBatchSummary {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: IMPORT_KIND_LABELS[row.kind],
    format: row.format,
    fileName: row.file_name,
    sha256: row.sha256,
    dryRun: row.dry_run,
    status: row.status,
    statusLabel: IMPORT_STATUS_LABELS[row.status],
    regionCode: row.region_code,
    rowCount: row.row_count,
    counts: { created: row.created_count, updated: row.updated_count, unchanged: row.unchanged_count, errors: row.error_count },
    author: row.author,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Imports of projects, members and milestone updates (CSV or XLSX). The file is checked (size, type by content,
 * encoding, separator, columns, formulas, duplicates), then every row is applied through the real services in ONE
 * transaction, each project or milestone in a savepoint: a dry run rolls the whole transaction back and reports what
 * would be created, updated or left unchanged, with every error; a commit keeps it only when no row was refused.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly projects: ProjectsService,
    private readonly milestones: MilestonesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxBytes(): number {
    return this.config.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  }

  async run(user: CurrentUser, kind: ImportKind, file: UploadedImportFile | undefined, dryRun: boolean): Promise<ImportReport> {
    if (user.role !== 'ARS_OFFICER' && user.role !== 'CNSA_ADMIN') {
      throw new DomainException('FORBIDDEN', "Les imports sont réservés aux agents des ARS et à l'administration CNSA.");
    }
    if (!file) throw new DomainException('VALIDATION_FAILED', 'Joignez le fichier à importer (CSV ou XLSX) dans le champ « file ».', 'file');
    const fileName = sanitizeFileName(file.originalname || 'import');
    const megabytes = Math.round((this.maxBytes / 1024 / 1024) * 10) / 10;
    if (file.buffer.length > this.maxBytes) {
      throw new DomainException('FILE_TOO_LARGE', `Le fichier « ${fileName} » dépasse ${megabytes} Mo : découpez-le en plusieurs fichiers.`, 'file');
    }
    if (file.buffer.length === 0) {
      throw new DomainException('VALIDATION_FAILED', `Le fichier « ${fileName} » est vide : il doit contenir la ligne d'en-tête du modèle puis une ligne par donnée.`, 'file');
    }
    const type = detectFileType(file.buffer);
    if (!type.ok) throw new DomainException('FILE_TYPE_REFUSED', type.message, 'file');
    const parsed = type.format === 'xlsx' ? await parseXlsx(file.buffer) : parseCsv(file.buffer);
    if (!parsed.ok) throw fileRefused(parsed);
    const spec = IMPORT_SPECS[kind];
    const read = readRows(parsed.table, spec.columns);
    if (!read.ok) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `L'en-tête du fichier ne correspond pas au modèle « ${IMPORT_KIND_LABELS[kind]} » : ${read.issues[0]?.message ?? ''}`,
        'file',
        { issues: read.issues },
      );
    }
    if (read.rows.length === 0) {
      throw new DomainException('VALIDATION_FAILED', `Le fichier « ${fileName} » ne contient que la ligne d'en-tête : ajoutez une ligne par donnée.`, 'file');
    }
    if (read.rows.length > MAX_IMPORT_ROWS) {
      throw new DomainException(
        'FILE_TOO_LARGE',
        `Le fichier compte ${read.rows.length} lignes de données, pour ${MAX_IMPORT_ROWS} au plus par import : découpez-le.`,
        'file',
      );
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const formulaLines = new Set(read.issues.map((issue) => issue.line ?? 0));

    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    let report: ImportReport;
    try {
      await queryRunner.startTransaction();
      const manager = queryRunner.manager;
      const context: ApplyContext = {
        manager,
        user,
        projects: withinTransaction(this.projects, manager),
        milestones: withinTransaction(this.milestones, manager),
      };
      const outcome = await this.apply(kind, context, read.rows, formulaLines);
      const errors = [...read.issues, ...outcome.errors].sort(byLine);
      const status: ImportBatchStatus = dryRun ? 'SIMULE' : errors.length > 0 ? 'REFUSE' : 'APPLIQUE';
      const draft = {
        kind,
        format: parsed.table.format,
        fileName,
        sha256,
        sizeBytes: file.buffer.length,
        dryRun,
        status,
        rowCount: read.rows.length,
        errors,
        rows: outcome.rows,
      };
      if (status === 'APPLIQUE') {
        report = await this.record(manager, user, draft);
        await this.audit.record(manager, user, {
          action: 'import.applied',
          entityType: 'import_batch',
          entityId: report.id,
          regionCode: user.scope.kind === 'regions' ? (user.regionCode ?? null) : null,
          changes: {
            kind: { before: null, after: kind },
            fileName: { before: null, after: fileName },
            sha256: { before: null, after: sha256 },
            counts: { before: null, after: report.counts },
          },
        });
        await queryRunner.commitTransaction();
      } else {
        await queryRunner.rollbackTransaction();
        report = await this.record(this.dataSource.manager, user, draft);
      }
    } catch (error) {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      await queryRunner.release();
    }
    if (report.status === 'REFUSE') {
      throw new DomainException(
        'IMPORT_REJECTED',
        `Import refusé : ${report.counts.errors} erreur(s) dans le fichier, rien n'a été écrit. Corrigez-les (voir le rapport) puis recommencez.`,
        'file',
        { report },
      );
    }
    return report;
  }

  /**
   * Reads the rows of the kind, checks the file as a whole (duplicates, consistent project lines), then applies what
   * can be: a project (or a project's members) with one bad line is not applied at all, so that its other lines do
   * not raise misleading errors (a grappe one line short of its threshold…).
   */
  private async apply(kind: ImportKind, context: ApplyContext, rows: readonly ImportRow[], formulaLines: ReadonlySet<number>): Promise<ApplyOutcome> {
    const errors: ImportIssue[] = [];
    /** Keys (project code, or the natural key of a new project) of the rows that cannot be read. */
    const badKeys = new Set<string>();
    const read = <T>(row: ImportRow, reader: (row: ImportRow) => { value?: T; issues: ImportIssue[] }, keyOf: (row: ImportRow) => string): T | null => {
      if (formulaLines.has(row.line)) {
        badKeys.add(keyOf(row));
        return null;
      }
      const result = reader(row);
      errors.push(...result.issues);
      if (!result.value) badKeys.add(keyOf(row));
      return result.value ?? null;
    };
    const codeOf = (row: ImportRow): string => (row.values['code'] ?? '').trim().toUpperCase();

    if (kind === 'projects') {
      const lines = rows.flatMap((row) => read(row, (item) => readProjectLine(item as ImportRow<ProjectColumn>), rawProjectKey) ?? []);
      const grouped = groupProjects(lines);
      errors.push(...grouped.issues);
      const badLines = new Set(grouped.issues.map((issue) => issue.line));
      const groups = grouped.groups.filter((group) => !badKeys.has(group.key) && !group.lines.some((line) => badLines.has(line.line)));
      const outcome = await applyProjects(context, groups);
      return { rows: outcome.rows, errors: [...errors, ...outcome.errors] };
    }
    if (kind === 'members') {
      const lines = rows.flatMap((row) => read(row, (item) => readMemberLine(item as ImportRow<MemberColumn>), codeOf) ?? []);
      const repeated = memberDuplicates(lines);
      for (const issue of repeated) badKeys.add(lines.find((line) => line.line === issue.line)?.code ?? '');
      const outcome = await applyMembers(
        context,
        lines.filter((line) => !badKeys.has(line.code)),
      );
      return { rows: outcome.rows, errors: [...errors, ...repeated, ...outcome.errors] };
    }
    const today = todayInParis();
    const lines = rows.flatMap((row) => read(row, (item) => readMilestoneLine(item as ImportRow<MilestoneColumn>, today), (item) => `line:${item.line}`) ?? []);
    const repeated = milestoneDuplicates(lines);
    const badLines = new Set(repeated.map((issue) => issue.line));
    const outcome = await applyMilestones(
      context,
      lines.filter((line) => !badLines.has(line.line)),
    );
    return { rows: outcome.rows, errors: [...errors, ...repeated, ...outcome.errors] };
  }

  /** Writes the batch (history) and returns the report, with the last commit of the same file if any. */
  private async record(
    manager: EntityManager,
    user: CurrentUser,
    draft: {
      kind: ImportKind;
      format: ImportFormat;
      fileName: string;
      sha256: string;
      sizeBytes: number;
      dryRun: boolean;
      status: ImportBatchStatus;
      rowCount: number;
      errors: ImportIssue[];
      rows: ImportRowResult[];
    },
  ): Promise<ImportReport> {
    const params: unknown[] = [draft.sha256, draft.kind];
    const scope = regionCondition(user.scope, 'b.region_code', params);
    const previous = await manager.query<{ id: string; created_at: Date; author: string | null }[]>(
      `SELECT b.id, b.created_at, u.display_name AS author FROM import_batch b LEFT JOIN app_user u ON u.id = b.created_by
        WHERE b.sha256 = $1 AND b.kind = $2 AND b.status = 'APPLIQUE' AND ${scope} ORDER BY b.created_at DESC LIMIT 1`,
      params,
    );
    const counts = countsOf(draft.rows, draft.errors);
    const inserted = await manager.query<{ id: string; created_at: Date }[]>(
      `INSERT INTO import_batch (kind, format, file_name, sha256, size_bytes, dry_run, status, region_code, row_count, created_count,
                                 updated_count, unchanged_count, error_count, report, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15)
       RETURNING id, created_at`,
      [
        draft.kind,
        draft.format,
        draft.fileName,
        draft.sha256,
        draft.sizeBytes,
        draft.dryRun,
        draft.status,
        user.scope.kind === 'regions' ? (user.regionCode ?? null) : null,
        draft.rowCount,
        counts.created,
        counts.updated,
        counts.unchanged,
        counts.errors,
        JSON.stringify({ errors: draft.errors, rows: draft.rows }),
        user.id,
      ],
    );
    const row = inserted[0];
    if (!row) throw new Error("L'enregistrement de l'import n'a rien renvoyé.");
    const last = previous[0];
    return {
      id: row.id,
      kind: draft.kind,
      kindLabel: IMPORT_KIND_LABELS[draft.kind],
      format: draft.format,
      fileName: draft.fileName,
      sha256: draft.sha256,
      dryRun: draft.dryRun,
      status: draft.status,
      statusLabel: IMPORT_STATUS_LABELS[draft.status],
      rowCount: draft.rowCount,
      counts,
      errors: draft.errors,
      rows: draft.rows,
      alreadyApplied: last ? { id: last.id, createdAt: last.created_at.toISOString(), author: last.author } : null,
      createdAt: row.created_at.toISOString(),
    };
  }

  async history(user: CurrentUser, query: PageQueryDto): Promise<Page<ImportBatchSummary>> {
    const params: unknown[] = [];
    const scope = regionCondition(user.scope, 'b.region_code', params);
    const rows = await this.dataSource.query<(BatchRow & { total: string })[]>(
      `${BATCH_SELECT.replace('SELECT ', 'SELECT count(*) OVER () AS total, ')} WHERE ${scope}
        ORDER BY b.created_at DESC, b.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && query.page > 1) {
      const counted = await this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total FROM import_batch b WHERE ${scope}`, params);
      total = Number(counted[0]?.total ?? 0);
    }
    return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
  }

  async detail(user: CurrentUser, id: string): Promise<ImportReport> {
    if (!isUuid(id)) throw DomainException.notFound('Import', 'id');
    const params: unknown[] = [id];
    const scope = regionCondition(user.scope, 'b.region_code', params);
    const rows = await this.dataSource.query<BatchRow[]>(`${BATCH_SELECT} WHERE b.id = $1 AND ${scope}`, params);
    const row = rows[0];
    if (!row) throw DomainException.notFound('Import', 'id');
    const summary = toSummary(row);
    return {
      id: summary.id,
      kind: summary.kind,
      kindLabel: summary.kindLabel,
      format: summary.format,
      fileName: summary.fileName,
      sha256: summary.sha256,
      dryRun: summary.dryRun,
      status: summary.status,
      statusLabel: summary.statusLabel,
      rowCount: summary.rowCount,
      counts: summary.counts,
      errors: row.report.errors,
      rows: row.report.rows,
      alreadyApplied: null,
      createdAt: summary.createdAt,
    };
  }
}
