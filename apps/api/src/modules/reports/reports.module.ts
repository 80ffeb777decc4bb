import { Module } from '@nestjs/common';

import { MonitoringReportService } from './monitoring-report.service';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';
import { ReportSnapshotsService } from './report-snapshots.service';
import { ReportsController } from './reports.controller';

/**
 * Monitoring reports (« Rapport de suivi » as XLSX, ODS, CSV, PDF, streamed), frozen snapshots and open data.
 * `MonitoringReportService` and `ReportSnapshotsService` are exported for the scheduled reports.
 */
@Module({
  controllers: [ReportsController, OpenDataController],
  providers: [MonitoringReportService, ReportSnapshotsService, OpenDataService],
  exports: [MonitoringReportService, ReportSnapshotsService],
})
export class ReportsModule {}
