import { centsFromDb, formatEuros, type Cents } from '@esms/domain';
import { EntityManager } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';

/**
 * Money movements on an envelope, for use inside the caller's transaction. Each is one conditional UPDATE, so
 * that concurrent requests can never over-commit: PostgreSQL re-checks the condition on the row it locks, and the
 * CHECK constraint of the table (committed ≤ delegated, paid ≤ committed) backs it up.
 */
export const EnvelopeLedger = {
  /** Commits an amount on the envelope, or refuses with ENVELOPE_OVERCOMMITTED when the rest is not enough. */
  async commit(manager: EntityManager, envelopeId: string, amount: Cents): Promise<void> {
    if (amount === 0) return;
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE envelope SET committed_cents = committed_cents + $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND committed_cents + $2 <= delegated_cents
        RETURNING id`,
      [envelopeId, amount],
    );
    if (rows.length === 0) {
      const current = await manager.query<{ delegated_cents: string; committed_cents: string }[]>(
        `SELECT delegated_cents, committed_cents FROM envelope WHERE id = $1`,
        [envelopeId],
      );
      const envelope = current[0];
      if (!envelope) throw DomainException.notFound('Enveloppe', 'envelopeId');
      const rest = centsFromDb(envelope.delegated_cents) - centsFromDb(envelope.committed_cents);
      throw new DomainException(
        'ENVELOPE_OVERCOMMITTED',
        `L'enveloppe ne peut pas engager ${formatEuros(amount)} : il reste ${formatEuros(rest)} à engager.`,
        'grantedCents',
        { resteAEngagerCents: rest, demandeCents: amount },
      );
    }
  },

  /** Releases a commitment (project abandoned, balance cancelled, grant lowered). */
  async release(manager: EntityManager, envelopeId: string, amount: Cents): Promise<void> {
    if (amount === 0) return;
    await manager.query(
      `UPDATE envelope SET committed_cents = committed_cents - $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [envelopeId, amount],
    );
  },

  /** Records a payment made on committed money (paid ≤ committed is checked by the database). */
  async pay(manager: EntityManager, envelopeId: string, amount: Cents): Promise<void> {
    if (amount === 0) return;
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE envelope SET paid_cents = paid_cents + $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND paid_cents + $2 <= committed_cents RETURNING id`,
      [envelopeId, amount],
    );
    if (rows.length === 0) {
      throw new DomainException('PAYMENT_EXCEEDS_GRANT', 'Ce versement dépasserait le montant engagé sur l’enveloppe.', 'amountCents');
    }
  },
};
