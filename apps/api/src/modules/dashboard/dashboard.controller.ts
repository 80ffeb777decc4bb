import type { NationalDashboardResponse, RegionalDashboardResponse } from '@esms/api-contract';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated } from '../../common/auth/policy';
import type { EncodedPayload } from './dashboard-loader';
import { DashboardQueryDto } from './dto/dashboard-query.dto';
import { DashboardService } from './dashboard.service';

/** Whether an Accept-Encoding header accepts gzip (`gzip`, `gzip;q=0.8`, `*`; not `gzip;q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...parameters] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const quality = parameters
      .map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1])
      .find((value) => value !== undefined);
    return quality === undefined || Number(quality) > 0;
  });
}

/**
 * Sends a payload that is JSON text already, or its gzip bytes (computed once per snapshot). Browsers may keep it
 * but must revalidate (`no-cache`): Express answers 304 while its ETag matches, so an unchanged dashboard is not
 * sent again; `private`: never kept by a shared cache.
 */
function send<T>(response: Response, payload: EncodedPayload<T>): void {
  response.setHeader('Cache-Control', 'private, no-cache');
  response.setHeader('Vary', 'Accept-Encoding');
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (payload.gzip) response.setHeader('Content-Encoding', 'gzip');
  response.send(payload.body);
}

@ApiTags('Tableaux de bord')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get('national')
  @Authenticated()
  @ApiOperation({
    summary:
      'Tableau de bord national : enveloppes déléguées, engagé, versé (T1 / T2), reste à engager, ESSMS embarqués / cible, jalons en retard, montant à risque, et toutes les séries des graphiques et de la carte.',
    description:
      'Agrégats seulement (aucune ligne de projet) : lisible par tout utilisateur connecté. Filtres campagne, type d’appel et secteur. Réponse NationalDashboardResponse (libs/shared/api-contract), compressée en gzip pour les clients qui l’acceptent.',
  })
  @ApiOkResponse({ description: 'Indicateurs, séries et une ligne par région.' })
  @ApiBadRequestResponse({
    description: 'Filtre invalide ou campagne inexistante (le champ fautif est nommé).',
  })
  async national(
    @Query() query: DashboardQueryDto,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const payload: EncodedPayload<NationalDashboardResponse> = await this.dashboards.national(
      query,
      acceptsGzip(acceptEncoding),
    );
    send(response, payload);
  }

  @Get('regions/:code')
  @Authenticated()
  @ApiParam({ name: 'code', description: 'Code INSEE de la région (53, 04…).' })
  @ApiOperation({
    summary:
      'Tableau de bord d’une région : les mêmes indicateurs et séries, et ses projets ayant des jalons en retard.',
    description:
      'Réponse RegionalDashboardResponse (libs/shared/api-contract). Une autre région que les vôtres répond 404.',
  })
  @ApiOkResponse({ description: 'Indicateurs, séries et projets en retard de la région.' })
  @ApiNotFoundResponse({ description: 'Région inconnue ou hors de vos régions.' })
  @ApiBadRequestResponse({
    description: 'Filtre invalide ou campagne inexistante (le champ fautif est nommé).',
  })
  async regional(
    @User() user: CurrentUser,
    @Param('code') code: string,
    @Query() query: DashboardQueryDto,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const payload: EncodedPayload<RegionalDashboardResponse> = await this.dashboards.regional(
      user,
      code,
      query,
      acceptsGzip(acceptEncoding),
    );
    send(response, payload);
  }
}
