import { Cents, formatEuros, MoneyError, percentOf } from './money';

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

/** French explanation of each tranche, stored with the payment so that nobody has to trust a bare number. */
export function explainTranches(grantedCents: Cents, tranche1Percent: number): { tranche1: string; tranche2: string } {
  const { tranche1, tranche2 } = splitTranches(grantedCents, tranche1Percent);
  const granted = formatEuros(grantedCents);
  return {
    tranche1: `Tranche 1 : ${tranche1Percent} % du montant accordé (${granted}), versée à la signature de la convention ARS = ${formatEuros(tranche1)}.`,
    tranche2: `Tranche 2 : solde de ${100 - tranche1Percent} % du montant accordé (${granted}), versé quand les cibles d'usage sont validées et le DUI référencé Ségur = ${formatEuros(tranche2)}.`,
  };
}

/**
 * Recovery when usage targets are missed: the balance is cancelled, and the ARS may ask back all or part of
 * the advance (at most what was paid).
 */
export function checkRecovery(paidCents: Cents, requestedCents: Cents): { ok: true } | { ok: false; message: string } {
  // What was paid comes from the payments, not from the user: a bad figure here is a defect, not a refusal (and
  // `requested > NaN` being false, it would otherwise accept any recovery).
  if (!Number.isSafeInteger(paidCents) || paidCents < 0) {
    throw new MoneyError(`Le montant versé doit être un nombre entier positif ou nul de centimes (reçu ${String(paidCents)}).`);
  }
  if (!Number.isSafeInteger(requestedCents) || requestedCents <= 0) {
    return { ok: false, message: 'Le montant à récupérer doit être un nombre positif de centimes.' };
  }
  if (requestedCents > paidCents) {
    return {
      ok: false,
      message: `Le montant à récupérer (${formatEuros(requestedCents)}) dépasse ce qui a été versé (${formatEuros(paidCents)}).`,
    };
  }
  return { ok: true };
}
