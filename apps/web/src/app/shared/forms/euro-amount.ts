import { MoneyError, parseEuros } from '@esms/domain';

/** An amount typed in euros, read exactly into cents, or the French message to show next to the field. */
export type EuroAmount = { readonly cents: number } | { readonly error: string };

/**
 * Reads « 350 000 », « 1 234 567,89 », « -650 000 € » with `parseEuros` (no floating point). A minus sign typed
 * as « − » (U+2212) or « – » is read as « - ». `empty` is the message for a blank field.
 */
export function readEuros(input: string, empty: string): EuroAmount {
  const text = input.trim().replace(/^[\u2212\u2013]/, '-');
  if (text === '') return { error: empty };
  try {
    return { cents: parseEuros(text) };
  } catch (error: unknown) {
    if (error instanceof MoneyError) return { error: error.message };
    throw error;
  }
}

/** Cents as a person would type them back: 2500000 → « 25000 », 2500050 → « 25000,50 », -1000 → « -10 ». */
export function eurosInputValue(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  const units = Math.trunc(magnitude / 100);
  const rest = magnitude % 100;
  return `${sign}${units}${rest === 0 ? '' : `,${String(rest).padStart(2, '0')}`}`;
}
