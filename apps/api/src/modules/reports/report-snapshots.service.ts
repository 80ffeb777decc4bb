import { createHash } from 'node:crypto';

import type { ReportSnapshotListResponse, ReportSnapshotOrigin, ReportSnapshotResponse, ReportTableKey } from '@esms/api-contract';
import type { DataScope } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { regionCondition } from '../../common/auth/scope';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService } from '../audit/audit.service';
import { isUuid } from '../projects/project-rules';
import { type MonitoringReportRequest, MonitoringReportService, type ScopeOwner } from './monitoring-report.service';

export interface FreezeOptions {
  request: MonitoringReportRequest;
  /** The user who froze it; null for a scheduled run. */
  author: string | null;
  origin: ReportSnapshotOrigin;
  scheduleRunId?: string | null;
  /** Whose scope the report is made in (checked); a scheduled run acts nationally. */
  actor?: ScopeOwner;
}

/** The stored row, with the file (what a scheduled run attaches to its e-mails). */
export interface FrozenReport {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
  createdAt: Date;
}

export interface SnapshotFile {
  fileName: string;
  contentType: string;
  sha256: string;
  content: Buffer;
}

interface SnapshotRow {
  id: string;
  scope_kind: 'NATIONAL' | 'REGION';
  region_code: string | null;
  region_name: string | null;
  format: ReportSnapshotResponse['format'];
  table_key: ReportTableKey | null;
  as_of: string;
  file_name: string;
  content_type: string;
  size_bytes: string;
  sha256: string;
  origin: ReportSnapshotOrigin;
  created_at: Date;
  created_by_name: string | null;
}

