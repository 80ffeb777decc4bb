import { centsFromDb, formatEuros, type Cents } from '@esms/domain';
import { EntityManager } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';

interface EnvelopeState {
  delegated_cents: string;
  committed_cents: string;
  paid_cents: string;
}

function assertWholeCents(amount: Cents, operation: string): void {
  if (!Number.isSafeInteger(amount)) {
    // A programming error of the caller (amounts are validated at the edge): not a user-facing message.
    throw new TypeError(
      `EnvelopeLedger.${operation} : montant en centimes entier attendu, reçu ${String(amount)}.`,
    );
  }
}

async function currentState(
  manager: EntityManager,
  envelopeId: string,
): Promise<{ delegated: Cents; committed: Cents; paid: Cents }> {
  const rows = await manager.query<EnvelopeState[]>(
    `SELECT delegated_cents, committed_cents, paid_cents FROM envelope WHERE id = $1`,
    [envelopeId],
  );
  const envelope = rows[0];
  if (!envelope) throw DomainException.notFound('Enveloppe', 'envelopeId');
  return {
    delegated: centsFromDb(envelope.delegated_cents),
    committed: centsFromDb(envelope.committed_cents),
    paid: centsFromDb(envelope.paid_cents),
  };
}

/**
 * Money movements on an envelope, for use inside the caller's transaction. Each is one conditional UPDATE, so
 * that concurrent requests can never over-commit: PostgreSQL re-checks the condition on the row it locks (a
 * concurrent writer waits for the lock, then sees the committed row), and the CHECK constraint of the table
 * (0 ≤ paid ≤ committed ≤ delegated) backs it up. The UPDATE locks the envelope row until the caller's
 * transaction ends: lock rows of other tables you need before, and write the audit log last.
 *
 * A negative amount moves the other way: `commit(-x)` is `release(x)` (a grant lowered), `release(-x)` is
 * `commit(x)`, `pay(-x)` reverses a payment (never below zero).
 */
export const EnvelopeLedger = {
  /** Commits an amount on the envelope, or refuses with ENVELOPE_OVERCOMMITTED when the rest is not enough. */
  async commit(manager: EntityManager, envelopeId: string, amount: Cents): Promise<void> {
    assertWholeCents(amount, 'commit');
    if (amount === 0) return;
    if (amount < 0) return EnvelopeLedger.release(manager, envelopeId, -amount);
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE envelope SET committed_cents = committed_cents + $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND committed_cents + $2 <= delegated_cents
        RETURNING id`,
      [envelopeId, amount],
    );
    if (rows.length === 0) {
      const { delegated, committed } = await currentState(manager, envelopeId);
      const rest = delegated - committed;
      throw new DomainException(
        'ENVELOPE_OVERCOMMITTED',
        `L'enveloppe ne peut pas engager ${formatEuros(amount)} : il reste ${formatEuros(rest)} à engager.`,
        'grantedCents',
        { resteAEngagerCents: rest, demandeCents: amount },
      );
    }
  },

  /** Releases a commitment (project abandoned, balance cancelled, grant lowered); never below what was paid. */
  async release(manager: EntityManager, envelopeId: string, amount: Cents): Promise<void> {
    assertWholeCents(amount, 'release');
    if (amount === 0) return;
    if (amount < 0) return EnvelopeLedger.commit(manager, envelopeId, -amount);
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE envelope SET committed_cents = committed_cents - $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND committed_cents - $2 >= paid_cents
        RETURNING id`,
      [envelopeId, amount],
    );
    if (rows.length === 0) {
      const { committed, paid } = await currentState(manager, envelopeId);
      throw new DomainException(
        'CONFLICT',
        `Impossible de libérer ${formatEuros(amount)} sur l'enveloppe : ${formatEuros(committed)} sont engagés, dont ${formatEuros(paid)} déjà versés.`,
        'grantedCents',
        { engageCents: committed, verseCents: paid, demandeCents: amount },
      );
    }
  },

  /** Records a payment made on committed money (paid ≤ committed is checked by the database). */
  async pay(manager: EntityManager, envelopeId: string, amount: Cents): Promise<void> {
    assertWholeCents(amount, 'pay');
    if (amount === 0) return;
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE envelope SET paid_cents = paid_cents + $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND paid_cents + $2 <= committed_cents AND paid_cents + $2 >= 0 RETURNING id`,
      [envelopeId, amount],
    );
    if (rows.length === 0) {
      const { committed, paid } = await currentState(manager, envelopeId);
      if (amount < 0) {
        throw new DomainException(
          'CONFLICT',
          `Impossible d'annuler ${formatEuros(-amount)} de versements : ${formatEuros(paid)} seulement ont été versés sur l'enveloppe.`,
          'amountCents',
          { verseCents: paid, demandeCents: amount },
        );
      }
      throw new DomainException(
        'PAYMENT_EXCEEDS_GRANT',
        'Ce versement dépasserait le montant engagé sur l’enveloppe.',
        'amountCents',
        {
          engageCents: committed,
          verseCents: paid,
          demandeCents: amount,
        },
      );
    }
  },
};
