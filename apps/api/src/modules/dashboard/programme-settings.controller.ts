import type { ProgrammeSettingResponse } from '@esms/api-contract';
import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
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
import { UpdateProgrammeSettingDto } from './dto/programme-setting.dto';
import { ProgrammeSettingsService } from './programme-settings.service';

@ApiTags('Paramètres du programme')
@Controller('programme-settings')
export class ProgrammeSettingsController {
  constructor(private readonly settings: ProgrammeSettingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Les paramètres du programme gardés comme données : cible d’ESSMS embarqués (36 500 au départ)…',
  })
  @ApiOkResponse({ description: 'Liste ProgrammeSettingResponse (libs/shared/api-contract), par code.' })
  list(): Promise<ProgrammeSettingResponse[]> {
    return this.settings.list();
  }

  @Patch(':code')
  @Roles('CNSA_ADMIN')
  @ApiParam({ name: 'code', example: 'ESSMS_TARGET' })
  @ApiOperation({ summary: 'Modifie la valeur d’un paramètre du programme (verrou optimiste sur version, journalisé).' })
  @ApiOkResponse({ description: 'Le paramètre modifié.' })
  @ApiBadRequestResponse({ description: 'Valeur invalide (le champ fautif est nommé).' })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  @ApiNotFoundResponse({ description: 'Aucun paramètre de ce code.' })
  @ApiConflictResponse({ description: 'Version périmée : le paramètre a changé entre-temps.' })
  update(
    @Param('code') code: string,
    @Body() body: UpdateProgrammeSettingDto,
    @User() user: CurrentUser,
  ): Promise<ProgrammeSettingResponse> {
    return this.settings.update(code, body, user);
  }
}
