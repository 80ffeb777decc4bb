import type {
  AlertCountResponse,
  AlertListResponse,
  ForecastResponse,
  FreshnessResponse,
  MarkAlertsSeenResponse,
  Page,
  ProjectRiskHistoryResponse,
  ProjectRiskResponse,
  RiskHeatmapResponse,
  RiskHistoryEntry,
  RiskParametersResponse,
  RiskResponse,
  RiskyProjectsResponse,
  TransferSimulationResponse,
} from '@esms/api-contract';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import { DomainException } from '../../common/errors/domain.exception';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { AlertsService } from './alerts.service';
import {
  AlertListQueryDto,
  CreateRiskDto,
  ForecastQueryDto,
  FreshnessQueryDto,
  MarkAlertsSeenDto,
  RiskHistoryQueryDto,
  RiskListQueryDto,
  RiskyProjectsQueryDto,
  TransferSimulationDto,
  UpdateRiskDto,
  UpdateRiskParametersDto,
} from './dto/risk.dto';
import { ForecastService } from './forecast.service';
import { FreshnessService } from './freshness.service';
import { RiskParametersService } from './risk-parameters.service';
import { RiskScoringService } from './risk-scoring.service';
import { RisksService } from './risks.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Version lue (à défaut du champ « version » du corps).' };

const yearPipe = (): ParseIntPipe =>
  new ParseIntPipe({
    exceptionFactory: () => new DomainException('VALIDATION_FAILED', "L'année de campagne doit être un nombre entier (par exemple 2024).", 'year'),
  });

@ApiTags('Risques')
@Controller('projects')
export class ProjectRiskController {
  constructor(private readonly risks: RisksService) {}

  @Get(':id/risk')
  @Authenticated()
  @ApiOperation({ summary: 'Score de risque du projet (0–100), niveau et facteurs expliqués en français.' })
  @ApiOkResponse({ description: '{ score, level, levelLabel, factors: [{ code, label, points }], computedAt }.' })
  @ApiNotFoundResponse({ description: 'Projet introuvable (ou hors de vos régions).' })
  projectRisk(@User() user: CurrentUser, @Param('id') id: string): Promise<ProjectRiskResponse> {
    return this.risks.projectRisk(user, id);
  }

  @Get(':id/risk/history')
  @Authenticated()
  @ApiOperation({ summary: 'Historique quotidien du score de risque du projet (90 derniers jours par défaut).' })
  @ApiNotFoundResponse({ description: 'Projet introuvable (ou hors de vos régions).' })
  projectRiskHistory(@User() user: CurrentUser, @Param('id') id: string, @Query() query: RiskHistoryQueryDto): Promise<ProjectRiskHistoryResponse> {
    return this.risks.projectRiskHistory(user, id, query);
  }
}

@ApiTags('Risques')
@Controller('risks')
export class RisksController {
  constructor(
    private readonly risks: RisksService,
    private readonly scoring: RiskScoringService,
  ) {}

  @Get('projects')
  @Authenticated()
  @ApiOperation({ summary: 'Projets les plus à risque (score décroissant) avec leurs facteurs ; filtres campagne, région, niveau.' })
  riskyProjects(@User() user: CurrentUser, @Query() query: RiskyProjectsQueryDto): Promise<RiskyProjectsResponse> {
    return this.risks.riskyProjects(user, query);
  }

  @Get('heatmap')
  @Authenticated()
  @ApiOperation({ summary: 'Carte de chaleur du registre : nombre de risques par probabilité × impact (ouverts et en traitement par défaut).' })
  heatmap(@User() user: CurrentUser, @Query() query: RiskListQueryDto): Promise<RiskHeatmapResponse> {
    return this.risks.heatmap(user, query);
  }

  @Post('recompute')
  @Roles('CNSA_ADMIN')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recalcule tous les scores et les alertes d’enveloppes (le même traitement que la tâche de chaque nuit).' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  recompute(): Promise<{ projects: number; raised: number; envelopeAlerts: number }> {
    return this.scoring.refreshAll();
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Registre des risques (votre région ; tout le registre pour la CNSA), filtres et pagination.' })
  list(@User() user: CurrentUser, @Query() query: RiskListQueryDto): Promise<Page<RiskResponse>> {
    return this.risks.list(user, query);
  }

