import { Global, Module } from '@nestjs/common';

import { AlertsService } from './alerts.service';
import { ForecastService } from './forecast.service';
import { FreshnessService } from './freshness.service';
import { RiskParametersService } from './risk-parameters.service';
import { RiskScoringService } from './risk-scoring.service';
import { AlertsController, ForecastController, ProjectRiskController, RiskParametersController, RisksController } from './risks.controller';
import { RisksService } from './risks.service';

/**
 * Risk (issue #6): project risk scores and their daily history, the risk register, alerts, data freshness and the
 * consumption forecast. Global: exports {@link RiskScoringService} to the write paths (milestones, projects, payments).
 */
@Global()
@Module({
  controllers: [ProjectRiskController, RisksController, AlertsController, ForecastController, RiskParametersController],
  providers: [RiskScoringService, RisksService, AlertsService, ForecastService, FreshnessService, RiskParametersService],
  exports: [RiskScoringService],
})
export class RisksModule {}