const NATIONAL: ScopeOwner = { scope: { kind: 'national' } };

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * « Figer ce rapport »: the report generated once and kept as it is, with its SHA-256; listed in the user's scope
 * (the ARS see their regions' snapshots, the CNSA every one) and sent back only when the file still matches its
 * hash. `freeze` is also what the scheduled runs call (origin PLANIFIE, no author).
 */
@Injectable()
export class ReportSnapshotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: MonitoringReportService,
    private readonly audit: AuditService,
  ) {}

  async freeze(manager: EntityManager | null, options: FreezeOptions): Promise<FrozenReport> {
    const rendered = await this.reports.render(options.request, options.actor ?? NATIONAL);
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    for await (const chunk of rendered.stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      hash.update(buffer);
      chunks.push(buffer);
    }
    const content = Buffer.concat(chunks);
    const digest = hash.digest('hex');
    const { scope } = options.request;
    const store = async (m: EntityManager): Promise<FrozenReport> => {
      const [row] = await m.query<{ id: string; created_at: Date }[]>(
        `INSERT INTO report_snapshot (scope_kind, region_code, format, table_key, as_of, file_name, content_type, size_bytes, sha256, content, origin, schedule_run_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, created_at`,
        [
          scope.kind === 'national' ? 'NATIONAL' : 'REGION',
          scope.kind === 'national' ? null : scope.code,
          options.request.format,
          options.request.table ?? null,
          options.request.asOf,
          rendered.fileName,
          rendered.contentType,
          content.length,
          digest,
          content,
          options.origin,
          options.scheduleRunId ?? null,
          options.author,
        ],
      );
      if (!row) throw new Error('Instantané non enregistré.');
      const author = options.author
        ? ((await m.query<{ id: string; email: string }[]>(`SELECT id, email FROM app_user WHERE id = $1`, [options.author]))[0] ?? null)
        : null;
      await this.audit.record(m, author, {
        action: 'report.snapshot_created',
        entityType: 'report_snapshot',
        entityId: row.id,
        regionCode: scope.kind === 'national' ? null : scope.code,
        changes: {
          fileName: rendered.fileName,
          format: options.request.format,
          asOf: options.request.asOf,
          sha256: digest,
          sizeBytes: content.length,
          origin: options.origin,
        },
      });
      return {
        id: row.id,
        fileName: rendered.fileName,
        contentType: rendered.contentType,
        sizeBytes: content.length,
        sha256: digest,
        content,
        createdAt: row.created_at,
      };
    };
    return manager ? store(manager) : this.dataSource.transaction(store);
  }

  async list(scope: DataScope, page: number, pageSize: number): Promise<ReportSnapshotListResponse> {
    const values: unknown[] = [];
    const where = scope.kind === 'national' ? 'TRUE' : regionCondition(scope, 's.region_code', values);
    const total = Number((await this.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM report_snapshot s WHERE ${where}`, values))[0]?.n ?? 0);
    values.push(pageSize, (page - 1) * pageSize);
    const rows = await this.dataSource.query<SnapshotRow[]>(
      `SELECT s.id, s.scope_kind, s.region_code, r.name AS region_name, s.format, s.table_key, to_char(s.as_of, 'YYYY-MM-DD') AS as_of,
              s.file_name, s.content_type, s.size_bytes, s.sha256, s.origin, s.created_at, u.display_name AS created_by_name
         FROM report_snapshot s
         LEFT JOIN region r ON r.code = s.region_code
         LEFT JOIN app_user u ON u.id = s.created_by
        WHERE ${where}
        ORDER BY s.created_at DESC, s.id
        LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
    return { items: rows.map(toResponse), total, page, pageSize };
  }

  async get(scope: DataScope, id: string): Promise<ReportSnapshotResponse> {
    return toResponse(await this.row(scope, id));
  }

  /** The stored file, after checking it against its SHA-256 (409 when it no longer matches). */
  async file(scope: DataScope, id: string): Promise<SnapshotFile> {
    if (!isUuid(id)) throw DomainException.notFound('Rapport figé', 'id');
    const values: unknown[] = [id];
    const where = scope.kind === 'national' ? 'TRUE' : regionCondition(scope, 'region_code', values);
    const [row] = await this.dataSource.query<{ file_name: string; content_type: string; sha256: string; content: Buffer }[]>(
      `SELECT file_name, content_type, sha256, content FROM report_snapshot WHERE id = $1 AND ${where}`,
      values,
    );
    if (!row) throw DomainException.notFound('Rapport figé', 'id');
    const actual = sha256(row.content);
    if (actual !== row.sha256)
      throw new DomainException(
        'CONFLICT',
        "Le fichier de ce rapport figé ne correspond plus à son empreinte SHA-256 : il a été modifié depuis qu'il a été figé et n'est pas envoyé. Prévenez l'administrateur.",
        'id',
        { expectedSha256: row.sha256, actualSha256: actual },
      );
    return { fileName: row.file_name, contentType: row.content_type, sha256: row.sha256, content: row.content };
  }

  private async row(scope: DataScope, id: string): Promise<SnapshotRow> {
    if (!isUuid(id)) throw DomainException.notFound('Rapport figé', 'id');
    const values: unknown[] = [id];
    const where = scope.kind === 'national' ? 'TRUE' : regionCondition(scope, 's.region_code', values);
    const [row] = await this.dataSource.query<SnapshotRow[]>(
      `SELECT s.id, s.scope_kind, s.region_code, r.name AS region_name, s.format, s.table_key, to_char(s.as_of, 'YYYY-MM-DD') AS as_of,
              s.file_name, s.content_type, s.size_bytes, s.sha256, s.origin, s.created_at, u.display_name AS created_by_name
         FROM report_snapshot s
         LEFT JOIN region r ON r.code = s.region_code
         LEFT JOIN app_user u ON u.id = s.created_by
        WHERE s.id = $1 AND ${where}`,
      values,
    );
    if (!row) throw DomainException.notFound('Rapport figé', 'id');
    return row;
  }
}

function toResponse(row: SnapshotRow): ReportSnapshotResponse {
  return {
    id: row.id,
    scope: row.scope_kind === 'NATIONAL' || row.region_code === null ? 'national' : `region:${row.region_code}`,
    regionName: row.region_name,
    format: row.format,
    table: row.table_key,
    asOf: row.as_of,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    origin: row.origin,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by_name,
  };
}