  @Post()
  @Roles('ARS_OFFICER', 'CNSA_ADMIN')
  @ApiOperation({ summary: 'Ajoute un risque au registre : d’un projet, de votre région, ou du programme (CNSA seulement).' })
  @ApiCreatedResponse({ description: 'Risque créé.' })
  @ApiBadRequestResponse({ description: 'Champ invalide (message et champ en cause).' })
  @ApiForbiddenResponse({ description: 'Risque du programme ou d’une autre région.' })
  create(@User() user: CurrentUser, @Body() body: CreateRiskDto): Promise<RiskResponse> {
    return this.risks.create(user, body);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Un risque du registre.' })
  @ApiNotFoundResponse({ description: 'Risque introuvable (ou hors de vos régions).' })
  get(@User() user: CurrentUser, @Param('id') id: string): Promise<RiskResponse> {
    return this.risks.get(user, id);
  }

  @Patch(':id')
  @Roles('ARS_OFFICER', 'CNSA_ADMIN')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Modifie un risque sous verrou optimiste (audité).' })
  @ApiConflictResponse({ description: 'Version périmée (état courant dans details.current).' })
  update(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: UpdateRiskDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<RiskResponse> {
    return this.risks.update(user, id, body, ifMatch);
  }

  @Get(':id/history')
  @Authenticated()
  @ApiOperation({ summary: 'Historique du risque (journal d’audit), du plus récent au plus ancien.' })
  history(@User() user: CurrentUser, @Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<RiskHistoryEntry>> {
    return this.risks.history(user, id, query);
  }
}

@ApiTags('Alertes')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Alertes de votre périmètre (jalons en retard ou à échéance, enveloppes sous-consommées, risques aggravés), avec le nombre non vues.' })
  list(@User() user: CurrentUser, @Query() query: AlertListQueryDto): Promise<AlertListResponse> {
    return this.alerts.list(user, query);
  }

  @Get('count')
  @Authenticated()
  @ApiOperation({ summary: 'Nombre d’alertes non vues (pastille de l’en-tête).' })
  count(@User() user: CurrentUser): Promise<AlertCountResponse> {
    return this.alerts.count(user);
  }

  @Post('seen')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Marque comme vues toutes les alertes de votre périmètre (éventuellement d’un type).' })
  markAllSeen(@User() user: CurrentUser, @Body() body: MarkAlertsSeenDto): Promise<MarkAlertsSeenResponse> {
    return this.alerts.markAllSeen(user, body);
  }

  @Post(':id/seen')
  @Authenticated()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Alerte marquée comme vue.' })
  @ApiNotFoundResponse({ description: 'Alerte introuvable (ou hors de votre périmètre).' })
  @ApiOperation({ summary: 'Marque une alerte comme vue (pour vous seulement).' })
  markSeen(@User() user: CurrentUser, @Param('id') id: string): Promise<void> {
    return this.alerts.markSeen(user, id);
  }
}

@ApiTags('Prévisions')
@Controller()
export class ForecastController {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly freshnessService: FreshnessService,
  ) {}

  @Get('forecast')
  @Authenticated()
  @ApiOperation({ summary: 'Prévision de consommation des enveloppes « Projets » jusqu’à la fin de la campagne (avec fourchette) et argent à risque.' })
  forecast(@User() user: CurrentUser, @Query() query: ForecastQueryDto): Promise<ForecastResponse> {
    return this.forecasts.forecast(user, query);
  }

  @Post('forecast/simulations/transfer')
  @Roles('CNSA_ADMIN', 'CNSA_ANALYST')
  @HttpCode(200)
  @ApiOperation({ summary: 'Simule un transfert entre deux enveloppes : les deux enveloppes avant et après (rien n’est enregistré).' })
  @ApiBadRequestResponse({ description: 'Montant invalide, mêmes enveloppes, campagnes ou lignes différentes.' })
  @ApiConflictResponse({ description: 'ENVELOPE_BELOW_COMMITTED : l’enveloppe d’origine passerait sous son montant engagé.' })
  simulate(@User() user: CurrentUser, @Body() body: TransferSimulationDto): Promise<TransferSimulationResponse> {
    return this.forecasts.simulateTransfer(user, body);
  }

  @Get('freshness')
  @Authenticated()
  @ApiOperation({ summary: 'Fraîcheur des données : dernière mise à jour par ARS et par projet, et ce qui est en retard.' })
  freshness(@User() user: CurrentUser, @Query() query: FreshnessQueryDto): Promise<FreshnessResponse> {
    return this.freshnessService.freshness(user, query);
  }
}

@ApiTags('Risques')
@Controller('campaigns')
export class RiskParametersController {
  constructor(private readonly parameters: RiskParametersService) {}

  @Get(':year/risk-parameters')
  @Authenticated()
  @ApiParam({ name: 'year', example: 2024 })
  @ApiOperation({ summary: 'Paramètres du score de risque de la campagne : poids des facteurs, seuils des niveaux, délais.' })
  @ApiNotFoundResponse({ description: 'Aucune campagne pour cette année.' })
  get(@Param('year', yearPipe()) year: number): Promise<RiskParametersResponse> {
    return this.parameters.get(year);
  }

  @Patch(':year/risk-parameters')
  @Roles('CNSA_ADMIN')
  @ApiHeader(IF_MATCH)
  @ApiParam({ name: 'year', example: 2024 })
  @ApiOperation({ summary: 'Modifie les paramètres du score de risque (audité) et recalcule les scores de la campagne.' })
  @ApiBadRequestResponse({ description: 'Poids, seuils ou délais invalides (message et champ en cause).' })
  @ApiConflictResponse({ description: 'Version périmée.' })
  update(
    @User() user: CurrentUser,
    @Param('year', yearPipe()) year: number,
    @Body() body: UpdateRiskParametersDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<RiskParametersResponse> {
    return this.parameters.update(user, year, body, ifMatch);
  }
}
