import type { BulkMilestoneResponse, MilestoneResponse, ProjectMilestonesResponse } from '@esms/api-contract';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated } from '../../common/auth/policy';
import {
  BulkMilestoneDto,
  MilestoneDeclarationDto,
  MilestoneRejectionDto,
  MilestoneValidationDto,
  ProjectMilestonesQueryDto,
} from './dto/milestone.dto';
import { attachmentDisposition, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from './evidence-file';
import { MilestonesService, type UploadedEvidence } from './milestones.service';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Version lue du jalon (à défaut du champ « version » du corps).' };

@ApiTags('Jalons')
@Controller()
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Get('projects/:id/milestones')
  @Authenticated()
  @ApiOperation({
    summary:
      'Jalons d’un projet, dans l’ordre du catalogue (une ligne par ESSMS membre pour les jalons suivis par ESSMS), avec leur retard et leurs pièces ; filtrables par type, ESSMS, état ou retard, paginés ; avec l’avancement de chaque type.',
  })
  @ApiNotFoundResponse({ description: 'Projet introuvable (ou hors de vos régions).' })
  list(@User() user: CurrentUser, @Param('id') id: string, @Query() query: ProjectMilestonesQueryDto): Promise<ProjectMilestonesResponse> {
    return this.milestones.list(user, id, query);
  }

  @Post('projects/:id/milestones/bulk')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Déclare, valide ou rejette en une fois plusieurs jalons d’un même type (par exemple « DUI déployé » pour les ESSMS choisis) : tout ou rien, chaque version vérifiée.',
  })
  @ApiForbiddenResponse({ description: "Réservé à l'ARS de la région et à l'administration CNSA (niveau CNSA : administration CNSA)." })
  @ApiNotFoundResponse({ description: 'Projet introuvable, ou jalon qui n’est pas de ce projet.' })
  @ApiConflictResponse({ description: 'Un jalon modifié entre-temps (version périmée) ou dans un état qui ne permet pas l’action : rien n’est enregistré.' })
  bulk(@User() user: CurrentUser, @Param('id') id: string, @Body() body: BulkMilestoneDto): Promise<BulkMilestoneResponse> {
    return this.milestones.bulk(user, id, body);
  }

  @Post('milestones/:id/declaration')
  @Authenticated()
  @HttpCode(200)
  @UseInterceptors(
    UploadErrorsInterceptor,
    FilesInterceptor('files', MAX_EVIDENCE_FILES, {
      // File names are UTF-8 (« procès-verbal.pdf »), not busboy's default latin1.
      defParamCharset: 'utf8',
      limits: { fileSize: MAX_EVIDENCE_BYTES, files: MAX_EVIDENCE_FILES, fields: 50, fieldSize: 64 * 1024, parts: 60 },
    }),
  )
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Déclare un jalon atteint : commentaire, valeurs d’indicateurs, jusqu’à 5 pièces (PDF, PNG, JPEG, ODT, DOCX, XLSX, CSV ; 10 Mo chacune).',
  })
  @ApiForbiddenResponse({ description: "Réservé à l'ARS de la région et à l'administration CNSA." })
  @ApiConflictResponse({ description: 'Jalon dans un état qui ne se déclare pas, ou version périmée.' })
  @ApiPayloadTooLargeResponse({ description: 'Fichier de plus de 10 Mo.' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Type de fichier refusé (contenu vérifié).' })
  declare(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: MilestoneDeclarationDto,
    @UploadedFiles() files: UploadedEvidence[] | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<MilestoneResponse> {
    return this.milestones.declare(user, id, body, files ?? [], ifMatch);
  }

  @Post('milestones/:id/validation')
  @Authenticated()
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Valide un jalon déclaré : niveau ARS (ARS de la région ou CNSA), puis niveau CNSA (administration CNSA).' })
  @ApiConflictResponse({ description: 'Jalon dans un état qui ne se valide pas à ce niveau, ou version périmée.' })
  validate(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: MilestoneValidationDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<MilestoneResponse> {
    return this.milestones.validate(user, id, body, ifMatch);
  }

  @Post('milestones/:id/rejection')
  @Authenticated()
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Rejette une déclaration de jalon, avec un commentaire obligatoire (le jalon pourra être déclaré de nouveau).' })
  @ApiConflictResponse({ description: 'Jalon dans un état qui ne se rejette pas, ou version périmée.' })
  reject(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: MilestoneRejectionDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<MilestoneResponse> {
    return this.milestones.reject(user, id, body, ifMatch);
  }

  @Get('milestones/:id/evidence/:evidenceId')
  @Authenticated()
  @ApiOperation({ summary: 'Télécharge une pièce justificative d’un jalon (en pièce jointe).' })
  @ApiOkResponse({ description: 'Le fichier, avec son type vérifié à l’envoi.' })
  @ApiNotFoundResponse({ description: 'Jalon ou pièce introuvable (ou hors de vos régions).' })
  async evidence(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Param('evidenceId') evidenceId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.milestones.evidence(user, id, evidenceId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: attachmentDisposition(file.fileName),
      length: file.content.length,
    });
  }
}
