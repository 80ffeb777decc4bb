import type { DuiSoftwareResponse, Page } from '@esms/api-contract';
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
import { CreateDuiSoftwareDto, ListDuiSoftwareQueryDto, UpdateDuiSoftwareDto } from './dto/dui-software.dto';
import { DuiSoftwareService } from './dui-software.service';

@ApiTags('Référentiel')
@Controller('dui-software')
export class DuiSoftwareController {
  constructor(private readonly software: DuiSoftwareService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Logiciels DUI et leur référencement Ségur (recherche par éditeur, produit ou version).' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }, triés par éditeur puis produit.' })
  list(@Query() query: ListDuiSoftwareQueryDto): Promise<Page<DuiSoftwareResponse>> {
    return this.software.list(query);
  }

  @Post()
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Ajoute un logiciel DUI (référencé Ségur : date obligatoire).' })
  @ApiCreatedResponse({ description: 'Logiciel ajouté.' })
  @ApiBadRequestResponse({ description: 'Champ manquant ou invalide, référencement sans date.' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiConflictResponse({ description: 'Ce logiciel (éditeur, produit, version) existe déjà.' })
  create(@Body() body: CreateDuiSoftwareDto, @User() user: CurrentUser): Promise<DuiSoftwareResponse> {
    return this.software.create(body, user);
  }

  @Patch(':id')
  @Roles('CNSA_ADMIN')
  @ApiOperation({ summary: 'Modifie un logiciel DUI ou son référencement Ségur (verrou optimiste sur rowVersion).' })
  @ApiParam({ name: 'id', example: 1 })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiNotFoundResponse({ description: 'Logiciel introuvable.' })
  @ApiConflictResponse({ description: 'Version de la fiche périmée, ou doublon.' })
  update(@Param('id') id: string, @Body() body: UpdateDuiSoftwareDto, @User() user: CurrentUser): Promise<DuiSoftwareResponse> {
    return this.software.update(id, body, user);
  }
}
