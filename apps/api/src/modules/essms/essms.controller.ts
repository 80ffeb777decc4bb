import type { EssmsCategoryResponse, EssmsResponse, Page } from '@esms/api-contract';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import { CreateEssmsDto, ListEssmsQueryDto, UpdateEssmsDto } from './dto/essms.dto';
import { EssmsService } from './essms.service';

@ApiTags('Référentiel')
@Controller()
export class EssmsController {
  constructor(private readonly essms: EssmsService) {}

  @Get('essms-categories')
  @Authenticated()
  @ApiOperation({ summary: "Catégories FINESS des ESSMS éligibles au programme et leur secteur (les USLD n'y figurent pas)." })
  @ApiOkResponse({ description: 'Catégories triées par secteur puis par code.' })
  listCategories(): Promise<EssmsCategoryResponse[]> {
    return this.essms.listCategories();
  }

  @Get('essms')
  @Authenticated()
  @ApiOperation({
    summary: 'ESSMS : recherche par FINESS géographique ou nom, filtres par région, catégorie, secteur et organisme gestionnaire.',
  })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }, triés par nom.' })
  @ApiBadRequestResponse({ description: 'Numéro FINESS invalide, filtre mal formé.' })
  list(@Query() query: ListEssmsQueryDto): Promise<Page<EssmsResponse>> {
    return this.essms.list(query);
  }

  @Get('essms/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Un ESSMS, sa catégorie, son secteur, son organisme gestionnaire et son projet en cours.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNotFoundResponse({ description: 'ESSMS introuvable.' })
  get(@Param('id') id: string): Promise<EssmsResponse> {
    return this.essms.get(id);
  }

  @Post('essms')
  @Roles('CNSA_ADMIN', 'ARS_OFFICER')
  @ApiOperation({ summary: 'Crée un ESSMS (FINESS géographique contrôlé et unique ; département et région tirés du FINESS).' })
  @ApiCreatedResponse({ description: 'ESSMS créé.' })
  @ApiBadRequestResponse({ description: 'FINESS invalide, catégorie inconnue ou refusée (USLD), organisme gestionnaire inconnu.' })
  @ApiForbiddenResponse({ description: 'Réservé à la CNSA et à l’ARS de la région du FINESS.' })
  @ApiConflictResponse({ description: 'Numéro FINESS déjà utilisé (par un ESSMS ou comme FINESS juridique).' })
  create(@Body() body: CreateEssmsDto, @User() user: CurrentUser): Promise<EssmsResponse> {
    return this.essms.create(body, user);
  }

  @Patch('essms/:id')
  @Roles('CNSA_ADMIN', 'ARS_OFFICER')
  @ApiOperation({ summary: 'Modifie un ESSMS (verrou optimiste sur version ; ARS : dans sa région).' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNotFoundResponse({ description: 'ESSMS introuvable (ou d’une autre région pour une ARS).' })
  @ApiConflictResponse({ description: 'Version périmée, ou numéro FINESS déjà utilisé.' })
  update(@Param('id') id: string, @Body() body: UpdateEssmsDto, @User() user: CurrentUser): Promise<EssmsResponse> {
    return this.essms.update(id, body, user);
  }
}
