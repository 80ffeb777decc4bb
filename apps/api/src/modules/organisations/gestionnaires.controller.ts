import type { OrganismeGestionnaireResponse, Page } from '@esms/api-contract';
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
import { CreateGestionnaireDto, ListGestionnairesQueryDto, UpdateGestionnaireDto } from './dto/gestionnaire.dto';
import { GestionnairesService } from './gestionnaires.service';

@ApiTags('Référentiel')
@Controller('gestionnaires')
export class GestionnairesController {
  constructor(private readonly gestionnaires: GestionnairesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Organismes gestionnaires : recherche par FINESS juridique, SIREN ou nom, filtre par région, pagination.' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }, triés par nom.' })
  list(@Query() query: ListGestionnairesQueryDto): Promise<Page<OrganismeGestionnaireResponse>> {
    return this.gestionnaires.list(query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Un organisme gestionnaire, avec sa région et son nombre d’ESSMS.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNotFoundResponse({ description: 'Organisme gestionnaire introuvable.' })
  get(@Param('id') id: string): Promise<OrganismeGestionnaireResponse> {
    return this.gestionnaires.get(id);
  }

  @Post()
  @Roles('CNSA_ADMIN', 'ARS_OFFICER')
  @ApiOperation({ summary: 'Crée un organisme gestionnaire (FINESS juridique contrôlé, unique ; ARS : dans sa région).' })
  @ApiCreatedResponse({ description: 'Organisme gestionnaire créé.' })
  @ApiBadRequestResponse({ description: 'FINESS ou SIREN invalide, région incohérente avec le FINESS.' })
  @ApiForbiddenResponse({ description: 'Réservé à la CNSA et à l’ARS de la région.' })
  @ApiConflictResponse({ description: 'Numéro FINESS déjà utilisé.' })
  create(@Body() body: CreateGestionnaireDto, @User() user: CurrentUser): Promise<OrganismeGestionnaireResponse> {
    return this.gestionnaires.create(body, user);
  }

  @Patch(':id')
  @Roles('CNSA_ADMIN', 'ARS_OFFICER')
  @ApiOperation({ summary: 'Modifie un organisme gestionnaire (verrou optimiste sur version ; ARS : dans sa région).' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNotFoundResponse({ description: 'Organisme gestionnaire introuvable (ou d’une autre région pour une ARS).' })
  @ApiConflictResponse({ description: 'Version périmée, ou numéro FINESS déjà utilisé.' })
  update(@Param('id') id: string, @Body() body: UpdateGestionnaireDto, @User() user: CurrentUser): Promise<OrganismeGestionnaireResponse> {
    return this.gestionnaires.update(id, body, user);
  }
}
