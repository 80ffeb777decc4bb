import type { GradesResponse, RegionResponse } from '@esms/api-contract';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../../common/auth/policy';
import { RegionCodePipe } from './region-code.pipe';
import { OrganisationsService } from './organisations.service';

@ApiTags('Référentiel')
@Controller()
@Authenticated()
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get('regions')
  @ApiOperation({ summary: 'Les 18 régions, leur ARS et les GRADeS qui les servent.' })
  @ApiOkResponse({ description: 'Régions triées par nom.' })
  listRegions(): Promise<RegionResponse[]> {
    return this.organisations.listRegions();
  }

  @Get('regions/:code')
  @ApiOperation({ summary: "Une région par son code INSEE (deux chiffres), avec son ARS et ses GRADeS." })
  @ApiParam({ name: 'code', example: '53' })
  @ApiNotFoundResponse({ description: 'Aucune région avec ce code.' })
  getRegion(@Param('code', RegionCodePipe) code: string): Promise<RegionResponse> {
    return this.organisations.getRegion(code);
  }

  @Get('grades')
  @ApiOperation({ summary: 'Les GRADeS et les régions que chacun sert.' })
  listGrades(): Promise<GradesResponse[]> {
    return this.organisations.listGrades();
  }
}
