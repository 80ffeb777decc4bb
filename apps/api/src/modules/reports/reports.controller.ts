import { pipeline } from 'node:stream/promises';

import type { ReportSnapshotListResponse, ReportSnapshotResponse } from '@esms/api-contract';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { MonitoringReportQueryDto, toReportRequest } from './dto/monitoring-report-query.dto';
import { MonitoringReportService } from './monitoring-report.service';
import { ReportSnapshotsService } from './report-snapshots.service';

/** `attachment; filename="…"; filename*=UTF-8''…` (file names are ASCII already; the second form for safety). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('Rapports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: MonitoringReportService,
    private readonly snapshots: ReportSnapshotsService,
  ) {}

  @Get('monitoring')
  @Authenticated()
  @ApiProduces(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.oasis.opendocument.spreadsheet',
    'application/zip',
    'text/csv',
    'application/pdf',
  )
  @ApiOperation({
    summary:
      'Rapport de suivi national ou d’une région à une date (« situation au … ») : XLSX / ODS (feuilles Synthèse, Enveloppes, Projets, ESSMS, Jalons, Paiements, Risques, Registre des risques), CSV (archive ZIP d’un fichier par table, ou la table demandée) ou PDF.',
    description:
      'Produit en flux depuis la base (curseur), jamais tronqué ; le nombre de lignes de chaque table est écrit dans la Synthèse (et en dernière ligne de chaque CSV). Risques : scores calculés par projet ; Registre des risques (`table=registre`) : les risques du registre existant à la date, dans leur état de ce jour-là (journal d’audit), avec le périmètre de `GET /api/risks` — ceux de la région pour un rapport régional, ceux du programme en plus au national. Le périmètre national est réservé aux rôles nationaux (CNSA, audit) ; une ARS ou un GRADeS n’exporte que ses régions. En-tête X-Report-Rows : lignes par table (JSON).',
  })
  @ApiOkResponse({ description: 'Le fichier, en pièce jointe.' })
  @ApiBadRequestResponse({ description: 'Périmètre, format, date ou table invalide (le champ fautif est nommé).' })
  @ApiForbiddenResponse({ description: 'Périmètre hors de vos régions, ou national pour une ARS / un GRADeS.' })
  async monitoring(@User() user: CurrentUser, @Query() query: MonitoringReportQueryDto, @Res() response: Response): Promise<void> {
    const report = await this.reports.render(toReportRequest(query), user);
    response.setHeader('Content-Type', report.contentType);
    response.setHeader('Content-Disposition', attachment(report.fileName));
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Report-Rows', JSON.stringify(report.rowCounts));
    response.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, X-Report-Rows');
    try {
      await pipeline(report.stream, response);
    } catch {
      // The report failed half-way (logged by the service) or the client left: the connection is cut, so that a
      // truncated file is never taken for a whole one.
      response.destroy();
    }
  }

  @Post('snapshots')
  @HttpCode(201)
  @Roles('CNSA_ADMIN', 'CNSA_ANALYST', 'ARS_OFFICER')
  @ApiOperation({
    summary: '« Figer ce rapport » : génère le rapport et le conserve tel quel avec sa date, son auteur, son périmètre et son empreinte SHA-256.',
  })
  @ApiCreatedResponse({ description: 'Le rapport figé (sans le fichier) : ReportSnapshotResponse.' })
  @ApiBadRequestResponse({ description: 'Périmètre, format, date ou table invalide.' })
  @ApiForbiddenResponse({ description: 'Périmètre hors de vos régions.' })
  async freeze(@User() user: CurrentUser, @Body() body: MonitoringReportQueryDto): Promise<ReportSnapshotResponse> {
    const request = toReportRequest(body);
    this.reports.check(request, user);
    const frozen = await this.snapshots.freeze(null, { request, author: user.id, origin: 'MANUEL', actor: user });
    return this.snapshots.get(user.scope, frozen.id);
  }

  @Get('snapshots')
  @Authenticated()
  @ApiOperation({ summary: 'Rapports figés visibles (les vôtres et ceux de vos régions ; tous pour la CNSA), du plus récent au plus ancien.' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize } de ReportSnapshotResponse.' })
  list(@User() user: CurrentUser, @Query() query: PageQueryDto): Promise<ReportSnapshotListResponse> {
    return this.snapshots.list(user.scope, query.page, query.pageSize);
  }

  @Get('snapshots/:id/file')
  @Authenticated()
  @ApiOperation({
    summary: 'Télécharge un rapport figé après avoir recalculé son empreinte SHA-256 (en-tête X-Content-SHA256).',
  })
  @ApiOkResponse({ description: 'Le fichier tel qu’il a été figé.' })
  @ApiNotFoundResponse({ description: 'Rapport figé inconnu ou hors de vos régions.' })
  @ApiConflictResponse({ description: 'Le fichier ne correspond plus à son empreinte : il n’est pas envoyé.' })
  async file(@User() user: CurrentUser, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const file = await this.snapshots.file(user.scope, id);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', attachment(file.fileName));
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-SHA256', file.sha256);
    response.setHeader('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
    response.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, X-Content-SHA256, Repr-Digest');
    response.send(file.content);
  }
}
