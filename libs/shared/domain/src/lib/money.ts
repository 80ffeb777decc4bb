/**
 * Money is held in integer cents (safe integers), never in floating euros. Amounts come from PostgreSQL
 * `bigint` columns as strings: {@link centsFromDb} checks them on the way in.
 */
export type Cents = number;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

function assertCents(value: number, what = 'Le montant'): asserts value is Cents {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what} doit être un nombre entier de centimes (reçu ${String(value)}).`);
  }
}

/** Reads a bigint column (string or number) as cents. */
export function centsFromDb(value: string | number | bigint): Cents {
  const cents = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && !/^-?\d+$/.test(value)) {
    throw new MoneyError(`Montant en base illisible : « ${value} ».`);
  }
  assertCents(cents);
  return cents;
}

/**
 * Parses a euro amount written by a person or a file ("1 234 567,89", "1234567.89", "71,5", "25000 €") into
 * cents, exactly (no floating-point arithmetic). More than two decimals is an error, not a rounding.
 */
export function parseEuros(input: string): Cents {
  const compact = input.replace(/[\s\u00a0\u202f€]/g, '').replace(/EUR$/i, '');
  const match = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) {
    throw new MoneyError(`Le montant « ${input} » est invalide : écrivez un nombre d'euros, avec au plus deux décimales.`);
  }
  const [, sign = '', units = '0', decimals = ''] = match;
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  assertCents(cents, `Le montant « ${input} »`);
  return sign === '-' ? -cents : cents;
}

/** Cents from a whole number of euros. */
export function eurosToCents(euros: number): Cents {
  assertCents(euros, 'Le nombre d’euros');
  const cents = euros * 100;
  assertCents(cents);
  return cents;
}

/** Sum of amounts in cents, checked against overflow. */
export function sumCents(amounts: readonly Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) {
    assertCents(amount);
    total += amount;
    assertCents(total, 'La somme');
  }
  return total;
}

/** `percent` % of an amount, rounded down to the cent (the remainder goes to the other share). */
export function percentOf(amount: Cents, percent: number): Cents {
  assertCents(amount);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new MoneyError(`Le pourcentage doit être un entier entre 0 et 100 (reçu ${String(percent)}).`);
  }
  return Math.floor((amount * percent) / 100);
}

const EURO_FORMAT = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const EURO_WHOLE_FORMAT = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
});
const COMPACT_FORMAT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 1 234 567,89 € », or « 1 234 567 € » when the amount has no cents. */
export function formatEuros(amount: Cents): string {
  assertCents(amount);
  return amount % 100 === 0 ? EURO_WHOLE_FORMAT.format(amount / 100) : EURO_FORMAT.format(amount / 100);
}

/** Compact form for tiles and axes: « 71,5 M€ », « 250 k€ », « 900 € ». */
export function formatEurosCompact(amount: Cents): string {
  assertCents(amount);
  const euros = amount / 100;
  const magnitude = Math.abs(euros);
  if (magnitude >= 1_000_000) return `${COMPACT_FORMAT.format(euros / 1_000_000)}\u00a0M€`;
  if (magnitude >= 1_000) return `${COMPACT_FORMAT.format(euros / 1_000)}\u00a0k€`;
  return `${COMPACT_FORMAT.format(euros)}\u00a0€`;
}
