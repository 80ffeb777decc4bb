import { Cents, MoneyError, percentOf } from './money';

/** The two payments of a grant: tranche 1 when the ARS convention is signed, tranche 2 when usage targets are met. */
export interface Tranches {
  tranche1: Cents;
  tranche2: Cents;
}

/**
 * Splits a granted amount into its two tranches. Tranche 1 is `tranche1Percent` % of the grant rounded down to the
 * cent; tranche 2 is the rest, so the two always add up to the grant (an odd cent goes to tranche 2).
 */
export function splitTranches(grantedCents: Cents, tranche1Percent: number): Tranches {
  if (grantedCents < 0) {
    throw new MoneyError(`Le montant accordé ne peut pas être négatif (reçu ${String(grantedCents)}).`);
  }
  const tranche1 = percentOf(grantedCents, tranche1Percent);
  return { tranche1, tranche2: grantedCents - tranche1 };
}

const EURO = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2, minimumFractionDigits: 0 });

/** French explanation of each tranche, stored with the payment so that nobody has to trust a bare number. */
export function explainTranches(grantedCents: Cents, tranche1Percent: number): { tranche1: string; tranche2: string } {
  const { tranche1, tranche2 } = splitTranches(grantedCents, tranche1Percent);
  const granted = EURO.format(grantedCents / 100);
  return {
    tranche1: `Tranche 1 : ${tranche1Percent} % du montant accordé (${granted}), versée à la signature de la convention ARS = ${EURO.format(tranche1 / 100)}.`,
    tranche2: `Tranche 2 : solde de ${100 - tranche1Percent} % du montant accordé (${granted}), versé quand les cibles d'usage sont validées et le DUI référencé Ségur = ${EURO.format(tranche2 / 100)}.`,
  };
}

/**
 * Recovery when usage targets are missed: the balance is cancelled, and the ARS may ask back all or part of
 * the advance (at most what was paid).
 */
export function checkRecovery(paidCents: Cents, requestedCents: Cents): { ok: true } | { ok: false; message: string } {
  if (!Number.isSafeInteger(requestedCents) || requestedCents <= 0) {
    return { ok: false, message: 'Le montant à récupérer doit être un nombre positif de centimes.' };
  }
  if (requestedCents > paidCents) {
    return {
      ok: false,
      message: `Le montant à récupérer (${EURO.format(requestedCents / 100)}) dépasse ce qui a été versé (${EURO.format(paidCents / 100)}).`,
    };
  }
  return { ok: true };
}
