import type { ImportBatchSummary, ImportReport, Page } from '@esms/api-contract';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { attachmentDisposition } from '../milestones/evidence-file';
import { ImportBodyDto, ImportQueryDto, ImportTemplateQueryDto } from './dto/import.dto';
import { ImportUploadInterceptor } from './import-upload.interceptor';
import { ImportsService, type UploadedImportFile } from './imports.service';
import { CONTENT_TYPES, csvTemplate, TEMPLATE_FILE_NAMES, xlsxTemplate } from './templates';

@ApiTags('Imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('template')
  @Authenticated()
  @ApiOperation({ summary: 'Modèle à remplir (en-têtes en français, une ligne d’exemple ; XLSX avec une feuille « Notice » qui explique chaque colonne).' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'Le modèle, en pièce jointe.' })
  async template(@Query() query: ImportTemplateQueryDto, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const content = query.format === 'xlsx' ? await xlsxTemplate(query.kind) : csvTemplate(query.kind);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(content, {
      type: CONTENT_TYPES[query.format],
      disposition: attachmentDisposition(`${TEMPLATE_FILE_NAMES[query.kind]}.${query.format}`),
      length: content.length,
    });
  }

  @Post()
  @Roles('ARS_OFFICER', 'CNSA_ADMIN')
  @HttpCode(200)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: ['projects', 'members', 'milestones'] },
        file: { type: 'string', format: 'binary', description: 'Le fichier CSV (UTF-8, « ; ») ou XLSX.' },
      },
    },
  })
  @ApiOperation({
    summary:
      'Importe des projets, des membres ou des déclarations de jalons (CSV UTF-8 « ; » ou XLSX) : simulation (dryRun=true) qui liste chaque erreur avec sa ligne, sa colonne et sa valeur, ou application tout ou rien (dryRun=false). Réimporter le même fichier ne change rien.',
  })
  @ApiOkResponse({ description: 'Le rapport : lignes créées, mises à jour, inchangées, erreurs.' })
  @ApiBadRequestResponse({ description: 'Fichier illisible : encodage, séparateur, colonnes inconnues ou manquantes, fichier vide (details.issues).' })
  @ApiForbiddenResponse({ description: 'Réservé aux agents des ARS et à l’administration CNSA.' })
  @ApiPayloadTooLargeResponse({ description: 'Fichier plus grand que IMPORT_MAX_MB.' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Ni CSV ni XLSX (contenu vérifié).' })
  @ApiUnprocessableEntityResponse({ description: 'Application refusée : au moins une erreur, rien n’est écrit (details.report).' })
  run(
    @User() user: CurrentUser,
    @Query() query: ImportQueryDto,
    @Body() body: ImportBodyDto,
    @UploadedFile() file: UploadedImportFile | undefined,
  ): Promise<ImportReport> {
    return this.imports.run(user, body.kind, file, query.dryRun !== 'false');
  }

  @Get()
  @Roles('ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR')
  @ApiOperation({ summary: 'Historique des imports (simulations et applications), du plus récent au plus ancien ; une ARS voit ceux de sa région.' })
  history(@User() user: CurrentUser, @Query() query: PageQueryDto): Promise<Page<ImportBatchSummary>> {
    return this.imports.history(user, query);
  }

  @Get(':id')
  @Roles('ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR')
  @ApiOperation({ summary: 'Le rapport d’un import passé.' })
  @ApiNotFoundResponse({ description: 'Import introuvable (ou d’une autre région).' })
  detail(@User() user: CurrentUser, @Param('id') id: string): Promise<ImportReport> {
    return this.imports.detail(user, id);
  }
}
