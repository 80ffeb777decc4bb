import type { Page, PaymentResponse } from '@esms/api-contract';
import { centsFromDb, checkTranche2, formatEuros } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { RiskScoringService } from '../risks/risk-scoring.service';
import { EnvelopeLedger } from '../envelopes/envelope-ledger';
import { findScopedProject, findScopedProjectOf, requiredVersion, staleVersion } from '../projects/project-access';
import { isIsoDate, paidOf, todayInParis } from '../projects/project-rules';
import { MarkPaymentPaidDto } from './dto/payment.dto';
import { PAYMENT_STATUS_LABELS, paymentState, projectPaymentRows, projectPayments, toPaymentResponse, tranche2Inputs } from './payment.mapper';

function frenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * Payments of the tranches: made by the Caisse des dépôts for the ARS, recorded by the CNSA administrator. Tranche 2
 * once the usage targets are validated and the DUI is Ségur-referenced (unless every member ESSMS is AHI or PJM, see
 * `checkTranche2` in libs/shared/domain); the sum paid never exceeds the grant; the envelope's « Versé » follows.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly risk: RiskScoringService,
  ) {}

  async list(user: CurrentUser, projectId: string): Promise<Page<PaymentResponse>> {
    const project = await findScopedProject(this.dataSource.manager, user, projectId);
    const items = await projectPayments(this.dataSource.manager, project.id);
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  async markPaid(user: CurrentUser, id: string, dto: MarkPaymentPaidDto, ifMatch: string | undefined): Promise<PaymentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const project = await findScopedProjectOf(manager, user, 'payment', id, 'Versement', true);
      if (user.role !== 'CNSA_ADMIN') {
        throw new DomainException(
          'FORBIDDEN',
          "Seule l'administration CNSA enregistre les versements (effectués par la Caisse des dépôts pour le compte de l'ARS).",
        );
      }
      const payments = await projectPaymentRows(manager, project.id, true);
      const payment = payments.find((row) => row.id === id.toLowerCase());
      if (!payment) throw DomainException.notFound('Versement', 'id');
      const version = requiredVersion(dto.version, ifMatch);
      if (payment.version !== version) throw staleVersion('Le versement', toPaymentResponse(payment));
      if (payment.status !== 'A_VERSER') {
        throw new DomainException(
          'CONFLICT',
          `La tranche ${payment.tranche} est « ${PAYMENT_STATUS_LABELS[payment.status]} » : seule une tranche « À verser » peut être versée.`,
        );
      }
      if (payment.tranche === 2) {
        const check = checkTranche2({ projectStatus: project.status, ...(await tranche2Inputs(manager, project.id)) });
        if (!check.ok) {
          throw check.code === 'SEGUR_NOT_REFERENCED'
            ? new DomainException('SEGUR_NOT_REFERENCED', check.message, undefined, { condition: check.code })
            : new DomainException('CONFLICT', check.message, undefined, { condition: check.code });
        }
      }
      if (!isIsoDate(dto.paidOn)) throw new DomainException('VALIDATION_FAILED', `La date « ${dto.paidOn} » n'existe pas.`, 'paidOn');
      if (dto.paidOn > todayInParis()) {
        throw new DomainException('VALIDATION_FAILED', "La date de versement ne peut pas être postérieure à aujourd'hui.", 'paidOn');
      }
      if (project.convention_signed_on !== null && dto.paidOn < project.convention_signed_on) {
        throw new DomainException(
          'VALIDATION_FAILED',
          `La date de versement précède la signature de la convention (${frenchDate(project.convention_signed_on)}).`,
          'paidOn',
        );
      }
      const amount = centsFromDb(payment.amount_cents);
      const granted = project.granted_cents === null ? 0 : centsFromDb(project.granted_cents);
      const paid = paidOf(payments.map(paymentState));
      if (paid + amount > granted) {
        throw new DomainException(
          'PAYMENT_EXCEEDS_GRANT',
          `Ce versement (${formatEuros(amount)}) porterait le total versé à ${formatEuros(paid + amount)}, au-delà du montant accordé (${formatEuros(granted)}).`,
          undefined,
          { grantedCents: granted, paidCents: paid, amountCents: amount },
        );
      }
      if (amount > 0) {
        if (!project.envelope_id) throw new DomainException('CONFLICT', "Ce projet n'est rattaché à aucune enveloppe : le versement ne peut pas être imputé.");
        await EnvelopeLedger.pay(manager, project.envelope_id, amount);
      }
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE payment SET status = 'VERSE', paid_on = $3, reference = $4, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [payment.id, version, dto.paidOn, dto.reference],
      );
      if (rows.length !== 1) throw staleVersion('Le versement', toPaymentResponse(payment));
      await this.audit.record(manager, user, {
        action: 'payment.paid',
        entityType: 'payment',
        entityId: payment.id,
        regionCode: project.region_code,
        changes: diff(
          { status: payment.status, paidOn: payment.paid_on, reference: payment.reference },
          { status: 'VERSE', paidOn: dto.paidOn, reference: dto.reference },
        ),
      });
      const updated = (await projectPaymentRows(manager, project.id)).find((row) => row.id === payment.id);
      if (!updated) throw new Error('Versement disparu pendant la transaction.');
      await this.risk.refreshProject(manager, project.id, user);
      return toPaymentResponse(updated);
    });
  }
}
