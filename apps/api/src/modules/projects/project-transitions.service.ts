import type { ProjectDetail } from '@esms/api-contract';
import {
  centsFromDb,
  checkMilestoneGate,
  checkRecovery,
  checkTargetsMissed,
  checkTargetsValidated,
  checkTransition,
  explainTranches,
  MILESTONE_GATES,
  PROJECT_STATUS_LABELS,
  splitTranches,
  USAGE_TARGETS_MILESTONE,
  type MilestoneStatus,
} from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { RiskScoringService } from '../risks/risk-scoring.service';
import { milestoneGroups } from '../milestones/milestone.mapper';
import { paymentState, projectPaymentRows, type PaymentRow } from '../payments/payment.mapper';
import { ProjectTransitionDto } from './dto/project.dto';
import { assertRegionalWriter, findScopedProject, requiredVersion, staleVersion } from './project-access';
import { findProjectEnvelope, loadCampaign, loadRegion } from './project-planning';
import { isIsoDate, nationalDecisionRefusal, paidOf, projectCommitment, todayInParis } from './project-rules';
import { missingEnvelopeMessage, moveCommitment, ProjectsService, readProjectState } from './projects.service';

type PaymentAudit = { id: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> };

function paymentFields(row: Pick<PaymentRow, 'tranche' | 'amount_cents' | 'status' | 'recovery_amount_cents' | 'recovery_requested_on'>): Record<string, unknown> {
  return {
    tranche: row.tranche,
    amountCents: centsFromDb(row.amount_cents),
    status: row.status,
    recoveryAmountCents: row.recovery_amount_cents === null ? null : centsFromDb(row.recovery_amount_cents),
    recoveryRequestedOn: row.recovery_requested_on,
  };
}

function frenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * The project workflow: only the transitions of the domain, each by its roles, with its effects in the same
 * transaction as the status change — the commitment on the envelope (retained, refused, abandoned, balance
 * cancelled), the milestone plan, the two tranches at the convention, the recovery request — all audited.
 */
