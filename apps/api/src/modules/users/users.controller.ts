import type { Page, UserResponse } from '@esms/api-contract';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Roles } from '../../common/auth/policy';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('Utilisateurs')
@Controller('users')
@Roles('CNSA_ADMIN')
@ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Comptes (recherche, filtre par rôle, pagination).' })
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un compte.' })
  @ApiNotFoundResponse({ description: 'Compte introuvable.' })
  get(@Param('id') id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Crée un compte rattaché à la CNSA, une ARS ou un GRADeS.' })
  @ApiCreatedResponse({ description: 'Compte créé.' })
  @ApiConflictResponse({ description: 'Adresse déjà utilisée.' })
  create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Modifie le nom, le rôle, l’organisation ou l’activation (verrou optimiste sur version).' })
  @ApiConflictResponse({ description: 'Version périmée : le compte a changé entre-temps.' })
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @User() actor: CurrentUser): Promise<UserResponse> {
    return this.users.update(id, body, actor);
  }
}
