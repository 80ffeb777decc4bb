import type {
  CreateEnvelopeTransferResponse,
  EnvelopeDetailResponse,
  EnvelopeListResponse,
  EnvelopeTransferResponse,
  Page,
} from '@esms/api-contract';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import {
  CreateEnvelopeAmendmentDto,
  CreateEnvelopeDto,
  CreateEnvelopeTransferDto,
  ListEnvelopeTransfersQueryDto,
  ListEnvelopesQueryDto,
} from './dto/envelope.dto';
import { EnvelopesService } from './envelopes.service';

/**
 * Route order matters: `transfers` is declared before `:id`, so that `/envelopes/transfers` is never read as an
 * envelope id.
 */
@ApiTags('Enveloppes')
@Controller('envelopes')
export class EnvelopesController {
  constructor(private readonly envelopes: EnvelopesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary:
      'Enveloppes (nationale, ARS, GRADeS × ligne) : enveloppe déléguée, engagé, versé, reste à engager, avenants et transferts, avec la ligne de totaux.',
    description:
      'Non paginé (quelques dizaines de lignes par campagne). Un chargé de mission ARS ou un membre de GRADeS ne voit que les enveloppes de ses régions et de son GRADeS.',
  })
  @ApiOkResponse({ description: 'Enveloppes du périmètre de l’utilisateur et leurs totaux.' })
  @ApiBadRequestResponse({ description: 'Filtre invalide (le champ fautif est nommé).' })
  list(@Query() query: ListEnvelopesQueryDto, @User() user: CurrentUser): Promise<EnvelopeListResponse> {
    return this.envelopes.list(user, query);
  }

  @Get('transfers')
  @Authenticated()
  @ApiOperation({
    summary: 'Transferts de crédits entre enveloppes (une ARS voit ceux qui concernent ses enveloppes).',
  })
  @ApiOkResponse({ description: 'Transferts, du plus récent au plus ancien.' })
  listTransfers(
    @Query() query: ListEnvelopeTransfersQueryDto,
    @User() user: CurrentUser,
  ): Promise<Page<EnvelopeTransferResponse>> {
    return this.envelopes.listTransfers(user, query);
  }

  @Post('transfers')
  @Roles('CNSA_ADMIN')
  @ApiOperation({
    summary:
      'Transfère des crédits d’une enveloppe à une autre de la même campagne et de la même ligne (atomique, audité).',
  })
  @ApiCreatedResponse({ description: 'Transfert enregistré ; les deux enveloppes après le transfert.' })
  @ApiBadRequestResponse({
    description: 'Montant, motif, date invalides, ou enveloppes de campagnes ou de lignes différentes.',
  })
  @ApiNotFoundResponse({ description: 'Enveloppe d’origine ou destinataire introuvable.' })
  @ApiConflictResponse({
    description: 'ENVELOPE_BELOW_COMMITTED : l’enveloppe d’origine passerait sous son montant engagé.',
  })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  transfer(
    @Body() body: CreateEnvelopeTransferDto,
    @User() user: CurrentUser,
  ): Promise<CreateEnvelopeTransferResponse> {
    return this.envelopes.transfer(user, body);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Une enveloppe avec l’historique de ses avenants et de ses transferts.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ description: 'L’enveloppe et son historique, du plus récent au plus ancien.' })
  @ApiNotFoundResponse({ description: 'Enveloppe introuvable ou hors du périmètre de l’utilisateur.' })
  get(@Param('id') id: string, @User() user: CurrentUser): Promise<EnvelopeDetailResponse> {
    return this.envelopes.get(user, id);
  }

  @Post()
  @Roles('CNSA_ADMIN')
  @ApiOperation({
    summary: 'Crée une enveloppe pour une campagne, un détenteur (national, ARS, GRADeS) et une ligne.',
  })
  @ApiCreatedResponse({ description: 'Enveloppe créée (enveloppe déléguée = montant initial).' })
  @ApiBadRequestResponse({ description: 'Champ invalide (nommé dans la réponse).' })
  @ApiConflictResponse({
    description: 'Une enveloppe existe déjà pour ce détenteur, cette ligne et cette campagne.',
  })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  create(@Body() body: CreateEnvelopeDto, @User() user: CurrentUser): Promise<EnvelopeDetailResponse> {
    return this.envelopes.create(user, body);
  }

  @Post(':id/amendments')
  @Roles('CNSA_ADMIN')
  @ApiOperation({
    summary: 'Avenant : augmente ou réduit l’enveloppe déléguée (jamais sous le montant engagé), audité.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ description: 'Avenant enregistré ; l’enveloppe après l’avenant et son historique.' })
  @ApiBadRequestResponse({
    description: 'Variation nulle ou non entière, motif trop court, date invalide ou future.',
  })
  @ApiNotFoundResponse({ description: 'Enveloppe introuvable.' })
  @ApiConflictResponse({
    description: 'ENVELOPE_BELOW_COMMITTED : la réduction laisserait l’enveloppe sous son montant engagé.',
  })
  @ApiForbiddenResponse({ description: 'Réservé aux administrateurs CNSA.' })
  amend(
    @Param('id') id: string,
    @Body() body: CreateEnvelopeAmendmentDto,
    @User() user: CurrentUser,
  ): Promise<EnvelopeDetailResponse> {
    return this.envelopes.amend(user, id, body);
  }
}
