import type { Page, PaymentResponse } from '@esms/api-contract';
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated } from '../../common/auth/policy';
import { MarkPaymentPaidDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('Versements')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('projects/:id/payments')
  @Authenticated()
  @ApiOperation({ summary: 'Versements (tranches 1 et 2) d’un projet, avec l’explication de leur montant.' })
  @ApiNotFoundResponse({ description: 'Projet introuvable (ou hors de vos régions).' })
  list(@User() user: CurrentUser, @Param('id') id: string): Promise<Page<PaymentResponse>> {
    return this.payments.list(user, id);
  }

  @Post('payments/:id/paid')
  @Authenticated()
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false, description: 'Version lue du versement (à défaut du champ « version »).' })
  @ApiOperation({ summary: 'Enregistre le versement d’une tranche par la Caisse des dépôts (date, référence) : « Versé » sur l’enveloppe.' })
  @ApiForbiddenResponse({ description: "Réservé à l'administration CNSA." })
  @ApiConflictResponse({ description: 'Tranche déjà versée ou annulée, tranche 2 avant la validation des cibles, dépassement du montant accordé, version périmée.' })
  markPaid(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: MarkPaymentPaidDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<PaymentResponse> {
    return this.payments.markPaid(user, id, body, ifMatch);
  }
}
