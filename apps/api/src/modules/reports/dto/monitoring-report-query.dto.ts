import {
  REPORT_FORMATS,
  REPORT_TABLES,
  type MonitoringReportQuery,
  type ReportFormat,
  type ReportScopeParam,
  type ReportTableKey,
} from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

import type { MonitoringReportRequest } from '../monitoring-report.service';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

/** Query of `GET /api/reports/monitoring` and body of `POST /api/reports/snapshots`. */
export class MonitoringReportQueryDto implements MonitoringReportQuery {
  @ApiProperty({ example: 'region:53', description: '« national » ou « region:<code INSEE> ».' })
  @Matches(/^(national|region:\d{2})$/, { message: 'Le périmètre doit valoir « national » ou « region:<code> » (par exemple region:53).' })
  @IsString({ message: 'Le périmètre doit valoir « national » ou « region:<code> » (par exemple region:53).' })
  scope: ReportScopeParam;

  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS, { message: 'Le format doit valoir xlsx, ods, csv ou pdf.' })
  format: ReportFormat;

  @ApiProperty({ example: '2026-11-30', description: 'Date de situation (AAAA-MM-JJ), au plus aujourd’hui.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'La date de situation doit être au format AAAA-MM-JJ.' })
  @IsString({ message: 'La date de situation doit être au format AAAA-MM-JJ.' })
  asOf: string;

  @ApiPropertyOptional({ enum: REPORT_TABLES, description: 'Une seule table (CSV : un fichier au lieu d’une archive ZIP).' })
  @IsOptional()
  @IsIn(REPORT_TABLES, { message: `La table doit valoir l'une de ${REPORT_TABLES.join(', ')}.` })
  table?: ReportTableKey;
}

export function toReportRequest(query: MonitoringReportQuery): MonitoringReportRequest {
  return {
    scope: query.scope === 'national' ? { kind: 'national' } : { kind: 'region', code: query.scope.slice('region:'.length) },
    format: query.format,
    asOf: query.asOf,
    ...(query.table ? { table: query.table } : {}),
  };
}
