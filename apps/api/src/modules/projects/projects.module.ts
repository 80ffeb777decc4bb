import { Module } from '@nestjs/common';

import { MilestonesModule } from '../milestones/milestones.module';
import { PaymentsModule } from '../payments/payments.module';
import { ProjectCommentsController } from './project-comments.controller';
import { ProjectCommentsService } from './project-comments.service';
import { ProjectTransitionsService } from './project-transitions.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

/** Projects (grappes) with their workflow, comments and history; brings the milestones and payments modules. */
@Module({
  imports: [MilestonesModule, PaymentsModule],
  controllers: [ProjectsController, ProjectCommentsController],
  providers: [ProjectsService, ProjectTransitionsService, ProjectCommentsService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
