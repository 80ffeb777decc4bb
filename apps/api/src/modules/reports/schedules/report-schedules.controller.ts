import type {
  ReportScheduleListResponse,
  ReportScheduleResponse,
  ReportScheduleRunListResponse,
  ReportScheduleRunResponse,
} from '@esms/api-contract';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../../common/auth/current-user';
import { Roles } from '../../../common/auth/policy';
import { CreateReportScheduleDto, ListReportScheduleRunsQueryDto, UpdateReportScheduleDto } from './dto/report-schedule.dto';
import { ReportScheduleRunner } from './report-schedule-runner';
import { ReportSchedulesService } from './report-schedules.service';

/** Scheduled reports: the CNSA administrators manage them; analysts and auditors (national readers) see them. */
@ApiTags('Rapports planifiés')
@Controller('reports/schedules')
export class ReportSchedulesController {
  constructor(
    private readonly schedules: ReportSchedulesService,
    private readonly runner: ReportScheduleRunner,
  ) {}

  @Get()
  @Roles('CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR')
  @ApiOperation({ summary: 'Planifications des rapports envoyés aux ARS, avec leur prochain et leur dernier envoi.' })
  @ApiOkResponse({ description: 'Planifications, par nom.' })
  @ApiForbiddenResponse({ description: 'Réservé à la CNSA (administrateurs, analystes, auditeurs).' })
  list(): Promise<ReportScheduleListResponse> {
    return this.schedules.list();
  }

  @Post()
  @Roles('CNSA_ADMIN')
  @ApiOperation({
    summary:
      'Crée une planification : chaque envoi produit un rapport par ARS, limité à sa région, figé et envoyé par e-mail à ses chargés de mission.',
  })
  @ApiCreatedResponse({ description: 'Planification créée, avec la date de son premier envoi.' })
  @ApiBadRequestResponse({ description: 'Champ invalide (nommé dans la réponse).' })
  @ApiConflictResponse({ description: 'Nom déjà pris.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  create(@Body() body: CreateReportScheduleDto, @User() user: CurrentUser): Promise<ReportScheduleResponse> {
    return this.schedules.create(user, body);
  }

  @Patch(':id')
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Modifie une planification (verrouillage optimiste sur « version »), auditée.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ description: 'Planification modifiée, prochain envoi recalculé.' })
  @ApiBadRequestResponse({ description: 'Champ invalide (nommé dans la réponse).' })
  @ApiNotFoundResponse({ description: 'Planification introuvable.' })
  @ApiConflictResponse({ description: 'STALE_VERSION : modifiée entre-temps ; ou nom déjà pris.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  update(
    @Param('id') id: string,
    @Body() body: UpdateReportScheduleDto,
    @User() user: CurrentUser,
  ): Promise<ReportScheduleResponse> {
    return this.schedules.update(user, id, body);
  }

  @Delete(':id')
  @Roles('CNSA_ADMIN')
  @HttpCode(204)
  @ApiOperation({ summary: 'Supprime une planification et son historique d’envois (les rapports figés restent).' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Supprimée.' })
  @ApiNotFoundResponse({ description: 'Planification introuvable.' })
  @ApiConflictResponse({ description: 'Un envoi est en cours.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  remove(@Param('id') id: string, @User() user: CurrentUser): Promise<void> {
    return this.schedules.remove(user, id);
  }

  @Post(':id/run')
  @Roles('CNSA_ADMIN')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Lance un envoi tout de suite (situation au jour même) ; suivez-le dans l’historique des envois.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiAcceptedResponse({ description: 'Envoi créé (EN_ATTENTE), exécuté en tâche de fond.' })
  @ApiNotFoundResponse({ description: 'Planification introuvable.' })
  @ApiConflictResponse({ description: 'Un envoi de cette planification est déjà en cours.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  async run(@Param('id') id: string, @User() user: CurrentUser): Promise<ReportScheduleRunResponse> {
    const run = await this.schedules.requestRun(user, id);
    await this.runner.dispatch(run.id);
    return run;
  }

  @Get(':id/runs')
  @Roles('CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR')
  @ApiOperation({ summary: 'Historique des envois d’une planification, du plus récent au plus ancien, avec le résultat par ARS.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ description: 'Envois, paginés.' })
  @ApiNotFoundResponse({ description: 'Planification introuvable.' })
  @ApiForbiddenResponse({ description: 'Réservé à la CNSA (administrateurs, analystes, auditeurs).' })
  runs(@Param('id') id: string, @Query() query: ListReportScheduleRunsQueryDto): Promise<ReportScheduleRunListResponse> {
    return this.schedules.runs(id, query);
  }
}
