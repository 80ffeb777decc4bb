import type { EssmsCategoryResponse } from '@esms/api-contract';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../../common/auth/policy';
import { EssmsService } from './essms.service';

@ApiTags('Référentiel')
@Controller()
@Authenticated()
export class EssmsController {
  constructor(private readonly essms: EssmsService) {}

  @Get('essms-categories')
  @ApiOperation({ summary: "Catégories FINESS des ESSMS éligibles au programme et leur secteur (les USLD n'y figurent pas)." })
  @ApiOkResponse({ description: 'Catégories triées par secteur puis par code.' })
  listCategories(): Promise<EssmsCategoryResponse[]> {
    return this.essms.listCategories();
  }
}
