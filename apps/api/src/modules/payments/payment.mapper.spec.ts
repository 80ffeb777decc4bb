import { paymentState, toPaymentResponse, type PaymentRow } from './payment.mapper';

const ROW: PaymentRow = {
  id: 'p1',
  project_id: 'x1',
  tranche: 1,
  amount_cents: '18750000',
  status: 'RECUPERATION_DEMANDEE',
  paid_on: '2025-01-10',
  reference: 'CDC-1',
  recovery_amount_cents: '1000000',
  recovery_requested_on: '2025-09-01',
  explanation: 'Tranche 1 : 50 %…',
  version: 4,
};

describe('payment mapper', () => {
  it('maps a payment with its French status and cents as numbers', () => {
    expect(toPaymentResponse(ROW)).toEqual({
      id: 'p1',
      projectId: 'x1',
      tranche: 1,
      amountCents: 18_750_000,
      status: 'RECUPERATION_DEMANDEE',
      statusLabel: 'Récupération demandée',
      paidOn: '2025-01-10',
      reference: 'CDC-1',
      recoveryAmountCents: 1_000_000,
      recoveryRequestedOn: '2025-09-01',
      explanation: 'Tranche 1 : 50 %…',
      version: 4,
    });
    expect(toPaymentResponse({ ...ROW, status: 'A_VERSER', recovery_amount_cents: null })).toMatchObject({ statusLabel: 'À verser', recoveryAmountCents: null });
  });

  it('gives the state the commitment rules read', () => {
    expect(paymentState(ROW)).toEqual({ tranche: 1, amountCents: 18_750_000, status: 'RECUPERATION_DEMANDEE' });
  });
});