@Injectable()
export class ProjectTransitionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly projects: ProjectsService,
    private readonly risk: RiskScoringService,
  ) {}

  async transition(user: CurrentUser, id: string, dto: ProjectTransitionDto, ifMatch: string | undefined): Promise<ProjectDetail> {
    return this.dataSource.transaction(async (manager) => {
      const project = await findScopedProject(manager, user, id, true);
      assertRegionalWriter(user);
      const version = requiredVersion(dto.version, ifMatch);
      if (project.version !== version) throw staleVersion('Le projet', await this.projects.detail(user, project.id, manager));
      const from = project.status;
      const to = dto.to;
      const check = checkTransition(from, to, user.role);
      if (!check.ok) throw new DomainException(check.code, check.message, 'to');
      const national = nationalDecisionRefusal(project.call_type, to, user.role);
      if (national) throw new DomainException('TRANSITION_ROLE', national, 'to');

      const today = todayInParis();
      if (dto.decidedOn !== undefined && !isIsoDate(dto.decidedOn)) {
        throw new DomainException('VALIDATION_FAILED', `La date « ${dto.decidedOn} » n'existe pas.`, 'decidedOn');
      }
      if (dto.decidedOn !== undefined && dto.decidedOn > today) {
        throw new DomainException('VALIDATION_FAILED', "La date ne peut pas être postérieure à aujourd'hui.", 'decidedOn');
      }
      if (dto.recoveryAmountCents !== undefined && to !== 'RECUPERATION_DEMANDEE') {
        throw new DomainException(
          'VALIDATION_FAILED',
          'Un montant à récupérer ne se donne que pour le passage à « Récupération demandée ».',
          'recoveryAmountCents',
        );
      }
      const date = dto.decidedOn ?? today;
      // Steps that wait for a catalogue milestone (« DUI déployé »: its row validated for every member ESSMS).
      if (MILESTONE_GATES[to] !== undefined) {
        const gate = checkMilestoneGate(to, await milestoneGroups(manager, project.id, from, today, MILESTONE_GATES[to]));
        if (!gate.ok) throw new DomainException(gate.code, gate.message, 'to');
      }

      const before = await readProjectState(manager, project.id);
      const current = before.row;
      const paymentsBefore = await projectPaymentRows(manager, project.id, true);
      const grantedBefore = current.granted_cents === null ? null : centsFromDb(current.granted_cents);
      let granted = grantedBefore;
      let envelopeId = current.envelope_id;
      let decidedOn = current.decided_on;
      let conventionSignedOn = current.convention_signed_on;
      const paymentAudits: PaymentAudit[] = [];
      const milestoneAudits: { id: string; action: string; before: Record<string, unknown>; after: Record<string, unknown> }[] = [];

      switch (to) {
        case 'RETENU': {
          granted = grantedBefore ?? centsFromDb(current.computed_grant_cents);
          envelopeId = current.envelope_id ?? (await findProjectEnvelope(manager, current.campaign_year, current.call_type, current.region_code));
          decidedOn = date;
          milestoneAudits.push(...(await this.planMilestones(manager, project.id, date)));
          break;
        }
        case 'REFUSE':
          decidedOn = date;
          await this.releaseMembers(manager, project.id);
          break;
        case 'ABANDONNE':
          await this.releaseMembers(manager, project.id);
          paymentAudits.push(...(await this.cancelPayments(manager, paymentsBefore, ['A_VERSER'])));
          break;
        case 'CONVENTION_SIGNEE': {
          if (current.decided_on !== null && date < current.decided_on) {
            throw new DomainException(
              'VALIDATION_FAILED',
              `La convention ne peut pas être signée avant la décision de financement (${frenchDate(current.decided_on)}).`,
              'decidedOn',
            );
          }
          conventionSignedOn = date;
          const campaign = await loadCampaign(manager, current.campaign_year);
          paymentAudits.push(...(await this.createTranches(manager, project.id, granted ?? 0, campaign.tranche1_percent)));
          milestoneAudits.push(...(await this.markConventionMilestone(manager, user, project.id, date)));
          break;
        }
        case 'SOLDE_ANNULE': {
          const missed = checkTargetsMissed(await this.usageTargets(manager, project.id));
          if (!missed.ok) throw new DomainException(missed.code, missed.message, 'to', { milestone: missed.milestone });
          paymentAudits.push(...(await this.cancelPayments(manager, paymentsBefore.filter((payment) => payment.tranche === 2), ['A_VERSER'])));
          milestoneAudits.push(...(await this.markTargetsMissed(manager, project.id)));
          break;
        }
        case 'RECUPERATION_DEMANDEE': {
          if (dto.decidedOn === undefined) {
            throw new DomainException('VALIDATION_FAILED', 'La date de la demande de récupération est obligatoire.', 'decidedOn');
          }
          if (dto.recoveryAmountCents === undefined) {
            throw new DomainException('VALIDATION_FAILED', 'Le montant à récupérer est obligatoire (en centimes).', 'recoveryAmountCents');
          }
          const paid = paidOf(paymentsBefore.map(paymentState));
          const recovery = checkRecovery(paid, dto.recoveryAmountCents);
          if (!recovery.ok) throw new DomainException('VALIDATION_FAILED', recovery.message, 'recoveryAmountCents');
          paymentAudits.push(...(await this.requestRecovery(manager, paymentsBefore, dto.recoveryAmountCents, date)));
          break;
        }
        case 'CIBLES_VALIDEES': {
          // The usage targets are validated on their milestone first (declared, validated ARS, then CNSA).
          const targetsCheck = checkTargetsValidated(await this.usageTargets(manager, project.id));
          if (!targetsCheck.ok) {
            throw new DomainException(targetsCheck.code, targetsCheck.message, 'to', { milestone: targetsCheck.milestone });
          }
          break;
        }
        case 'SOLDE': {
          const tranche2 = paymentsBefore.find((payment) => payment.tranche === 2);
          if (tranche2?.status !== 'VERSE') {
            throw new DomainException(
              'TRANSITION_FORBIDDEN',
              "Le projet ne peut être soldé qu'une fois la tranche 2 versée : enregistrez d'abord son versement.",
              'to',
            );
          }
          break;
        }
        default:
          break;
      }

      // The envelope follows what the project holds committed before and after (see projectCommitment).
      const paymentsAfter = await projectPaymentRows(manager, project.id);
      const region = await loadRegion(manager, current.region_code);
      await moveCommitment(
        manager,
        { envelopeId: current.envelope_id, cents: projectCommitment(from, grantedBefore, paymentsBefore.map(paymentState)) },
        { envelopeId, cents: projectCommitment(to, granted, paymentsAfter.map(paymentState)) },
        missingEnvelopeMessage(current.call_type, region.name, current.campaign_year),
      );

      await manager.query(
        `UPDATE project SET status = $2, granted_cents = $3, envelope_id = $4, decided_on = $5, convention_signed_on = $6,
                            version = version + 1, updated_at = now()
          WHERE id = $1`,
        [project.id, to, granted, envelopeId, decidedOn, conventionSignedOn],
      );
      const after = await readProjectState(manager, project.id);
      await this.risk.refreshProject(manager, project.id, user);
      const detail = await this.projects.detail(user, project.id, manager);
      // The audit log last: its lock is held until the end of the transaction.
      await this.audit.record(manager, user, {
        action: `project.transition.${to.toLowerCase()}`,
        entityType: 'project',
        entityId: project.id,
        regionCode: current.region_code,
        changes: {
          ...diff(before.snapshot, after.snapshot),
          ...(dto.comment ? { comment: { before: null, after: dto.comment } } : {}),
        },
      });
      // One row per milestone (a decision re-plans one per member ESSMS for the per-ESSMS types): written in one go.
      await this.audit.recordMany(
        manager,
        user,
        milestoneAudits.map((entry) => ({
          action: entry.action,
          entityType: 'milestone',
          entityId: entry.id,
          regionCode: current.region_code,
          changes: diff(entry.before, entry.after),
        })),
      );
      for (const entry of paymentAudits) {
        await this.audit.record(manager, user, {
          action: entry.action,
          entityType: 'payment',
          entityId: entry.id,
          regionCode: current.region_code,
          changes: diff(entry.before, entry.after),
        });
      }
      return detail;
    });
  }

  /** The usage-targets milestone of a project (« Cibles d'usage atteintes », one per project), for the workflow guards. */
  private async usageTargets(manager: EntityManager, projectId: string): Promise<{ code: string; label: string; status: MilestoneStatus }[]> {
    return manager.query<{ code: string; label: string; status: MilestoneStatus }[]>(
      `SELECT mt.code, mt.label, m.status FROM milestone m JOIN milestone_type mt ON mt.id = m.milestone_type_id
        WHERE m.project_id = $1 AND mt.code = $2`,
      [projectId, USAGE_TARGETS_MILESTONE],
    );
  }

  /** Members released: the ESSMS may join another project of the campaign. */
  private async releaseMembers(manager: EntityManager, projectId: string): Promise<void> {
    await manager.query(`UPDATE project_member SET live = false WHERE project_id = $1 AND live`, [projectId]);
  }

  /** Once retained, every milestone is due its catalogue delay after the decision date. */
  private async planMilestones(
    manager: EntityManager,
    projectId: string,
    decidedOn: string,
  ): Promise<{ id: string; action: string; before: Record<string, unknown>; after: Record<string, unknown> }[]> {
    const [rows] = await manager.query<[{ id: string; due_on: string; previous_due_on: string }[], number]>(
      `UPDATE milestone m
          SET due_on = $2::date + mt.default_delay_days, version = m.version + 1, updated_at = now()
         FROM milestone_type mt, milestone old
        WHERE mt.id = m.milestone_type_id AND old.id = m.id AND m.project_id = $1
        RETURNING m.id, m.due_on, old.due_on AS previous_due_on`,
      [projectId, decidedOn],
    );
    return rows
      .filter((row) => row.due_on !== row.previous_due_on)
      .map((row) => ({ id: row.id, action: 'milestone.planned', before: { dueOn: row.previous_due_on }, after: { dueOn: row.due_on } }));
  }

  /** The two tranches of the grant, each with its French explanation, « À verser ». */
  private async createTranches(manager: EntityManager, projectId: string, grantedCents: number, tranche1Percent: number): Promise<PaymentAudit[]> {
    const amounts = splitTranches(grantedCents, tranche1Percent);
    const explanations = explainTranches(grantedCents, tranche1Percent);
    const rows = await manager.query<PaymentRow[]>(
      `INSERT INTO payment (project_id, tranche, amount_cents, status, explanation)
       VALUES ($1, 1, $2, 'A_VERSER', $3), ($1, 2, $4, 'A_VERSER', $5)
       ON CONFLICT ON CONSTRAINT uq_payment_tranche DO NOTHING
       RETURNING id, project_id, tranche, amount_cents, status, paid_on, reference, recovery_amount_cents, recovery_requested_on, explanation, version`,
      [projectId, amounts.tranche1, explanations.tranche1, amounts.tranche2, explanations.tranche2],
    );
    if (rows.length !== 2) throw new DomainException('CONFLICT', 'Les tranches de ce projet existent déjà.', 'to');
    return rows.map((row) => ({ id: row.id, action: 'payment.created', before: null, after: { ...paymentFields(row), explanation: row.explanation } }));
  }

  private async cancelPayments(manager: EntityManager, payments: readonly PaymentRow[], statuses: readonly string[]): Promise<PaymentAudit[]> {
    const audits: PaymentAudit[] = [];
    for (const payment of payments.filter((row) => statuses.includes(row.status))) {
      await manager.query(`UPDATE payment SET status = 'ANNULE', version = version + 1, updated_at = now() WHERE id = $1`, [payment.id]);
      audits.push({ id: payment.id, action: 'payment.cancelled', before: paymentFields(payment), after: { ...paymentFields(payment), status: 'ANNULE' } });
    }
    return audits;
  }

  /** The recovery is recorded on the tranches paid, the earliest first, up to the amount asked back. */
  private async requestRecovery(manager: EntityManager, payments: readonly PaymentRow[], amountCents: number, requestedOn: string): Promise<PaymentAudit[]> {
    const audits: PaymentAudit[] = [];
    let rest = amountCents;
    for (const payment of payments.filter((row) => row.status === 'VERSE')) {
      if (rest <= 0) break;
      const share = Math.min(rest, centsFromDb(payment.amount_cents));
      if (share <= 0) continue;
      rest -= share;
      await manager.query(
        `UPDATE payment SET status = 'RECUPERATION_DEMANDEE', recovery_amount_cents = $2, recovery_requested_on = $3,
                            version = version + 1, updated_at = now()
          WHERE id = $1`,
        [payment.id, share, requestedOn],
      );
      audits.push({
        id: payment.id,
        action: 'payment.recovery_requested',
        before: paymentFields(payment),
        after: { ...paymentFields(payment), status: 'RECUPERATION_DEMANDEE', recoveryAmountCents: share, recoveryRequestedOn: requestedOn },
      });
    }
    return audits;
  }

  /** The signature of the convention is the evidence of the « Convention signée » milestone: validated by the ARS. */
  private async markConventionMilestone(
    manager: EntityManager,
    user: CurrentUser,
    projectId: string,
    signedOn: string,
  ): Promise<{ id: string; action: string; before: Record<string, unknown>; after: Record<string, unknown> }[]> {
    const [rows] = await manager.query<[{ id: string; previous_status: string }[], number]>(
      `UPDATE milestone m
          SET status = 'VALIDE_ARS', declared_at = COALESCE(m.declared_at, now()), declared_by = COALESCE(m.declared_by, $2),
              declaration_comment = COALESCE(m.declaration_comment, $3), validated_ars_at = now(), validated_ars_by = $2,
              version = m.version + 1, updated_at = now()
         FROM milestone_type mt, milestone old
        WHERE mt.id = m.milestone_type_id AND old.id = m.id AND m.project_id = $1 AND mt.code = 'CONVENTION_SIGNEE'
          AND m.status IN ('A_VENIR', 'DECLARE', 'REJETE')
        RETURNING m.id, old.status AS previous_status`,
      [projectId, user.id, `Convention signée le ${frenchDate(signedOn)} (passage du projet à « ${PROJECT_STATUS_LABELS.CONVENTION_SIGNEE} »).`],
    );
    return rows.map((row) => ({
      id: row.id,
      action: 'milestone.validated_ars',
      before: { status: row.previous_status },
      after: { status: 'VALIDE_ARS', conventionSignedOn: signedOn },
    }));
  }

  /** Balance cancelled: the usage-targets milestone is « Non atteint » unless it was validated. */
  private async markTargetsMissed(
    manager: EntityManager,
    projectId: string,
  ): Promise<{ id: string; action: string; before: Record<string, unknown>; after: Record<string, unknown> }[]> {
    const [rows] = await manager.query<[{ id: string; previous_status: string }[], number]>(
      `UPDATE milestone m SET status = 'NON_ATTEINT', version = m.version + 1, updated_at = now()
         FROM milestone_type mt, milestone old
        WHERE mt.id = m.milestone_type_id AND old.id = m.id AND m.project_id = $1 AND mt.code = 'CIBLES_USAGE'
          AND m.status IN ('A_VENIR', 'DECLARE', 'REJETE')
        RETURNING m.id, old.status AS previous_status`,
      [projectId],
    );
    return rows.map((row) => ({ id: row.id, action: 'milestone.not_reached', before: { status: row.previous_status }, after: { status: 'NON_ATTEINT' } }));
  }
}
