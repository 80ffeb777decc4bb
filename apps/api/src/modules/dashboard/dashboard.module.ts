import { Module } from '@nestjs/common';

import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ProgrammeSettingsController } from './programme-settings.controller';
import { ProgrammeSettingsService } from './programme-settings.service';

/** National and regional dashboards (KPIs and chart series aggregated in PostgreSQL) and the programme's settings. */
@Module({
  controllers: [DashboardController, ProgrammeSettingsController],
  providers: [DashboardService, ProgrammeSettingsService],
})
export class DashboardModule {}
