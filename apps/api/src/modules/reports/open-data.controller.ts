import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import { Public } from '../../common/auth/policy';
import { OpenDataService } from './open-data.service';

@ApiTags('Données ouvertes')
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get('aggregates.csv')
  @Public()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="esms-numerique-agregats.csv"')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'Données ouvertes : agrégats par région et par campagne (projets, ESSMS embarqués, montants délégués, engagés et versés, jalons), sans donnée personnelle.',
    description: 'CSV UTF-8, séparateur virgule, point décimal, décrit par /api/open-data/aggregates.schema.json (Table Schema).',
  })
  @ApiOkResponse({ description: 'Une ligne par région et par campagne.' })
  aggregates(): Promise<string> {
    return this.openData.aggregatesCsv();
  }

  @Get('aggregates.schema.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'Schéma (Table Schema, frictionless) du fichier des agrégats.' })
  @ApiOkResponse({ description: 'Le schéma JSON : champs, types, contraintes, clé primaire.' })
  schema(): Record<string, unknown> {
    return this.openData.schema();
  }
}
