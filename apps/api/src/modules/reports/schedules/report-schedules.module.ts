import { Module } from '@nestjs/common';

import { ReportsModule } from '../reports.module';
import { ReportArchive, SnapshotReportArchive } from './report-archive';
import { ReportScheduleRunner } from './report-schedule-runner';
import { ReportSchedulesController } from './report-schedules.controller';
import { ReportSchedulesService } from './report-schedules.service';

/**
 * Scheduled reports (issue 7): schedules, runs (one report per ARS, frozen and e-mailed to its officers) and the
 * minute tick that starts them. Uses the reports module's snapshots, the global JobsModule and MailModule.
 */
@Module({
  imports: [ReportsModule],
  controllers: [ReportSchedulesController],
  providers: [ReportSchedulesService, ReportScheduleRunner, { provide: ReportArchive, useClass: SnapshotReportArchive }],
  exports: [ReportSchedulesService, ReportScheduleRunner],
})
export class ReportSchedulesModule {}
