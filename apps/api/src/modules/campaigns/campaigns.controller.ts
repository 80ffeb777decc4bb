import type { CampaignResponse, CampaignRulesResponse } from '@esms/api-contract';
import { Body, Controller, Get, Param, ParseIntPipe, Patch, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import { DomainException } from '../../common/errors/domain.exception';
import { CampaignRulesService } from './campaign-rules.service';
import { CampaignsService } from './campaigns.service';
import { ReplaceFundingRulesDto, ReplaceMilestoneTypesDto, ReplaceUsageIndicatorsDto, UpdateCampaignDto } from './dto/campaign-rules.dto';

/** The campaign year of the path: an integer, or a French 400 on « year ». */
const yearPipe = (): ParseIntPipe =>
  new ParseIntPipe({
    exceptionFactory: () =>
      new DomainException('VALIDATION_FAILED', "L'année de campagne doit être un nombre entier (par exemple 2024).", 'year'),
  });

@ApiTags('Campagnes')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly rules: CampaignRulesService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Les campagnes (2021 amorçage, 2022–2025 généralisation), leur instruction et leurs seuils.' })
  @ApiOkResponse({ description: 'Campagnes triées par année.' })
  list(): Promise<CampaignResponse[]> {
    return this.campaigns.list();
  }

  @Get(':year')
  @Authenticated()
  @ApiOperation({ summary: 'Une campagne par son année.' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiNotFoundResponse({ description: 'Aucune campagne pour cette année.' })
  get(@Param('year', yearPipe()) year: number): Promise<CampaignResponse> {
    return this.campaigns.get(year);
  }

  @Get(':year/rules')
  @Authenticated()
  @ApiOperation({
    summary: 'Les règles d’une campagne : seuils, tranches, table de financement, catalogue des jalons, indicateurs d’usage et échéance.',
  })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiNotFoundResponse({ description: 'Aucune campagne pour cette année.' })
  getRules(@Param('year', yearPipe()) year: number): Promise<CampaignRulesResponse> {
    return this.rules.get(year);
  }

  @Patch(':year')
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Modifie l’instruction, les seuils, la part de la tranche 1 ou l’échéance d’usage (verrou optimiste sur version).' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBadRequestResponse({ description: 'Valeur invalide ou seuils incohérents.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiNotFoundResponse({ description: 'Aucune campagne pour cette année.' })
  @ApiConflictResponse({ description: 'Version périmée : la campagne a changé entre-temps.' })
  update(@Param('year', yearPipe()) year: number, @Body() body: UpdateCampaignDto, @User() user: CurrentUser): Promise<CampaignRulesResponse> {
    return this.rules.update(year, body, user);
  }

  @Put(':year/funding-rules')
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Remplace la table de financement de la campagne (montant par ESSMS selon appel, situation, secteur, territoire).' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBadRequestResponse({ description: 'Ligne invalide ou combinaison en double (le champ nomme la ligne, par exemple rules.3).' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiConflictResponse({ description: 'Version périmée.' })
  replaceFundingRules(
    @Param('year', yearPipe()) year: number,
    @Body() body: ReplaceFundingRulesDto,
    @User() user: CurrentUser,
  ): Promise<CampaignRulesResponse> {
    return this.rules.replaceFundingRules(year, body, user);
  }

  @Put(':year/milestone-types')
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Remplace le catalogue des jalons de la campagne (codes uniques ; un jalon suivi par des projets reste).' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBadRequestResponse({ description: 'Jalon invalide ou code en double.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiConflictResponse({ description: 'Version périmée, ou jalon retiré alors que des projets le suivent.' })
  replaceMilestoneTypes(
    @Param('year', yearPipe()) year: number,
    @Body() body: ReplaceMilestoneTypesDto,
    @User() user: CurrentUser,
  ): Promise<CampaignRulesResponse> {
    return this.rules.replaceMilestoneTypes(year, body, user);
  }

  @Put(':year/indicators')
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Remplace les indicateurs d’usage de la campagne et leurs cibles.' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBadRequestResponse({ description: 'Indicateur invalide ou code en double.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiConflictResponse({ description: 'Version périmée.' })
  replaceUsageIndicators(
    @Param('year', yearPipe()) year: number,
    @Body() body: ReplaceUsageIndicatorsDto,
    @User() user: CurrentUser,
  ): Promise<CampaignRulesResponse> {
    return this.rules.replaceUsageIndicators(year, body, user);
  }
}
