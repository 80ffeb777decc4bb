import { Global, Module } from '@nestjs/common';

import { JobsService } from './jobs.service';
import { MaintenanceJobs } from './maintenance-jobs';

/** Background jobs (pg-boss), available to every module; also registers the daily maintenance jobs. */
@Global()
@Module({
  providers: [JobsService, MaintenanceJobs],
  exports: [JobsService, MaintenanceJobs],
})
export class JobsModule {}
