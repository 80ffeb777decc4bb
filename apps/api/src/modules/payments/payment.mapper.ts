import type { PaymentResponse, PaymentStatus } from '@esms/api-contract';
import { centsFromDb, type EssmsSector, type Tranche2Software } from '@esms/domain';
import { EntityManager } from 'typeorm';

import type { PaymentState } from '../projects/project-rules';

export const PAYMENT_STATUS_LABELS: Readonly<Record<PaymentStatus, string>> = {
  A_VERSER: 'À verser',
  VERSE: 'Versé',
  ANNULE: 'Annulé',
  RECUPERATION_DEMANDEE: 'Récupération demandée',
};

export interface PaymentRow {
  id: string;
  project_id: string;
  tranche: 1 | 2;
  amount_cents: string;
  status: PaymentStatus;
  paid_on: string | null;
  reference: string | null;
  recovery_amount_cents: string | null;
  recovery_requested_on: string | null;
  explanation: string;
  version: number;
}

export const PAYMENT_SELECT = `
  SELECT id, project_id, tranche, amount_cents, status, paid_on, reference, recovery_amount_cents, recovery_requested_on,
         explanation, version
    FROM payment`;

export function toPaymentResponse(row: PaymentRow): PaymentResponse {
  return {
    id: row.id,
    projectId: row.project_id,
    tranche: row.tranche,
    amountCents: centsFromDb(row.amount_cents),
    status: row.status,
    statusLabel: PAYMENT_STATUS_LABELS[row.status],
    paidOn: row.paid_on,
    reference: row.reference,
    recoveryAmountCents: row.recovery_amount_cents === null ? null : centsFromDb(row.recovery_amount_cents),
    recoveryRequestedOn: row.recovery_requested_on,
    explanation: row.explanation,
    version: row.version,
  };
}

export function paymentState(row: PaymentRow): PaymentState {
  return { tranche: row.tranche, amountCents: centsFromDb(row.amount_cents), status: row.status };
}

/** The payments of a project, tranche 1 first; `lock` locks them (after the project, which the caller locked). */
export async function projectPaymentRows(manager: EntityManager, projectId: string, lock = false): Promise<PaymentRow[]> {
  return manager.query<PaymentRow[]>(`${PAYMENT_SELECT} WHERE project_id = $1 ORDER BY tranche${lock ? ' FOR NO KEY UPDATE' : ''}`, [projectId]);
}

export async function projectPayments(manager: EntityManager, projectId: string): Promise<PaymentResponse[]> {
  return (await projectPaymentRows(manager, projectId)).map(toPaymentResponse);
}

/**
 * What the tranche 2 rule reads besides the project's status: the sectors of its live member ESSMS and its DUI
 * software (`checkTranche2` of the domain).
 */
export async function tranche2Inputs(
  manager: EntityManager,
  projectId: string,
): Promise<{ memberSectors: EssmsSector[]; software: Tranche2Software | null }> {
  const sectors = await manager.query<{ sector: EssmsSector }[]>(
    `SELECT c.sector FROM project_member pm JOIN essms e ON e.id = pm.essms_id JOIN essms_category c ON c.code = e.category_code
      WHERE pm.project_id = $1 AND pm.live`,
    [projectId],
  );
  const software = await manager.query<{ name: string; segur_referenced: boolean }[]>(
    `SELECT concat_ws(' ', s.editor, s.product, s.version) AS name, s.segur_referenced
       FROM project p JOIN dui_software s ON s.id = p.dui_software_id WHERE p.id = $1`,
    [projectId],
  );
  const row = software[0];
  return { memberSectors: sectors.map((item) => item.sector), software: row ? { name: row.name, segurReferenced: row.segur_referenced } : null };
}
