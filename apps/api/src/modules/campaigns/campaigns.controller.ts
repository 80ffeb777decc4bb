import type { CampaignResponse } from '@esms/api-contract';
import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../../common/auth/policy';
import { DomainException } from '../../common/errors/domain.exception';
import { CampaignsService } from './campaigns.service';

@ApiTags('Campagnes')
@Controller('campaigns')
@Authenticated()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({ summary: 'Les campagnes (2021 amorçage, 2022–2025 généralisation), leur instruction et leurs seuils.' })
  @ApiOkResponse({ description: 'Campagnes triées par année.' })
  list(): Promise<CampaignResponse[]> {
    return this.campaigns.list();
  }

  @Get(':year')
  @ApiOperation({ summary: 'Une campagne par son année.' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiNotFoundResponse({ description: 'Aucune campagne pour cette année.' })
  get(
    @Param(
      'year',
      new ParseIntPipe({
        exceptionFactory: () =>
          new DomainException('VALIDATION_FAILED', "L'année de campagne doit être un nombre entier (par exemple 2024).", 'year'),
      }),
    )
    year: number,
  ): Promise<CampaignResponse> {
    return this.campaigns.get(year);
  }
}
