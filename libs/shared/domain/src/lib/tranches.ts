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
